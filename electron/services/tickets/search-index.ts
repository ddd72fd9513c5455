import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { applyRedactions, REDACTED } from '../../../shared/auth/privacy'
import { SearchIndex, type SearchHit } from '../../../shared/search'
import type { Doc } from '../../../shared/data/ops'
import { writeFileDurable } from '../../store/fsutil'
import { isTicketDoc, ticketOf, TICKET, type DeskTicket, type TicketStore } from './common'

/**
 * The desk's search index and customer lookup (DESIGN §3 "Indexes"): every order, archived
 * months included, kept up to date from the store's ops and persisted under <dataDir>/index/
 * with the op cursor it covers. A restart loads the file and applies only the ops after that
 * cursor; the whole store is read only when there is no usable index file at all.
 *
 * Live changes arrive through store.subscribe (ids to re-read); the cursor moves only by
 * reading the journal (opsAfter), so the persisted cursor never claims an op the index has
 * not seen. store.retain keeps the journal after the cursor until the index has moved on.
 */

const FIELDS = {
  orderNo: 6,
  trackingNo: 4,
  customerName: 3,
  buyerId: 3,
  description: 2,
  resolution: 1.5,
  replies: 1,
  updates: 1,
  contacts: 1,
  notes: 1,
  steps: 1,
} as const
export type SearchField = keyof typeof FIELDS

const RETAIN_NAME = 'ticket-search'
const INDEX_FILE = 'tickets.idx'
const META_FILE = 'tickets.meta.json'
const META_VERSION = 1
const PAGE = 20_000
/** Archived orders rank a little below open ones with the same text. */
const ARCHIVED_BOOST = 0.8

const metaSchema = z.object({
  version: z.literal(META_VERSION),
  cursor: z.string().nullable(),
  archived: z.array(z.string()),
  customers: z.record(z.string(), z.array(z.string())),
})
type Meta = z.infer<typeof metaSchema>

function digitsOf(s: string): string {
  return s.replace(/\D/g, '')
}

/** Keys a customer is recognised by: the contact (phone numbers by their last 11 digits) and the buyer id. */
export function customerKeys(t: Pick<DeskTicket, 'contact' | 'buyerId'>): string[] {
  const keys: string[] = []
  const contact = typeof t.contact === 'string' ? t.contact.trim() : ''
  if (contact && contact !== REDACTED) {
    const d = digitsOf(contact)
    keys.push(
      d.length >= 7 && /^[+\d\s()-]+$/.test(contact)
        ? `c:${d.slice(-11)}`
        : `c:${contact.toLowerCase()}`,
    )
  }
  const buyer = typeof t.buyerId === 'string' ? t.buyerId.trim() : ''
  if (buyer && buyer !== REDACTED) keys.push(`b:${buyer}`)
  return keys
}

/** Texts of an order, per search field (redactions applied: erased data is not findable). */
export function searchFields(ticket: DeskTicket): Record<SearchField, string | string[]> {
  const t = applyRedactions(ticket)
  const replies: string[] = []
  const updates: string[] = []
  const contacts: string[] = []
  const notes: string[] = []
  const steps: string[] = []
  for (const h of t.history) {
    switch (h.type) {
      case 'reply':
        replies.push(h.text)
        break
      case 'customer_update':
        updates.push(h.text)
        break
      case 'department_contact':
        contacts.push(`${h.discussed}\n${h.agreed}\n${h.measure}`)
        break
      case 'note':
        notes.push(h.text)
        break
      case 'transfer':
        notes.push(h.handoverNote)
        break
      case 'satisfaction':
        if (h.comment) notes.push(h.comment)
        break
      case 'transition':
        if (h.reason) notes.push(h.reason)
        break
      case 'steps':
        steps.push([...h.steps, h.confirmation ?? ''].join('\n'))
        break
    }
  }
  const s = (v: unknown) => (typeof v === 'string' && v !== REDACTED ? v : '')
  return {
    orderNo: s(t.orderNo),
    trackingNo: [s(t.trackingNo), s(t.returnTrackingNo)].filter(Boolean),
    customerName: s(t.customerName),
    buyerId: s(t.buyerId),
    description: s(t.description),
    resolution: s(t.resolutionNote),
    replies,
    updates,
    contacts,
    notes,
    steps,
  }
}

export class TicketIndex {
  private index = new SearchIndex({ fields: { ...FIELDS } })
  private archived = new Set<string>()
  /** customer key → ticket ids; and back, to drop stale keys on re-index. */
  private customers = new Map<string, Set<string>>()
  private keysOf = new Map<string, string[]>()
  private cursor: string | null = null
  private dirty = new Set<string>()
  private changedSincePersist = false
  private unsubscribe: () => void
  private persistTimer: NodeJS.Timeout | null = null
  private persisting: Promise<void> | null = null
  /** How the index came to be at start-up, for tests and the bench. */
  readonly startedFrom: 'file' | 'rebuild'

  private constructor(
    private readonly store: TicketStore,
    private readonly dir: string,
    private readonly persistDelayMs: number,
    loaded: { index: SearchIndex; meta: Meta } | null,
  ) {
    if (loaded) {
      this.index = loaded.index
      this.cursor = loaded.meta.cursor
      this.archived = new Set(loaded.meta.archived)
      for (const [k, ids] of Object.entries(loaded.meta.customers)) {
        this.customers.set(k, new Set(ids))
        for (const id of ids) {
          const list = this.keysOf.get(id)
          if (list) list.push(k)
          else this.keysOf.set(id, [k])
        }
      }
      this.startedFrom = 'file'
    } else {
      this.startedFrom = 'rebuild'
    }
    this.unsubscribe = store.subscribe((change) => {
      let any = false
      for (const r of change.ids) {
        if (r.entity !== TICKET) continue
        this.dirty.add(r.id)
        any = true
      }
      if (any) this.schedulePersist()
    })
  }

  static async open(
    store: TicketStore,
    dataDir: string,
    persistDelayMs = 5000,
  ): Promise<TicketIndex> {
    const dir = path.join(dataDir, 'index')
    const loaded = await readFiles(dir)
    const ti = new TicketIndex(store, dir, persistDelayMs, loaded)
    if (!loaded) {
      // First start (or an unreadable file): read every order once, archived months included.
      const cursor = store.clock()
      for (const doc of store.query(TICKET, { includeArchived: true }).items)
        ti.indexDoc(doc.id, doc)
      ti.cursor = cursor || null
      ti.changedSincePersist = true
    }
    ti.catchUp()
    if (ti.cursor) store.retain(RETAIN_NAME, ti.cursor)
    if (ti.changedSincePersist) ti.schedulePersist()
    return ti
  }

  get size(): number {
    return this.index.size
  }

  /** Applies journal ops after the cursor: only the orders they touch are re-read. */
  private catchUp(): void {
    for (;;) {
      const ops = this.store.opsAfter(this.cursor, PAGE)
      if (ops.length === 0) return
      const ids = new Set<string>()
      for (const op of ops) if (op.entity === TICKET) ids.add(op.id)
      for (const id of ids) this.indexDoc(id, this.store.get(TICKET, id))
      this.cursor = ops[ops.length - 1]!.hlc
      this.changedSincePersist = true
      if (ops.length < PAGE) return
    }
  }

  /** Re-reads orders changed since the last call (cheap: only those ids). */
  refresh(): void {
    if (this.dirty.size === 0) return
    const ids = [...this.dirty]
    this.dirty.clear()
    for (const id of ids) this.indexDoc(id, this.store.get(TICKET, id))
    this.changedSincePersist = true
  }

  private indexDoc(id: string, doc: Doc | undefined): void {
    for (const k of this.keysOf.get(id) ?? []) {
      const set = this.customers.get(k)
      set?.delete(id)
      if (set && set.size === 0) this.customers.delete(k)
    }
    this.keysOf.delete(id)
    if (!isTicketDoc(doc)) {
      this.index.remove(id)
      this.archived.delete(id)
      return
    }
    const t = ticketOf(doc)
    const archived = t.status === 'archived'
    if (archived) this.archived.add(id)
    else this.archived.delete(id)
    this.index.add({ id, fields: searchFields(t), boost: archived ? ARCHIVED_BOOST : 1 })
    const keys = customerKeys(applyRedactions(t))
    if (keys.length) this.keysOf.set(id, keys)
    for (const k of keys) {
      const set = this.customers.get(k)
      if (set) set.add(id)
      else this.customers.set(k, new Set([id]))
    }
  }

  search(
    q: string,
    opts: {
      limit: number
      includeArchived: boolean
      text: (id: string, field: string) => string | readonly string[] | undefined
    },
  ): SearchHit[] {
    this.refresh()
    return this.index.search(q, {
      limit: opts.limit,
      filter: opts.includeArchived ? undefined : (id) => !this.archived.has(id),
      text: opts.text,
    })
  }

  /** Ids of every order of the customer recognised by these keys. */
  customerOrders(keys: string[]): string[] {
    this.refresh()
    const out = new Set<string>()
    for (const k of keys) for (const id of this.customers.get(k) ?? []) out.add(id)
    return [...out]
  }

  private schedulePersist(): void {
    if (this.persistTimer || this.persistDelayMs < 0) return
    this.persistTimer = setTimeout(() => {
      this.persistTimer = null
      void this.persist().catch((err: unknown) =>
        console.error('[tickets] search index not saved', err),
      )
    }, this.persistDelayMs)
    this.persistTimer.unref()
  }

  /** Writes the index and the cursor it covers (index first, then the meta naming its cursor). */
  async persist(): Promise<void> {
    if (this.persisting) await this.persisting
    this.catchUp()
    this.refresh()
    if (!this.changedSincePersist) return
    this.changedSincePersist = false
    this.index.checkpoint = this.cursor ?? undefined
    const bytes = this.index.toBytes()
    const meta: Meta = {
      version: META_VERSION,
      cursor: this.cursor,
      archived: [...this.archived],
      customers: Object.fromEntries([...this.customers].map(([k, ids]) => [k, [...ids]])),
    }
    const cursor = this.cursor
    this.persisting = (async () => {
      await fs.promises.mkdir(this.dir, { recursive: true })
      await writeFileDurable(path.join(this.dir, INDEX_FILE), [
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      ])
      await writeFileDurable(path.join(this.dir, META_FILE), [JSON.stringify(meta)])
      if (cursor) this.store.retain(RETAIN_NAME, cursor)
    })()
    try {
      await this.persisting
    } finally {
      this.persisting = null
    }
  }

  async close(): Promise<void> {
    this.unsubscribe()
    if (this.persistTimer) clearTimeout(this.persistTimer)
    this.persistTimer = null
    await this.persist()
  }
}

async function readFiles(dir: string): Promise<{ index: SearchIndex; meta: Meta } | null> {
  try {
    const [bytes, metaText] = await Promise.all([
      fs.promises.readFile(path.join(dir, INDEX_FILE)),
      fs.promises.readFile(path.join(dir, META_FILE), 'utf8'),
    ])
    const meta = metaSchema.parse(JSON.parse(metaText))
    const index = SearchIndex.fromBytes(
      new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    )
    // The meta is written after the index: a crash between the two leaves a newer index with an
    // older cursor, which only means replaying a few ops twice (re-indexing is idempotent).
    if (
      (index.checkpoint ?? null) !== meta.cursor &&
      meta.cursor !== null &&
      (index.checkpoint ?? '') < meta.cursor
    ) {
      return null
    }
    return { index, meta }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      console.error('[tickets] search index unreadable, rebuilding once', err)
    }
    return null
  }
}
