import { describe, expect, it } from 'vitest'
import type { Ticket } from '../../shared/tickets/model'
import {
  firstResponseMinutes,
  kpiByPerson,
  kpiFigures,
  kpiTrend,
  percentile,
  shiftSummary,
} from '../../shared/tickets/kpi'
import { act, cst, makeTicket, rec } from './tickets-helpers'

const shift = { from: cst('2024-03-04 08:00'), to: cst('2024-03-04 16:00') }

/** Orders recorded by agent "a" unless said otherwise. */
const mk = (over: Partial<Ticket>) => makeTicket({ createdBy: 'a', assignee: 'a', ...over })

/** One morning shift, every figure below worked out by hand from these events. */
function morning(): Ticket[] {
  // T1: answered in 2 min with a script, resolved at 10:00 (60 min handling), rated 5.
  let t1 = mk({
    id: 'T1',
    createdAt: cst('2024-03-04 09:00'),
    messageAt: cst('2024-03-04 09:00'),
  })
  t1 = rec(
    t1,
    { type: 'reply', text: '您好，在的', scriptId: 'greet' },
    'a',
    cst('2024-03-04 09:02'),
  )
  t1 = act(t1, { type: 'start' }, 'a', cst('2024-03-04 09:02'))
  t1 = act(t1, { type: 'resolve', resolutionNote: '已补发' }, 'a', cst('2024-03-04 10:00'))
  t1 = act(t1, { type: 'record_satisfaction', rating: 5 }, 'a', cst('2024-03-04 10:30'))

  // T2: answered in 5 min (late, nothing recorded), transferred to specialist b, still open.
  let t2 = mk({
    id: 'T2',
    platform: 'taobao',
    shopId: 'shop-2',
    category: 'logistics',
    priority: 'high',
    createdAt: cst('2024-03-04 09:30'),
    messageAt: cst('2024-03-04 09:30'),
  })
  t2 = rec(
    t2,
    { type: 'reply', text: '正在为您查询物流', scriptId: 'logistics-delay' },
    'a',
    cst('2024-03-04 09:35'),
  )
  t2 = act(
    t2,
    { type: 'transfer', to: 'b', handoverNote: '包裹三天未更新，已告知顾客今天内回复' },
    'a',
    cst('2024-03-04 09:40'),
  )

  // T3: message 09:58, recorded 10:00, answered 10:01 (3 min), resolved, rated 2 → reopened,
  // resolved again 12:00 (120 min handling), rated 5.
  let t3 = mk({
    id: 'T3',
    category: 'refund',
    createdAt: cst('2024-03-04 10:00'),
    messageAt: cst('2024-03-04 09:58'),
  })
  t3 = rec(t3, { type: 'reply', text: '您好', scriptId: 'greet' }, 'a', cst('2024-03-04 10:01'))
  t3 = act(t3, { type: 'start' }, 'a', cst('2024-03-04 10:01'))
  t3 = act(t3, { type: 'resolve', resolutionNote: '已申请退款' }, 'a', cst('2024-03-04 11:00'))
  t3 = act(
    t3,
    { type: 'record_satisfaction', rating: 2, comment: '退款太慢' },
    'a',
    cst('2024-03-04 11:30'),
  )
  t3 = act(t3, { type: 'resolve', resolutionNote: '已加急退款到账' }, 'a', cst('2024-03-04 12:00'))
  t3 = act(t3, { type: 'record_satisfaction', rating: 5 }, 'a', cst('2024-03-04 12:30'))

  // T4: message at 07:00 before opening, answered 08:06: 6 business minutes; the breach was
  // recorded at 08:03, so it counts once. Waiting for the customer at the shift's end.
  let t4 = mk({
    id: 'T4',
    platform: 'jd',
    category: 'logistics',
    createdAt: cst('2024-03-04 08:05'),
    messageAt: cst('2024-03-04 07:00'),
  })
  t4 = rec(t4, { type: 'sla_breach', kind: 'first_response' }, 'system', cst('2024-03-04 08:03'))
  t4 = rec(t4, { type: 'reply', text: '您好，请提供快递面单照片' }, 'a', cst('2024-03-04 08:06'))
  t4 = act(t4, { type: 'start' }, 'a', cst('2024-03-04 08:06'))
  t4 = act(t4, { type: 'wait_customer', reason: '等面单照片' }, 'a', cst('2024-03-04 08:10'))

  // T5: resolved yesterday, rated 4 this morning.
  let t5 = mk({
    id: 'T5',
    createdAt: cst('2024-03-03 20:00'),
    messageAt: cst('2024-03-03 20:00'),
  })
  t5 = act(t5, { type: 'start' }, 'a', cst('2024-03-03 20:01'))
  t5 = act(t5, { type: 'resolve', resolutionNote: '已说明' }, 'a', cst('2024-03-03 21:00'))
  t5 = act(t5, { type: 'record_satisfaction', rating: 4 }, 'a', cst('2024-03-04 09:00'))

  // T6: after the shift.
  const t6 = mk({
    id: 'T6',
    createdBy: 'b',
    createdAt: cst('2024-03-04 17:00'),
    messageAt: cst('2024-03-04 17:00'),
  })

  // T7: urgent Meituan order never answered; the breach was recorded.
  let t7 = mk({
    id: 'T7',
    platform: 'meituan',
    category: 'other',
    priority: 'urgent',
    createdAt: cst('2024-03-04 11:00'),
    messageAt: cst('2024-03-04 11:00'),
  })
  t7 = rec(t7, { type: 'sla_breach', kind: 'first_response' }, 'system', cst('2024-03-04 11:01'))

  return [t1, t2, t3, t4, t5, t6, t7]
}

describe('shift summary', () => {
  it('the team figures of one morning shift, computed by hand', () => {
    const s = shiftSummary(morning(), shift)
    expect(s.received).toBe(5)
    expect(s.resolved).toBe(2)
    expect(s.transferred).toBe(1)
    expect(s.transferredIn).toBe(1)
    expect(s.firstResponse).toEqual({
      count: 4,
      avgMin: 4,
      p50Min: 3,
      p90Min: 6,
      within3Min: 2,
      within3MinRate: 0.5,
    })
    expect(s.unanswered).toBe(1)
    expect(s.handling).toEqual({ count: 2, avgMin: 90, p50Min: 60, p90Min: 120 })
    expect(s.resolvedOfReceived).toBe(2)
    expect(s.resolutionRate).toBe(0.4)
    expect(s.satisfaction).toEqual({
      answered: 3,
      satisfied: 3,
      rate: 1,
      reopenedAfterLowRating: 1,
    })
    expect(s.answeredOfResolved).toBe(2)
    expect(s.answerRate).toBe(1)
    expect(s.slaBreaches).toEqual({
      total: 3,
      byKind: { first_response: 3, resolution: 0, platform_deadline: 0 },
    })
    expect(s.byCategory.quality).toEqual({ received: 1, resolved: 1 })
    expect(s.byCategory.logistics).toEqual({ received: 2, resolved: 0 })
    expect(s.byCategory.refund).toEqual({ received: 1, resolved: 1 })
    expect(s.byCategory.suggestion).toEqual({ received: 0, resolved: 0 })
    expect(s.byPlatform).toMatchObject({
      pdd: { received: 2, resolved: 2 },
      taobao: { received: 1, resolved: 0 },
      jd: { received: 1, resolved: 0 },
      meituan: { received: 1, resolved: 0 },
    })
    expect(s.byShop).toEqual({
      'shop-1': { received: 4, resolved: 2 },
      'shop-2': { received: 1, resolved: 0 },
    })
    const hours = new Array(24).fill(0)
    hours[7] = 1
    hours[9] = 3
    hours[11] = 1
    expect(s.volumeByHour).toEqual(hours)
    expect(s.scriptsUsed).toEqual([
      { scriptId: 'greet', count: 2 },
      { scriptId: 'logistics-delay', count: 1 },
    ])
    expect(s.stillOpen.map((o) => [o.id, o.status, o.assignee])).toEqual([
      ['T7', 'new', 'a'],
      ['T2', 'processing', 'b'],
      ['T4', 'waiting_customer', 'a'],
    ])
    expect(s.stillOpen[1]!.handoverNote).toBe('包裹三天未更新，已告知顾客今天内回复')
  })

  it("the specialist's own summary: nothing received, one transferred in, the open order handed to them", () => {
    const s = shiftSummary(morning(), { ...shift, personIds: ['b'] })
    expect(s.received).toBe(0)
    expect(s.transferredIn).toBe(1)
    expect(s.resolutionRate).toBeNull()
    expect(s.firstResponse.avgMin).toBeNull()
    expect(s.stillOpen.map((o) => o.id)).toEqual(['T2'])
  })

  it('a shift with no orders gives zeros and nulls, never NaN', () => {
    for (const tickets of [[], morning().filter((t) => t.id === 'T6')]) {
      const s = shiftSummary(tickets, shift)
      expect(s).toMatchObject({
        received: 0,
        resolved: 0,
        transferred: 0,
        unanswered: 0,
        resolutionRate: null,
        answerRate: null,
        firstResponse: { count: 0, avgMin: null, p50Min: null, p90Min: null, within3MinRate: null },
        handling: { count: 0, avgMin: null, p90Min: null },
        satisfaction: { answered: 0, satisfied: 0, rate: null, reopenedAfterLowRating: 0 },
        slaBreaches: { total: 0 },
        stillOpen: [],
      })
      expect(JSON.stringify(s)).not.toContain('NaN')
      expect(s.from).toBe(shift.from)
    }
  })
})

describe('satisfaction of an order reopened after a low rating', () => {
  function rated(): Ticket {
    let t = makeTicket({
      createdAt: cst('2024-03-04 09:00'),
      messageAt: cst('2024-03-04 09:00'),
      assignee: 'a',
      createdBy: 'a',
    })
    t = act(t, { type: 'start' }, 'a', cst('2024-03-04 09:01'))
    t = act(t, { type: 'resolve', resolutionNote: '补发' }, 'a', cst('2024-03-04 10:00'))
    t = act(
      t,
      { type: 'record_satisfaction', rating: 2, comment: '补发的也有划痕' },
      'a',
      cst('2024-03-04 14:00'),
    )
    t = act(t, { type: 'resolve', resolutionNote: '退款并道歉' }, 'a', cst('2024-03-04 18:00'))
    return act(t, { type: 'record_satisfaction', rating: 5 }, 'a', cst('2024-03-04 20:00'))
  }

  it('counts the final answer, and shows the low one as reopened', () => {
    const t = rated()
    const day = kpiFigures([t], { from: cst('2024-03-04 00:00'), to: cst('2024-03-05 00:00') })
    expect(day.satisfaction).toEqual({
      answered: 1,
      satisfied: 1,
      rate: 1,
      reopenedAfterLowRating: 1,
    })
    expect(day.resolved).toBe(1)
    expect(day.answerRate).toBe(1)
    // Morning shift (08–16): the 2-star answer was the latest at the time.
    const early = kpiFigures([t], { from: cst('2024-03-04 08:00'), to: cst('2024-03-04 16:00') })
    expect(early.satisfaction).toEqual({
      answered: 1,
      satisfied: 0,
      rate: 0,
      reopenedAfterLowRating: 1,
    })
    expect(early.resolutionRate).toBe(0)
    // Evening shift (16–24): only the 5-star answer.
    const late = kpiFigures([t], { from: cst('2024-03-04 16:00'), to: cst('2024-03-05 00:00') })
    expect(late.satisfaction).toEqual({
      answered: 1,
      satisfied: 1,
      rate: 1,
      reopenedAfterLowRating: 0,
    })
    // Handling: created 09:00 → last resolution 18:00 = 540 business minutes.
    expect(day.handling.avgMin).toBe(540)
  })
})

describe('KPI details', () => {
  it('a late resolution nobody recorded still counts as a breach, waiting excused', () => {
    let t = makeTicket({
      priority: 'urgent',
      createdAt: cst('2024-03-04 10:00'),
      messageAt: cst('2024-03-04 10:00'),
    })
    t = act(t, { type: 'start' }, 'a', cst('2024-03-04 10:00'))
    t = act(t, { type: 'wait_customer' }, 'a', cst('2024-03-04 10:30'))
    t = act(t, { type: 'resume' }, 'a', cst('2024-03-04 11:30'))
    // Urgent target 120 business minutes; 3 h 01 min minus 1 h of waiting = 121.
    const late = act(t, { type: 'resolve', resolutionNote: '已处理' }, 'a', cst('2024-03-04 13:01'))
    const onTime = act(
      t,
      { type: 'resolve', resolutionNote: '已处理' },
      'a',
      cst('2024-03-04 13:00'),
    )
    expect(kpiFigures([late], shift).slaBreaches.byKind.resolution).toBe(1)
    expect(kpiFigures([onTime], shift).slaBreaches.byKind.resolution).toBe(0)
  })

  it('the 3-minute reply rate counts business time only', () => {
    const night = makeTicket({
      messageAt: cst('2024-03-04 23:30'),
      createdAt: cst('2024-03-05 08:00'),
    })
    const answered = rec(night, { type: 'reply', text: '早上好' }, 'a', cst('2024-03-05 08:02'))
    expect(firstResponseMinutes(answered)).toBe(2)
    const f = kpiFigures([answered], { from: cst('2024-03-05 08:00'), to: cst('2024-03-05 16:00') })
    expect(f.firstResponse.within3MinRate).toBe(1)
  })

  it('an automatic greeting marked as not counting is not the first response', () => {
    let t = makeTicket({ messageAt: cst('2024-03-04 10:00'), createdAt: cst('2024-03-04 10:00') })
    t = rec(
      t,
      { type: 'reply', text: '自动回复：客服马上就来', firstResponse: false },
      'a',
      cst('2024-03-04 10:00'),
    )
    expect(firstResponseMinutes(t)).toBeNull()
    t = rec(t, { type: 'reply', text: '您好' }, 'a', cst('2024-03-04 10:04'))
    expect(firstResponseMinutes(t)).toBe(4)
  })

  it('nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9)
    expect(percentile([7], 90)).toBe(7)
    expect(percentile([], 90)).toBeNull()
  })

  it('daily and weekly trends in local days, empty buckets included', () => {
    const days = kpiTrend(
      morning(),
      { from: cst('2024-03-02 00:00'), to: cst('2024-03-05 00:00') },
      'day',
    )
    expect(days.map((d) => [d.start, d.figures.received])).toEqual([
      [cst('2024-03-02 00:00'), 0],
      [cst('2024-03-03 00:00'), 1],
      [cst('2024-03-04 00:00'), 6],
    ])
    const weeks = kpiTrend(
      morning(),
      { from: cst('2024-03-01 00:00'), to: cst('2024-03-11 00:00') },
      'week',
    )
    expect(weeks.map((w) => [w.start, w.figures.received])).toEqual([
      [cst('2024-02-26 00:00'), 1],
      [cst('2024-03-04 00:00'), 6],
    ])
    const months = kpiTrend(
      morning(),
      { from: cst('2024-02-15 00:00'), to: cst('2024-03-31 00:00') },
      'month',
    )
    expect(months.map((m) => [m.start, m.figures.received])).toEqual([
      [cst('2024-02-01 00:00'), 0],
      [cst('2024-03-01 00:00'), 7],
    ])
  })

  it('per person: each event counts for who did it', () => {
    const people = kpiByPerson(morning(), {
      from: cst('2024-03-04 00:00'),
      to: cst('2024-03-05 00:00'),
    })
    expect(people.get('a')?.received).toBe(5)
    expect(people.get('b')?.received).toBe(1)
    expect(people.get('b')?.transferredIn).toBe(1)
    expect(people.get('a')?.resolved).toBe(2)
  })
})
