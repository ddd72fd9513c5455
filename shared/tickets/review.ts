import { normalizeOrderNo } from './intake'
import { OPEN_STATUSES, type Platform, type Ticket } from './model'
import { isoMs, toMs, type TimeInput } from './sla'
import { answeredSinceResolution } from './workflow'

/**
 * Helpers for the desk's queues and the end-of-day review (每日整理, issue 6 items 1, 4, 7).
 */

/** Open orders with the same platform and order number: offered instead of a duplicate. */
export function openDuplicates(
  tickets: Iterable<Ticket>,
  platform: Platform,
  orderNo: string,
): Ticket[] {
  const wanted = normalizeOrderNo(orderNo)
  if (!wanted) return []
  const out: Ticket[] = []
  for (const t of tickets) {
    if (
      t.platform === platform &&
      OPEN_STATUSES.has(t.status) &&
      t.orderNo &&
      normalizeOrderNo(t.orderNo) === wanted
    ) {
      out.push(t)
    }
  }
  return out
}

/** Whether the order belongs in the "follow up now" (待跟进) queue. */
export function followUpDue(ticket: Ticket, now: TimeInput): boolean {
  return (
    OPEN_STATUSES.has(ticket.status) &&
    !!ticket.nextFollowUpAt &&
    isoMs(ticket.nextFollowUpAt) <= toMs(now)
  )
}

export type ReviewGap =
  'no_order_no' | 'no_resolution_note' | 'no_satisfaction' | 'no_follow_up_today'

export const REVIEW_GAP_LABELS: Record<ReviewGap, string> = {
  no_order_no: '缺少订单编号',
  no_resolution_note: '已解决但没有处理结果',
  no_satisfaction: '已解决但未记录顾客满意度',
  no_follow_up_today: '未结工单今天没有跟进记录',
}

/** What is missing from an order's record at the end of a day [from, to). */
export function reviewGaps(ticket: Ticket, day: { from: TimeInput; to: TimeInput }): ReviewGap[] {
  const gaps: ReviewGap[] = []
  if (!ticket.orderNo?.trim()) gaps.push('no_order_no')
  if (ticket.status === 'resolved') {
    if (!ticket.resolutionNote?.trim()) gaps.push('no_resolution_note')
    if (!answeredSinceResolution(ticket)) gaps.push('no_satisfaction')
  }
  if (OPEN_STATUSES.has(ticket.status)) {
    const fromMs = toMs(day.from)
    const endMs = toMs(day.to)
    const followed = ticket.history.some((h) => {
      if (h.type !== 'reply' && h.type !== 'customer_update' && h.type !== 'department_contact')
        return false
      const ms = isoMs(h.at)
      return ms >= fromMs && ms < endMs
    })
    if (!followed) gaps.push('no_follow_up_today')
  }
  return gaps
}

export interface DailyReview {
  /** The day's orders with something to fix, with what. */
  incomplete: Array<{ ticket: Ticket; gaps: ReviewGap[] }>
  /** Resolved orders that may be archived now (answered, or unanswered long enough: 未评价). */
  archivable: Ticket[]
}

/**
 * The end-of-day review for one person (or everyone): their open and resolved orders, and
 * orders they created or worked on during the day. `archivable` is judged at `day.to`: pass
 * the current time as `to` when the review ends now, as `transition('archive')` checks it then.
 */
export function dailyReview(
  tickets: Iterable<Ticket>,
  day: { from: TimeInput; to: TimeInput; personIds?: readonly string[] },
  archiveUnratedAfterDays = 3,
): DailyReview {
  const people = day.personIds ? new Set(day.personIds) : null
  const fromMs = toMs(day.from)
  const endMs = toMs(day.to)
  const incomplete: DailyReview['incomplete'] = []
  const archivable: Ticket[] = []
  for (const t of tickets) {
    if (t.status === 'archived') continue
    const mine = !people || people.has(t.assignee)
    const workedToday =
      inDay(t.createdAt, fromMs, endMs) && (!people || people.has(t.createdBy))
        ? true
        : t.history.some((h) => (!people || people.has(h.by)) && inDay(h.at, fromMs, endMs))
    // Resolved orders stay on the list until archived: they still wait for an answer.
    if (!(workedToday || (mine && (OPEN_STATUSES.has(t.status) || t.status === 'resolved'))))
      continue
    const gaps = reviewGaps(t, day)
    if (gaps.length) incomplete.push({ ticket: t, gaps })
    if (t.status === 'resolved' && mine) {
      const resolvedMs = t.resolvedAt ? isoMs(t.resolvedAt) : Infinity
      if (
        answeredSinceResolution(t) ||
        endMs - resolvedMs >= archiveUnratedAfterDays * 86_400_000
      ) {
        archivable.push(t)
      }
    }
  }
  return { incomplete, archivable }
}

function inDay(at: string, fromMs: number, endMs: number): boolean {
  const ms = isoMs(at)
  return ms >= fromMs && ms < endMs
}
