import type { HistoryEntry, Ticket } from './model'
import { isoMs } from './sla'

/**
 * The one definition of the first response (首次响应), read by the desk's clock, the history,
 * the SLA breach records, shift summaries and reports (docs/ARCHITECTURE.md §8):
 *
 * the recorded time of the first action that reached the customer —
 * - a reply (`reply`, unless recorded with `firstResponse: false`, e.g. an automatic greeting);
 * - a progress update told to the customer (`customer_update`);
 * - a question sent while marking 等待顾客回复 (a `reply` entry with `question: true`);
 * - a simple case resolved on the spot with the customer's confirmation (`steps` with
 *   `customerConfirmed`).
 * A contact made outside the app (platform chat, phone) and recorded afterwards carries the
 * time it was sent (`sentAt`, bounded between the customer's message and the recording); that
 * time is the response time. An order that never had any of these has no first response: while
 * open its clock runs; once closed (a duplicate, a mistake) it is left out of first-response
 * figures and shows no clock.
 */

export const FIRST_RESPONSE_KINDS = [
  'reply',
  'customer_update',
  'question',
  'simple_resolve',
] as const
export type FirstResponseKind = (typeof FIRST_RESPONSE_KINDS)[number]

export interface FirstResponse {
  /** Epoch ms the customer was reached. */
  ms: number
  /** Who reached them. */
  by: string
  kind: FirstResponseKind
  /** The history entry, when known (absent when read from the materialised field only). */
  entryId?: string
}

/** Whether and how this entry reached the customer; null for entries that did not. */
export function responseOf(h: HistoryEntry): { ms: number; kind: FirstResponseKind } | null {
  switch (h.type) {
    case 'reply':
      if (h.firstResponse === false) return null
      return { ms: isoMs(h.sentAt ?? h.at), kind: h.question ? 'question' : 'reply' }
    case 'customer_update':
      return { ms: isoMs(h.sentAt ?? h.at), kind: 'customer_update' }
    case 'steps':
      return h.customerConfirmed ? { ms: isoMs(h.at), kind: 'simple_resolve' } : null
    default:
      return null
  }
}

/**
 * The order's first response from its history (earliest counting entry; ties by id), or the
 * materialised `firstReplyAt` of an order whose entries are not all here yet; null if none.
 */
export function firstResponseOf(
  ticket: Pick<Ticket, 'history' | 'firstReplyAt' | 'assignee'>,
): FirstResponse | null {
  let best: FirstResponse | null = null
  for (const h of ticket.history) {
    const r = responseOf(h)
    if (!r) continue
    if (!best || r.ms < best.ms || (r.ms === best.ms && h.id < (best.entryId ?? ''))) {
      best = { ms: r.ms, by: h.by, kind: r.kind, entryId: h.id }
    }
  }
  if (best) return best
  if (ticket.firstReplyAt)
    return { ms: isoMs(ticket.firstReplyAt), by: ticket.assignee, kind: 'reply' }
  return null
}

/**
 * Whole minutes late as the screen says them (rounded like every duration shown); 0 means
 * under half a minute, which the screen never shows as 「超时 0 分钟」.
 */
export function overdueMinutes(remainingMin: number | null): number {
  if (remainingMin === null || remainingMin >= 0) return 0
  return Math.round(-remainingMin)
}
