import type { Doc } from '../../../shared/data/ops'
import type { ReportsStore } from './context'

/**
 * The hook through which the assessment table reads exam (理论考核) and drill (模拟演练) scores
 * once training records exist (issue 10). Each source names an entity and reads one doc as a
 * scored attempt; the table shows each person's average in the period. The training service
 * can store results under these names with these fields, or add a source here that reads
 * what it stores.
 */
export interface ScoreSource {
  kind: 'exam' | 'drill'
  entity: string
  read(doc: Doc): { personId: string; score: number; at: string } | null
}

function conventional(doc: Doc): { personId: string; score: number; at: string } | null {
  const f = doc.fields
  const personId = f.personId
  const score = f.score
  const at = f.finishedAt ?? f.at
  if (typeof personId !== 'string' || typeof score !== 'number' || typeof at !== 'string')
    return null
  if (!(score >= 0 && score <= 100)) return null
  return { personId, score, at }
}

export const TRAINING_SCORE_SOURCES: ScoreSource[] = [
  { kind: 'exam', entity: 'examResult', read: conventional },
  { kind: 'drill', entity: 'drillResult', read: conventional },
]

export function trainingScores(
  store: Pick<ReportsStore, 'all'>,
  fromMs: number,
  toMs: number,
  sources: readonly ScoreSource[] = TRAINING_SCORE_SOURCES,
): { exam: Map<string, number>; drill: Map<string, number> } {
  const sums = { exam: new Map<string, number[]>(), drill: new Map<string, number[]>() }
  for (const src of sources) {
    for (const doc of store.all(src.entity)) {
      if (doc.deleted) continue
      const r = src.read(doc)
      if (!r) continue
      const at = Date.parse(r.at)
      if (!(at >= fromMs && at < toMs)) continue
      const list = sums[src.kind].get(r.personId) ?? []
      list.push(r.score)
      sums[src.kind].set(r.personId, list)
    }
  }
  const avg = (m: Map<string, number[]>) =>
    new Map(
      [...m].map(([k, v]) => [k, Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 10) / 10]),
    )
  return { exam: avg(sums.exam), drill: avg(sums.drill) }
}
