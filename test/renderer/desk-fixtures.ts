import { afterAll, beforeAll } from 'vitest'
import type { SlaSummary, TicketView } from '../../shared/api/tickets'

/** A list row as the service sends it (contacts masked), the `i`th of a queue. */
export function ticketView(i: number, over: Partial<TicketView> = {}): TicketView {
  const at = new Date(Date.UTC(2025, 4, 1, 2, 0) + i * 60_000).toISOString()
  const sla: SlaSummary = {
    state: 'paused',
    kind: 'resolution',
    dueAt: null,
    remainingMin: null,
    breached: [],
  }
  return {
    id: `t${i}`,
    status: 'processing',
    platform: 'pdd',
    shopId: 's1',
    shopName: '拼多多旗舰店',
    channel: 'chat',
    category: 'logistics',
    priority: 'normal',
    orderNo: `240501-${String(i).padStart(12, '0')}`,
    buyerId: `pdd_buyer${i}`,
    customerName: '张*',
    contact: '138****1234',
    summary: `第 ${i} 号订单：快递三天没有更新`,
    assignee: 'p1',
    assigneeName: '小李',
    transferredTo: null,
    team: null,
    messageAt: at,
    createdAt: at,
    createdBy: 'p1',
    firstReplyAt: at,
    resolvedAt: null,
    archivedAt: null,
    nextFollowUpAt: null,
    satisfaction: null,
    archivedUnrated: false,
    updated: at,
    sla,
    contactMasked: true,
    canReveal: true,
    canAct: true,
    ...over,
  }
}

/**
 * jsdom lays nothing out: for the duration of the file, the order list's scroll box reports
 * the size it has on screen, so the virtualiser has a viewport to fill.
 */
export function listViewport(height: number, width = 400): void {
  const saved = {
    clientHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'),
    clientWidth: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth'),
  }
  beforeAll(() => {
    for (const [prop, size] of [
      ['clientHeight', height],
      ['clientWidth', width],
    ] as const) {
      Object.defineProperty(HTMLElement.prototype, prop, {
        configurable: true,
        get(this: HTMLElement) {
          return this.classList.contains('ticket-list') ? size : 0
        },
      })
    }
  })
  afterAll(() => {
    for (const [prop, d] of Object.entries(saved)) {
      if (d) Object.defineProperty(HTMLElement.prototype, prop, d)
    }
  })
}
