import { describe, expect, it } from 'vitest'
import type { AssessmentRow } from '../../shared/reports/aggregate'
import {
  assessmentWeightsSchema,
  compositeScore,
  DEFAULT_ASSESSMENT_WEIGHTS,
  monthlyStar,
  partScores,
  rankOf,
  starReasonText,
  teamAssessment,
} from '../../shared/reports/assessment'
import { drillRecord, examRecord, trainingAverages } from '../../shared/training/assessment'

function row(personId: string, over: Partial<AssessmentRow> = {}): AssessmentRow {
  const base = {
    personId,
    received: 10,
    resolved: 8,
    transferred: 0,
    firstResponseAvgMin: 2,
    firstResponseP90Min: 3,
    within3MinRate: 0.9,
    handlingAvgMin: 30,
    resolutionRate: 0.8,
    satisfactionRate: 0.95,
    satisfactionAnswered: 6,
    answerRate: 0.75,
    slaBreaches: 0,
    qcScore: 85,
    qcChecks: 2,
    examScore: 90,
    examCount: 1,
    drillScore: 70,
    drillCount: 1,
    ...over,
  }
  const parts = partScores(base)
  const c = compositeScore(parts, DEFAULT_ASSESSMENT_WEIGHTS)
  return { ...base, parts, composite: c.score, coverage: c.coverage, rank: null }
}

describe('the combined assessment score', () => {
  it('puts each part on 0–100 and weighs them as the supervisor set', () => {
    const r = row('a')
    expect(r.parts).toEqual({
      firstResponse: 90,
      resolution: 80,
      satisfaction: 95,
      qc: 85,
      exam: 90,
      drill: 70,
    })
    // 15·90 + 20·80 + 15·95 + 20·85 + 15·90 + 15·70 = 8475, over 100.
    expect(r.composite).toBe(84.8)
    expect(r.coverage).toBe(1)
  })

  it('scores a new hire on what they have, with the share of weight behind it', () => {
    const r = row('new', {
      received: 0,
      resolved: 0,
      within3MinRate: null,
      resolutionRate: null,
      satisfactionRate: null,
      qcScore: null,
      examScore: 60,
      drillScore: 80,
    })
    expect(r.composite).toBe(70)
    expect(r.coverage).toBe(0.3)
    expect(
      compositeScore(
        partScores({ ...r, examScore: null, drillScore: null }),
        DEFAULT_ASSESSMENT_WEIGHTS,
      ).score,
    ).toBeNull()
  })

  it('ranks equal scores together and leaves the unscored out', () => {
    expect(rankOf([80, 90, null, 80])).toEqual([2, 1, null, 2])
  })

  it('refuses weights that are all zero or out of range, in Chinese', () => {
    const zero = assessmentWeightsSchema.safeParse({
      ...DEFAULT_ASSESSMENT_WEIGHTS,
      firstResponse: 0,
      resolution: 0,
      satisfaction: 0,
      qc: 0,
      exam: 0,
      drill: 0,
    })
    expect(zero.success ? '' : zero.error.issues[0]!.message).toBe('至少要有一项权重大于 0')
    const big = assessmentWeightsSchema.safeParse({ ...DEFAULT_ASSESSMENT_WEIGHTS, qc: 101 })
    expect(big.success ? '' : big.error.issues[0]!.message).toBe('权重不能大于 100')
  })
})

describe('月度优秀客服', () => {
  it('is the best combined score among people who served customers, with the reasons', () => {
    const best = row('a', { qcScore: 98 })
    const other = row('b', { qcScore: 80, within3MinRate: 0.95 })
    const trainee = row('c', {
      received: 0,
      resolved: 0,
      within3MinRate: null,
      resolutionRate: null,
      satisfactionRate: null,
      qcScore: null,
      examScore: 100,
      drillScore: 100,
    })
    const star = monthlyStar([other, best, trainee])!
    expect(star.personId).toBe('a')
    expect(star.reasons[0]).toEqual({ kind: 'rank', score: best.composite })
    expect(star.reasons).toContainEqual({ kind: 'best', part: 'qc', value: 98 })
    // 90 within 3 minutes is not the best (b has 95) but still named.
    expect(star.reasons).toContainEqual({ kind: 'high', part: 'firstResponse', value: 90 })
    expect(starReasonText(star.reasons[1]!)).toBe('质检分 98，全组最高')
    expect(monthlyStar([trainee])).toBeNull()
  })

  it('team lines average their members', () => {
    const teams = teamAssessment(
      [row('a', { qcScore: 90 }), row('b', { qcScore: 70 }), row('c', { qcScore: null })],
      new Map([
        ['a', ['t1']],
        ['b', ['t1']],
        ['c', ['t2']],
      ]),
    )
    expect(teams.map((t) => [t.teamId, t.members, t.parts.qc])).toEqual([
      ['t1', 2, 80],
      ['t2', 1, null],
    ])
  })
})

describe('what of the training records counts', () => {
  const attempt = {
    id: 'x',
    templateId: 't',
    title: '入职考试',
    personId: 'a',
    personName: '小李',
    status: 'submitted' as const,
    startedAt: '2026-01-05T01:00:00.000Z',
    submittedAt: '2026-01-05T01:30:00.000Z',
    total: 70,
    max: 100,
    percent: 70,
    passed: true,
    overridden: false,
    pendingReview: 0,
  }
  it('an exam handed in with every short answer confirmed; not one still open or awaiting review', () => {
    expect(examRecord(attempt)).toMatchObject({ kind: 'exam', score: 70, at: attempt.submittedAt })
    expect(examRecord({ ...attempt, pendingReview: 1 })).toBeNull()
    expect(examRecord({ ...attempt, status: 'open', submittedAt: null })).toBeNull()
  })

  it('a drill ended and fully marked, as a share of the rubric', () => {
    const s = {
      id: 'd',
      scenarioId: 's',
      title: '快递延误',
      traineeId: 'a',
      traineeName: '小李',
      mode: 'scripted' as const,
      status: 'ended' as const,
      outcome: 'satisfied' as const,
      createdAt: '2026-01-05T01:00:00.000Z',
      endedAt: '2026-01-05T01:20:00.000Z',
      total: 45,
      max: 60,
      complete: true,
      trainerName: '周老师',
    }
    expect(drillRecord(s)).toMatchObject({ kind: 'drill', score: 75, personId: 'a' })
    expect(drillRecord({ ...s, complete: false })).toBeNull()
    expect(drillRecord({ ...s, status: 'running', endedAt: null })).toBeNull()
    const avg = trainingAverages([drillRecord(s)!, { ...drillRecord(s)!, score: 85 }])
    expect(avg.drill.get('a')).toEqual({ avg: 80, count: 2 })
  })
})
