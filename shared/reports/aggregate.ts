import {
  kpiByGroup,
  kpiFigures,
  type GroupBy,
  type KpiFigures,
  type Period,
  type TrendBucket,
} from '../tickets/kpi'
import { CATEGORIES, type Category, type Platform, type Ticket } from '../tickets/model'
import { defaultSlaSettings, isoMs, toMs, type SlaSettings } from '../tickets/sla'
import {
  compositeScore,
  DEFAULT_ASSESSMENT_WEIGHTS,
  monthlyStar,
  partScores,
  rankOf,
  teamAssessment,
  type AssessmentPart,
  type AssessmentWeights,
  type MonthlyStar,
  type TeamAssessmentRow,
} from './assessment'

/**
 * Report aggregation over any period (issue 9 item 2), on top of the KPI maths of
 * shared/tickets/kpi.ts: trends per day, week and month, the share of each category per
 * week, volume by hour of day, the per-person assessment table, and the orders behind any bar
 * of those charts (drill-down). Every figure keeps kpi.ts's definitions: an event counts in
 * the bucket (and for the person) in which it happened; empty populations are null.
 */

export const TREND_BUCKETS: readonly TrendBucket[] = ['day', 'week', 'month']

export interface TrendPoint {
  /** Bucket start, UTC ISO (local midnight of the shop's calendar). */
  start: string
  received: number
  resolved: number
  transferred: number
  resolutionRate: number | null
  firstResponseAvgMin: number | null
  firstResponseP90Min: number | null
  within3MinRate: number | null
  handlingAvgMin: number | null
  satisfactionRate: number | null
  answerRate: number | null
  slaBreaches: number
}

export interface CategoryWeek {
  start: string
  total: number
  counts: Record<Category, number>
  /** Each category's share of the week's received orders; null in an empty week. */
  shares: Record<Category, number | null>
}

/** One person's row in the monthly assessment (考核) table. */
export interface AssessmentRow {
  personId: string
  received: number
  resolved: number
  transferred: number
  firstResponseAvgMin: number | null
  firstResponseP90Min: number | null
  within3MinRate: number | null
  handlingAvgMin: number | null
  resolutionRate: number | null
  satisfactionRate: number | null
  satisfactionAnswered: number
  answerRate: number | null
  slaBreaches: number
  /** Average quality-check (质检) score, 0–100, of the person's checked orders; null: none. */
  qcScore: number | null
  qcChecks: number
  /** Average theory-exam (理论考核) score, 0–100, of confirmed attempts; null: none. */
  examScore: number | null
  examCount: number
  /** Average drill (模拟演练) score, 0–100, of ended and fully scored drills; null: none. */
  drillScore: number | null
  drillCount: number
  /** Each part on the 0–100 scale (shared/reports/assessment.ts). */
  parts: Record<AssessmentPart, number | null>
  /** The weighted score over the parts the person has; null: no figures at all. */
  composite: number | null
  /** Share (0–1) of the total weight behind `composite`. */
  coverage: number
  /** 1 is the best; null without a score. */
  rank: number | null
}

/** Scores from other features, per person id (quality checks, training). */
export interface ExtraScores {
  qc?: ReadonlyMap<string, { avg: number; count: number }>
  exam?: ReadonlyMap<string, { avg: number; count: number }>
  drill?: ReadonlyMap<string, { avg: number; count: number }>
  /** People listed even without any figure (agents in training, new hires). */
  roster?: Iterable<string>
  /** Each person's teams, for the team lines. */
  teamsOf?: ReadonlyMap<string, readonly string[]>
  weights?: AssessmentWeights
}

export interface PeriodReport {
  from: string
  to: string
  /** Null: the whole team; otherwise the people the figures are limited to. */
  personIds: string[] | null
  totals: KpiFigures
  trends: Record<TrendBucket, TrendPoint[]>
  categoryByWeek: CategoryWeek[]
  volumeByHour: number[]
  /** Ranked: the best combined score first. */
  people: AssessmentRow[]
  teams: TeamAssessmentRow[]
  weights: AssessmentWeights
  star: MonthlyStar | null
}

const DAY = 86_400_000

/** Start of the bucket holding a local time, as local ms (a UTC-clock view of local time). */
export function bucketStartLocal(localMs: number, bucket: TrendBucket): number {
  const day = Math.floor(localMs / DAY) * DAY
  if (bucket === 'day') return day
  if (bucket === 'week') return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY
  const d = new Date(day)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
}

export function nextBucketLocal(localStart: number, bucket: TrendBucket): number {
  if (bucket === 'day') return localStart + DAY
  if (bucket === 'week') return localStart + 7 * DAY
  const d = new Date(localStart)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
}

/** The UTC range [from, to) of the bucket starting at `startIso` (as trend points name it). */
export function bucketRange(
  startIso: string,
  bucket: TrendBucket,
  settings?: SlaSettings,
): { fromMs: number; toMs: number } {
  const offset = (settings ?? defaultSlaSettings()).calendar.utcOffsetMinutes * 60_000
  const local = bucketStartLocal(isoMs(startIso) + offset, bucket)
  return { fromMs: local - offset, toMs: nextBucketLocal(local, bucket) - offset }
}

export function trendPoint(start: string, f: KpiFigures): TrendPoint {
  return {
    start,
    received: f.received,
    resolved: f.resolved,
    transferred: f.transferred,
    resolutionRate: f.resolutionRate,
    firstResponseAvgMin: f.firstResponse.avgMin,
    firstResponseP90Min: f.firstResponse.p90Min,
    within3MinRate: f.firstResponse.within3MinRate,
    handlingAvgMin: f.handling.avgMin,
    satisfactionRate: f.satisfaction.rate,
    answerRate: f.answerRate,
    slaBreaches: f.slaBreaches.total,
  }
}

export function assessmentRow(personId: string, f: KpiFigures, extras: ExtraScores): AssessmentRow {
  const qc = extras.qc?.get(personId)
  const exam = extras.exam?.get(personId)
  const drill = extras.drill?.get(personId)
  const row = {
    personId,
    received: f.received,
    resolved: f.resolved,
    transferred: f.transferred,
    firstResponseAvgMin: f.firstResponse.avgMin,
    firstResponseP90Min: f.firstResponse.p90Min,
    within3MinRate: f.firstResponse.within3MinRate,
    handlingAvgMin: f.handling.avgMin,
    resolutionRate: f.resolutionRate,
    satisfactionRate: f.satisfaction.rate,
    satisfactionAnswered: f.satisfaction.answered,
    answerRate: f.answerRate,
    slaBreaches: f.slaBreaches.total,
    qcScore: qc ? qc.avg : null,
    qcChecks: qc ? qc.count : 0,
    examScore: exam ? exam.avg : null,
    examCount: exam ? exam.count : 0,
    drillScore: drill ? drill.avg : null,
    drillCount: drill ? drill.count : 0,
  }
  const parts = partScores(row)
  const c = compositeScore(parts, extras.weights ?? DEFAULT_ASSESSMENT_WEIGHTS)
  return { ...row, parts, composite: c.score, coverage: c.coverage, rank: null }
}

/** The zero figures (an empty bucket): kpiFigures over no orders. */
function emptyFigures(): KpiFigures {
  return kpiFigures([], { from: 0, to: 1 })
}

/**
 * The report of a period for the whole team (`personIds` absent) or for some people (an agent
 * sees their own). One pass per view (totals, each trend bucket, people), over the tickets
 * already narrowed to the period by the caller or not: kpi skips idle orders cheaply.
 */
export function periodReport(
  tickets: readonly Ticket[],
  period: Period & { personIds?: readonly string[] },
  settings?: SlaSettings,
  extras: ExtraScores = {},
): PeriodReport {
  const s = settings ?? defaultSlaSettings()
  const people = period.personIds ? new Set(period.personIds) : null
  const fromMs = toMs(period.from)
  const endMs = toMs(period.to)
  const p = { from: fromMs, to: endMs }
  const keep = (person: string) => people === null || people.has(person)

  const totals = kpiByGroup(tickets, p, (_ms, who) => (keep(who) ? '' : null), s).get('')
  const offset = s.calendar.utcOffsetMinutes * 60_000
  const trends = {} as Record<TrendBucket, TrendPoint[]>
  let weeks: Map<string, KpiFigures> | null = null
  for (const bucket of TREND_BUCKETS) {
    const group: GroupBy = (ms, who) =>
      keep(who) ? String(bucketStartLocal(ms + offset, bucket)) : null
    const byKey = kpiByGroup(tickets, p, group, s)
    if (bucket === 'week') weeks = byKey
    const points: TrendPoint[] = []
    for (
      let k = bucketStartLocal(fromMs + offset, bucket);
      k - offset < endMs;
      k = nextBucketLocal(k, bucket)
    ) {
      const start = new Date(k - offset).toISOString()
      points.push(trendPoint(start, byKey.get(String(k)) ?? emptyFigures()))
    }
    trends[bucket] = points
  }

  const categoryByWeek: CategoryWeek[] = trends.week.map((pt) => {
    const k = String(isoMs(pt.start) + offset)
    const f = weeks?.get(k)
    const counts = Object.fromEntries(
      CATEGORIES.map((c) => [c, f ? f.byCategory[c].received : 0]),
    ) as Record<Category, number>
    const total = CATEGORIES.reduce((n, c) => n + counts[c], 0)
    const shares = Object.fromEntries(
      CATEGORIES.map((c) => [c, total === 0 ? null : counts[c] / total]),
    ) as Record<Category, number | null>
    return { start: pt.start, total, counts, shares }
  })

  const byPerson = kpiByGroup(tickets, p, (_ms, who) => (keep(who) ? who : null), s)
  const ids = new Set<string>(byPerson.keys())
  for (const src of [extras.qc, extras.exam, extras.drill])
    for (const id of src?.keys() ?? []) if (keep(id)) ids.add(id)
  for (const id of extras.roster ?? []) if (keep(id)) ids.add(id)
  const rows = [...ids]
    .sort()
    .map((id) => assessmentRow(id, byPerson.get(id) ?? emptyFigures(), extras))
  const ranks = rankOf(rows.map((r) => r.composite))
  rows.forEach((r, i) => (r.rank = ranks[i] ?? null))
  rows.sort(
    (a, b) =>
      (a.rank ?? Infinity) - (b.rank ?? Infinity) ||
      b.resolved - a.resolved ||
      b.received - a.received ||
      (a.personId < b.personId ? -1 : 1),
  )

  const t = totals ?? emptyFigures()
  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(endMs).toISOString(),
    personIds: period.personIds ? [...period.personIds] : null,
    totals: t,
    trends,
    categoryByWeek,
    volumeByHour: t.volumeByHour,
    people: rows,
    teams: extras.teamsOf ? teamAssessment(rows, extras.teamsOf) : [],
    weights: extras.weights ?? DEFAULT_ASSESSMENT_WEIGHTS,
    star: monthlyStar(rows),
  }
}

// ---- drill-down -------------------------------------------------------------------------------

export type Measure = 'received' | 'resolved'

/** A bar of a report or shift chart; `ordersBehind` lists the orders it counts. */
export type Bar =
  | { kind: 'trend'; bucket: TrendBucket; start: string; measure: Measure }
  | { kind: 'categoryWeek'; start: string; category: Category }
  | { kind: 'hour'; hour: number }
  | { kind: 'category'; category: Category; measure: Measure }
  | { kind: 'platform'; platform: Platform; measure: Measure }
  | { kind: 'shop'; shopId: string; measure: Measure }
  | { kind: 'person'; personId: string; measure: Measure }

function resolvesOf(t: Ticket): Array<{ ms: number; by: string }> {
  const out: Array<{ ms: number; by: string }> = []
  for (const h of t.history) {
    if (h.type === 'transition' && h.to === 'resolved') out.push({ ms: isoMs(h.at), by: h.by })
  }
  return out
}

/**
 * The ids of the orders a bar counts, with the bar's own definition: received bars are orders
 * created in the range by the people in view; resolved bars are orders with a resolution in
 * the range by them. The count equals the bar's height (the tests hold both to it).
 */
export function ordersBehind(
  tickets: Iterable<Ticket>,
  period: Period & { personIds?: readonly string[] },
  bar: Bar,
  settings?: SlaSettings,
): string[] {
  const s = settings ?? defaultSlaSettings()
  const offset = s.calendar.utcOffsetMinutes * 60_000
  let fromMs = toMs(period.from)
  let endMs = toMs(period.to)
  if (bar.kind === 'trend' || bar.kind === 'categoryWeek') {
    const r = bucketRange(bar.start, bar.kind === 'trend' ? bar.bucket : 'week', s)
    fromMs = Math.max(fromMs, r.fromMs)
    endMs = Math.min(endMs, r.toMs)
  }
  const people = period.personIds ? new Set(period.personIds) : null
  const measure: Measure =
    bar.kind === 'categoryWeek' || bar.kind === 'hour' ? 'received' : bar.measure
  const who = (p: string) =>
    (people === null || people.has(p)) && (bar.kind !== 'person' || p === bar.personId)
  const matches = (t: Ticket): boolean => {
    switch (bar.kind) {
      case 'categoryWeek':
      case 'category':
        return t.category === bar.category
      case 'platform':
        return t.platform === bar.platform
      case 'shop':
        return t.shopId === bar.shopId
      case 'hour': {
        const local = (((isoMs(t.messageAt) + offset) % DAY) + DAY) % DAY
        return Math.floor(local / 3_600_000) === bar.hour
      }
      default:
        return true
    }
  }
  const out: string[] = []
  for (const t of tickets) {
    if (!matches(t)) continue
    if (measure === 'received') {
      const c = isoMs(t.createdAt)
      if (c >= fromMs && c < endMs && who(t.createdBy)) out.push(t.id)
    } else if (resolvesOf(t).some((r) => r.ms >= fromMs && r.ms < endMs && who(r.by))) {
      out.push(t.id)
    }
  }
  return out.sort()
}
