import { randomBytes } from 'node:crypto'
import { canOn, scopeOf } from '../../../shared/auth/permissions'
import type { Redaction } from '../../../shared/auth/privacy'
import type { Person } from '../../../shared/auth/roles'
import { materialize } from '../../../shared/data/merge'
import type { Change, Doc, Op } from '../../../shared/data/ops'
import { AppError, ErrorCode } from '../../../shared/errors'
import type { HistoryEntry, Ticket, TicketStatus } from '../../../shared/tickets/model'
import type { TicketPatch } from '../../../shared/tickets/workflow'
import type { SlaSettings } from '../../../shared/tickets/sla'
import type { Shop } from '../../../shared/api/shop'
import type { Adapters } from '../../adapters/types'
import type { CallContext } from '../../context'
import type { QueryOptions, StoreChange } from '../../store'
import { live } from '../doc-store'
import { readShops, readSlaSettings } from '../shop'

export const TICKET = 'ticket'
export const PERSON = 'person'
export const HISTORY = 'history'
/** Author of what the app records by itself (SLA breaches), as in the audit trail. */
export const SYSTEM = 'system'

/** The part of the data core the ticket desk uses. */
export interface TicketStore {
  commit(by: string, changes: Change[]): Promise<Op[]>
  get(entity: string, id: string): Doc | undefined
  all(entity: string): Iterable<Doc>
  query(entity: string, q?: QueryOptions): { items: Doc[]; total: number }
  subscribe(listener: (change: StoreChange) => void): () => void
  opsAfter(cursor: string | null, limit?: number): Op[]
  retain(name: string, cursor: string | null): void
  clock(): string
}

export interface DeskDeps {
  dataDir: string
  /** This PC (stamped on what the app records by itself). */
  device: { id: string; name: string }
  store: TicketStore
  adapters: Pick<Adapters, 'notifications'>
  /** Who is signed in on this PC (for SLA warnings). */
  signedIn: () => string[]
  now: () => number
}

/** A ticket as the desk reads it: materialised, with its history oldest first. */
export type StoredEntry = HistoryEntry & { devName?: string; _hlc?: string; _by?: string }
export type DeskTicket = Ticket & {
  history: StoredEntry[]
  nextFollowUpAt?: string
  redactions?: Redaction[]
  updated: string
}

export function ticketOf(doc: Doc): DeskTicket {
  const t = materialize<DeskTicket>(doc)
  // A cleared field is stored as null; the shared ticket logic reads "absent".
  const rec = t as unknown as Record<string, unknown>
  for (const k of Object.keys(rec)) if (rec[k] === null) delete rec[k]
  if (!Array.isArray(t.history)) t.history = []
  t.updated = doc.updated
  return t
}

export function isTicketDoc(doc: Doc | undefined): doc is Doc {
  return (
    live(doc) && typeof doc.fields.status === 'string' && typeof doc.fields.assignee === 'string'
  )
}

export function loadTicket(store: Pick<TicketStore, 'get'>, id: string): DeskTicket {
  const doc = store.get(TICKET, id)
  if (!isTicketDoc(doc))
    throw new AppError('ticket_not_found', '找不到此工单，可能已被删除或尚未同步到本机')
  return ticketOf(doc)
}

export function newId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(5).toString('hex')}`
}

export function requirePerson(ctx: Pick<CallContext, 'person'>): Person {
  if (!ctx.person) throw new AppError(ErrorCode.notSignedIn, '请先登录')
  return ctx.person
}

/** Whose order this is for the permission table: the assignee, the specialist, the team. */
export function ownerOf(t: Pick<Ticket, 'assignee' | 'transferredTo' | 'team'>) {
  return { people: [t.assignee, t.transferredTo], team: t.team ?? null }
}

/** Agents and specialists act on their own and transferred orders; supervisors on all. */
export function canAct(
  person: Person | null,
  t: Pick<Ticket, 'assignee' | 'transferredTo' | 'team'>,
): boolean {
  return canOn(person, 'tickets.handle', ownerOf(t))
}

export function requireAct(person: Person, t: DeskTicket): void {
  if (!canAct(person, t)) {
    throw new AppError(
      ErrorCode.forbidden,
      '没有权限：只能处理指派或转办给你的工单；如需接手请联系客服主管改派',
    )
  }
}

/** A supervisor (or admin): handles everyone's orders. */
export function handlesAll(person: Person | null): boolean {
  return scopeOf(person, 'tickets.handle') === 'all'
}

/** Fields of a patch as `set` ops (`null` clears: stored as null, read as absent). */
export function patchChanges(id: string, patch: Record<string, unknown>): Change[] {
  const out: Change[] = []
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue
    out.push({ entity: TICKET, id, kind: 'set', field, value })
  }
  return out
}

/** History entries as `add` ops into the grow-only set, each stamped with the PC's name. */
export function entryChanges(id: string, entries: HistoryEntry[], devName: string): Change[] {
  return entries.map((e) => ({
    entity: TICKET,
    id,
    kind: 'add',
    field: HISTORY,
    value: { ...e, devName },
  }))
}

/** One order's change: status (when it moves), fields, and the entries recording it. */
export function ticketChanges(
  t: DeskTicket,
  status: TicketStatus | null,
  patch: TicketPatch | Record<string, unknown>,
  entries: HistoryEntry[],
  devName: string,
): Change[] {
  const fields: Record<string, unknown> = { ...patch }
  if (status && status !== t.status) fields.status = status
  return [...patchChanges(t.id, fields), ...entryChanges(t.id, entries, devName)]
}

/** Stored `null` means cleared. */
export function present<T>(v: T | null | undefined): v is T {
  return v !== null && v !== undefined
}

export function personNames(store: Pick<TicketStore, 'all'>): Map<string, string> {
  const names = new Map<string, string>([[SYSTEM, '系统']])
  for (const doc of store.all(PERSON)) {
    if (typeof doc.fields.name === 'string') names.set(doc.id, doc.fields.name)
  }
  return names
}

/** What views need besides the ticket, read once per call. */
export interface ViewContext {
  person: Person | null
  now: number
  sla: SlaSettings
  names: Map<string, string>
  shops: Map<string, Shop>
}

export function viewContext(
  deps: Pick<DeskDeps, 'store' | 'now'>,
  person: Person | null,
): ViewContext {
  return {
    person,
    now: deps.now(),
    sla: readSlaSettings(deps.store),
    names: personNames(deps.store),
    shops: new Map(readShops(deps.store).map((s) => [s.id, s])),
  }
}
