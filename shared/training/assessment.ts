import type { AttemptSummary, DrillSummary } from '../api/training'

/**
 * What of the training centre's records counts in the monthly assessment (考核, issue 19): the
 * one definition the reports use. An exam attempt counts once it is handed in and every
 * short answer has been confirmed by a trainer (confirmed scores only); its score is the share
 * of the paper's points. A drill counts once it has ended and every rubric item is scored;
 * its score is the share of the rubric's points. Both count in the period in which they were
 * finished.
 */

export type TrainingScoreKind = 'exam' | 'drill'

export interface TrainingScoreRecord {
  kind: TrainingScoreKind
  /** The attempt's or the drill session's id. */
  id: string
  personId: string
  /** The exam template or the drill scenario. */
  refId: string
  title: string
  /** 0–100, one decimal. */
  score: number
  /** When it was finished (handed in, ended), UTC ISO. */
  at: string
}

const round1 = (n: number) => Math.round(n * 10) / 10

export function examRecord(a: AttemptSummary): TrainingScoreRecord | null {
  if (a.status !== 'submitted' || a.percent === null || !a.submittedAt) return null
  if (a.pendingReview > 0) return null
  return {
    kind: 'exam',
    id: a.id,
    personId: a.personId,
    refId: a.templateId,
    title: a.title,
    score: a.percent,
    at: a.submittedAt,
  }
}

export function drillRecord(s: DrillSummary): TrainingScoreRecord | null {
  if (s.status !== 'ended' || !s.complete || s.max <= 0 || !s.endedAt) return null
  return {
    kind: 'drill',
    id: s.id,
    personId: s.traineeId,
    refId: s.scenarioId,
    title: s.title,
    score: round1((s.total * 100) / s.max),
    at: s.endedAt,
  }
}

/** The records finished in [from, to), newest first. */
export function recordsIn(
  records: Iterable<TrainingScoreRecord>,
  fromMs: number,
  toMs: number,
): TrainingScoreRecord[] {
  const out: TrainingScoreRecord[] = []
  for (const r of records) {
    const at = Date.parse(r.at)
    if (at >= fromMs && at < toMs) out.push(r)
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
}

/**
 * The retake policy a trainer sets per exam: of one person's counted tries at one exam in the
 * period, only the best or only the last counts. Drills count every session.
 */
export function applyRetakePolicy(
  records: readonly TrainingScoreRecord[],
  policyOf: (examId: string) => 'best' | 'last',
): TrainingScoreRecord[] {
  const kept = new Map<string, TrainingScoreRecord>()
  const out: TrainingScoreRecord[] = []
  for (const r of records) {
    if (r.kind !== 'exam') {
      out.push(r)
      continue
    }
    const key = `${r.personId}|${r.refId}`
    const had = kept.get(key)
    const better =
      !had ||
      (policyOf(r.refId) === 'last'
        ? r.at > had.at
        : r.score > had.score || (r.score === had.score && r.at > had.at))
    if (better) kept.set(key, r)
  }
  return recordsIn([...out, ...kept.values()], -Infinity, Infinity)
}

/** Average score and count per person and kind, over records already narrowed to a period. */
export function trainingAverages(
  records: Iterable<TrainingScoreRecord>,
): Record<TrainingScoreKind, Map<string, { avg: number; count: number }>> {
  const sums = { exam: new Map<string, number[]>(), drill: new Map<string, number[]>() }
  for (const r of records) {
    const list = sums[r.kind].get(r.personId) ?? []
    list.push(r.score)
    sums[r.kind].set(r.personId, list)
  }
  const avg = (m: Map<string, number[]>) =>
    new Map(
      [...m].map(([k, v]) => [
        k,
        { avg: round1(v.reduce((a, b) => a + b, 0) / v.length), count: v.length },
      ]),
    )
  return { exam: avg(sums.exam), drill: avg(sums.drill) }
}
