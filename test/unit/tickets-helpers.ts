import type { Ticket } from '../../shared/tickets/model'
import {
  applyTransition,
  recordEntry,
  transition,
  type RecordInput,
  type TicketAction,
} from '../../shared/tickets/workflow'

/** Shanghai wall-clock time "2024-03-04 10:00" as an ISO instant (UTC). */
export function cst(local: string): string {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString()
}

let seq = 0
export const newId = () => `e${++seq}`

export function makeTicket(over: Partial<Ticket> = {}): Ticket {
  const createdAt = over.createdAt ?? cst('2024-03-04 10:00')
  return {
    id: over.id ?? `t${++seq}`,
    platform: 'pdd',
    shopId: 'shop-1',
    channel: 'chat',
    messageAt: createdAt,
    orderNo: '240301-123456789012345',
    buyerId: 'buyer_01',
    customerName: '王女士',
    contact: '13800138000',
    description: '收到的杯子有裂痕，要求换货',
    category: 'quality',
    priority: 'normal',
    status: 'new',
    assignee: 'agent-a',
    createdBy: 'agent-a',
    createdAt,
    history: [],
    ...over,
  }
}

/** Runs an action through the state machine and applies its result, as a service would. */
export function act(
  t: Ticket,
  action: TicketAction,
  by: string,
  at: string,
  extra: { isSupervisor?: boolean; archiveUnratedAfterDays?: number } = {},
): Ticket {
  return applyTransition(t, transition(t, action, { by, dev: 'pc-1', at, newId, ...extra }))
}

export function rec(t: Ticket, input: RecordInput, by: string, at: string): Ticket {
  const r = recordEntry(t, input, { by, dev: 'pc-1', at, newId })
  return applyTransition(t, { status: t.status, ...r })
}
