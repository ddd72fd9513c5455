import fs from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HandoverView, ShiftSummaryView, ShiftView } from '../../shared/api/shifts'
import type { PeriodReportView } from '../../shared/api/reports'
import type { QcCheckView, QcSampleView } from '../../shared/api/qc'
import { at, cst, openShiftDesk, seedEarlyShift, tempDir, type ShiftDesk } from './shifts-fixture'

/** Shifts, handover, summaries, reports and quality checks through the real dispatch (issue 9). */
let dir: string
let d: ShiftDesk

beforeEach(async () => {
  dir = tempDir()
  d = await openShiftDesk(dir, cst('2025-03-04 07:50'))
  await d.store.commit('setup', [
    { entity: 'script', id: 'greet', kind: 'set', field: 'title', value: '开场问候' },
  ])
})
afterEach(async () => {
  await d.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('a shift from sign-in to summary', () => {
  it('starting is idempotent on this PC, and a slot sets where the summary starts', async () => {
    at(d, '2025-03-04 07:55')
    const s = await d.ok<ShiftView>('shifts.start', { slotKey: 'early' }, 'agent')
    expect(s).toMatchObject({
      slotLabel: '早班',
      from: cst('2025-03-04 07:55'),
      plannedEnd: cst('2025-03-04 13:00'),
      endedAt: null,
    })
    at(d, '2025-03-04 08:30')
    const again = await d.ok<ShiftView>('shifts.start', {}, 'agent')
    expect(again.id).toBe(s.id)
    expect((await d.ok<ShiftView | null>('shifts.current', {}, 'agent'))?.id).toBe(s.id)
    expect(await d.ok('shifts.current', {}, 'agent2')).toBeNull()
    const bad = await d.call('shifts.start', { slotKey: 'nope' }, 'agent')
    expect(bad.ok ? null : bad.error.message).toBe('排班表里没有这个班次，请重新选择')
  })

  it("the person's summary has every issue-9 figure, computed by hand", async () => {
    const { shiftId, t2, t3 } = await seedEarlyShift(d)
    const v = await d.ok<ShiftSummaryView>('shifts.summary', { id: shiftId }, 'agent')
    const f = v.figures
    expect(v.title).toBe('班次小结 2025-03-04 早班 小王')
    expect([v.from, v.to]).toEqual([cst('2025-03-04 07:55'), cst('2025-03-04 12:00')])
    expect([f.received, f.resolved, f.transferred, f.unanswered]).toEqual([3, 1, 1, 1])
    // First replies 2 and 6 minutes: average 4, p90 (nearest rank of 2) = 6, one of two within 3.
    expect([f.firstResponse.count, f.firstResponse.avgMin, f.firstResponse.p90Min]).toEqual([
      2, 4, 6,
    ])
    expect(f.firstResponse.within3MinRate).toBe(0.5)
    expect([f.handling.count, f.handling.avgMin]).toEqual([1, 30])
    expect(f.resolutionRate).toBeCloseTo(1 / 3, 10)
    expect([
      f.satisfaction.answered,
      f.satisfaction.satisfied,
      f.satisfaction.rate,
      f.answerRate,
    ]).toEqual([1, 1, 1, 1])
    // T2's 6-minute reply missed the 3-minute target of a normal 拼多多 order.
    expect(f.slaBreaches.total).toBe(1)
    expect(f.slaBreaches.byKind.first_response).toBe(1)
    expect(f.byCategory.logistics).toEqual({ received: 2, resolved: 1 })
    expect(f.byCategory.refund).toEqual({ received: 1, resolved: 0 })
    expect(f.byPlatform.pdd.received).toBe(3)
    expect(v.scripts).toEqual([{ scriptId: 'greet', title: '开场问候', count: 2 }])
    expect(v.stillOpen.map((o) => o.id).sort()).toEqual([t2, t3].sort())
    const open2 = v.stillOpen.find((o) => o.id === t2)!
    expect(open2).toMatchObject({
      handoverNote: '包裹疑似丢失，需仓库确认能否补发',
      assigneeName: '老陈',
    })
    expect(v.shift?.handoverNote).toBe('3号单顾客下午会再来电，请接班同事留意')
    expect(JSON.stringify(v)).not.toContain('13812345678')
  })

  it("the team's summary adds others' orders; only reports.team may see it or another's", async () => {
    const { shiftId } = await seedEarlyShift(d)
    const team = await d.ok<ShiftSummaryView>(
      'shifts.summary',
      { id: shiftId, scope: 'team' },
      'supervisor',
    )
    expect(team.figures.received).toBe(4)
    expect(team.title).toBe('团队班次小结 2025-03-04 早班')
    const denied = await d.call('shifts.summary', { id: shiftId, scope: 'team' }, 'agent')
    expect(denied.ok ? null : denied.error).toMatchObject({ code: 'forbidden' })
    const other = await d.call('shifts.summary', { id: shiftId }, 'agent2')
    expect(other.ok ? null : other.error.message).toContain('没有权限')
    expect(
      (await d.ok<ShiftSummaryView>('shifts.summary', { id: shiftId }, 'supervisor')).figures
        .received,
    ).toBe(3)
  })

  it('a shift with no orders summarises to zeros and empty lists', async () => {
    at(d, '2025-03-04 14:00')
    const s = await d.ok<ShiftView>('shifts.start', {}, 'agent2')
    at(d, '2025-03-04 15:00')
    await d.ok('shifts.end', { id: s.id }, 'agent2')
    const v = await d.ok<ShiftSummaryView>('shifts.summary', { id: s.id }, 'agent2')
    expect(v.figures.received).toBe(0)
    expect(v.figures.firstResponse.avgMin).toBeNull()
    expect(v.figures.resolutionRate).toBeNull()
    expect(v.scripts).toEqual([])
    expect(v.stillOpen).toEqual([])
  })

  it('the next person signing in sees the handover note and open orders until marked read', async () => {
    const { shiftId, t2 } = await seedEarlyShift(d)
    at(d, '2025-03-04 12:05')
    expect(await d.ok<HandoverView[]>('shifts.handover', {}, 'agent')).toEqual([])
    const notes = await d.ok<HandoverView[]>('shifts.handover', {}, 'agent2')
    expect(notes).toHaveLength(1)
    expect(notes[0]!.shift).toMatchObject({
      id: shiftId,
      personName: '小王',
      handoverNote: '3号单顾客下午会再来电，请接班同事留意',
    })
    expect(notes[0]!.stillOpen.map((o) => o.id)).toContain(t2)
    await d.ok('shifts.ackHandover', { id: shiftId }, 'agent2')
    expect(await d.ok('shifts.handover', {}, 'agent2')).toEqual([])
    // Someone else still sees it; and a day later nobody does.
    expect(await d.ok<HandoverView[]>('shifts.handover', {}, 'specialist')).toHaveLength(1)
    at(d, '2025-03-05 12:30')
    expect(await d.ok('shifts.handover', {}, 'specialist')).toEqual([])
  })

  it('the schedule is a shop setting only a supervisor changes', async () => {
    const slots = await d.ok<{ label: string }[]>('shifts.schedule', {}, 'agent')
    expect(slots.map((s) => s.label)).toEqual(['早班', '中班', '晚班', '夜班'])
    const next = [
      { key: 'day', label: '白班', start: '09:00', end: '21:00' },
      { key: 'night', label: '夜班', start: '21:00', end: '09:00' },
    ]
    const denied = await d.call('shifts.saveSchedule', { slots: next }, 'agent')
    expect(denied.ok).toBe(false)
    await d.ok('shifts.saveSchedule', { slots: next }, 'supervisor')
    expect(
      (await d.ok<{ label: string }[]>('shifts.schedule', {}, 'agent')).map((s) => s.label),
    ).toEqual(['白班', '夜班'])
    const dup = await d.call('shifts.saveSchedule', { slots: [next[0], next[0]] }, 'supervisor')
    expect(dup.ok ? null : dup.error.message).toContain('班次代号不能重复')
  })

  it('the print view reads the summary through a short-lived token, without a session', async () => {
    const { shiftId } = await seedEarlyShift(d)
    const { token } = await d.ok<{ token: string }>('shifts.printToken', { id: shiftId }, 'agent')
    // printData is public: the hidden print window of the Electron shell is not signed in.
    const env = await d.call<ShiftSummaryView>('shifts.printData', { token }, 'agent')
    expect(env.ok && env.value.figures.received).toBe(3)
    const bad = await d.call('shifts.printData', { token: 'x'.repeat(32) }, 'agent')
    expect(bad.ok ? null : bad.error.message).toBe('打印链接已过期，请回到班次页面重新打印')
  })

  it('PDF goes through the print adapter where the shell has one, and is audited', async () => {
    const noPdf = await seedEarlyShift(d)
    const refused = await d.call(
      'shifts.pdf',
      { id: noPdf.shiftId, pageUrl: 'http://127.0.0.1:5000/index.html' },
      'agent',
    )
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'unavailable' })
    expect(refused.ok ? '' : refused.error.message).toContain('另存为 PDF')
    await d.close()

    const urls: string[] = []
    let data: ShiftSummaryView | null = null
    d = await openShiftDesk(dir, cst('2025-03-04 12:10'), {
      async toPdf(url) {
        urls.push(url)
        const token = url.split('/').pop()!
        const env = await d.call<ShiftSummaryView>('shifts.printData', { token }, 'agent')
        data = env.ok ? env.value : null
        return new TextEncoder().encode('%PDF-1.7 fake')
      },
    })
    const out = await d.ok<{ name: string; mime: string; bytesBase64: string }>(
      'shifts.pdf',
      { id: noPdf.shiftId, pageUrl: 'app://kefu/index.html#/shifts' },
      'agent',
    )
    expect(urls[0]).toMatch(/^app:\/\/kefu\/index\.html#\/print\/shift\/[A-Za-z0-9_-]{32}$/)
    expect(data!.title).toBe('班次小结 2025-03-04 早班 小王')
    expect(Buffer.from(out.bytesBase64, 'base64').toString()).toBe('%PDF-1.7 fake')
    expect(out).toMatchObject({
      name: '班次小结-2025-03-04-早班-小王.pdf',
      mime: 'application/pdf',
    })
    expect(d.auditLog.map((a) => a.action)).toContain('report.export')
  })
})

describe('reports and quality checks', () => {
  it("a month's report: own figures for an agent, the team's for a supervisor", async () => {
    await seedEarlyShift(d)
    const month = { from: cst('2025-03-01 00:00'), to: cst('2025-04-01 00:00') }
    const mine = await d.ok<PeriodReportView>('reports.period', month, 'agent')
    expect(mine.personIds).toEqual(['agent'])
    expect(mine.totals.received).toBe(3)
    const team = await d.ok<PeriodReportView>('reports.period', month, 'supervisor')
    expect(team.totals.received).toBe(4)
    expect(team.people.map((p) => [team.personNames[p.personId], p.received])).toEqual(
      expect.arrayContaining([
        ['小王', 3],
        ['小李', 1],
      ]),
    )
    const denied = await d.call('reports.period', { ...month, personId: 'agent2' }, 'agent')
    expect(denied.ok ? null : denied.error.code).toBe('forbidden')
  })

  it('drill-down returns the orders behind a bar, without contacts', async () => {
    const { t1, t2 } = await seedEarlyShift(d)
    const res = await d.ok<{ total: number; items: { id: string; summary: string }[] }>(
      'reports.orders',
      {
        from: cst('2025-03-01 00:00'),
        to: cst('2025-04-01 00:00'),
        bar: { kind: 'category', category: 'logistics', measure: 'received' },
      },
      'agent',
    )
    expect(res.total).toBe(2)
    expect(res.items.map((i) => i.id).sort()).toEqual([t1, t2].sort())
    expect(JSON.stringify(res)).not.toContain('13812345678')
  })

  it('a supervisor samples and scores; the person sees their scores; the assessment uses them', async () => {
    const { t1 } = await seedEarlyShift(d)
    const month = { from: cst('2025-03-01 00:00'), to: cst('2025-04-01 00:00') }
    const denied = await d.call('qc.sample', { personId: 'agent', ...month, n: 3 }, 'agent2')
    expect(denied.ok ? null : denied.error.code).toBe('forbidden')
    const none = await d.call('qc.sample', { personId: 'agent2', ...month, n: 3 }, 'supervisor')
    expect(none.ok ? null : none.error.message).toBe('这段时间里此人没有已解决的工单，无法抽检')
    const sample = await d.ok<QcSampleView>(
      'qc.sample',
      { personId: 'agent', ...month, n: 3 },
      'supervisor',
    )
    // Only T1 was resolved by 小王: a sample of three gives the one there is.
    expect(sample.population).toBe(1)
    expect(sample.orders.map((o) => o.ticketId)).toEqual([t1])
    const marks = {
      greeting: 'pass',
      apology: 'na',
      policy: 'pass',
      record: 'fail',
      followUp: 'pass',
      tone: 'pass',
    }
    const check = await d.ok<QcCheckView>(
      'qc.score',
      {
        sampleId: sample.id,
        ticketId: t1,
        marks,
        comments: { record: '未记录顾客确认的原话' },
        comment: '整体不错',
      },
      'supervisor',
    )
    expect(check.score).toBe(80)
    const missing = await d.call(
      'qc.score',
      { sampleId: sample.id, ticketId: t1, marks: { ...marks, tone: undefined } },
      'supervisor',
    )
    expect(missing.ok ? null : missing.error.code).toBe('invalid_input')
    const own = await d.ok<QcCheckView[]>('qc.checks', {}, 'agent')
    expect(own.map((c) => [c.ticketId, c.score, c.comments.record])).toEqual([
      [t1, 80, '未记录顾客确认的原话'],
    ])
    // 我的质检成绩 names the order as staff know it, not the internal id.
    expect(own[0]!.orderNo).toBe(
      (await d.ok<{ ticket: { orderNo: string } }>('tickets.get', { id: t1 }, 'agent')).ticket
        .orderNo,
    )
    expect(own[0]!.orderNo).toMatch(/^\d{6}-\d+$/)
    const peek = await d.call('qc.checks', { personId: 'agent' }, 'agent2')
    expect(peek.ok).toBe(false)
    const report = await d.ok<PeriodReportView>('reports.period', month, 'supervisor')
    const row = report.people.find((p) => p.personId === 'agent')!
    expect([row.qcScore, row.qcChecks]).toEqual([80, 1])
    expect(d.auditLog.map((a) => a.action)).toEqual(
      expect.arrayContaining(['qc.sample', 'qc.score']),
    )
  })
})
