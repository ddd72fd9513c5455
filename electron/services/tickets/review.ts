import type {
  ArchiveResult,
  ReviewItem,
  ReviewProblem,
  ReviewResult,
} from '../../../shared/api/tickets'
import type { Person } from '../../../shared/auth/roles'
import { AppError } from '../../../shared/errors'
import { OPEN_STATUSES } from '../../../shared/tickets/model'
import { answeredSinceResolution } from '../../../shared/tickets/workflow'
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
import { act, type Actor } from './workflow'

/**
 * End-of-day review (每日整理, DOMAIN step 7): the day's orders whose records are incomplete,
 * listed for fixing, and the resolved orders that may now be archived in one action.
 */

const DAY_MS = 86_400_000

/** Local midnight of `date` (YYYY-MM-DD) in the shop's time zone, as epoch ms. */
function dayBounds(date: string, offsetMin: number): [number, number] {
  const start = Date.parse(`${date}T00:00:00Z`) - offsetMin * 60_000
  return [start, start + DAY_MS]
}

export function localDate(ms: number, offsetMin: number): string {
  return new Date(ms + offsetMin * 60_000).toISOString().slice(0, 10)
}

function problemsOf(t: DeskTicket, start: number, end: number): ReviewProblem[] {
  const out: ReviewProblem[] = []
  // A suggestion often comes without an order; everything else needs one for lookup and statistics.
  if (!t.orderNo && t.category !== 'suggestion') out.push('no_order_no')
  if ((t.status === 'resolved' || t.status === 'archived') && !t.resolutionNote)
    out.push('no_resolution_note')
  if (t.status === 'resolved' && !answeredSinceResolution(t)) out.push('no_satisfaction')
  if (OPEN_STATUSES.has(t.status)) {
    const worked = t.history.some((h) => {
      if (h.type === 'sla_breach') return false
      const at = Date.parse(h.at)
      return at >= start && at < end
    })
    if (!worked) out.push('no_follow_up_today')
  }
  return out
}

function archivable(t: DeskTicket, nowMs: number, days: number): boolean {
  if (t.status !== 'resolved') return false
  if (answeredSinceResolution(t)) return true
  return !!t.resolvedAt && nowMs - Date.parse(t.resolvedAt) >= days * DAY_MS
}

export function review(
  deps: Pick<DeskDeps, 'store'>,
  p: Person,
  vc: ViewContext,
  q: { date?: string; personId?: string },
): ReviewResult {
  const offset = vc.sla.calendar.utcOffsetMinutes
  const date = q.date ?? localDate(vc.now, offset)
  const [start, end] = dayBounds(date, offset)
  const everyone = handlesAll(p)
  const whose = q.personId ?? (everyone ? null : p.id)
  if (!everyone && whose !== p.id) {
    throw new AppError('forbidden', '没有权限：只能整理自己的工单')
  }
  const incomplete: ReviewItem[] = []
  const ready = []
  for (const doc of deps.store.all(TICKET)) {
    if (!isTicketDoc(doc)) continue
    const t = ticketOf(doc)
    if (whose && t.assignee !== whose && t.transferredTo !== whose) continue
    const created = Date.parse(t.createdAt)
    if (created >= end) continue
    // The day's orders: received that day, or still open / awaiting archive from before.
    const ofTheDay = created >= start || t.status !== 'archived'
    if (!ofTheDay) continue
    const problems = problemsOf(t, start, end)
    if (problems.length) incomplete.push({ ticket: toView(t, vc), problems })
    if (archivable(t, vc.now, vc.sla.archiveUnratedAfterDays)) ready.push(toView(t, vc))
  }
  incomplete.sort((a, b) => (a.ticket.messageAt < b.ticket.messageAt ? -1 : 1))
  ready.sort((a, b) => ((a.resolvedAt ?? '') < (b.resolvedAt ?? '') ? -1 : 1))
  return { date, incomplete, archivable: ready }
}

export async function archiveResolved(
  deps: DeskDeps,
  actor: Actor,
  ids: string[],
): Promise<ArchiveResult> {
  const result: ArchiveResult = { archived: [], skipped: [] }
  for (const id of [...new Set(ids)]) {
    try {
      await act(deps, actor, id, { type: 'archive' })
      result.archived.push(id)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      result.skipped.push({ id, message: err.message })
    }
  }
  return result
}
