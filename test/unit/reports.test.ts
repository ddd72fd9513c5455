import { describe, expect, it } from 'vitest'
import { ordersBehind, periodReport, type Bar } from '../../shared/reports/aggregate'
import { csvText, looksLikeFormula, parseCsv, safeCell, UTF8_BOM } from '../../shared/reports/cells'
import { csvRows, localTime, summaryLines } from '../../shared/reports/export-model'
import { qcAverages, qcScore, sampleIds } from '../../shared/reports/qc'
import { DEFAULT_SCHEDULE, slotAt, slotWindow } from '../../shared/reports/schedule'
import { kpiFigures } from '../../shared/tickets/kpi'
import type { Ticket } from '../../shared/tickets/model'
import { generateTickets } from '../bench/lib/generate'
import { act, cst, makeTicket, rec } from './tickets-helpers'

/**
 * Report aggregation (issue 9 items 2 and 5) on a fortnight worked out by hand. The default
 * calendar is 08:00–23:00 China time every day; 2024-03-04 is a Monday.
 */
const period = { from: cst('2024-03-04 00:00'), to: cst('2024-03-18 00:00') }

function fortnight(): Ticket[] {
  // T1 (a): quality, Mon 09:00, answered 09:01, resolved 10:00, rated 5.
  let t1 = makeTicket({
    id: 'T1',
    createdBy: 'a',
    assignee: 'a',
    category: 'quality',
    createdAt: cst('2024-03-04 09:00'),
  })
  t1 = rec(t1, { type: 'reply', text: '您好' }, 'a', cst('2024-03-04 09:01'))
  t1 = act(t1, { type: 'start' }, 'a', cst('2024-03-04 09:01'))
  t1 = act(t1, { type: 'resolve', resolutionNote: '已换货' }, 'a', cst('2024-03-04 10:00'))
  t1 = act(t1, { type: 'record_satisfaction', rating: 5 }, 'a', cst('2024-03-04 10:30'))

  // T2 (b): refund, message Mon 21:20, recorded 21:30, answered 21:25, resolved Tue 09:00
  // (business minutes 21:30–23:00 and 08:00–09:00 = 150), rated 4 at Tue 10:00.
  let t2 = makeTicket({
    id: 'T2',
    createdBy: 'b',
    assignee: 'b',
    category: 'refund',
    platform: 'taobao',
    shopId: 'shop-2',
    messageAt: cst('2024-03-04 21:20'),
    createdAt: cst('2024-03-04 21:30'),
  })
  t2 = rec(t2, { type: 'reply', text: '正在为您处理' }, 'b', cst('2024-03-04 21:25'))
  t2 = act(t2, { type: 'start' }, 'b', cst('2024-03-04 21:31'))
  t2 = act(t2, { type: 'resolve', resolutionNote: '已退款' }, 'b', cst('2024-03-05 09:00'))
  t2 = act(t2, { type: 'record_satisfaction', rating: 4 }, 'b', cst('2024-03-05 10:00'))

  // T3 (a): logistics, Sunday 03-10 14:00 (still the first week), message 13:59, answered 14:01.
  let t3 = makeTicket({
    id: 'T3',
    createdBy: 'a',
    assignee: 'a',
    category: 'logistics',
    messageAt: cst('2024-03-10 13:59'),
    createdAt: cst('2024-03-10 14:00'),
  })
  t3 = rec(t3, { type: 'reply', text: '马上查询' }, 'a', cst('2024-03-10 14:01'))
  t3 = act(t3, { type: 'start' }, 'a', cst('2024-03-10 14:01'))

  // T4 (a → b): quality, Mon 03-11 08:30, answered 08:32, transferred to b 08:40, b resolves 09:00.
  let t4 = makeTicket({
    id: 'T4',
    createdBy: 'a',
    assignee: 'a',
    category: 'quality',
    createdAt: cst('2024-03-11 08:30'),
  })
  t4 = rec(t4, { type: 'reply', text: '您好' }, 'a', cst('2024-03-11 08:32'))
  t4 = act(t4, { type: 'start' }, 'a', cst('2024-03-11 08:32'))
  t4 = act(
    t4,
    { type: 'transfer', to: 'b', handoverNote: '需仓库确认库存' },
    'a',
    cst('2024-03-11 08:40'),
  )
  t4 = act(t4, { type: 'resolve', resolutionNote: '已补发' }, 'b', cst('2024-03-11 09:00'))

  // Outside the fortnight: must not count anywhere.
  const t5 = makeTicket({
    id: 'T5',
    createdBy: 'a',
    assignee: 'a',
    createdAt: cst('2024-03-18 08:00'),
  })
  return [t1, t2, t3, t4, t5]
}

describe('period report on a hand-computed fortnight', () => {
  const tickets = fortnight()
  const r = periodReport(tickets, period)

  it('daily, weekly and monthly trends count each event in its own bucket', () => {
    expect(r.trends.day).toHaveLength(14)
    const day = (d: string) => r.trends.day.find((p) => p.start === cst(`2024-03-${d} 00:00`))!
    expect([day('04').received, day('04').resolved]).toEqual([2, 1])
    expect([day('05').received, day('05').resolved]).toEqual([0, 1])
    expect([day('10').received, day('10').resolved]).toEqual([1, 0])
    expect([day('11').received, day('11').resolved]).toEqual([1, 1])
    expect(r.trends.day.reduce((n, p) => n + p.received, 0)).toBe(4)
    expect(r.trends.week.map((p) => [p.start, p.received, p.resolved])).toEqual([
      [cst('2024-03-04 00:00'), 3, 2],
      [cst('2024-03-11 00:00'), 1, 1],
    ])
    expect(r.trends.month.map((p) => [p.start, p.received, p.resolved])).toEqual([
      [cst('2024-03-01 00:00'), 4, 3],
    ])
    // Empty days are present with zeros and null rates.
    expect(day('07')).toMatchObject({
      received: 0,
      resolutionRate: null,
      firstResponseAvgMin: null,
    })
  })

  it('category share per week', () => {
    const [w1, w2] = r.categoryByWeek
    expect(w1!.total).toBe(3)
    expect(w1!.counts).toMatchObject({ quality: 1, refund: 1, logistics: 1, return_exchange: 0 })
    expect(w1!.shares.refund).toBeCloseTo(1 / 3, 10)
    expect(w2!.total).toBe(1)
    expect(w2!.shares.quality).toBe(1)
    expect(w2!.shares.refund).toBe(0)
  })

  it('volume by the local hour of the customer message', () => {
    const hours = r.volumeByHour
    expect(hours).toHaveLength(24)
    expect([hours[8], hours[9], hours[13], hours[21]]).toEqual([1, 1, 1, 1])
    expect(hours.reduce((a, b) => a + b, 0)).toBe(4)
  })

  it('per-person assessment rows, with quality-check and exam scores from other features', () => {
    const withExtras = periodReport(tickets, period, undefined, {
      qc: new Map([['a', { avg: 83.3, count: 2 }]]),
      exam: new Map([['b', { avg: 90, count: 1 }]]),
    })
    const a = withExtras.people.find((p) => p.personId === 'a')!
    const b = withExtras.people.find((p) => p.personId === 'b')!
    // a: received T1 T3 T4, resolved T1, transferred T4; replies 1, 2, 2 minutes.
    expect([a.received, a.resolved, a.transferred]).toEqual([3, 1, 1])
    expect(a.firstResponseAvgMin).toBeCloseTo(5 / 3, 10)
    expect(a.within3MinRate).toBe(1)
    // T1 and T4 are resolved at the end, T3 is not: 2 of 3.
    expect(a.resolutionRate).toBeCloseTo(2 / 3, 10)
    expect(a.handlingAvgMin).toBe(60)
    expect([a.satisfactionRate, a.satisfactionAnswered]).toEqual([1, 1])
    expect([a.qcScore, a.qcChecks, a.examScore, a.drillScore]).toEqual([83.3, 2, null, null])
    // b: received T2, resolved T2 and T4; reply 5 min; handling 150 and 30.
    expect([b.received, b.resolved, b.transferred]).toEqual([1, 2, 0])
    expect([b.firstResponseAvgMin, b.within3MinRate]).toEqual([5, 0])
    expect(b.handlingAvgMin).toBe(90)
    expect(b.satisfactionRate).toBe(1)
    expect([b.qcScore, b.examScore]).toEqual([null, 90])
    // Best combined score first (a answered within 3 minutes, b did not).
    expect(withExtras.people.map((p) => [p.personId, p.rank])).toEqual([
      ['a', 1],
      ['b', 2],
    ])
    expect(a.composite!).toBeGreaterThan(b.composite!)
  })

  it("one person's report counts only their events", () => {
    const mine = periodReport(tickets, { ...period, personIds: ['a'] })
    expect(mine.totals.received).toBe(3)
    expect(mine.totals.resolved).toBe(1)
    expect(mine.people.map((p) => p.personId)).toEqual(['a'])
    expect(mine.trends.week.map((p) => p.received)).toEqual([2, 1])
  })

  it('drill-down lists exactly the orders behind a bar', () => {
    const behind = (bar: Bar, personIds?: string[]) =>
      ordersBehind(tickets, { ...period, ...(personIds ? { personIds } : {}) }, bar)
    expect(
      behind({ kind: 'trend', bucket: 'day', start: cst('2024-03-04 00:00'), measure: 'received' }),
    ).toEqual(['T1', 'T2'])
    expect(
      behind({ kind: 'trend', bucket: 'day', start: cst('2024-03-05 00:00'), measure: 'resolved' }),
    ).toEqual(['T2'])
    expect(
      behind({ kind: 'categoryWeek', start: cst('2024-03-04 00:00'), category: 'refund' }),
    ).toEqual(['T2'])
    expect(behind({ kind: 'hour', hour: 21 })).toEqual(['T2'])
    expect(behind({ kind: 'person', personId: 'b', measure: 'resolved' })).toEqual(['T2', 'T4'])
    expect(behind({ kind: 'platform', platform: 'taobao', measure: 'received' })).toEqual(['T2'])
    expect(
      behind(
        { kind: 'trend', bucket: 'week', start: cst('2024-03-04 00:00'), measure: 'received' },
        ['a'],
      ),
    ).toEqual(['T1', 'T3'])
  })

  it('a period without orders gives zeros and nulls, never NaN', () => {
    const empty = periodReport([], { from: cst('2024-03-04 00:00'), to: cst('2024-03-05 00:00') })
    expect(empty.totals.received).toBe(0)
    expect(empty.totals.resolutionRate).toBeNull()
    expect(empty.people).toEqual([])
    expect(empty.categoryByWeek[0]!.shares.quality).toBeNull()
    expect(JSON.stringify(empty)).not.toContain('NaN')
  })
})

describe('drill-down agrees with every bar on generated data', () => {
  it('each day and hour bar has as many orders behind it as its height', () => {
    const tickets = generateTickets(600, 7)
    const to = Date.parse(tickets[tickets.length - 1]!.createdAt) + 1
    const p = { from: to - 45 * 86_400_000, to }
    const r = periodReport(tickets, p)
    for (const pt of r.trends.day) {
      for (const measure of ['received', 'resolved'] as const) {
        const ids = ordersBehind(tickets, p, {
          kind: 'trend',
          bucket: 'day',
          start: pt.start,
          measure,
        })
        expect(ids.length).toBe(pt[measure])
      }
    }
    r.volumeByHour.forEach((n, hour) => {
      expect(ordersBehind(tickets, p, { kind: 'hour', hour }).length).toBe(n)
    })
    for (const w of r.categoryByWeek) {
      for (const [c, n] of Object.entries(w.counts)) {
        const ids = ordersBehind(tickets, p, {
          kind: 'categoryWeek',
          start: w.start,
          category: c as never,
        })
        expect(ids.length).toBe(n)
      }
    }
    expect(r.totals.received).toBe(kpiFigures(tickets, p).received)
  })
})

describe('cells against formula injection, CSV with BOM', () => {
  it('neutralises text starting with = + - @ tab or CR, leaves the rest', () => {
    expect(safeCell('=HYPERLINK("http://x","退款")')).toBe('\'=HYPERLINK("http://x","退款")')
    for (const s of ['+86 138', '-1', '@SUM(A1)', '\tx', '\rx']) expect(safeCell(s)).toBe(`'${s}`)
    expect(safeCell('收到货有破损')).toBe('收到货有破损')
    expect(safeCell(-5)).toBe(-5)
    expect(safeCell(null)).toBeNull()
    expect(looksLikeFormula('=1+1')).toBe(true)
  })

  it('CSV starts with a BOM, quotes what needs it, and reads back', () => {
    const text = csvText([
      ['工单号', '问题描述'],
      ['T1', '杯子有裂痕, 要换货'],
      ['T2', '他说"马上到"\n结果没到'],
      ['T3', '=HYPERLINK("http://evil","点我")'],
      ['T4', 3.5],
    ])
    expect(text.startsWith(UTF8_BOM)).toBe(true)
    expect(text).toContain('\r\n')
    const rows = parseCsv(text)
    expect(rows[1]).toEqual(['T1', '杯子有裂痕, 要换货'])
    expect(rows[2]).toEqual(['T2', '他说"马上到"\n结果没到'])
    expect(rows[3]![1]).toBe('\'=HYPERLINK("http://evil","点我")')
    expect(rows[4]).toEqual(['T4', '3.5'])
    // UTF-8 bytes begin with EF BB BF.
    expect([...new TextEncoder().encode(text).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  })

  it('summary lines carry the figures, CSV shows rates as percentages', () => {
    const f = kpiFigures(fortnight(), period)
    const lines = summaryLines(f, 1)
    const byLabel = Object.fromEntries(lines.map((l) => [l.label, l.value]))
    expect(byLabel['接收工单']).toBe(4)
    expect(byLabel['已解决']).toBe(3)
    expect(byLabel['仍未完成']).toBe(1)
    expect(byLabel['3分钟回复率']).toBe(0.75)
    const rows = csvRows({
      title: '报表',
      lines,
      tables: [],
      orders: { title: '工单明细', columns: [], rows: [] },
    })
    expect(rows).toContainEqual(['3分钟回复率', '75.0%'])
    expect(localTime(cst('2024-03-04 21:30'), 480)).toBe('2024-03-04 21:30')
  })
})

describe('quality checks', () => {
  it('scores the share of applicable items passed', () => {
    expect(
      qcScore({
        greeting: 'pass',
        apology: 'na',
        policy: 'pass',
        record: 'fail',
        followUp: 'pass',
        tone: 'pass',
      }),
    ).toBe(80)
    expect(
      qcScore({
        greeting: 'na',
        apology: 'na',
        policy: 'na',
        record: 'na',
        followUp: 'na',
        tone: 'na',
      }),
    ).toBeNull()
    expect(
      qcScore({
        greeting: 'pass',
        apology: 'pass',
        policy: 'fail',
        record: 'pass',
        followUp: 'fail',
        tone: 'pass',
      }),
    ).toBe(66.7)
  })

  it('samples without repeats, deterministically per seed, all when fewer', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `T${i}`)
    const s1 = sampleIds(ids, 5, 42)
    expect(s1).toHaveLength(5)
    expect(new Set(s1).size).toBe(5)
    expect(sampleIds([...ids].reverse(), 5, 42)).toEqual(s1)
    expect(sampleIds(ids, 5, 43)).not.toEqual(s1)
    expect(sampleIds(['A', 'B'], 5, 1).sort()).toEqual(['A', 'B'])
  })

  it('averages per person over orders resolved in the period', () => {
    const m = qcAverages(
      [
        { personId: 'a', score: 80, resolvedAt: cst('2024-03-05 10:00') },
        { personId: 'a', score: 100, resolvedAt: cst('2024-03-20 10:00') },
        { personId: 'a', score: 90, resolvedAt: cst('2024-03-06 10:00') },
        { personId: 'b', score: null, resolvedAt: cst('2024-03-06 10:00') },
      ],
      Date.parse(period.from),
      Date.parse(period.to),
    )
    expect(m.get('a')).toEqual({ avg: 85, count: 2 })
    expect(m.has('b')).toBe(false)
  })
})

describe('shift schedule', () => {
  const night = DEFAULT_SCHEDULE.find((s) => s.key === 'night')!
  it('a night slot runs past midnight and is found from either side of it', () => {
    const late = slotWindow(night, Date.parse(cst('2024-03-04 23:30')), 480)
    expect([late.fromMs, late.toMs]).toEqual([
      Date.parse(cst('2024-03-04 23:00')),
      Date.parse(cst('2024-03-05 08:00')),
    ])
    const early = slotWindow(night, Date.parse(cst('2024-03-05 02:00')), 480)
    expect(early).toEqual(late)
    expect(slotAt(DEFAULT_SCHEDULE, Date.parse(cst('2024-03-05 02:00')), 480)?.label).toBe('夜班')
    expect(slotAt(DEFAULT_SCHEDULE, Date.parse(cst('2024-03-05 13:00')), 480)?.label).toBe('中班')
  })
  it('signing in early for a slot gets the coming occurrence', () => {
    const morning = DEFAULT_SCHEDULE[0]!
    const w = slotWindow(morning, Date.parse(cst('2024-03-05 07:45')), 480)
    expect(w.fromMs).toBe(Date.parse(cst('2024-03-05 08:00')))
  })
})
