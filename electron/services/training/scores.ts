import {
  applyRetakePolicy,
  drillRecord,
  examRecord,
  recordsIn,
  TRAINING_ENTITIES as E,
  type TrainingScoreRecord,
} from '../../../shared/training'
import { liveDocs, type Kit, type TrainingStore } from './common'
import { drills } from './drills'
import { exams } from './exams'

/**
 * The exam and drill scores of a period as the monthly assessment counts them, read through the
 * same summaries the training centre shows (shared/training/assessment.ts says what counts).
 * Read-only: nothing is closed or written here; an attempt left open past its deadline counts
 * once the training centre hands it in.
 */
export function trainingScoreRecords(
  store: Pick<TrainingStore, 'get' | 'all'>,
  fromMs: number,
  toMs: number,
): TrainingScoreRecord[] {
  const kit: Kit = {
    store: {
      get: (entity, id) => store.get(entity, id),
      all: (entity) => store.all(entity),
      commit: () => Promise.reject(new Error('read-only')),
      applyRemote: () => Promise.reject(new Error('read-only')),
    },
    now: () => Date.now(),
    ready: Promise.resolve(),
    serial: (fn) => fn(),
  }
  const x = exams(kit)
  const d = drills(kit)
  const out: TrainingScoreRecord[] = []
  for (const doc of liveDocs(kit.store, E.attempt)) {
    const r = examRecord(x.summary(doc))
    if (r) out.push(r)
  }
  for (const doc of liveDocs(kit.store, E.drillSession)) {
    let r: TrainingScoreRecord | null
    try {
      r = drillRecord(d.summary(doc))
    } catch {
      // A session whose scenario has not synced here yet counts once it has.
      r = null
    }
    if (r) out.push(r)
  }
  return applyRetakePolicy(recordsIn(out, fromMs, toMs), x.countsOf)
}
