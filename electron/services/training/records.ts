import type {
  ClassView,
  FeedbackView,
  TraineeHistory,
  TrainingDashboard,
} from '../../../shared/api/training'
import { can } from '../../../shared/auth/permissions'
import type { Person } from '../../../shared/auth/roles'
import type { Doc } from '../../../shared/data/ops'
import { AppError, ErrorCode } from '../../../shared/errors'
import { dueTraining, servesCustomers, type ExamRecord } from '../../../shared/training/due'
import { TRAINING_ENTITIES as E } from '../../../shared/training/model'
import type { CallContext } from '../../context'
import {
  activePeople,
  checkSees,
  iso,
  live,
  liveDocs,
  newId,
  notFound,
  personName,
  setAll,
  str,
  type Kit,
} from './common'
import type { drills as drillsOf } from './drills'
import type { exams as examsOf } from './exams'

type Attendance = Record<string, { present: boolean; name: string }>

/** Training records (培训记录): classes and attendance, feedback, histories, the dashboard. */
export function records(
  kit: Kit,
  exams: ReturnType<typeof examsOf>,
  drills: ReturnType<typeof drillsOf>,
) {
  const { store } = kit

  const attendanceOf = (d: Doc): Attendance =>
    d.fields.attendance && typeof d.fields.attendance === 'object'
      ? (d.fields.attendance as Attendance)
      : {}

  const classView = (d: Doc, only?: string): ClassView => ({
    id: d.id,
    title: str(d, 'title'),
    courseId: typeof d.fields.courseId === 'string' ? d.fields.courseId : null,
    at: str(d, 'at'),
    trainerName: str(d, 'trainerName'),
    attendance: Object.entries(attendanceOf(d))
      .filter(([personId]) => !only || personId === only)
      .map(([personId, a]) => ({ personId, name: a.name, present: a.present })),
  })

  const courseTitle = (id: string) =>
    str(store.get(E.course, id) ?? ({ fields: {} } as Doc), 'title')

  const feedbackView = (d: Doc): FeedbackView => ({
    id: d.id,
    courseId: str(d, 'courseId'),
    courseTitle: courseTitle(str(d, 'courseId')),
    personId: str(d, 'personId'),
    personName: str(d, 'personName'),
    rating: typeof d.fields.rating === 'number' ? d.fields.rating : 0,
    comment: str(d, 'comment'),
    at: str(d, 'at'),
  })

  const byNewest = <T extends { at: string }>(a: T, b: T) =>
    a.at < b.at ? 1 : a.at > b.at ? -1 : 0

  return {
    classes(person: Person): ClassView[] {
      const all = can(person, 'training.viewAll')
      return liveDocs(store, E.class)
        .filter((d) => all || Object.hasOwn(attendanceOf(d), person.id))
        .map((d) => classView(d, all ? undefined : person.id))
        .sort(byNewest)
    },

    async saveClass(
      ctx: CallContext,
      person: Person,
      input: {
        id?: string | undefined
        title: string
        courseId: string | null
        at: string
        attendance: { personId: string; present: boolean }[]
      },
    ): Promise<ClassView> {
      if (input.courseId && !live(store.get(E.course, input.courseId))) {
        throw new AppError(ErrorCode.invalidInput, '所选课程不存在', { courseId: '课程不存在' })
      }
      if (input.id && !live(store.get(E.class, input.id))) throw notFound('培训记录')
      const attendance: Attendance = {}
      for (const a of input.attendance) {
        const name = personName(store, a.personId)
        if (!live(store.get('person', a.personId))) {
          throw new AppError(ErrorCode.invalidInput, '名单里有不存在的人员，请刷新后重选')
        }
        attendance[a.personId] = { present: a.present, name }
      }
      const id = input.id ?? newId('class.')
      await store.commit(
        person.id,
        setAll(E.class, id, {
          title: input.title,
          courseId: input.courseId,
          at: new Date(input.at).toISOString(),
          trainerId: person.id,
          trainerName: person.name,
          attendance,
        }),
      )
      const present = Object.values(attendance).filter((a) => a.present).length
      await ctx.audit(
        'training.class.save',
        `trainingClass/${id}`,
        `记录培训「${input.title}」：出勤 ${present}/${input.attendance.length} 人`,
      )
      return classView(store.get(E.class, id)!)
    },

    async feedback(
      person: Person,
      input: { courseId: string; rating: number; comment: string },
    ): Promise<FeedbackView> {
      if (!live(store.get(E.course, input.courseId))) throw notFound('课程')
      const id = newId('feedback.')
      await store.commit(
        person.id,
        setAll(E.feedback, id, {
          courseId: input.courseId,
          personId: person.id,
          personName: person.name,
          rating: input.rating,
          comment: input.comment,
          at: iso(kit.now()),
        }),
      )
      return feedbackView(store.get(E.feedback, id)!)
    },

    async history(person: Person, personId: string): Promise<TraineeHistory> {
      checkSees(person, personId)
      await exams.closeAllOverdue()
      const who = store.get('person', personId)
      if (!live(who)) throw notFound('人员')
      return {
        person: { id: personId, name: personName(store, personId) },
        exams: exams.summaries(person, personId).map(exams.summary),
        drills: drills.sessionsFor(person, personId),
        classes: liveDocs(store, E.class)
          .filter((d) => Object.hasOwn(attendanceOf(d), personId))
          .map((d) => ({
            ...classView(d, personId),
            present: attendanceOf(d)[personId]?.present === true,
          }))
          .sort(byNewest),
        feedback: liveDocs(store, E.feedback)
          .filter((d) => str(d, 'personId') === personId)
          .map(feedbackView)
          .sort(byNewest),
      }
    },

    async dashboard(person: Person): Promise<TrainingDashboard> {
      await exams.closeAllOverdue()
      // Who is due for training: the people who serve customers, not those who run the floor.
      const people = activePeople(store).filter(servesCustomers)
      const attempts = liveDocs(store, E.attempt).filter(exams.submitted)
      const examRecords: ExamRecord[] = attempts.map((d) => {
        const s = exams.scoreOf(d)
        const audience = str(d, 'audience')
        return {
          personId: str(d, 'personId'),
          templateId: str(d, 'templateId'),
          title: str(d, 'title'),
          audience: audience === 'onboarding' || audience === 'monthly' ? audience : 'all',
          at: str(d, 'submittedAt'),
          percent: s?.percent ?? 0,
          passed: s?.passed ?? false,
        }
      })
      const ended = drills.sessionsFor(person, undefined, 'ended')
      const classes = liveDocs(store, E.class).flatMap((d) =>
        Object.entries(attendanceOf(d))
          .filter(([, a]) => a.present)
          .map(([personId]) => ({ personId, title: str(d, 'title'), at: str(d, 'at') })),
      )
      const { due, failed } = dueTraining(
        people,
        {
          exams: examRecords,
          drills: ended.map((s) => ({
            personId: s.traineeId,
            scenarioId: s.scenarioId,
            title: s.title,
            at: s.endedAt ?? s.createdAt,
            total: s.total,
            max: s.max,
          })),
          classes,
        },
        new Date(kit.now()),
      )
      const fb = new Map<string, { sum: number; count: number }>()
      for (const d of liveDocs(store, E.feedback)) {
        const f = feedbackView(d)
        const s = fb.get(f.courseId) ?? { sum: 0, count: 0 }
        s.sum += f.rating
        s.count++
        fb.set(f.courseId, s)
      }
      return {
        due,
        failed,
        missed: exams
          .questionStats()
          .filter((s) => s.missed > 0)
          .slice(0, 10),
        recentExams: exams.summaries(person).slice(0, 20).map(exams.summary),
        awaitingReview: exams
          .summaries(person)
          .map(exams.summary)
          .filter((a) => a.pendingReview > 0 && a.personId !== person.id)
          .sort((a, b) => ((a.submittedAt ?? '') < (b.submittedAt ?? '') ? -1 : 1)),
        recentDrills: drills.sessionsFor(person).slice(0, 20),
        feedback: [...fb.entries()].map(([courseId, s]) => ({
          courseId,
          courseTitle: courseTitle(courseId),
          count: s.count,
          average: Math.round((s.sum * 10) / s.count) / 10,
        })),
      }
    },
  }
}
