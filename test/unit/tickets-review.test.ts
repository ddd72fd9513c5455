import { describe, expect, it } from 'vitest'
import { dailyReview, followUpDue, openDuplicates, reviewGaps } from '../../shared/tickets/review'
import { act, cst, makeTicket, rec } from './tickets-helpers'

const day = { from: cst('2024-03-04 00:00'), to: cst('2024-03-05 00:00') }

describe('queues and the end-of-day review', () => {
  it('an open order with the same order number is offered instead of a duplicate', () => {
    const open = makeTicket({ id: 'open', orderNo: '240301-123456789012345', status: 'processing' })
    const closed = makeTicket({
      id: 'closed',
      orderNo: '240301-123456789012345',
      status: 'archived',
    })
    const other = makeTicket({ id: 'jd', platform: 'jd', orderNo: '240301-123456789012345' })
    const found = openDuplicates([open, closed, other], 'pdd', ' 240301－123456789012345 ')
    expect(found.map((t) => t.id)).toEqual(['open'])
  })

  it('an order whose follow-up time has come is in the follow-up queue while open', () => {
    const t = makeTicket({ status: 'waiting_department', nextFollowUpAt: cst('2024-03-04 15:00') })
    expect(followUpDue(t, cst('2024-03-04 14:59'))).toBe(false)
    expect(followUpDue(t, cst('2024-03-04 15:00'))).toBe(true)
    expect(followUpDue({ ...t, status: 'resolved' }, cst('2024-03-04 16:00'))).toBe(false)
  })

  it('lists what is missing and which resolved orders can be archived', () => {
    const noOrderNo = rec(
      makeTicket({ id: 'A', orderNo: undefined, status: 'processing' }),
      { type: 'reply', text: '您好' },
      'agent-a',
      cst('2024-03-04 09:00'),
    )
    const silent = makeTicket({
      id: 'B',
      status: 'processing',
      createdAt: cst('2024-03-03 10:00'),
      messageAt: cst('2024-03-03 10:00'),
    })
    let rated = act(
      makeTicket({ id: 'C', status: 'processing' }),
      { type: 'resolve', resolutionNote: '已退款' },
      'agent-a',
      cst('2024-03-04 11:00'),
    )
    rated = act(
      rated,
      { type: 'record_satisfaction', rating: 5 },
      'agent-a',
      cst('2024-03-04 12:00'),
    )
    const unrated = act(
      makeTicket({ id: 'D', status: 'processing' }),
      { type: 'resolve', resolutionNote: '已补发' },
      'agent-a',
      cst('2024-03-04 11:00'),
    )
    const someoneElse = makeTicket({
      id: 'E',
      assignee: 'agent-z',
      createdBy: 'agent-z',
      status: 'processing',
    })

    expect(reviewGaps(noOrderNo, day)).toEqual(['no_order_no'])
    expect(reviewGaps(silent, day)).toEqual(['no_follow_up_today'])
    expect(reviewGaps(unrated, day)).toEqual(['no_satisfaction'])

    const r = dailyReview([noOrderNo, silent, rated, unrated, someoneElse], {
      ...day,
      personIds: ['agent-a'],
    })
    expect(r.incomplete.map((x) => [x.ticket.id, x.gaps])).toEqual([
      ['A', ['no_order_no']],
      ['B', ['no_follow_up_today']],
      ['D', ['no_satisfaction']],
    ])
    expect(r.archivable.map((t) => t.id)).toEqual(['C'])
    // Three days later the unrated one may go as 未评价.
    const later = dailyReview([unrated], {
      from: cst('2024-03-07 00:00'),
      to: cst('2024-03-07 12:00'),
      personIds: ['agent-a'],
    })
    expect(later.archivable.map((t) => t.id)).toEqual(['D'])
  })
})
