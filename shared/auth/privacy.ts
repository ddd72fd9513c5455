import type { Change } from '../data/ops'
import { maskAddress, maskContact, maskName } from './mask'
import { canOn } from './permissions'
import type { Person } from './roles'

/** What an erased or expired value reads as, everywhere (UI, exports, sync). */
export const REDACTED = '〔已删除〕'

/** The customer's personal data on an order (DOMAIN: 顾客姓名, 联系方式, 地址, 买家ID). */
export const PERSONAL_FIELDS = ['customerName', 'contact', 'address', 'buyerId'] as const
export type PersonalField = (typeof PERSONAL_FIELDS)[number]

/** Fields that are never personal data and never rewritten by a redaction. */
const STRUCTURAL = new Set([
  'id',
  'type',
  'at',
  'by',
  'dev',
  'status',
  'assignee',
  'transferredTo',
  'team',
  'createdBy',
  'platform',
  'shopId',
  'channel',
  'category',
  'priority',
  '_hlc',
  '_by',
])

/** A ticket as far as privacy is concerned; the ticket desk's Ticket fits. */
export interface TicketLike {
  id: string
  assignee?: string | null
  transferredTo?: string | null
  team?: string | null
  customerName?: string | null
  contact?: string | null
  address?: string | null
  buyerId?: string | null
  archivedAt?: string | null
  history?: readonly Record<string, unknown>[]
  redactions?: readonly Redaction[]
  redactedAt?: string | null
}

/**
 * A redaction of one text in one history entry, kept as an element of the ticket's grow-only
 * set `redactions` (history entries themselves are grow-only and cannot be edited). `after`
 * lists the redactions of the same text this one was computed on top of, so two PCs erasing
 * different values of one text at once are both honoured (see applyRedactions).
 */
export interface Redaction {
  id: string
  set: string
  entry: string
  prop: string
  value: string
  after: string[]
  _hlc?: string
}

// ---- who may see what ------------------------------------------------------------------------

/**
 * Agents and specialists may reveal the contact of an order they are working (assigned or
 * transferred to them); supervisors and admins any; trainers none (issue 5 item 4).
 */
export function canRevealContact(person: Person | null | undefined, ticket: TicketLike): boolean {
  const target = { people: [ticket.assignee, ticket.transferredTo], team: ticket.team ?? null }
  return canOn(person, 'contacts.revealAny', target) || canOn(person, 'contacts.revealOwn', target)
}

export type Masked<T> = T & { contactMasked: true; canReveal: boolean }

function maskValue(field: PersonalField, v: string): string {
  if (v === REDACTED) return v
  if (field === 'customerName') return maskName(v)
  if (field === 'contact') return maskContact(v)
  if (field === 'address') return maskAddress(v)
  return v
}

/**
 * An order as a list, a search result or an export shows it: redactions applied, the
 * customer's name, contact and address masked (the buyer's platform nickname stays: agents
 * need it to find the chat), plus whether this viewer may reveal the contact. Revealing is a
 * separate, audited call (privacy.revealContact).
 */
export function maskForViewer<T extends TicketLike>(
  ticket: T,
  person: Person | null | undefined,
): Masked<T> {
  const out = { ...applyRedactions(ticket) } as Record<string, unknown>
  for (const f of ['customerName', 'contact', 'address'] as const) {
    const v = out[f]
    if (typeof v === 'string' && v) out[f] = maskValue(f, v)
  }
  out.contactMasked = true
  out.canReveal = canRevealContact(person, ticket)
  return out as unknown as Masked<T>
}

// ---- erasure and retention -------------------------------------------------------------------

/** Whom to erase: a customer is found by their contact or their platform buyer id. */
export interface ErasureMatch {
  contact?: string
  buyerId?: string
}

function digits(s: string): string {
  return s.replace(/\D/g, '')
}

/** Contacts compare by their digits when they are phone numbers (138 1234 1234 = 13812341234). */
export function sameContact(a: string, b: string): boolean {
  const x = a.trim()
  const y = b.trim()
  if (!x || !y || x === REDACTED || y === REDACTED) return false
  const dx = digits(x)
  if (dx.length >= 7 && /^[+\d\s()-]+$/.test(x) && /^[+\d\s()-]+$/.test(y)) {
    const dy = digits(y)
    return dx.slice(-11) === dy.slice(-11)
  }
  return x.toLowerCase() === y.toLowerCase()
}

export function ticketMatches(ticket: TicketLike, match: ErasureMatch): boolean {
  if (match.contact && ticket.contact && sameContact(ticket.contact, match.contact)) return true
  if (
    match.buyerId &&
    ticket.buyerId &&
    ticket.buyerId.trim() === match.buyerId.trim() &&
    ticket.buyerId !== REDACTED
  ) {
    return true
  }
  return false
}

/** The personal values to strike out of the order's free text, longest first. */
function personalValues(ticket: TicketLike, extra: string[] = []): string[] {
  const out = new Set<string>()
  for (const f of PERSONAL_FIELDS) {
    const v = ticket[f]
    if (typeof v === 'string' && v.trim().length >= 2 && v !== REDACTED) out.add(v.trim())
  }
  for (const v of extra) if (v.trim().length >= 2) out.add(v.trim())
  const contact = ticket.contact ?? ''
  // A phone number also turns up typed with spaces or dashes: 138 1234 1234, 138-1234-1234.
  const d = digits(contact)
  if (d.length >= 7) out.add(d)
  return [...out].sort((a, b) => b.length - a.length)
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The text with every personal value struck out, or null when it holds none. */
export function strikeOut(text: string, values: string[]): string | null {
  let out = text
  for (const v of values) {
    if (!v) continue
    const d = digits(v)
    // Phone-like values match with any separators between their digits.
    const pattern =
      d.length >= 7 && d === v
        ? new RegExp(d.split('').map(escapeRe).join('[\\s-]?'), 'g')
        : new RegExp(escapeRe(v), 'gi')
    out = out.replace(pattern, REDACTED)
  }
  return out === text ? null : out
}

/**
 * The ops that erase one order's personal data: its name, contact, address and buyer id are
 * set to 〔已删除〕, any of those values in its other text fields are struck out, and every
 * history entry text that holds one gets a redaction. Ops, so the erasure syncs to every PC
 * (DESIGN §4). `now` is stamped as `redactedAt`; `tag` makes the redaction ids unique.
 */
export function planTicketErasure(
  ticket: TicketLike,
  opts: { now: string; tag: string; extraValues?: string[] },
): Change[] {
  const changes: Change[] = []
  const values = personalValues(ticket, opts.extraValues)
  const record = ticket as unknown as Record<string, unknown>
  for (const f of PERSONAL_FIELDS) {
    const v = record[f]
    if (typeof v === 'string' && v !== '' && v !== REDACTED) {
      changes.push({ entity: 'ticket', id: ticket.id, kind: 'set', field: f, value: REDACTED })
    }
  }
  for (const [k, v] of Object.entries(record)) {
    if ((PERSONAL_FIELDS as readonly string[]).includes(k) || STRUCTURAL.has(k)) continue
    if (typeof v !== 'string') continue
    const struck = strikeOut(v, values)
    if (struck !== null)
      changes.push({ entity: 'ticket', id: ticket.id, kind: 'set', field: k, value: struck })
  }
  const view = applyRedactions(ticket)
  const heads = redactionHeads(ticket.redactions ?? [])
  for (const entry of view.history ?? []) {
    const entryId = entry.id
    if (typeof entryId !== 'string') continue
    for (const [prop, v] of Object.entries(entry)) {
      if (STRUCTURAL.has(prop) || typeof v !== 'string') continue
      const struck = strikeOut(v, values)
      if (struck === null) continue
      const after = (heads.get(`history\u0000${entryId}\u0000${prop}`) ?? []).map((r) => r.id)
      const element: Redaction = {
        id: `${entryId}.${prop}.${opts.tag}`,
        set: 'history',
        entry: entryId,
        prop,
        value: struck,
        after,
      }
      changes.push({
        entity: 'ticket',
        id: ticket.id,
        kind: 'add',
        field: 'redactions',
        value: element,
      })
    }
  }
  if (changes.length)
    changes.push({
      entity: 'ticket',
      id: ticket.id,
      kind: 'set',
      field: 'redactedAt',
      value: opts.now,
    })
  return changes
}

function redactionHeads(redactions: readonly Redaction[]): Map<string, Redaction[]> {
  const built = new Set<string>()
  for (const r of redactions) for (const a of r.after ?? []) built.add(a)
  const heads = new Map<string, Redaction[]>()
  for (const r of redactions) {
    if (built.has(r.id)) continue
    const key = `${r.set}\u0000${r.entry}\u0000${r.prop}`
    const list = heads.get(key) ?? []
    list.push(r)
    heads.set(key, list)
  }
  return heads
}

/**
 * The order with its history redactions applied: each redacted text shows its latest
 * redaction; when two PCs redacted one text at once (two heads) the whole text reads
 * 〔已删除〕, so neither erasure is undone by the other.
 */
export function applyRedactions<T extends TicketLike>(ticket: T): T {
  const redactions = ticket.redactions
  if (!redactions?.length || !ticket.history) return ticket
  const heads = redactionHeads(redactions)
  const history = ticket.history.map((entry) => {
    let copy: Record<string, unknown> | null = null
    for (const prop of Object.keys(entry)) {
      const list = heads.get(`history\u0000${String(entry.id)}\u0000${prop}`)
      if (!list?.length) continue
      copy ??= { ...entry }
      copy[prop] = list.length === 1 ? list[0]!.value : REDACTED
    }
    return copy ?? entry
  })
  return { ...ticket, history }
}

/** Whether an archived order is past the shop's retention period (months) at `now`. */
export function pastRetention(ticket: TicketLike, months: number, now: Date): boolean {
  if (!ticket.archivedAt) return false
  const archived = new Date(ticket.archivedAt)
  if (Number.isNaN(archived.getTime())) return false
  const limit = new Date(now.getTime())
  limit.setMonth(limit.getMonth() - months)
  return archived.getTime() < limit.getTime()
}
