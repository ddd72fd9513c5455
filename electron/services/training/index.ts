import type { Contract, ServiceImpl } from '../../../shared/api'
import { bytesToBase64 } from '../../../shared/search/base64'
import type { CallContext } from '../../context'
import type { ServiceDeps } from '../deps'
import { ownTransaction } from '../../store'
import { signedIn, type Kit, type TrainingDeps, type TrainingStore } from './common'
import { drills } from './drills'
import { exams } from './exams'
import { questionTemplateXlsx } from './files'
import { XLSX_MIME } from '../sheets'
import { materials } from './materials'
import { records } from './records'
import { seedTrainingContent } from './seed'

export type { TrainingDeps, TrainingStore }
export { trainingScoreRecords } from './scores'

/**
 * The training centre (培训中心, issue 10). Access named in the contract is checked by dispatch;
 * what depends on the data (whose result, who joined a drill) is checked here.
 */
export function trainingService(
  deps: TrainingDeps,
): ServiceImpl<Contract['training'], CallContext> {
  const { store } = deps
  let chain: Promise<unknown> = Promise.resolve()
  const kit: Kit = {
    store,
    now: deps.now ?? (() => Date.now()),
    ready: seedTrainingContent(store).catch((err: unknown) => {
      console.error('[training] default content not loaded', err)
      return 0
    }),
    serial(fn) {
      const locked = () => ownTransaction(store, fn)
      const run = chain.then(locked, locked)
      chain = run.catch(() => undefined)
      return run
    },
  }
  const m = materials(kit)
  const x = exams(kit)
  const d = drills(kit)
  const r = records(kit, x, d)
  // Every change runs alone: a reply and a timeout, or two saved answers, never interleave.
  const write = <T>(
    ctx: CallContext,
    fn: (p: Awaited<ReturnType<typeof signedIn>>) => Promise<T>,
  ) => signedIn(kit, ctx).then((p) => kit.serial(() => fn(p)))

  return {
    async courses(_i, ctx) {
      await signedIn(kit, ctx)
      return m.courses()
    },
    async lesson({ id }, ctx) {
      return m.lesson(await signedIn(kit, ctx), id)
    },
    async searchLessons({ query, limit }, ctx) {
      await signedIn(kit, ctx)
      return m.search(query, limit)
    },
    saveLesson: (input, ctx) => write(ctx, (p) => m.saveLesson(p, ctx, input)),
    settleLesson: ({ id, winner, body }, ctx) =>
      write(ctx, (p) => m.settleLesson(p, ctx, id, winner, body)),
    saveCourse: ({ id, draft }, ctx) => write(ctx, (p) => m.saveCourse(p, ctx, id, draft)),

    async exams(_i, ctx) {
      return x.list(await signedIn(kit, ctx))
    },
    startExam: ({ templateId }, ctx) => write(ctx, (p) => x.start(p, ctx, templateId)),
    attempt: ({ id }, ctx) => write(ctx, (p) => x.get(p, id)),
    saveAnswer: ({ attemptId, questionId, answer }, ctx) =>
      write(ctx, (p) => x.saveAnswer(p, attemptId, questionId, answer)),
    submitExam: ({ attemptId, answers }, ctx) =>
      write(ctx, (p) => x.submit(p, ctx, attemptId, answers)),
    overrideAnswer: (input, ctx) => write(ctx, (p) => x.override(p, ctx, input)),
    results: ({ personId, templateId }, ctx) =>
      write(ctx, async (p) => {
        await x.closeAllOverdue()
        return x.summaries(p, personId, templateId).map(x.summary)
      }),
    async questionStats({ templateId }, ctx) {
      await signedIn(kit, ctx)
      return x.questionStats(templateId)
    },
    async banks(_i, ctx) {
      await signedIn(kit, ctx)
      return x.banks()
    },
    async questions({ bankId }, ctx) {
      await signedIn(kit, ctx)
      return x.questions(bankId)
    },
    async questionTemplate(_i, ctx) {
      await signedIn(kit, ctx)
      return {
        name: '题目导入模板.xlsx',
        mime: XLSX_MIME,
        bytesBase64: bytesToBase64(await questionTemplateXlsx()),
      }
    },
    async importQuestionsPreview({ name, bytesBase64 }, ctx) {
      await signedIn(kit, ctx)
      return x.preview(name, bytesBase64)
    },
    importQuestions: ({ name, bytesBase64 }, ctx) =>
      write(ctx, (p) => x.import(p, ctx, name, bytesBase64)),
    saveExam: (draft, ctx) => write(ctx, (p) => x.save(p, ctx, draft)),
    saveBank: (input, ctx) => write(ctx, (p) => x.saveBank(p, ctx, input)),
    saveQuestion: (input, ctx) => write(ctx, (p) => x.saveQuestion(p, ctx, input)),
    deleteQuestion: ({ id }, ctx) => write(ctx, (p) => x.deleteQuestion(p, ctx, id)),

    async drills(_i, ctx) {
      await signedIn(kit, ctx)
      return d.list()
    },
    importDrill: ({ json }, ctx) => write(ctx, (p) => d.importJson(ctx, p, json)),
    async exportDrill({ id }, ctx) {
      await signedIn(kit, ctx)
      return d.exportJson(id)
    },
    assignDrill: (input, ctx) => write(ctx, (p) => d.assign(ctx, p, input)),
    startDrill: (input, ctx) => write(ctx, (p) => d.start(ctx, p, input)),
    drillSession: ({ id }, ctx) => write(ctx, (p) => d.get(ctx, p, id)),
    drillSessions: ({ personId, status }, ctx) =>
      write(ctx, async (p) => d.sessionsFor(p, personId, status)),
    drillReply: (input, ctx) => write(ctx, (p) => d.reply(ctx, p, input)),
    // Not serialised: scrypt takes a moment and must not hold up everyone else's writes.
    joinAsTrainer: async (input, ctx) => d.joinAsTrainer(ctx, await signedIn(kit, ctx), input),
    leaveTrainer: ({ sessionId }, ctx) => write(ctx, (p) => d.leave(ctx, p, sessionId)),
    drillCustomer: (input, ctx) => write(ctx, (p) => d.customer(ctx, p, input)),
    scoreDrill: (input, ctx) => write(ctx, (p) => d.score(ctx, p, input)),
    endDrill: ({ sessionId }, ctx) => write(ctx, (p) => d.end(ctx, p, sessionId)),

    async classes(_i, ctx) {
      return r.classes(await signedIn(kit, ctx))
    },
    saveClass: (input, ctx) => write(ctx, (p) => r.saveClass(ctx, p, input)),
    feedback: (input, ctx) => write(ctx, (p) => r.feedback(p, input)),
    history: ({ personId }, ctx) => write(ctx, (p) => r.history(p, personId ?? p.id)),
    dashboard: (_i, ctx) => write(ctx, (p) => r.dashboard(p)),
  }
}

/** Built from the common service deps (one line in services/index.ts). */
export function trainingServiceFrom(deps: ServiceDeps) {
  return trainingService({ store: deps.store })
}
