import type { Doc } from '../../../shared/data/ops'
import { OPEN_STATUSES, type TicketStatus } from '../../../shared/tickets/model'
import type { QueryOptions } from '../../store'
import { isTicketDoc, ticketOf, TICKET, type DeskTicket } from '../tickets/common'

/**
 * The orders a report needs, read from the data core without materialising the whole store.
 * A period [from, to) needs the orders created before `to` with anything at or after `from`.
 * Archived orders live in the month they were archived (machine-local month, as the store files
 * them), and archiving is an order's last event, so months before `from`'s cannot hold any.
 * The raw docs are tested first (text comparison of UTC times), and only the matches are
 * materialised; materialised tickets are cached per doc version so the KPI maths' own cache of
 * parsed facts keeps working between calls.
 */

export interface ReportStore {
  query(entity: string, q?: QueryOptions): { items: Doc[]; total: number }
  get(entity: string, id: string): Doc | undefined
}

const DAY = 86_400_000

function monthOf(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
}

function isUtcIso(s: string): boolean {
  return s.length === 24 && s.charCodeAt(23) === 90
}

function atOrAfter(at: unknown, fromIso: string, fromMs: number): boolean {
  if (typeof at !== 'string') return false
  return isUtcIso(at) ? at >= fromIso : Date.parse(at) >= fromMs
}

function before(at: unknown, toIso: string, toMs: number): boolean {
  if (typeof at !== 'string') return false
  return isUtcIso(at) ? at < toIso : Date.parse(at) < toMs
}

export class TicketSource {
  private cache = new WeakMap<Doc, { updated: string; t: DeskTicket }>()

  constructor(private readonly store: ReportStore) {}

  ticket(doc: Doc): DeskTicket {
    const hit = this.cache.get(doc)
    if (hit && hit.updated === doc.updated) return hit.t
    const t = ticketOf(doc)
    this.cache.set(doc, { updated: doc.updated, t })
    return t
  }

  byId(id: string): DeskTicket | null {
    const doc = this.store.get(TICKET, id)
    return isTicketDoc(doc) ? this.ticket(doc) : null
  }

  /**
   * Orders with activity in [fromMs, toMs): created before `to`, and created or with a history
   * entry at or after `from`. `alsoOpenOf` adds open orders assigned to those people (a
   * person's shift summary lists what is still theirs).
   */
  active(fromMs: number, toMs: number, alsoOpenOf?: ReadonlySet<string>): DeskTicket[] {
    const fromIso = new Date(fromMs).toISOString()
    const toIso = new Date(toMs).toISOString()
    const where = (d: Doc): boolean => {
      if (!isTicketDoc(d)) return false
      const f = d.fields
      if (
        alsoOpenOf &&
        OPEN_STATUSES.has(f.status as TicketStatus) &&
        alsoOpenOf.has(f.assignee as string)
      )
        return true
      if (!before(f.createdAt, toIso, toMs)) return false
      if (atOrAfter(f.createdAt, fromIso, fromMs)) return true
      const hist = d.sets.history
      if (!hist) return false
      for (const k in hist) {
        if (atOrAfter((hist[k] as { at?: unknown }).at, fromIso, fromMs)) return true
      }
      return false
    }
    // A day of slack: the store files a month by the machine's zone, the period is UTC.
    const { items } = this.store.query(TICKET, {
      where,
      includeArchived: { from: monthOf(fromMs - DAY) },
    })
    return items.map((d) => this.ticket(d))
  }
}
