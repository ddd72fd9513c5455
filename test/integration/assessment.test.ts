import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { Loose, Shop } from './people.fixture'
import { shopsPerTest } from './shop-helpers'
import { intake } from './tickets-desk'

/**
 * The monthly assessment (人员考核, issue 19) through the real services: the exam and drill
 * records the training centre writes, a quality check and the orders behind the KPIs meet in
 * one row per person, combined with the weights a supervisor sets.
 */
const shops = shopsPerTest()

const DAY = 86_400_000
function month() {
  const now = Date.now()
  return { from: new Date(now - 20 * DAY).toISOString(), to: new Date(now + DAY).toISOString() }
}

/** The agent answers every question right, the short answer in words of the rubric. */
async function takeExam(s: Shop): Promise<Loose> {
  const attempt = await s.ok('agent', 'training.startExam', { templateId: 'exam.onboarding' })
  const bank: Loose[] = await s.ok('trainer', 'training.questions')
  const answers: Record<string, unknown> = {}
  for (const p of attempt.paper) {
    const q = bank.find((x) => x.id === p.id)
    answers[p.id] =
      q.type === 'short' ? q.answer.keywords.map((k: Loose) => k.word).join('，') : q.answer
  }
  return s.ok('agent', 'training.submitExam', { attemptId: attempt.id, answers })
}

/** The late-parcel drill played through, then marked by the trainer. */
async function playDrill(s: Shop): Promise<Loose> {
  const a = await s.ok('trainer', 'training.assignDrill', {
    scenarioId: 'drill.late-parcel',
    traineeId: s.ids.agent,
    mode: 'scripted',
  })
  let v = await s.ok('agent', 'training.startDrill', { sessionId: a.id })
  for (const text of [
    '真的非常抱歉，让您久等了，我马上帮您查。',
    '我这边马上联系快递催件，同时给您补发一个。',
    '补发的预计周六前送到，原来的包裹到了您拒收就好。',
    '好的，发出后我第一时间告诉您，请问还有其他问题吗？',
  ]) {
    if (v.status === 'ended') break
    v = await s.ok('agent', 'training.drillReply', { sessionId: v.id, text })
  }
  expect(v.status).toBe('ended')
  const unmarked = v.marks
    .filter((m: Loose) => m.earned === null)
    .map((m: Loose) => [m.id, m.points])
  return s.ok('trainer', 'training.scoreDrill', {
    sessionId: v.id,
    marks: Object.fromEntries(unmarked),
  })
}

/** One order resolved and rated by the agent, sampled and checked by the supervisor. */
async function serveAndCheck(s: Shop): Promise<Loose> {
  const now = Date.now()
  const r = await s.ok('agent', 'tickets.create', {
    intake: intake({
      messageAt: new Date(now - 60_000).toISOString(),
      purchasedAt: new Date(now - 3 * DAY).toISOString(),
      orderNo: '250301-900000000000001',
    }),
    acceptWarnings: true,
    confirmNew: true,
  })
  const id = r.ticket.ticket.id
  await s.ok('agent', 'tickets.reply', { id, text: '您好，我马上帮您查物流' })
  await s.ok('agent', 'tickets.act', { id, action: { type: 'start' } })
  await s.ok('agent', 'tickets.act', {
    id,
    action: { type: 'resolve', resolutionNote: '已告知物流进度' },
  })
  await s.ok('agent', 'tickets.act', { id, action: { type: 'record_satisfaction', rating: 5 } })
  const sample = await s.ok('supervisor', 'qc.sample', { personId: s.ids.agent, ...month(), n: 1 })
  return s.ok('supervisor', 'qc.score', {
    sampleId: sample.id,
    ticketId: id,
    marks: {
      greeting: 'pass',
      apology: 'na',
      policy: 'pass',
      record: 'fail',
      followUp: 'pass',
      tone: 'pass',
    },
  })
}

describe('the monthly assessment', () => {
  it('counts an exam once its short answer is confirmed, beside a drill and a quality check, and lists the new hire', async () => {
    const s = await shops.staffed()
    const done = await takeExam(s)
    const shorts = done.score.items.filter((i: Loose) => i.type === 'short')
    expect(shorts.length).toBeGreaterThan(0)

    let report = await s.ok('supervisor', 'reports.period', month())
    let row = report.people.find((p: Loose) => p.personId === s.ids.agent)
    // Handed in, but the short answer waits for a trainer: nothing counts yet.
    expect(row.examScore).toBeNull()
    const pending = async () =>
      (await s.ok('trainer', 'training.results', { personId: s.ids.agent }))[0].pendingReview
    expect(await pending()).toBe(shorts.length)

    for (const [i, short] of shorts.entries()) {
      await s.ok('trainer', 'training.overrideAnswer', {
        attemptId: done.id,
        questionId: short.questionId,
        points: short.auto,
        reason: '确认关键词评分',
      })
      expect(await pending()).toBe(shorts.length - i - 1)
      report = await s.ok('supervisor', 'reports.period', month())
      row = report.people.find((p: Loose) => p.personId === s.ids.agent)
      // Only a fully confirmed paper counts.
      expect(row.examScore).toBe(i === shorts.length - 1 ? done.score.percent : null)
    }
    const drill = await playDrill(s)
    expect(drill.complete).toBe(true)
    const check = await serveAndCheck(s)
    expect(check.score).toBe(80)

    report = await s.ok('supervisor', 'reports.period', month())
    row = report.people.find((p: Loose) => p.personId === s.ids.agent)
    const drillPct = Math.round((drill.total * 1000) / drill.max) / 10
    expect([row.examScore, row.examCount]).toEqual([done.score.percent, 1])
    expect([row.drillScore, row.drillCount]).toEqual([drillPct, 1])
    expect([row.qcScore, row.qcChecks]).toEqual([80, 1])
    expect([row.resolved, row.satisfactionRate, row.within3MinRate]).toEqual([1, 1, 1])
    // Every part present: the weighted mean with the default weights.
    const w = report.weights
    const parts = { ...row.parts }
    const sum = Object.keys(w).reduce((n, k) => n + w[k] * parts[k], 0)
    const total = Object.values(w as Record<string, number>).reduce((a, b) => a + b, 0)
    expect(row.composite).toBe(Math.round((sum / total) * 10) / 10)
    expect(row.rank).toBe(1)
    expect(report.star.personId).toBe(s.ids.agent)
    expect(report.star.reasons[0]).toEqual({ kind: 'rank', score: row.composite })

    // 小张 (a new hire with no order, no exam) is listed; the admin and the trainer are not.
    const ids = report.people.map((p: Loose) => p.personId)
    expect(ids).toContain(s.ids.agent2)
    expect(ids).not.toContain(s.ids.trainer)
    expect(ids).not.toContain(s.ids.admin)
    expect(report.people.find((p: Loose) => p.personId === s.ids.agent2).composite).toBeNull()
    expect(report.teams).toHaveLength(1)
    expect(report.teamNames[report.teams[0].teamId]).toBe('售后组')

    // Drill-down: the records behind each figure.
    const exams = await s.ok('supervisor', 'reports.assessmentRecords', {
      ...month(),
      personId: s.ids.agent,
      part: 'exam',
    })
    expect(exams.items).toEqual([
      expect.objectContaining({ id: done.id, score: done.score.percent }),
    ])
    const qc = await s.ok('supervisor', 'reports.assessmentRecords', {
      ...month(),
      personId: s.ids.agent,
      part: 'qc',
    })
    expect(qc.items.map((i: Loose) => [i.orderNo, i.score])).toEqual([
      ['250301-900000000000001', 80],
    ])
    const peek = await s.call('agent2', 'reports.assessmentRecords', {
      ...month(),
      personId: s.ids.agent,
      part: 'exam',
    })
    expect(peek.error.code).toBe('forbidden')
  })

  it('uses the weights a supervisor sets; an agent may not set them, and bad weights are refused in Chinese', async () => {
    const s = await shops.staffed()
    await takeExam(s)
    const weights = {
      firstResponse: 0,
      resolution: 0,
      satisfaction: 0,
      qc: 0,
      exam: 100,
      drill: 0,
    }
    const denied = await s.call('agent', 'reports.setAssessmentWeights', { weights })
    expect(denied.error.code).toBe('forbidden')
    const zero = await s.call('supervisor', 'reports.setAssessmentWeights', {
      weights: { ...weights, exam: 0 },
    })
    expect(zero.error.message).toContain('至少要有一项权重大于 0')
    await s.ok('supervisor', 'reports.setAssessmentWeights', { weights })
    const report = await s.ok('supervisor', 'reports.period', month())
    expect(report.weights).toEqual(weights)
    const summary = (await s.ok('trainer', 'training.results', { personId: s.ids.agent }))[0]
    const row = report.people.find((p: Loose) => p.personId === s.ids.agent)
    // Exams only: the short answers still wait, so the agent has no counted figure yet.
    expect(summary.pendingReview).toBeGreaterThan(0)
    expect(row.composite).toBeNull()
  })

  it('exports the ranking, the team lines and the month’s best agent with reasons to XLSX', async () => {
    const s = await shops.staffed()
    await serveAndCheck(s)
    const job = await s.ok('supervisor', 'reports.exportStart', {
      kind: 'period',
      format: 'xlsx',
      ...month(),
    })
    let status = job
    while (status.state === 'running') {
      await new Promise((r) => setTimeout(r, 50))
      status = await s.ok('supervisor', 'reports.exportStatus', { jobId: job.jobId })
    }
    expect(status.state).toBe('done')
    const file = await s.ok('supervisor', 'reports.exportFetch', { jobId: job.jobId })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(file.bytesBase64, 'base64') as unknown as ArrayBuffer)
    const text: string[] = []
    wb.eachSheet((ws) =>
      ws.eachRow((r) => text.push((r.values as unknown[]).map((v) => String(v ?? '')).join('|'))),
    )
    const all = text.join('\n')
    expect(all).toContain('人员考核')
    expect(all).toContain('班组考核')
    expect(all).toMatch(/月度优秀客服\|小李：综合分 [\d.]+，全组第一/)
    expect(all).toContain('售后组')
  })
})
