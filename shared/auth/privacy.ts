import type { Change } from '../data/ops'
import { findPersonalData, maskAddress, maskContact, maskFreeText, maskName } from './mask'
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
  maskFreeTextFields(out)
  out.contactMasked = true
  out.canReveal = canRevealContact(person, ticket)
  return out as unknown as Masked<T>
}

/** Fields holding ids, not free text: never scanned for phone numbers typed in. */
const ID_FIELDS = new Set(['orderNo', 'trackingNo', 'buyerId', 'afterSaleNo', 'refundNo'])

function maskTextsOf(record: Record<string, unknown>, skip: (k: string) => boolean): boolean {
  let changed = false
  for (const [k, v] of Object.entries(record)) {
    if (skip(k) || typeof v !== 'string' || !v) continue
    const masked = maskFreeText(v)
    if (masked !== v) {
      record[k] = masked
      changed = true
    }
  }
  return changed
}

/**
 * Masks phone numbers, ID numbers and detailed addresses typed into an order's free text (its
 * description, resolution and every history entry's texts), in place on a copy the caller owns.
 */
export function maskFreeTextFields(out: Record<string, unknown>): void {
  maskTextsOf(
    out,
    (k) =>
      STRUCTURAL.has(k) ||
      ID_FIELDS.has(k) ||
      (PERSONAL_FIELDS as readonly string[]).includes(k) ||
      k === 'history',
  )
  const history = out.history
  if (Array.isArray(history)) {
    out.history = history.map((entry: unknown) => {
      if (typeof entry !== 'object' || entry === null) return entry
      const copy = { ...(entry as Record<string, unknown>) }
      return maskTextsOf(copy, (k) => STRUCTURAL.has(k) || ID_FIELDS.has(k)) ? copy : entry
    })
  }
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

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Between digits as people type them: spaces (also ideographic), ASCII and full-width dashes. */
const DIGIT_SEP = '[\\s\\u3000\\-\\uFF0D\\u2010-\\u2014().\\uFF08\\uFF09]*'

function digitClass(d: string): string {
  return `[${d}\\u${(0xff10 + Number(d)).toString(16).toUpperCase()}]`
}

/** A pattern source for one value in every form it is typed or stored in. */
function valuePattern(v: string): string | null {
  const s = v.trim()
  if (!s || s === REDACTED) return null
  const ascii = s.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  const d = digits(ascii)
  if (d.length >= 7 && /^[+\uFF0B\d\s\u3000()\uFF08\uFF09\-\uFF0D]+$/.test(ascii)) {
    // A phone number: its national digits, with any separators, full-width digits and an
    // optional +86 / 0086 / 86 before it.
    const national = d.length > 11 && d.startsWith('86') ? d.slice(2) : d.replace(/^0086/, '')
    const body = national.split('').map(digitClass).join(DIGIT_SEP)
    return `(?:(?:[+\\uFF0B]|00)?(?:86|\\uFF18\\uFF16)${DIGIT_SEP})?${body}`
  }
  // Text (a name, an address, a buyer id): the same characters with any whitespace between.
  const chars = [...s.replace(/\s+/g, '')]
  if (chars.length < 2) return null
  return chars.map(escapeRe).join('\\s*')
}

/**
 * One matcher for a set of personal values in every form (phone numbers with spaces, dashes,
 * +86, full-width digits; names and addresses with or without spaces): replaces each occurrence
 * with 〔已删除〕. Null when no value can be matched.
 */
export function strikePattern(values: readonly string[]): RegExp | null {
  const sources = [...new Set(values)]
    .sort((a, b) => b.length - a.length)
    .map(valuePattern)
    .filter((p): p is string => p !== null)
  if (sources.length === 0) return null
  return new RegExp(sources.join('|'), 'giu')
}

/** The text with every personal value struck out, or null when it holds none. */
export function strikeOut(text: string, values: string[] | RegExp | null): string | null {
  const re = values instanceof RegExp || values === null ? values : strikePattern(values)
  if (!re) return null
  re.lastIndex = 0
  const out = text.replace(re, REDACTED)
  return out === text ? null : out
}

/** Every string inside a JSON value with the values struck out; the same object when none held one. */
export function strikeDeep<T>(value: T, re: RegExp | null): T {
  if (!re) return value
  if (typeof value === 'string') return (strikeOut(value, re) ?? value) as T
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null
    value.forEach((v, i) => {
      const w = strikeDeep(v, re)
      if (w !== v) (copy ??= [...value])[i] = w
    })
    return (copy ?? value) as T
  }
  if (typeof value === 'object' && value !== null) {
    let copy: Record<string, unknown> | null = null
    for (const [k, v] of Object.entries(value)) {
      const w = strikeDeep(v, re)
      if (w !== v) {
        copy ??= Object.assign(
          Object.create(Object.getPrototypeOf(value) as object | null) as object,
          value,
        ) as Record<string, unknown>
        copy[k] = w
      }
    }
    return (copy ?? value) as T
  }
  return value
}

/** Values an erasure strikes: `all` out of the erased orders, `strong` out of everything else. */
export interface ErasureValues {
  all: string[]
  /**
   * Values that cannot be someone else's by chance (phone and ID numbers, addresses, long
   * ids): struck out of every other record too (drafts, audit, set-aside copies). A short
   * name (张伟) is not: it would strike a colleague of the same name.
   */
  strong: string[]
}

/**
 * The personal values of an order to strike on erasure: its name, contact, address and buyer
 * id, the detailed part of the address, and every phone number, ID number and detailed address
 * typed into its free text (findPersonalData).
 */
export function erasureValues(ticket: TicketLike, extra: readonly string[] = []): ErasureValues {
  const all = new Set<string>()
  const strong = new Set<string>()
  const record = ticket as unknown as Record<string, unknown>
  const put = (v: string, isStrong: boolean): void => {
    const t = v.trim()
    if ([...t].length < 2 || t === REDACTED) return
    all.add(t)
    if (isStrong) strong.add(t)
  }
  const phoneLike = (v: string): boolean => digits(v).length >= 7 && /^[+\d\s()-]+$/.test(v.trim())
  for (const f of PERSONAL_FIELDS) {
    const v = record[f]
    if (typeof v !== 'string') continue
    put(v, phoneLike(v) || [...v.trim()].length >= 6)
  }
  for (const v of extra) put(v, phoneLike(v) || [...v.trim()].length >= 6)
  const address = typeof record.address === 'string' ? record.address.trim() : ''
  if (address && address !== REDACTED) {
    const prefix =
      /^((?:[^省市区县]{2,8}?(?:省|自治区))?(?:[^省市区县]{2,10}?(?:市|自治州|地区|盟))?(?:[^省市区县]{1,10}?(?:区|县|市|旗))?)/.exec(
        address,
      )?.[1] ?? ''
    const detail = address.slice(prefix.length).trim()
    if ([...detail].length >= 4) put(detail, true)
  }
  const collect = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const span of findPersonalData(v)) put(span.text, true)
    } else if (Array.isArray(v)) v.forEach(collect)
    else if (typeof v === 'object' && v !== null) {
      for (const [k, w] of Object.entries(v))
        if (!STRUCTURAL.has(k) && !ID_FIELDS.has(k)) collect(w)
    }
  }
  collect(record)
  return { all: [...all], strong: [...strong] }
}

/** Free-text fields of an order and of its history entries (shared/tickets/model.ts). */
const FREE_TEXT = new Set([
  'description',
  'resolutionNote',
  'text',
  'reason',
  'discussed',
  'agreed',
  'measure',
  'handoverNote',
  'comment',
  'steps',
  'confirmation',
  'note',
])

function blankText(v: unknown): unknown {
  if (typeof v === 'string') return v === '' ? v : REDACTED
  if (Array.isArray(v)) return v.map(blankText)
  return v
}

function maskDetected(v: string): string {
  const spans = findPersonalData(v)
  if (!spans.length) return v
  let out = ''
  let at = 0
  for (const s of spans) {
    out += v.slice(at, s.start) + REDACTED
    at = s.end
  }
  return out + v.slice(at)
}

/**
 * The value of an op of an erased order stamped before its erasure and received after it (a
 * late op): its free text and personal fields read 〔已删除〕 (the values it may hold are not
 * known here any more: the erasure kept none), phone and ID numbers and addresses anywhere
 * else in it are struck; ids, types, times, people and statuses stay.
 */
export function blankFreeText(value: unknown, field?: string): unknown {
  if (field !== undefined) {
    if (STRUCTURAL.has(field) || ID_FIELDS.has(field)) return value
    if (FREE_TEXT.has(field) || (PERSONAL_FIELDS as readonly string[]).includes(field))
      return blankText(value)
  }
  if (typeof value === 'string') return maskDetected(value)
  if (Array.isArray(value)) return value.map((v) => blankFreeText(v))
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = blankFreeText(v, k)
    return out
  }
  return value
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
  const values = strikePattern(erasureValues(ticket, opts.extraValues ?? []).all)
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
