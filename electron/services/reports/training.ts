import type { Change } from '../../../shared/data/ops'
import {
  assessmentWeightsSchema,
  DEFAULT_ASSESSMENT_WEIGHTS,
  type AssessmentWeights,
} from '../../../shared/reports/assessment'
import type { ExtraScores } from '../../../shared/reports/aggregate'
import { trainingAverages, type TrainingScoreRecord } from '../../../shared/training/assessment'
import { servesCustomers } from '../../../shared/training/due'
import { live } from '../doc-store'
import { qcScoresFor } from '../qc'
import { trainingScoreRecords } from '../training'
import type { ReportsStore } from './context'

/**
 * What the monthly assessment (人员考核) takes from beside the orders: the exam and drill
 * records the training centre keeps (read through its own summaries, shared/training/
 * assessment.ts), the quality checks, the weights a supervisor set, and who is assessed.
 */

export const SETTING = 'setting'
/** The shop-wide setting doc holding the assessment weights (syncs with settings.shop). */
export const ASSESSMENT_SETTING_ID = 'assessment'

export function readAssessmentWeights(store: Pick<ReportsStore, 'get'>): AssessmentWeights {
  const doc = store.get(SETTING, ASSESSMENT_SETTING_ID)
  const parsed = assessmentWeightsSchema.safeParse(live(doc) ? doc.fields.weights : undefined)
  return parsed.success ? parsed.data : { ...DEFAULT_ASSESSMENT_WEIGHTS }
}

export function weightsChange(w: AssessmentWeights): Change[] {
  return [{ entity: SETTING, id: ASSESSMENT_SETTING_ID, kind: 'set', field: 'weights', value: w }]
}

/** Active agents and specialists (assessed even before their first order), everyone's teams. */
export function assessedPeople(store: Pick<ReportsStore, 'all'>): {
  roster: string[]
  teamsOf: Map<string, string[]>
} {
  const roster: string[] = []
  const teamsOf = new Map<string, string[]>()
  for (const d of store.all('person')) {
    if (!live(d) || d.fields.disabled === true) continue
    const teams = Array.isArray(d.fields.teams)
      ? d.fields.teams.filter((t): t is string => typeof t === 'string')
      : []
    teamsOf.set(d.id, teams)
    if (servesCustomers({ roles: d.fields.roles })) roster.push(d.id)
  }
  return { roster, teamsOf }
}

export function teamNames(store: Pick<ReportsStore, 'all'>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const d of store.all('team')) {
    if (live(d) && typeof d.fields.name === 'string') out[d.id] = d.fields.name
  }
  return out
}

/** Everything besides the orders that the assessment of [from, to) needs. */
export function assessmentExtras(
  store: Pick<ReportsStore, 'all' | 'get'>,
  fromMs: number,
  toMs: number,
): { extras: ExtraScores; records: TrainingScoreRecord[] } {
  const records = trainingScoreRecords(store, fromMs, toMs)
  const avg = trainingAverages(records)
  const { roster, teamsOf } = assessedPeople(store)
  return {
    records,
    extras: {
      qc: qcScoresFor(store, fromMs, toMs),
      exam: avg.exam,
      drill: avg.drill,
      roster,
      teamsOf,
      weights: readAssessmentWeights(store),
    },
  }
}
