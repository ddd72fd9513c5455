import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import {
  PERSONAL_FIELDS,
  REDACTED,
  blankFreeText,
  erasureValues,
  planTicketErasure,
  strikePattern,
  type ErasureValues,
  type TicketLike,
} from '../../shared/auth/privacy'
import { materialize } from '../../shared/data/merge'
import type { Change, Doc, Op } from '../../shared/data/ops'
import type { Store } from '../store'
import { writeFileDurableSync } from '../store/fsutil'

/**
 * Erasure that erases (docs/ARCHITECTURE.md §5). An erasure is:
 * 1. a ledger entry, op `erasure/<id>` (tickets, at, reason), committed before the orders'
 *    erasure ops so every PC learns which orders were erased and from which moment (its hlc),
 *    and kept in `privacy/erasures.json` too, outside the view and the journal, so a restored
 *    backup is erased again against it;
 * 2. the orders' erasure ops (shared/auth/privacy planTicketErasure): fields set to 〔已删除〕,
 *    history texts redacted; they sync like any op;
 * 3. on every PC that applies it, the values struck out of every copy in its data folder
 *    (Store.redact: view, archive months, journal segments, backups, set-aside copies) and its
 *    search index rewritten (TicketIndex.purge), then an `applied` mark added to the entry, so
 *    the erasing PC can tell when every PC has applied it.
 * Ops of an erased order stamped before the entry that arrive afterwards (late from another PC,
 * or re-uploaded) are erased as they arrive, before they are journalled (incomingFilter).
 */

export const ERASURE = 'erasure'
const TICKET = 'ticket'
const LEDGER_DIR = 'privacy'
const LEDGER_FILE = 'erasures.json'

export interface LedgerEntry {
  id: string
  /** hlc of the entry's op: ops of its orders stamped before it are from before the erasure. */
  hlc: string
  at: string
  reason: 'request' | 'retention'
  tickets: string[]
  /** Who asked for it: later ops of this erasure (re-applies, applied marks) are theirs. */
  by: string
  /**
   * History entry ids each order had on the erasing PC: an entry made elsewhere before the
   * erasure and not among them is a late one, erased whole on the PC that holds it.
   */
  seen?: Record<string, string[]>
  /** This PC finished it on disk (every copy struck, index rewritten). */
  doneAt?: string
}

interface LedgerFile {
  version: 1
  entries: LedgerEntry[]
}

export interface AppliedMark {
  id: string
  dev: string
  name: string
  at: string
}

export interface IndexPurge {
  purge(ids: readonly string[]): Promise<void>
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string')
}

function ticketOf(doc: Doc): TicketLike {
  return materialize<TicketLike>(doc)
}

function hasPersonal(doc: Doc | undefined): boolean {
  if (!doc) return false
  return PERSONAL_FIELDS.some((f) => {
    const v = doc.fields[f]
    return typeof v === 'string' && v !== '' && v !== REDACTED
  })
}

function mergeValues(into: ErasureValues, more: ErasureValues): void {
  into.all.push(...more.all)
  into.strong.push(...more.strong)
}

function isSeen(v: unknown): v is Record<string, string[]> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every(isStringArray)
  )
}

/**
 * Texts of history entries this PC added to an erased order before the erasure that the
 * erasing PC had not seen: they may name the customer in words no pattern knows, so they go
 * whole (the other PCs blank them as they arrive, see eraseLate).
 */
function lateTexts(doc: Doc, entry: LedgerEntry): string[] {
  const seen = entry.seen?.[doc.id]
  if (!seen) return []
  const out: string[] = []
  for (const [id, el] of Object.entries(doc.sets.history ?? {})) {
    const e = el as Record<string, unknown>
    if (seen.includes(id) || typeof e._hlc !== 'string' || e._hlc > entry.hlc) continue
    const blank = blankFreeText(e) as Record<string, unknown>
    for (const [k, v] of Object.entries(e))
      if (typeof v === 'string' && blank[k] !== v && v.trim().length >= 2) out.push(v)
  }
  return out
}

export class Eraser {
  private readonly file: string
  private readonly entries = new Map<string, LedgerEntry>()
  /** Latest entry per erased order. */
  private readonly byTicket = new Map<string, LedgerEntry>()
  private work: Promise<void> = Promise.resolve()
  private pending = 0
  private unsubscribe: () => void

  constructor(
    private readonly store: Store,
    dataDir: string,
    private readonly device: { id: string; name: string },
    private readonly index: () => Promise<IndexPurge | null>,
  ) {
    this.file = path.join(dataDir, LEDGER_DIR, LEDGER_FILE)
    for (const e of this.readFile()) this.remember(e)
    // Entries that reached this PC as ops while the file was lost (or before this version).
    for (const doc of store.all(ERASURE)) this.fromDoc(doc)
    store.setIncomingFilter((ops) => this.filterIncoming(ops))
    this.unsubscribe = store.subscribe((change) => {
      // A restored backup names no ids: erase what it brought back against the ledger.
      if (change.ids.length === 0) this.schedule(() => this.reapply())
    })
    // Finishes at the latest at the next start what a crash or a restore left undone.
    this.schedule(() => this.reapply())
  }

  // ---------------------------------------------------------------- the ledger

  private readFile(): LedgerEntry[] {
    try {
      const v = JSON.parse(fs.readFileSync(this.file, 'utf8')) as LedgerFile
      return Array.isArray(v.entries) ? v.entries.filter((e) => isStringArray(e.tickets)) : []
    } catch {
      return []
    }
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    const data: LedgerFile = { version: 1, entries: [...this.entries.values()] }
    writeFileDurableSync(this.file, JSON.stringify(data, null, 1))
  }

  private remember(e: LedgerEntry): void {
    const had = this.entries.get(e.id)
    const entry = had ? { ...e, doneAt: had.doneAt ?? e.doneAt } : e
    this.entries.set(e.id, entry)
    for (const t of entry.tickets) {
      const cur = this.byTicket.get(t)
      if (!cur || cur.hlc < entry.hlc) this.byTicket.set(t, entry)
    }
  }

  private fromDoc(doc: Doc): LedgerEntry | null {
    const tickets = doc.fields.tickets
    if (!isStringArray(tickets) || this.entries.has(doc.id)) return null
    const e: LedgerEntry = {
      id: doc.id,
      hlc: doc.clocks.tickets ?? doc.created,
      at: typeof doc.fields.at === 'string' ? doc.fields.at : new Date().toISOString(),
      reason: doc.fields.reason === 'retention' ? 'retention' : 'request',
      tickets,
      by: typeof doc.fields.by === 'string' ? doc.fields.by : 'system',
      ...(isSeen(doc.fields.seen) ? { seen: doc.fields.seen } : {}),
    }
    this.remember(e)
    this.save()
    return e
  }

  list(): LedgerEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.hlc < b.hlc ? 1 : -1))
  }

  applied(id: string): AppliedMark[] {
    const doc = this.store.get(ERASURE, id)
    const set = doc?.sets.applied ?? {}
    return Object.values(set) as AppliedMark[]
  }

  // ---------------------------------------------------------------- erasing

  /**
   * Erases these orders: ledger entry, erasure ops, every copy on this PC's disk and its index,
   * all before it resolves.
   */
  async erase(
    by: string,
    docs: Doc[],
    extraValues: string[],
    reason: LedgerEntry['reason'],
  ): Promise<{ tickets: number; entries: number; id: string | null }> {
    if (docs.length === 0) return { tickets: 0, entries: 0, id: null }
    const now = new Date().toISOString()
    const id = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`
    const values: ErasureValues = { all: [], strong: [] }
    for (const doc of docs) mergeValues(values, erasureValues(ticketOf(doc), extraValues))
    const tickets = docs.map((d) => d.id)
    const seen: Record<string, string[]> = {}
    for (const d of docs) seen[d.id] = Object.keys(d.sets.history ?? {})
    const [op] = await this.store.commit(by, [
      { entity: ERASURE, id, kind: 'set', field: 'tickets', value: tickets },
      { entity: ERASURE, id, kind: 'set', field: 'at', value: now },
      { entity: ERASURE, id, kind: 'set', field: 'reason', value: reason },
      { entity: ERASURE, id, kind: 'set', field: 'by', value: by },
      { entity: ERASURE, id, kind: 'set', field: 'seen', value: seen },
    ])
    const entry: LedgerEntry = { id, hlc: op!.hlc, at: now, reason, tickets, by, seen }
    this.remember(entry)
    this.save()
    const result = await this.commitErasure(by, docs, now, extraValues)
    await this.run(() => this.onDisk(entry, values))
    return { ...result, id }
  }

  private async commitErasure(
    by: string,
    docs: Doc[],
    now: string,
    extraValues: string[],
  ): Promise<{ tickets: number; entries: number }> {
    const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`
    let tickets = 0
    let entries = 0
    for (const doc of docs) {
      const changes: Change[] = planTicketErasure(ticketOf(doc), { now, tag, extraValues })
      if (!changes.length) continue
      await this.store.commit(by, changes)
      tickets++
      entries += new Set(
        changes
          .filter((c) => c.kind === 'add' && c.field === 'redactions')
          .map((c) => (c.value as { entry: string }).entry),
      ).size
    }
    return { tickets, entries }
  }

  /** Strikes the values out of every copy on this PC, rewrites the index, marks it applied. */
  private async onDisk(entry: LedgerEntry, values: ErasureValues): Promise<void> {
    const all = strikePattern(values.all)
    if (all) {
      await this.store.redact(
        { all, strong: strikePattern(values.strong), tickets: new Set(entry.tickets) },
        [LEDGER_DIR],
      )
    }
    const index = await this.index().catch(() => null)
    await index?.purge(entry.tickets)
    const at = new Date().toISOString()
    const mine = this.applied(entry.id).some((m) => m.dev === this.device.id)
    if (!mine) {
      await this.store.commit(entry.by, [
        {
          entity: ERASURE,
          id: entry.id,
          kind: 'add',
          field: 'applied',
          value: { id: this.device.id, dev: this.device.id, name: this.device.name, at },
        },
      ])
    }
    const e = this.entries.get(entry.id)
    if (e && !e.doneAt) {
      e.doneAt = at
      this.save()
    }
  }

  /**
   * Erases again what the ledger says is erased but the data shows in clear (a restored
   * backup, a crash between the ops and the disk pass, entries received while closed).
   */
  private async reapply(): Promise<void> {
    for (const doc of this.store.all(ERASURE)) this.fromDoc(doc)
    for (const entry of this.list()) {
      const docs: Doc[] = []
      for (const id of entry.tickets) {
        const doc = this.store.get(TICKET, id)
        if (doc && hasPersonal(doc)) docs.push(doc)
      }
      if (docs.length > 0) {
        const values: ErasureValues = { all: [], strong: [] }
        for (const doc of docs) mergeValues(values, erasureValues(ticketOf(doc)))
        await this.commitErasure(entry.by, docs, new Date().toISOString(), [])
        await this.onDisk(entry, values)
      } else if (!entry.doneAt || !this.applied(entry.id).some((m) => m.dev === this.device.id)) {
        await this.onDisk(entry, { all: [], strong: [] })
      }
    }
  }

  // ---------------------------------------------------------------- ops from other PCs

  /**
   * Runs before received ops are journalled: learns new ledger entries, keeps the values of
   * orders whose erasure arrives (read before the ops blank them) for the disk pass, and
   * erases ops of erased orders stamped before their erasure.
   */
  private filterIncoming(ops: Op[]): Op[] {
    const fresh: LedgerEntry[] = []
    for (const op of ops) {
      if (op.entity !== ERASURE || op.kind !== 'set' || op.field !== 'tickets') continue
      if (!isStringArray(op.value) || this.entries.has(op.id)) continue
      const sib = (f: string) => ops.find((o) => o.id === op.id && o.field === f)?.value
      const e: LedgerEntry = {
        id: op.id,
        hlc: op.hlc,
        at: typeof sib('at') === 'string' ? (sib('at') as string) : new Date().toISOString(),
        reason: sib('reason') === 'retention' ? 'retention' : 'request',
        tickets: op.value,
        by: typeof sib('by') === 'string' ? (sib('by') as string) : op.by,
        ...(isSeen(sib('seen')) ? { seen: sib('seen') as Record<string, string[]> } : {}),
      }
      this.remember(e)
      fresh.push(e)
    }
    if (fresh.length) this.save()
    const captured = new Map<string, ErasureValues>()
    const out = ops.map((op) => {
      if (op.entity !== TICKET) return op
      const entry = this.byTicket.get(op.id)
      if (!entry) return op
      if (op.hlc < entry.hlc) return this.eraseLate(op)
      const isErasureOp =
        op.kind === 'set' &&
        (PERSONAL_FIELDS as readonly string[]).includes(op.field ?? '') &&
        op.value === REDACTED
      if (isErasureOp && !captured.has(op.id)) {
        const doc = this.store.get(TICKET, op.id)
        if (doc && hasPersonal(doc)) {
          const values = erasureValues(ticketOf(doc))
          values.all.push(...lateTexts(doc, entry))
          captured.set(op.id, values)
        }
      }
      return op
    })
    const touched = new Map<string, ErasureValues>()
    for (const [ticket, values] of captured) {
      const entry = this.byTicket.get(ticket)!
      const v = touched.get(entry.id) ?? { all: [], strong: [] }
      mergeValues(v, values)
      touched.set(entry.id, v)
    }
    for (const e of fresh) if (!touched.has(e.id)) touched.set(e.id, { all: [], strong: [] })
    for (const [id, values] of touched) {
      const entry = this.entries.get(id)!
      // After the ops are applied (this runs before): the view must hold them first.
      this.schedule(() => this.onDisk(entry, values))
    }
    return out
  }

  /** An op of an erased order made before its erasure: its text erased as it arrives. */
  private eraseLate(op: Op): Op {
    const field = op.field ?? ''
    if (op.kind === 'set' && (PERSONAL_FIELDS as readonly string[]).includes(field)) {
      return op.value === null || op.value === '' ? op : { ...op, value: REDACTED }
    }
    if (op.value === undefined) return op
    const value = blankFreeText(op.value, op.kind === 'set' ? field : undefined)
    return JSON.stringify(value) === JSON.stringify(op.value) ? op : { ...op, value }
  }

  // ---------------------------------------------------------------- background work

  private schedule(fn: () => Promise<void>): void {
    void this.run(fn).catch((err: unknown) => console.error('[privacy] erasure on disk', err))
  }

  private run<T>(fn: () => Promise<T>): Promise<T> {
    this.pending++
    const res = this.work.then(() => new Promise<void>((r) => setImmediate(r))).then(fn)
    this.work = res.then(
      () => undefined,
      () => undefined,
    )
    void this.work.then(() => {
      this.pending--
    })
    return res
  }

  /** Resolves once every erasure on disk scheduled so far is done. */
  async idle(): Promise<void> {
    for (;;) {
      const w = this.work
      await w
      if (w === this.work) return
    }
  }

  get busy(): boolean {
    return this.pending > 0
  }

  close(): void {
    this.unsubscribe()
    this.store.setIncomingFilter(null)
  }
}

const erasers = new WeakMap<object, { eraser: Eraser; stop: () => void }>()

export function registerEraser(store: object, eraser: Eraser, stop: () => void): void {
  erasers.set(store, { eraser, stop })
}

/** Lets erasures under way finish on disk and stops the retention timer (before the store closes). */
export async function closeEraser(store: object): Promise<void> {
  const e = erasers.get(store)
  erasers.delete(store)
  if (!e) return
  e.stop()
  await e.eraser.idle()
  e.eraser.close()
}

/** Waits for erasures on disk scheduled so far (tests, and status checks that must be true). */
export async function erasuresIdle(store: object): Promise<void> {
  await erasers.get(store)?.eraser.idle()
}
