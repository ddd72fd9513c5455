import { z } from 'zod'
import type { AssessmentRow } from './aggregate'

/**
 * The monthly assessment (月度考核, issue 19): each person's service KPIs, quality checks,
 * exam and drill scores put on one 0–100 scale and combined with the weights a supervisor
 * sets; the ranking and the month's best agent (月度优秀客服) with the reasons. The KPI parts
 * keep shared/tickets/kpi.ts's definitions (as periodReport computes them): first response is
 * the share of orders first answered within 3 minutes, resolution the resolution rate,
 * satisfaction the share of satisfied answers.
 */

export const ASSESSMENT_PARTS = [
  'firstResponse',
  'resolution',
  'satisfaction',
  'qc',
  'exam',
  'drill',
] as const
export type AssessmentPart = (typeof ASSESSMENT_PARTS)[number]

/** zh-CN names, for exports (the UI has its own in i18n). */
export const ASSESSMENT_PART_LABELS: Record<AssessmentPart, string> = {
  firstResponse: '首次响应（3分钟回复率）',
  resolution: '解决率',
  satisfaction: '满意度',
  qc: '质检分',
  exam: '考试分',
  drill: '演练分',
}

export type AssessmentWeights = Record<AssessmentPart, number>

export const DEFAULT_ASSESSMENT_WEIGHTS: AssessmentWeights = {
  firstResponse: 15,
  resolution: 20,
  satisfaction: 15,
  qc: 20,
  exam: 15,
  drill: 15,
}

const weight = z
  .number({ error: '权重须为 0 到 100 的整数' })
  .int({ error: '权重须为 0 到 100 的整数' })
  .min(0, { error: '权重不能小于 0' })
  .max(100, { error: '权重不能大于 100' })

export const assessmentWeightsSchema = z
  .object(
    Object.fromEntries(ASSESSMENT_PARTS.map((p) => [p, weight])) as Record<
      AssessmentPart,
      typeof weight
    >,
  )
  .strict()
  .refine((w) => ASSESSMENT_PARTS.some((p) => w[p] > 0), { error: '至少要有一项权重大于 0' })

const round1 = (n: number) => Math.round(n * 10) / 10
const pct = (r: number | null) => (r === null ? null : round1(r * 100))

/** Each part of a row on the 0–100 scale; null where the person has no such figure. */
export function partScores(
  r: Pick<
    AssessmentRow,
    | 'within3MinRate'
    | 'resolutionRate'
    | 'satisfactionRate'
    | 'qcScore'
    | 'examScore'
    | 'drillScore'
  >,
): Record<AssessmentPart, number | null> {
  return {
    firstResponse: pct(r.within3MinRate),
    resolution: pct(r.resolutionRate),
    satisfaction: pct(r.satisfactionRate),
    qc: r.qcScore,
    exam: r.examScore,
    drill: r.drillScore,
  }
}

/**
 * The weighted score over the parts the person has figures for: a new hire with only an exam
 * and a drill is scored on those. `coverage` is the share of the total weight behind it, so
 * the ranking can prefer a full month's work to a single figure.
 */
export function compositeScore(
  parts: Record<AssessmentPart, number | null>,
  weights: AssessmentWeights,
): { score: number | null; coverage: number } {
  let sum = 0
  let used = 0
  let all = 0
  for (const p of ASSESSMENT_PARTS) {
    all += weights[p]
    const v = parts[p]
    if (v === null || weights[p] <= 0) continue
    sum += v * weights[p]
    used += weights[p]
  }
  if (used === 0 || all === 0) return { score: null, coverage: 0 }
  return { score: round1(sum / used), coverage: round1((used * 100) / all) / 100 }
}

/** Rank 1 is the best; equal scores share a rank (1, 1, 3); rows without a score have none. */
export function rankOf(scores: readonly (number | null)[]): (number | null)[] {
  const sorted = scores.filter((s): s is number => s !== null).sort((a, b) => b - a)
  return scores.map((s) => (s === null ? null : sorted.indexOf(s) + 1))
}

export type StarReason =
  | { kind: 'rank'; score: number }
  | { kind: 'best'; part: AssessmentPart; value: number }
  | { kind: 'high'; part: AssessmentPart; value: number }

export interface MonthlyStar {
  personId: string
  score: number
  reasons: StarReason[]
}

/** A part of 90 or more is named among the reasons even where someone else did better. */
export const STAR_HIGH_MARK = 90
/** The best agent must be scored on at least half the weight (not on one exam alone). */
export const STAR_MIN_COVERAGE = 0.5

/**
 * 月度优秀客服: the highest combined score among people who served customers in the period
 * (resolved at least one order) and are scored on at least half the weight; ties go to the
 * fuller figures, then to more resolved orders. The reasons: the combined score, then each
 * part where they are the team's best, then each part of 90 or more.
 */
export function monthlyStar(rows: readonly AssessmentRow[]): MonthlyStar | null {
  const eligible = rows.filter(
    (r) => r.composite !== null && r.resolved > 0 && r.coverage >= STAR_MIN_COVERAGE,
  )
  if (eligible.length === 0) return null
  const best = [...eligible].sort(
    (a, b) =>
      (b.composite ?? 0) - (a.composite ?? 0) ||
      b.coverage - a.coverage ||
      b.resolved - a.resolved ||
      (a.personId < b.personId ? -1 : 1),
  )[0]!
  const reasons: StarReason[] = [{ kind: 'rank', score: best.composite ?? 0 }]
  const high: StarReason[] = []
  for (const part of ASSESSMENT_PARTS) {
    const v = best.parts[part]
    if (v === null) continue
    const others = rows.filter((r) => r.personId !== best.personId && r.parts[part] !== null)
    if (others.length > 0 && others.every((r) => (r.parts[part] ?? 0) < v)) {
      reasons.push({ kind: 'best', part, value: v })
    } else if (v >= STAR_HIGH_MARK) high.push({ kind: 'high', part, value: v })
  }
  return { personId: best.personId, score: best.composite ?? 0, reasons: [...reasons, ...high] }
}

/** The reason in zh-CN, for exports. */
export function starReasonText(r: StarReason): string {
  if (r.kind === 'rank') return `综合分 ${r.score}，全组第一`
  const label = ASSESSMENT_PART_LABELS[r.part]
  return r.kind === 'best' ? `${label} ${r.value}，全组最高` : `${label} ${r.value}`
}

/** A team's line: the average of its members' parts and combined scores. */
export interface TeamAssessmentRow {
  teamId: string
  members: number
  parts: Record<AssessmentPart, number | null>
  composite: number | null
  rank: number | null
}

export function teamAssessment(
  rows: readonly AssessmentRow[],
  teamsOf: ReadonlyMap<string, readonly string[]>,
): TeamAssessmentRow[] {
  const byTeam = new Map<string, AssessmentRow[]>()
  for (const r of rows) {
    for (const t of teamsOf.get(r.personId) ?? []) {
      const list = byTeam.get(t) ?? []
      list.push(r)
      byTeam.set(t, list)
    }
  }
  const mean = (vs: (number | null)[]) => {
    const xs = vs.filter((v): v is number => v !== null)
    return xs.length === 0 ? null : round1(xs.reduce((a, b) => a + b, 0) / xs.length)
  }
  const out = [...byTeam]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([teamId, members]) => ({
      teamId,
      members: members.length,
      parts: Object.fromEntries(
        ASSESSMENT_PARTS.map((p) => [p, mean(members.map((m) => m.parts[p]))]),
      ) as Record<AssessmentPart, number | null>,
      composite: mean(members.map((m) => m.composite)),
      rank: null as number | null,
    }))
  const ranks = rankOf(out.map((t) => t.composite))
  out.forEach((t, i) => (t.rank = ranks[i] ?? null))
  return out
}
