import {
  QUEUES,
  type ListResult,
  type ListSort,
  type QueueCounts,
  type QueueName,
  type TicketFilters,
} from '../../../shared/api/tickets'
import type { Person } from '../../../shared/auth/roles'
import { OPEN_STATUSES, PRIORITIES, type TicketStatus } from '../../../shared/tickets/model'
import { slaState, type SlaState } from '../../../shared/tickets/sla'
import {
  handlesAll,
  isTicketDoc,
  ticketOf,
  TICKET,
  type DeskDeps,
  type DeskTicket,
  type ViewContext,
} from './common'
import { toView } from './views'

/**
 * The queues (issue 6 item 5). "Own" means assigned or transferred to the person; a supervisor's
 * breaching-soon, follow-up, waiting and today queues cover everyone.
 */

interface Row {
  t: DeskTicket
  sla: SlaState
}

function dayStartMs(nowMs: number, offsetMin: number): number {
  const shifted = nowMs + offsetMin * 60_000
  return shifted - (shifted % 86_400_000) - offsetMin * 60_000
}

function isOpen(t: DeskTicket): boolean {
  return OPEN_STATUSES.has(t.status)
}

function mineOrTransferred(t: DeskTicket, p: Person): boolean {
  return t.assignee === p.id || t.transferredTo === p.id
}

export function inQueue(
  queue: QueueName,
  row: Row,
  p: Person,
  vc: ViewContext,
  todayStart: number,
): boolean {
  const { t, sla } = row
  const scoped = handlesAll(p) || mineOrTransferred(t, p)
  switch (queue) {
    case 'mine':
      return isOpen(t) && t.assignee === p.id
    case 'transferred':
      return isOpen(t) && t.transferredTo === p.id
    case 'team':
      return (
        isOpen(t) && (p.teams.length === 0 ? handlesAll(p) : !!t.team && p.teams.includes(t.team))
      )
    case 'breachingSoon':
      // Close to a limit and not yet past any: overdue orders have their own queue.
      return isOpen(t) && scoped && !overdue(sla) && running(sla, (c) => c.warning)
    case 'breached':
      return isOpen(t) && scoped && overdue(sla)
    case 'followUpNow':
      return isOpen(t) && scoped && !!t.nextFollowUpAt && Date.parse(t.nextFollowUpAt) <= vc.now
    case 'waiting':
      return scoped && (t.status === 'waiting_customer' || t.status === 'waiting_department')
    case 'today':
      return scoped && Date.parse(t.createdAt) >= todayStart
    case 'all':
      return true
  }
}

/** Whether a running clock (not done, not paused) meets `test`. */
function running(sla: SlaState, test: (c: { warning: boolean; breached: boolean }) => boolean) {
  const p = sla.platformDeadline
  return (
    [sla.firstResponse, sla.resolution].some((c) => !c.done && !c.paused && test(c)) ||
    (!!p && !p.done && test(p))
  )
}

/** A running clock is past its limit. */
function overdue(sla: SlaState): boolean {
  return running(sla, (c) => c.breached)
}

function matchesFilters(t: DeskTicket, f: TicketFilters): boolean {
  if (f.status?.length && !f.status.includes(t.status)) return false
  if (f.category?.length && !f.category.includes(t.category)) return false
  if (f.platform?.length && !f.platform.includes(t.platform)) return false
  if (f.shopId?.length && !f.shopId.includes(t.shopId)) return false
  if (f.priority?.length && !f.priority.includes(t.priority)) return false
  if (f.personId && t.assignee !== f.personId && t.transferredTo !== f.personId) return false
  const at = Date.parse(t.messageAt)
  if (f.from && at < Date.parse(f.from)) return false
  if (f.to && at > Date.parse(f.to)) return false
  return true
}

function monthOf(iso: string): string {
  return iso.slice(0, 7)
}

/** Archived months only when the filters ask for archived orders. */
function archivedRange(f: TicketFilters): false | { from?: string; to?: string } {
  const wantsArchived = f.status?.includes('archived' as TicketStatus) ?? false
  if (!wantsArchived) return false
  // Archived orders live in the month they were archived, which is on or after the message.
  return f.from ? { from: monthOf(f.from) } : {}
}

const PRIORITY_RANK = new Map(PRIORITIES.map((p, i) => [p, i]))

function dueMs(r: Row): number {
  const c = [r.sla.firstResponse, r.sla.resolution].filter((x) => !x.done && x.dueAt)
  let best = Infinity
  for (const x of c) best = Math.min(best, Date.parse(x.dueAt!))
  const p = r.sla.platformDeadline
  if (p && !p.done) best = Math.min(best, Date.parse(p.dueAt))
  return best
}

function comparator(sort: ListSort, dir: 'asc' | 'desc'): (a: Row, b: Row) => number {
  const sign = dir === 'asc' ? 1 : -1
  const key = (r: Row): number | string => {
    switch (sort) {
      case 'slaDue':
        return dueMs(r)
      case 'priority':
        return PRIORITY_RANK.get(r.t.priority) ?? 9
      case 'messageAt':
        return Date.parse(r.t.messageAt)
      case 'createdAt':
        return Date.parse(r.t.createdAt)
      case 'updatedAt':
        return r.t.updated
    }
  }
  return (a, b) => {
    const x = key(a)
    const y = key(b)
    if (x !== y) return (x < y ? -1 : 1) * sign
    return a.t.id < b.t.id ? -1 : a.t.id > b.t.id ? 1 : 0
  }
}

function rows(
  deps: Pick<DeskDeps, 'store'>,
  vc: ViewContext,
  includeArchived: false | { from?: string; to?: string },
): Row[] {
  const out: Row[] = []
  const docs = includeArchived
    ? deps.store.query(TICKET, { includeArchived }).items
    : [...deps.store.all(TICKET)]
  for (const doc of docs) {
    if (!isTicketDoc(doc)) continue
    const t = ticketOf(doc)
    out.push({ t, sla: slaState(t, vc.now, vc.sla) })
  }
  return out
}

export function listTickets(
  deps: Pick<DeskDeps, 'store'>,
  p: Person,
  vc: ViewContext,
  q: {
    queue: QueueName
    filters: TicketFilters
    offset: number
    limit: number
    sort?: ListSort
    dir?: 'asc' | 'desc'
  },
): ListResult {
  const todayStart = dayStartMs(vc.now, vc.sla.calendar.utcOffsetMinutes)
  const all = rows(deps, vc, archivedRange(q.filters))
  const hit = all.filter(
    (r) => inQueue(q.queue, r, p, vc, todayStart) && matchesFilters(r.t, q.filters),
  )
  const sort = q.sort ?? (q.queue === 'today' || q.queue === 'all' ? 'messageAt' : 'slaDue')
  const dir = q.dir ?? (sort === 'slaDue' || sort === 'priority' ? 'asc' : 'desc')
  hit.sort(comparator(sort, dir))
  return {
    total: hit.length,
    items: hit.slice(q.offset, q.offset + q.limit).map((r) => toView(r.t, vc, r.sla)),
  }
}

export function queueCounts(
  deps: Pick<DeskDeps, 'store'>,
  p: Person,
  vc: ViewContext,
): QueueCounts {
  const todayStart = dayStartMs(vc.now, vc.sla.calendar.utcOffsetMinutes)
  const counts = Object.fromEntries(QUEUES.map((q) => [q, 0])) as QueueCounts
  for (const r of rows(deps, vc, false)) {
    for (const q of QUEUES) if (inQueue(q, r, p, vc, todayStart)) counts[q]++
  }
  return counts
}
