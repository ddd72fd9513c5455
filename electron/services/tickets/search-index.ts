import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { applyRedactions, REDACTED } from '../../../shared/auth/privacy'
import { SearchIndex, type SearchHit, type SynonymTable } from '../../../shared/search'
import type { Platform } from '../../../shared/tickets/model'
import type { Doc } from '../../../shared/data/ops'
import { writeFileDurable, yieldToLoop } from '../../store/fsutil'
import { isTicketDoc, ticketOf, TICKET, type DeskTicket, type TicketStore } from './common'

/**
 * The desk's search index and customer lookup (DESIGN §3 "Indexes"): every order, archived
 * months included, kept up to date from the store's ops and persisted as <dataDir>/index/
 * tickets.index with the op cursor it covers (one file, so index and cursor change together).
 *
 * Nothing here may hold up a user's write (DESIGN §3):
 * - A restart loads the file and replays the ops after its cursor in the background.
 * - With no usable file (first start, damage, a restored backup) the index is rebuilt from the
 *   store in the background, a slice of orders per event-loop turn; search answers from what
 *   is indexed meanwhile and says so (`progress`). A close mid-way saves the orders still to
 *   read, so the next start goes on instead of starting over.
 * - Saves are rare (default every 10 min while orders change, and on close) and cheap: the
 *   segments are written as they are (SearchIndex.toChunks), not merged first. A late save
 *   loses nothing: store.retain keeps the journal after the saved cursor for the replay.
 *
 * Live changes arrive through store.subscribe (ids to re-read); the cursor moves only by
 * reading the journal (opsAfter), so the persisted cursor never claims an op the index has
 * not seen.
 */

export const FIELDS = {
  orderNo: 6,
  trackingNo: 4,
  customerName: 3,
  buyerId: 3,
  /** The contact as digits (a phone number) or as typed; shown masked in a hit. */
  contact: 3,
  description: 2,
  resolution: 1.5,
  replies: 1,
  updates: 1,
  contacts: 1,
  notes: 1,
  steps: 1,
  /** The platform's names (拼多多, 淘宝 天猫…): a word that narrows, not one that ranks. */
  platform: 0.3,
} as const
export type SearchField = keyof typeof FIELDS

const RETAIN_NAME = 'ticket-search'
/** One file: meta and index together, so they are replaced in one rename. */
const INDEX_FILE = 'tickets.index'
/** Files of the first format (index and meta apart); removed once the new file is written. */
const LEGACY_FILES = ['tickets.idx', 'tickets.meta.json']
const FILE_MAGIC = 0x4954464b // 'KFTI' little-endian
const META_VERSION = 2
const PAGE = 20_000
/** Background work runs in slices this long, so a commit or a search waits at most that. */
const SLICE_MS = 25
const SLICE_MAX = 300
/** Default spacing of saves: replaying the journal after the cursor makes a late save cheap. */
export const INDEX_PERSIST_MS = 10 * 60_000
/** A due save waits for a pause in the changes this long (a few times at most). */
const QUIET_MS = 2000
const MAX_DEFERS = 5
/** Archived orders rank a little below open ones with the same text. */
const ARCHIVED_BOOST = 0.8

const metaSchema = z.object({
  version: z.literal(META_VERSION),
  /** The index covers every op up to here (null: none yet). Ignored while `rebuild` is set. */
  cursor: z.string().nullable(),
  /** A rebuild under way: its cursor, and the orders still to read (null: not listed yet). */
  rebuild: z
    .object({ cursor: z.string().nullable(), pending: z.array(z.string()).nullable() })
    .nullable(),
  archived: z.array(z.string()),
  customers: z.record(z.string(), z.array(z.string())),
})
type Meta = z.infer<typeof metaSchema>

/** The store as the index reads it; archiveMonths (Store has it) lets a rebuild go month by month. */
export type IndexStore = TicketStore & { archiveMonths?(): string[] }

export interface IndexOptions {
  /** Least time between saves while orders change; negative: only on close. */
  persistMs?: number
  /** Wait for a pause in the changes before a due save (default on). */
  quietMs?: number
}

export interface IndexingProgress {
  /** Orders read so far, of `total` (total grows while the store is still being listed). */
  done: number
  total: number
}

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

/** What agents call each platform in a query. */
const PLATFORM_WORDS: Record<Platform, string> = {
  pdd: '拼多多 pdd',
  taobao: '淘宝 天猫 tb',
  jd: '京东 jd',
  douyin: '抖音 抖店 dy',
  meituan: '美团 美团外卖',
  eleme: '饿了么 饿了吗',
  other: '',
}

/** A phone number as its digits (the last 11: no +86), so any spelling an agent types finds it. */
function contactText(contact: string): string {
  const d = digitsOf(contact)
  return d.length >= 7 && /^[+\d\s()-]+$/.test(contact) ? d.slice(-11) : contact
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
  const orderNo = s(t.orderNo)
  const orderDigits = digitsOf(orderNo)
  const contact = s(t.contact).trim()
  return {
    // Also the number without its dash or spaces: agents paste it both ways.
    orderNo: orderDigits.length >= 7 && orderDigits !== orderNo ? [orderNo, orderDigits] : orderNo,
    trackingNo: [s(t.trackingNo), s(t.returnTrackingNo)].filter(Boolean),
    customerName: s(t.customerName),
    buyerId: s(t.buyerId),
    contact: contact ? contactText(contact) : '',
    description: s(t.description),
    resolution: s(t.resolutionNote),
    replies,
    updates,
    contacts,
    notes,
    steps,
    platform: PLATFORM_WORDS[t.platform] ?? '',
  }
}

interface Work {
  /** Orders to (re)read, and how far the work is. */
  ids: string[]
  pos: number
  /** Rebuild: sources still to list ('hot', then archive months newest first), and ids listed. */
  sources: string[] | null
  listed?: Set<string>
  /** The cursor once `ids` are read: the rebuild's start, or the last op of a catch-up page. */
  done: string | null
  rebuild: boolean
}

function catchUpWork(): Work {
  return { ids: [], pos: 0, sources: null, done: null, rebuild: false }
}

export class TicketIndex {
  private index: SearchIndex
  private archived = new Set<string>()
  /** customer key → ticket ids; and back, to drop stale keys on re-index. */
  private customers = new Map<string, Set<string>>()
  private keysOf = new Map<string, string[]>()
  /** Every op up to here is in the index (meaningless while a rebuild runs). */
  private cursor: string | null = null
  private dirty = new Set<string>()
  private changedSincePersist = false
  private unsubscribe: () => void
  private persistTimer: NodeJS.Timeout | null = null
  private defers = 0
  private lastChangeAt = 0
  private persisting: Promise<void> | null = null
  /** Writes and removals of the file, in order (a reset must not be overtaken by an older save). */
  private fileQueue: Promise<unknown> = Promise.resolve()
  private work: Work | null = null
  /** Bumped by a reset and by close: background work of an older generation stops. */
  private gen = 0
  private running: Promise<void> | null = null
  private closed = false
  private readonly persistMs: number
  private readonly quietMs: number
  /** Saves written so far (tests and diagnostics). */
  persists = 0
  /** How the index came to be at start-up, for tests and the bench. */
  readonly startedFrom: 'file' | 'rebuild'

  private constructor(
    private readonly store: IndexStore,
    private readonly dir: string,
    opts: IndexOptions,
    loaded: { index: SearchIndex; meta: Meta } | null,
  ) {
    this.persistMs = opts.persistMs ?? INDEX_PERSIST_MS
    this.quietMs = opts.quietMs ?? QUIET_MS
    this.index = loaded?.index ?? newIndex()
    if (loaded) {
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
      // A backup restore reloads the whole store and names no ids: nothing indexed can be
      // trusted any more, and the cursor points into a journal that was moved aside.
      if (change.ids.length === 0 && change.entities.includes(TICKET)) {
        this.reset()
        return
      }
      let any = false
      for (const r of change.ids) {
        if (r.entity !== TICKET) continue
        this.dirty.add(r.id)
        any = true
      }
      if (any) this.changed()
    })
  }

  /**
   * Loads the saved index (cheap) and answers at once; a missing or unreadable file, and the
   * journal ops after the saved cursor, are worked off in the background in short slices.
   * Until then search answers from what is indexed, and `progress` says how far it is.
   */
  static async open(
    store: IndexStore,
    dataDir: string,
    opts: IndexOptions = {},
  ): Promise<TicketIndex> {
    const dir = path.join(dataDir, 'index')
    const loaded = await readFile(dir)
    const ti = new TicketIndex(store, dir, opts, loaded)
    const rebuild = loaded?.meta.rebuild
    if (!loaded) ti.startRebuild()
    else if (rebuild) {
      // A rebuild interrupted by a close goes on where it stopped.
      ti.work = {
        ids: rebuild.pending ?? [],
        pos: 0,
        sources: rebuild.pending ? null : ti.sources(),
        done: rebuild.cursor,
        rebuild: true,
      }
      if (rebuild.cursor) store.retain(RETAIN_NAME, rebuild.cursor)
      ti.run()
    } else {
      if (ti.cursor) store.retain(RETAIN_NAME, ti.cursor)
      ti.work = catchUpWork()
      ti.run()
    }
    return ti
  }

  get size(): number {
    return this.index.size
  }

  /** Set while the index is being rebuilt or caught up: searches may miss orders meanwhile. */
  get progress(): IndexingProgress | null {
    const w = this.work
    if (!w) return null
    return { done: Math.min(w.pos, w.ids.length), total: w.ids.length }
  }

  /** Resolves once the background work (rebuild, catch-up) is done. */
  async whenIndexed(): Promise<void> {
    while (this.running) await this.running
  }

  private sources(): string[] {
    const months = this.store.archiveMonths?.()
    // Open orders first (what agents look for), then the newest months.
    return months ? ['hot', ...[...months].reverse()] : ['all']
  }

  /** Starts over from the store, in the background; the cursor is where the store is now. */
  private startRebuild(): void {
    const cursor = this.store.clock() || null
    this.work = { ids: [], pos: 0, sources: this.sources(), done: cursor, rebuild: true }
    this.changedSincePersist = true
    if (cursor) this.store.retain(RETAIN_NAME, cursor)
    this.run()
  }

  private reset(): void {
    if (this.closed) return
    this.gen++
    this.index = newIndex()
    this.archived.clear()
    this.customers.clear()
    this.keysOf.clear()
    this.dirty.clear()
    this.cursor = null
    // Until the rebuild is saved, a start-up must not load the index of the data before.
    const file = path.join(this.dir, INDEX_FILE)
    this.fileQueue = this.fileQueue
      .catch(() => undefined)
      .then(() => fs.promises.rm(file, { force: true }))
    this.startRebuild()
  }

  private run(): void {
    if (this.running) return
    const gen = this.gen
    const task = this.drain(gen).catch((err: unknown) => {
      console.error('[tickets] search index work failed', err)
    })
    this.running = task.finally(() => {
      this.running = null
      // A reset during the run left work of the new generation to do.
      if (this.work && !this.closed) this.run()
    })
  }

  private async drain(gen: number): Promise<void> {
    for (;;) {
      if (gen !== this.gen || this.closed) return
      const w = this.work
      if (!w) return
      const started = performance.now()
      if (w.sources && w.sources.length > 0) {
        this.list(w, w.sources.shift()!)
      } else if (w.sources) {
        w.sources = null
        w.listed = undefined
      } else if (w.pos < w.ids.length) {
        let n = 0
        while (w.pos < w.ids.length && n < SLICE_MAX && performance.now() - started < SLICE_MS) {
          const id = w.ids[w.pos++]!
          this.indexDoc(id, this.store.get(TICKET, id))
          n++
        }
        this.changedSincePersist = true
      } else if (w.rebuild) {
        // Everything the store held at the rebuild's start is in; ops since are replayed next.
        this.cursor = w.done
        this.work = catchUpWork()
        // Saved soon, not in ten minutes: a crash before would mean reading everything again.
        if (this.persistTimer) clearTimeout(this.persistTimer)
        this.persistTimer = null
        this.lastChangeAt = Date.now()
        this.schedulePersist(0)
      } else {
        // Catch-up: the ops after the cursor, a page at a time. The cursor moves only once the
        // page's orders are re-read, so a saved cursor never claims an op the index has not seen.
        if (w.done !== null) {
          this.cursor = w.done
          this.changedSincePersist = true
        }
        const ops = this.store.opsAfter(this.cursor, PAGE)
        if (ops.length === 0) {
          this.work = null
          if (this.changedSincePersist) this.changed()
          return
        }
        const ids = new Set<string>()
        for (const op of ops) if (op.entity === TICKET) ids.add(op.id)
        w.ids = [...ids]
        w.pos = 0
        w.done = ops[ops.length - 1]!.hlc
      }
      await yieldToLoop()
    }
  }

  private list(w: Work, source: string): void {
    const listed = (w.listed ??= new Set(w.ids))
    // Month queries include the hot set again; `listed` keeps each order once.
    const q =
      source === 'hot'
        ? this.store.query(TICKET)
        : this.store.query(TICKET, {
            includeArchived: source === 'all' ? true : { from: source, to: source },
          })
    for (const d of q.items) {
      if (listed.has(d.id)) continue
      listed.add(d.id)
      w.ids.push(d.id)
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
      synonyms?: SynonymTable
    },
  ): SearchHit[] {
    this.refresh()
    return this.index.search(q, {
      limit: opts.limit,
      filter: opts.includeArchived ? undefined : (id) => !this.archived.has(id),
      text: opts.text,
      synonyms: opts.synonyms,
      loose: true,
    })
  }

  /**
   * Erasure (DESIGN §6): re-reads these orders from the store (their redactions applied, or
   * gone), merges the index so no posting, term or customer key of their old text survives in
   * memory, and rewrites the index file. Resolves once the new file is on disk.
   */
  async purge(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      this.dirty.delete(id)
      this.indexDoc(id, this.store.get(TICKET, id))
    }
    this.index.compact()
    this.changedSincePersist = true
    await this.persist()
  }

  /** Ids of every order of the customer recognised by these keys. */
  customerOrders(keys: string[]): string[] {
    this.refresh()
    const out = new Set<string>()
    for (const k of keys) for (const id of this.customers.get(k) ?? []) out.add(id)
    return [...out]
  }

  private changed(): void {
    this.lastChangeAt = Date.now()
    this.schedulePersist(this.persistMs)
  }

  private schedulePersist(delay: number): void {
    if (this.persistTimer || this.persistMs < 0 || this.closed) return
    this.persistTimer = setTimeout(() => {
      this.persistTimer = null
      // Saving costs the main process a moment: wait for a pause in a burst of changes.
      const sinceChange = Date.now() - this.lastChangeAt
      if (sinceChange < this.quietMs && this.defers < MAX_DEFERS) {
        this.defers++
        this.schedulePersist(this.quietMs - sinceChange)
        return
      }
      this.defers = 0
      void this.persist().catch((err: unknown) =>
        console.error('[tickets] search index not saved', err),
      )
    }, delay)
    this.persistTimer.unref()
  }

  /**
   * Saves the index with what it covers: the cursor, or the rebuild under way. Nothing is
   * merged first (SearchIndex.toChunks), and the file is written asynchronously.
   */
  async persist(): Promise<void> {
    if (this.persisting) await this.persisting
    this.refresh()
    if (!this.changedSincePersist) return
    this.changedSincePersist = false
    const w = this.work
    const rebuild =
      w?.rebuild === true
        ? { cursor: w.done, pending: w.sources ? null : w.ids.slice(w.pos) }
        : null
    const meta: Meta = {
      version: META_VERSION,
      cursor: rebuild ? null : this.cursor,
      rebuild,
      archived: [...this.archived],
      customers: Object.fromEntries([...this.customers].map(([k, ids]) => [k, [...ids]])),
    }
    const retainAt = rebuild ? rebuild.cursor : this.cursor
    const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8')
    const head = Buffer.alloc((8 + metaBytes.length + 7) & ~7)
    head.writeUInt32LE(FILE_MAGIC, 0)
    head.writeUInt32LE(metaBytes.length, 4)
    metaBytes.copy(head, 8)
    const chunks = this.index
      .toChunks()
      .map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))
    const gen = this.gen
    const write = this.fileQueue
      .catch(() => undefined)
      .then(async () => {
        // A restore since this snapshot was taken: it describes data that is gone.
        if (gen !== this.gen) return
        await fs.promises.mkdir(this.dir, { recursive: true })
        await writeFileDurable(path.join(this.dir, INDEX_FILE), [head, ...chunks])
        this.persists++
        if (retainAt) this.store.retain(RETAIN_NAME, retainAt)
        await Promise.all(
          LEGACY_FILES.map((f) => fs.promises.rm(path.join(this.dir, f), { force: true })),
        )
      })
    this.fileQueue = write
    this.persisting = write
    try {
      await write
    } catch (e) {
      this.changedSincePersist = true
      throw e
    } finally {
      this.persisting = null
    }
  }

  /** Stops background work where it is and saves (a rebuild goes on at the next start). */
  async close(): Promise<void> {
    this.unsubscribe()
    if (this.persistTimer) clearTimeout(this.persistTimer)
    this.persistTimer = null
    this.closed = true
    await this.running
    await this.persist()
    await this.fileQueue.catch(() => undefined)
  }
}

function newIndex(): SearchIndex {
  return new SearchIndex({ fields: { ...FIELDS } })
}

async function readFile(dir: string): Promise<{ index: SearchIndex; meta: Meta } | null> {
  try {
    const buf = await fs.promises.readFile(path.join(dir, INDEX_FILE))
    if (buf.length < 8 || buf.readUInt32LE(0) !== FILE_MAGIC) throw new Error('not an index file')
    const metaLen = buf.readUInt32LE(4)
    const meta = metaSchema.parse(JSON.parse(buf.subarray(8, 8 + metaLen).toString('utf8')))
    const start = (8 + metaLen + 7) & ~7
    const index = SearchIndex.fromBytes(
      new Uint8Array(buf.buffer, buf.byteOffset + start, buf.byteLength - start),
    )
    // An index of another version's fields (before phone and platform were searchable) is rebuilt.
    if (index.fieldNames.join() !== Object.keys(FIELDS).join()) {
      console.warn('[tickets] search index has other fields, rebuilding in the background')
      return null
    }
    return { index, meta }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      console.error('[tickets] search index unreadable, rebuilding in the background', err)
    }
    return null
  }
}
