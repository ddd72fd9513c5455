import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addBusinessMinutes,
  businessCalendarSchema,
  businessMinutesBetween,
  dailyCalendar,
  defaultCalendar,
  defaultSlaSettings,
  isBusinessTime,
  isoMs,
  newSlaBreaches,
  slaState,
  type BusinessCalendar,
} from '../../shared/tickets/sla'
import { act, cst, makeTicket, rec } from './tickets-helpers'

// 2024-03-01 was a Friday, 03-02 Saturday, 03-03 Sunday, 03-04 Monday.
describe('business hours', () => {
  const day = defaultCalendar()

  it('counts only 08:00–23:00 by default', () => {
    expect(businessMinutesBetween(cst('2024-03-04 10:00'), cst('2024-03-04 10:03'), day)).toBe(3)
    // 22:00–23:00 Monday, then 08:00–09:00 Tuesday.
    expect(businessMinutesBetween(cst('2024-03-04 22:00'), cst('2024-03-05 09:00'), day)).toBe(120)
    // A message at 06:00 answered at 08:02 waited two business minutes.
    expect(businessMinutesBetween(cst('2024-03-04 06:00'), cst('2024-03-04 08:02'), day)).toBe(2)
    expect(businessMinutesBetween(cst('2024-03-04 10:00'), cst('2024-03-04 09:00'), day)).toBe(0)
  })

  it('a night shift crossing midnight (20:00–02:00) counts on both sides of midnight', () => {
    const night = dailyCalendar([{ start: '20:00', end: '02:00' }])
    // Monday 19:00 → Tuesday 03:00: open 20:00–02:00 = 6 hours.
    expect(businessMinutesBetween(cst('2024-03-04 19:00'), cst('2024-03-05 03:00'), night)).toBe(
      360,
    )
    // Monday 01:00 is still Sunday's shift: 01:00–02:00, then 20:00–21:00.
    expect(businessMinutesBetween(cst('2024-03-04 01:00'), cst('2024-03-04 21:00'), night)).toBe(
      120,
    )
    expect(isBusinessTime(cst('2024-03-05 00:30'), night)).toBe(true)
    expect(isBusinessTime(cst('2024-03-05 02:00'), night)).toBe(false)
    // 30 business minutes from 01:50: 10 before 02:00, 20 after 20:00.
    expect(addBusinessMinutes(cst('2024-03-05 01:50'), 30, night)?.toISOString()).toBe(
      cst('2024-03-05 20:20'),
    )
  })

  it("Saturday's night shift runs into Sunday, across the week boundary", () => {
    const week: BusinessCalendar['week'] = [
      [],
      [],
      [],
      [],
      [],
      [],
      [{ start: '22:00', end: '02:00' }],
    ]
    const cal: BusinessCalendar = { utcOffsetMinutes: 480, week }
    expect(businessMinutesBetween(cst('2024-03-02 23:00'), cst('2024-03-03 03:00'), cal)).toBe(180)
    // A whole week holds exactly one 4-hour shift.
    expect(businessMinutesBetween(cst('2024-03-04 00:00'), cst('2024-03-11 00:00'), cal)).toBe(240)
  })

  it('follows a per-weekday schedule (Saturday short, Sunday closed)', () => {
    const weekday = [{ start: '08:00', end: '23:00' }]
    const cal: BusinessCalendar = {
      utcOffsetMinutes: 480,
      week: [[], weekday, weekday, weekday, weekday, weekday, [{ start: '10:00', end: '18:00' }]],
    }
    // Friday 22:00–23:00, Saturday 10:00–18:00, Monday 08:00–09:00.
    expect(businessMinutesBetween(cst('2024-03-01 22:00'), cst('2024-03-04 09:00'), cal)).toBe(600)
  })

  it('two windows a day with a lunch break, and a 24-hour day', () => {
    const split = dailyCalendar([
      { start: '08:00', end: '12:00' },
      { start: '13:30', end: '23:00' },
    ])
    expect(businessMinutesBetween(cst('2024-03-04 11:00'), cst('2024-03-04 14:00'), split)).toBe(90)
    const always = dailyCalendar([{ start: '00:00', end: '00:00' }])
    expect(businessMinutesBetween(cst('2024-03-04 11:00'), cst('2024-03-06 11:00'), always)).toBe(
      2880,
    )
  })

  it("reads hours in the shop's time zone, not the PC's", () => {
    const newYork = { ...defaultCalendar(), utcOffsetMinutes: -300 }
    expect(isBusinessTime('2024-03-04T12:59:00Z', newYork)).toBe(false) // 07:59 there
    expect(isBusinessTime('2024-03-04T13:00:00Z', newYork)).toBe(true)
    expect(isBusinessTime('2024-03-04T12:59:00Z', day)).toBe(true) // 20:59 in Shanghai
  })

  it('reaching the target exactly at closing time is due at closing, not next morning', () => {
    expect(addBusinessMinutes(cst('2024-03-04 22:30'), 30, day)?.toISOString()).toBe(
      cst('2024-03-04 23:00'),
    )
    expect(addBusinessMinutes(cst('2024-03-04 22:50'), 30, day)?.toISOString()).toBe(
      cst('2024-03-05 08:20'),
    )
  })

  it('pauses leave time out, and an open pause stops the clock', () => {
    const pauses = [{ start: cst('2024-03-04 10:30'), end: cst('2024-03-05 09:00') }]
    expect(
      businessMinutesBetween(cst('2024-03-04 10:00'), cst('2024-03-05 10:00'), day, pauses),
    ).toBe(90)
    expect(addBusinessMinutes(cst('2024-03-04 10:00'), 60, day, pauses)?.toISOString()).toBe(
      cst('2024-03-05 09:30'),
    )
    expect(
      addBusinessMinutes(cst('2024-03-04 10:00'), 60, day, [
        { start: cst('2024-03-04 10:30'), end: null },
      ]),
    ).toBeNull()
  })

  it('the settings schema refuses a calendar without any opening hours, in zh-CN', () => {
    const r = businessCalendarSchema.safeParse({
      utcOffsetMinutes: 480,
      week: [[], [], [], [], [], [], []],
    })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.message).toBe('营业时间不能全部为空，请至少设置一个时段')
  })

  it('reads service-written ISO times exactly like Date.parse', () => {
    for (const s of [
      '2024-02-29T23:59:59.999Z',
      '1999-12-31T16:00:00Z',
      '2024-03-04T10:00:00+08:00',
      '2023-02-29T00:00:00.000Z',
    ]) {
      expect(isoMs(s), s).toEqual(Date.parse(s))
    }
  })
})

describe('SLA clocks on an order', () => {
  const settings = defaultSlaSettings()

  it('first response: 3 business minutes for a normal Pinduoduo order, warned near the end, breached after', () => {
    const t = makeTicket({ messageAt: cst('2024-03-04 10:00') })
    const early = slaState(t, cst('2024-03-04 10:01'), settings).firstResponse
    expect(early).toMatchObject({
      targetMin: 3,
      elapsedMin: 1,
      remainingMin: 2,
      warning: false,
      breached: false,
    })
    expect(early.dueAt).toBe(cst('2024-03-04 10:03'))
    // Warn threshold for a 3-minute target: half of it (1.5 min) since 30 min would exceed it.
    expect(slaState(t, '2024-03-04T02:01:40.000Z', settings).firstResponse.warning).toBe(true)
    const late = rec(t, { type: 'reply', text: '亲，在的' }, 'agent-a', cst('2024-03-04 10:04'))
    expect(slaState(late, cst('2024-03-04 11:00'), settings).firstResponse).toMatchObject({
      done: true,
      elapsedMin: 4,
      breached: true,
      dueAt: null,
    })
    expect(newSlaBreaches(late, cst('2024-03-04 11:00'), settings)).toEqual(['first_response'])
    const recorded = rec(
      late,
      { type: 'sla_breach', kind: 'first_response' },
      'system',
      cst('2024-03-04 10:04'),
    )
    expect(newSlaBreaches(recorded, cst('2024-03-04 11:00'), settings)).toEqual([])
  })

  it('food delivery first replies are held to one minute', () => {
    const t = makeTicket({ platform: 'meituan', messageAt: cst('2024-03-04 12:00') })
    expect(slaState(t, cst('2024-03-04 12:02'), settings).firstResponse).toMatchObject({
      targetMin: 1,
      breached: true,
    })
  })

  it('the resolution clock stands still while waiting for the customer', () => {
    let t = makeTicket({ createdAt: cst('2024-03-04 10:00'), messageAt: cst('2024-03-04 10:00') })
    t = act(t, { type: 'start' }, 'a', cst('2024-03-04 10:00'))
    t = act(t, { type: 'wait_customer', reason: '等顾客发照片' }, 'a', cst('2024-03-04 10:30'))

    const waiting = slaState(t, cst('2024-03-04 20:00'), settings).resolution
    expect(waiting).toMatchObject({
      paused: true,
      elapsedMin: 30,
      remainingMin: 1410,
      dueAt: null,
      done: false,
    })

    t = act(t, { type: 'resume' }, 'a', cst('2024-03-05 09:00'))
    const running = slaState(t, cst('2024-03-05 09:30'), settings).resolution
    // 30 min before the pause + 30 after; 1380 left: Tue 09:30–23:00 (810), Wed 08:00 + 570 → 17:30.
    expect(running).toMatchObject({ paused: false, elapsedMin: 60, remainingMin: 1380 })
    expect(running.dueAt).toBe(cst('2024-03-06 17:30'))

    t = act(t, { type: 'resolve', resolutionNote: '已换新' }, 'a', cst('2024-03-05 10:00'))
    // Wall time 24 h; business time without the pause 900 min; with it 90.
    const done = slaState(t, cst('2024-03-08 10:00'), settings).resolution
    expect(done).toMatchObject({ done: true, elapsedMin: 90, breached: false, remainingMin: null })
  })

  it("the platform's own deadline runs in wall-clock time", () => {
    const t = makeTicket({ platformDeadline: cst('2024-03-04 18:00') })
    expect(slaState(t, cst('2024-03-04 16:30'), settings).platformDeadline).toMatchObject({
      remainingMin: 90,
      warning: true,
      breached: false,
      done: false,
    })
    expect(slaState(t, cst('2024-03-04 18:01'), settings).platformDeadline?.breached).toBe(true)
    expect(slaState(makeTicket(), cst('2024-03-04 16:30'), settings).platformDeadline).toBeNull()
  })
})

describe('business time arithmetic holds for any calendar', () => {
  const runs = Number(process.env.SLA_PROPERTY_RUNS ?? 150)
  const hhmm = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)
  const calendar = fc
    .record({
      utcOffsetMinutes: fc.constantFrom(480, 0, -300, 330),
      week: fc.array(fc.array(fc.record({ start: hhmm, end: hhmm }), { maxLength: 3 }), {
        minLength: 7,
        maxLength: 7,
      }),
    })
    .filter((c) => c.week.some((d) => d.length > 0))
  const instant = fc.integer({
    min: Date.parse('2024-01-01T00:00:00Z'),
    max: Date.parse('2024-12-31T00:00:00Z'),
  })

  it('splitting an interval adds up, and adding minutes is the inverse of counting them', () => {
    fc.assert(
      fc.property(
        calendar,
        instant,
        instant,
        instant,
        fc.integer({ min: 1, max: 5000 }),
        (cal, x, y, z, minutes) => {
          const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number]
          const ab = businessMinutesBetween(a, b, cal)
          const bc = businessMinutesBetween(b, c, cal)
          expect(businessMinutesBetween(a, c, cal)).toBeCloseTo(ab + bc, 6)
          expect(ab).toBeLessThanOrEqual((b - a) / 60_000 + 1e-9)
          const due = addBusinessMinutes(a, minutes, cal)!
          expect(businessMinutesBetween(a, due, cal)).toBeCloseTo(minutes, 6)
          // And not a moment later than needed: the last minute before it was open.
          expect(isBusinessTime(due.getTime() - 1, cal)).toBe(true)
        },
      ),
      { numRuns: runs },
    )
  })

  it('pauses never add time, and a pause covering everything leaves none', () => {
    fc.assert(
      fc.property(calendar, instant, instant, instant, instant, (cal, w, x, y, z) => {
        const [a, p, q, b] = [w, x, y, z].sort((m, n) => m - n) as [number, number, number, number]
        const whole = businessMinutesBetween(a, b, cal)
        const paused = businessMinutesBetween(a, b, cal, [{ start: p, end: q }])
        expect(paused).toBeCloseTo(whole - businessMinutesBetween(p, q, cal), 6)
        expect(businessMinutesBetween(a, b, cal, [{ start: a - 1, end: null }])).toBe(0)
      }),
      { numRuns: runs },
    )
  })
})
