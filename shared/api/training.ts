import { z } from 'zod'
import type { RubricItemId } from '../content/schemas'
import {
  COURSE_AUDIENCES,
  CUSTOMER_MOODS,
  LESSON_KINDS,
  RUBRIC_ITEM_IDS,
  type CourseAudience,
  type CustomerMood,
  type DrillScenario,
  type LessonKind,
  type Platform,
  type QuestionType,
} from '../content/schemas'
import type { Range } from '../search/highlight'
import type { DueEntry, FailedEntry } from '../training/due'
import type { DrillMark, ResponseTime } from '../training/drill'
import type { MissRate } from '../training/exam'
import { DRILL_JSON_MAX } from '../training/authoring'
import type { QuestionImportError } from '../training/import'
import {
  DRILL_MODES,
  type DrillMode,
  type DrillOutcome,
  type DrillStatus,
  type ExamAnswer,
  type ExamScore,
  type PaperQuestion,
  type StoredQuestion,
} from '../training/model'
import { method } from './define'

/**
 * Training centre (培训中心, issue 10): materials, theory exams, role-play drills, records.
 *
 * Who may do what is checked in the service: 'training.author' writes lessons, courses and
 * questions; 'training.score' assigns and scores drills and overrides exam answers (a trainer
 * who joins a drill on the trainee's PC with their PIN scores it without switching the
 * signed-in person); 'training.viewAll' sees everyone's results. Everyone else sees only their
 * own attempts, drills and history.
 *
 * Drill replies are training records (entity 'drillSession'), never tickets: they count in no
 * KPI and no script usage. Times: ISO strings, except drill and exam clocks (epoch ms, with the
 * server's `now` beside them so the window's countdown does not trust the PC's clock alone).
 */

// ---- materials ------------------------------------------------------------------------------

export interface LessonSummary {
  id: string
  courseId: string
  title: string
  kind: LessonKind
  tags: string[]
  minutes: number
  isDefault: boolean
  updatedAt: string
  updatedByName: string
  /** Two PCs edited it offline; an author settles it. */
  conflict: boolean
}

export interface CourseView {
  id: string
  title: string
  description: string
  audience: CourseAudience
  isDefault: boolean
  lessons: LessonSummary[]
}

export interface LessonVersion {
  id: string
  at: string
  by: string
  byName: string
  note: string
  title: string
  body: string
}

export interface LessonDetail {
  lesson: LessonSummary & { body: string }
  /** Send back as `base` when saving an edit. */
  base: string
  /** Newest first. */
  versions: LessonVersion[]
  /** Concurrent versions of the body, newest first (empty when none). */
  conflicts: { hlc: string; byName: string; body: string }[]
  /** Image paths the body uses (`images/x.svg`) → data: URLs of the app's own images. */
  images: Record<string, string>
  canEdit: boolean
}

export interface LessonHit {
  id: string
  courseId: string
  title: string
  kind: LessonKind
  titleRanges: Range[]
  snippet: string
  snippetRanges: Range[]
}

// ---- exams ----------------------------------------------------------------------------------

export interface ExamTemplateView {
  id: string
  title: string
  description: string
  passMark: number
  timeLimitMin: number
  draw: Record<QuestionType, number>
  points: Record<QuestionType, number>
  audience: CourseAudience
  bankIds: string[]
  /** A fixed paper's questions, in order; empty: drawn at random per attempt. */
  questionIds: string[]
  /** 0: no limit. */
  maxTries: number
  counts: 'best' | 'last'
  /** Attempts the caller has handed in. */
  triesUsed: number
  isDefault: boolean
  /** The caller's latest attempt, if any. */
  mine: AttemptSummary | null
}

export interface AttemptSummary {
  id: string
  templateId: string
  title: string
  personId: string
  personName: string
  status: 'open' | 'submitted'
  startedAt: string
  submittedAt: string | null
  total: number | null
  max: number
  percent: number | null
  passed: boolean | null
  /** Some answer was overridden by a trainer. */
  overridden: boolean
  /**
   * Short answers the app scored by keywords that no trainer has confirmed yet (评分队列): the
   * attempt's score is provisional and does not count in the assessment until this is 0.
   */
  pendingReview: number
}

/** A question after submission: with the right answer, the explanation and the score. */
export interface ReviewedQuestion {
  question: StoredQuestion
  answer: ExamAnswer | null
}

export interface AttemptView {
  id: string
  templateId: string
  title: string
  personId: string
  personName: string
  status: 'open' | 'submitted'
  passMark: number
  timeLimitMin: number
  startedAt: number
  deadline: number
  /** The service's clock when it answered. */
  now: number
  paper: PaperQuestion[]
  answers: Record<string, ExamAnswer>
  /** Submitted after the time limit: only answers saved in time count. */
  late: boolean
  /** After submission. */
  score: ExamScore | null
  review: ReviewedQuestion[] | null
  canOverride: boolean
}

export interface QuestionStat extends MissRate {
  stem: string
  type: QuestionType
}

export interface QuestionBankView {
  id: string
  title: string
  description: string
  questions: number
}

export interface QuestionImportPreview {
  count: number
  byType: Record<QuestionType, number>
  errors: QuestionImportError[]
  fileError: string | null
}

export interface FileBytes {
  name: string
  mime: string
  bytesBase64: string
}

// ---- drills ---------------------------------------------------------------------------------

export interface DrillScenarioSummary {
  id: string
  title: string
  summary: string
  platform: Platform
  personaName: string
  mood: CustomerMood
  timeLimitMin: number
  rubricMax: number
  /** Shipped: exported and imported again only as a copy under a new id. */
  isDefault: boolean
}

export interface DrillImportResult {
  scenario: DrillScenarioSummary
  /** A new scenario; false when it replaced an imported one with the same id. */
  created: boolean
}

/** The scenario as a JSON file (the bytes to save, and the same text). */
export interface DrillExport extends FileBytes {
  json: string
}

export interface DrillLine {
  role: 'customer' | 'agent'
  text: string
  at: number
  mood?: CustomerMood
}

export interface DrillSessionView {
  id: string
  scenario: Pick<
    DrillScenario,
    'id' | 'title' | 'summary' | 'platform' | 'persona' | 'orderContext' | 'timeLimitMin'
  >
  traineeId: string
  traineeName: string
  mode: DrillMode
  status: DrillStatus
  outcome: DrillOutcome | null
  transcript: DrillLine[]
  /** The customer's mood now (scripted mode). */
  mood: CustomerMood
  startedAt: number | null
  deadline: number | null
  endedAt: string | null
  now: number
  responseTimes: ResponseTime[]
  marks: DrillMark[]
  total: number
  max: number
  /** Every rubric item has points (auto or the trainer's). */
  complete: boolean
  comment: string
  assignedByName: string | null
  trainer: { id: string; name: string } | null
  /** A trainer has joined this drill in this window (PIN) and may play the customer and score. */
  trainerHere: boolean
  /** The caller is the trainee and the drill takes replies. */
  canReply: boolean
  /** The caller may score (joined here, or holds 'training.score'). */
  canScore: boolean
}

export interface DrillSummary {
  id: string
  scenarioId: string
  title: string
  traineeId: string
  traineeName: string
  mode: DrillMode
  status: DrillStatus
  outcome: DrillOutcome | null
  createdAt: string
  endedAt: string | null
  total: number
  max: number
  complete: boolean
  trainerName: string | null
}

// ---- records --------------------------------------------------------------------------------

export interface ClassView {
  id: string
  title: string
  courseId: string | null
  at: string
  trainerName: string
  attendance: { personId: string; name: string; present: boolean }[]
}

export interface FeedbackView {
  id: string
  courseId: string
  courseTitle: string
  personId: string
  personName: string
  rating: number
  comment: string
  at: string
}

export interface TraineeHistory {
  person: { id: string; name: string }
  exams: AttemptSummary[]
  drills: DrillSummary[]
  classes: (ClassView & { present: boolean })[]
  feedback: FeedbackView[]
}

export interface TrainingDashboard {
  due: DueEntry[]
  failed: FailedEntry[]
  missed: QuestionStat[]
  recentExams: AttemptSummary[]
  /** 评分队列: handed-in papers with short answers no trainer has confirmed, oldest first. */
  awaitingReview: AttemptSummary[]
  recentDrills: DrillSummary[]
  feedback: { courseId: string; courseTitle: string; count: number; average: number }[]
}

// ---- inputs ---------------------------------------------------------------------------------

const id = z.string().trim().min(1).max(100)
const empty = z.object({}).strict()
const fileInput = z
  .object({
    name: z.string().trim().min(1, { error: '请选择文件' }).max(200),
    bytesBase64: z
      .string()
      .min(1, { error: '文件是空的' })
      .max(14_000_000, { error: '文件太大（最多 10 MB）' }),
  })
  .strict()

export const lessonDraftSchema = z
  .object({
    courseId: id,
    title: z
      .string()
      .trim()
      .min(1, { error: '请填写标题' })
      .max(40, { error: '标题不能超过 40 个字' }),
    kind: z.enum(LESSON_KINDS),
    body: z
      .string()
      .trim()
      .min(1, { error: '请填写正文' })
      .max(20_000, { error: '正文不能超过 20000 个字' }),
    tags: z.array(z.string().trim().min(1).max(12)).max(10).default([]),
    minutes: z.number().int().min(1).max(120).default(10),
  })
  .strict()
export type LessonDraft = z.output<typeof lessonDraftSchema>

export const courseDraftSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, { error: '请填写课程名称' })
      .max(40, { error: '课程名称不能超过 40 个字' }),
    description: z.string().trim().max(300, { error: '简介不能超过 300 个字' }).default(''),
    audience: z.enum(COURSE_AUDIENCES),
  })
  .strict()

const perType = (n: z.ZodNumber) =>
  z.object({ single: n, multiple: n, truefalse: n, short: n }).strict()

/** An exam template a trainer writes; checked again against the shipped schema and the banks. */
export const examDraftSchema = z
  .object({
    id: id.optional(),
    title: z
      .string()
      .trim()
      .min(1, { error: '请填写考试名称' })
      .max(40, { error: '考试名称不能超过 40 个字' }),
    description: z.string().trim().max(200, { error: '说明不能超过 200 个字' }).default(''),
    audience: z.enum(COURSE_AUDIENCES).default('all'),
    passMark: z
      .number()
      .int({ error: '及格线须是整数' })
      .min(1, { error: '及格线须在 1–100 之间' })
      .max(100, { error: '及格线须在 1–100 之间' }),
    timeLimitMin: z
      .number()
      .int({ error: '时长须是整数分钟' })
      .min(1, { error: '时长至少 1 分钟' })
      .max(240, { error: '时长最多 240 分钟' }),
    draw: perType(
      z
        .number()
        .int({ error: '题数须是整数' })
        .min(0, { error: '题数不能为负' })
        .max(100, { error: '每种题型最多抽 100 道' }),
    ),
    /** Points per question of each type; kept as they were when an edit leaves them out. */
    points: perType(
      z.number().positive({ error: '分值须大于 0' }).max(100, { error: '每题最多 100 分' }),
    ).optional(),
    bankIds: z.array(id).min(1, { error: '请至少选择一个题库' }).max(20),
    /** Hand-picked questions (固定试卷); empty or absent: a random draw. */
    questionIds: z.array(id).max(200, { error: '一份试卷最多 200 道题' }).default([]),
    maxTries: z
      .number()
      .int({ error: '次数须是整数' })
      .min(0, { error: '次数不能为负' })
      .max(20, { error: '最多 20 次' })
      .default(0),
    counts: z.enum(['best', 'last']).default('best'),
  })
  .strict()
export type ExamDraft = z.output<typeof examDraftSchema>

const examAnswer = z.union([
  z.number().int().min(0).max(7),
  z.array(z.number().int().min(0).max(7)).max(8),
  z.boolean(),
  z.string().max(2000, { error: '答案不能超过 2000 个字' }),
])

const reason = z
  .string()
  .trim()
  .min(2, { error: '请写明改分理由' })
  .max(200, { error: '理由不能超过 200 个字' })

export const training = {
  // materials
  courses: method<CourseView[]>()(empty, { access: 'signedIn' }),
  lesson: method<LessonDetail>()(z.object({ id }).strict(), { access: 'signedIn' }),
  searchLessons: method<LessonHit[]>()(
    z
      .object({
        query: z.string().trim().max(100),
        limit: z.number().int().min(1).max(50).default(20),
      })
      .strict(),
    { access: 'signedIn' },
  ),
  /** A new lesson (no id) or a new version of one; `base` is LessonDetail.base when editing. */
  saveLesson: method<LessonDetail>()(
    z
      .object({
        id: id.optional(),
        base: z.string().max(200).optional(),
        draft: lessonDraftSchema,
        note: z.string().trim().max(100).default(''),
      })
      .strict(),
    { access: 'perm:training.author' },
  ),
  /** Keeps `body` (one of the versions, or merged by hand) based on the version `winner`. */
  settleLesson: method<LessonDetail>()(
    z
      .object({ id, winner: z.string().min(1).max(200), body: lessonDraftSchema.shape.body })
      .strict(),
    { access: 'perm:training.author' },
  ),
  saveCourse: method<CourseView>()(
    z.object({ id: id.optional(), draft: courseDraftSchema }).strict(),
    { access: 'perm:training.author' },
  ),

  // exams
  exams: method<ExamTemplateView[]>()(empty, { access: 'signedIn' }),
  /** Draws a fresh paper for the caller and starts the clock. */
  startExam: method<AttemptView>()(z.object({ templateId: id }).strict(), { access: 'signedIn' }),
  attempt: method<AttemptView>()(z.object({ id }).strict(), { access: 'signedIn' }),
  /** Saves one answer; refused (and the attempt submitted) once the time is up. */
  saveAnswer: method<{ saved: true; deadline: number; now: number }>()(
    z.object({ attemptId: id, questionId: id, answer: examAnswer }).strict(),
    { access: 'signedIn' },
  ),
  submitExam: method<AttemptView>()(
    z
      .object({ attemptId: id, answers: z.record(z.string().max(100), examAnswer).optional() })
      .strict(),
    { access: 'signedIn' },
  ),
  overrideAnswer: method<AttemptView>()(
    z
      .object({ attemptId: id, questionId: id, points: z.number().min(0).max(1000), reason })
      .strict(),
    { access: 'perm:training.score' },
  ),
  /** Attempts: the caller's own, or (with 'training.viewAll') anyone's. */
  results: method<AttemptSummary[]>()(
    z.object({ personId: id.optional(), templateId: id.optional() }).strict(),
    { access: 'signedIn' },
  ),
  questionStats: method<QuestionStat[]>()(z.object({ templateId: id.optional() }).strict(), {
    access: 'perm:training.viewAll',
  }),
  banks: method<QuestionBankView[]>()(empty, { access: 'perm:training.author' }),
  questions: method<StoredQuestion[]>()(z.object({ bankId: id.optional() }).strict(), {
    access: 'perm:training.author',
  }),
  /** An XLSX with the import columns and one example row per question type. */
  questionTemplate: method<FileBytes>()(empty, { access: 'perm:training.author' }),
  importQuestionsPreview: method<QuestionImportPreview>()(fileInput, {
    access: 'perm:training.author',
  }),
  /** Imports every row, or nothing when any row is bad (invalid_input, fields per row). */
  importQuestions: method<{ imported: number }>()(fileInput, { access: 'perm:training.author' }),
  /**
   * A new exam template (no id) or an edit of one. Refused (invalid_input) when the banks hold
   * fewer questions of a type than the draw asks for.
   */
  saveExam: method<ExamTemplateView>()(examDraftSchema, { access: 'perm:training.author' }),
  /** A new question bank (题库), or a new title and description for one. */
  saveBank: method<QuestionBankView>()(
    z
      .object({
        id: id.optional(),
        title: z
          .string()
          .trim()
          .min(1, { error: '请填写题库名称' })
          .max(40, { error: '题库名称不能超过 40 个字' }),
        description: z.string().trim().max(200, { error: '说明不能超过 200 个字' }).default(''),
      })
      .strict(),
    { access: 'perm:training.author' },
  ),
  /** A question written in the app (any of the four types); checked as shipped ones are. */
  saveQuestion: method<StoredQuestion>()(
    z
      .object({
        id: id.optional(),
        bankId: id,
        question: z
          .object({
            type: z.enum(['single', 'multiple', 'truefalse', 'short']),
            stem: z
              .string()
              .trim()
              .min(1, { error: '请填写题干' })
              .max(300, { error: '题干不能超过 300 个字' }),
            explanation: z
              .string()
              .trim()
              .min(1, { error: '请填写解析，交卷后学员会看到' })
              .max(600, { error: '解析不能超过 600 个字' }),
            options: z
              .array(
                z
                  .string()
                  .trim()
                  .min(1, { error: '选项不能为空' })
                  .max(120, { error: '选项不能超过 120 个字' }),
              )
              .max(8, { error: '最多 8 个选项' })
              .optional(),
            answer: z.unknown(),
            tags: z.array(z.string().trim().min(1).max(12)).max(10).default([]),
          })
          .strict(),
      })
      .strict(),
    { access: 'perm:training.author' },
  ),
  deleteQuestion: method<{ deleted: true }>()(z.object({ id }).strict(), {
    access: 'perm:training.author',
  }),

  // drills
  drills: method<DrillScenarioSummary[]>()(empty, { access: 'signedIn' }),
  /**
   * A scenario from a JSON file: a new id, or a new version of an imported one (a shipped one
   * only as a copy under a new id). Any problem refuses the whole file (invalid_input, every
   * problem in `fields`).
   */
  importDrill: method<DrillImportResult>()(
    z
      .object({
        json: z
          .string()
          .min(1, { error: '文件是空的' })
          .max(DRILL_JSON_MAX, { error: '文件太大（演练情景最多 200 KB）' }),
      })
      .strict(),
    { access: 'perm:training.author' },
  ),
  exportDrill: method<DrillExport>()(z.object({ id }).strict(), {
    access: 'perm:training.author',
  }),
  /** A trainer sets a drill up for a trainee, who starts it when signed in. */
  assignDrill: method<DrillSessionView>()(
    z.object({ scenarioId: id, traineeId: id, mode: z.enum(DRILL_MODES) }).strict(),
    { access: 'perm:training.score' },
  ),
  /** The signed-in trainee starts an assigned drill (`sessionId`) or a new one (`scenarioId`). */
  startDrill: method<DrillSessionView>()(
    z
      .object({
        sessionId: id.optional(),
        scenarioId: id.optional(),
        mode: z.enum(DRILL_MODES).default('scripted'),
      })
      .strict()
      .refine((x) => !!x.sessionId !== !!x.scenarioId, { error: '请选择一个演练' }),
    { access: 'signedIn' },
  ),
  drillSession: method<DrillSessionView>()(z.object({ id }).strict(), { access: 'signedIn' }),
  /** The caller's drills: assigned, running and ended (or anyone's with 'training.viewAll'). */
  drillSessions: method<DrillSummary[]>()(
    z
      .object({
        personId: id.optional(),
        status: z.enum(['assigned', 'running', 'ended']).optional(),
      })
      .strict(),
    { access: 'signedIn' },
  ),
  drillReply: method<DrillSessionView>()(
    z
      .object({
        sessionId: id,
        text: z
          .string()
          .trim()
          .min(1, { error: '请输入回复内容' })
          .max(1000, { error: '回复不能超过 1000 个字' }),
        scriptIds: z.array(id).max(10).default([]),
      })
      .strict(),
    { access: 'signedIn' },
  ),
  /** The trainer joins on this PC with their PIN; the signed-in person stays the trainee. */
  joinAsTrainer: method<DrillSessionView>()(
    z.object({ sessionId: id, personId: id, pin: z.string().max(64) }).strict(),
    { access: 'signedIn' },
  ),
  leaveTrainer: method<DrillSessionView>()(z.object({ sessionId: id }).strict(), {
    access: 'signedIn',
  }),
  /** Live mode: the trainer, playing the customer, says something. */
  drillCustomer: method<DrillSessionView>()(
    z
      .object({
        sessionId: id,
        text: z.string().trim().min(1, { error: '请输入顾客的话' }).max(400),
        mood: z.enum(CUSTOMER_MOODS).optional(),
      })
      .strict(),
    { access: 'signedIn' },
  ),
  scoreDrill: method<DrillSessionView>()(
    z
      .object({
        sessionId: id,
        marks: z.partialRecord(z.enum(RUBRIC_ITEM_IDS), z.number().min(0).max(100)),
        comment: z.string().trim().max(500, { error: '评语不能超过 500 个字' }).default(''),
      })
      .strict(),
    { access: 'signedIn' },
  ),
  /** Ends a running drill: the trainee gives up, or the trainer stops it. */
  endDrill: method<DrillSessionView>()(z.object({ sessionId: id }).strict(), {
    access: 'signedIn',
  }),

  // records
  classes: method<ClassView[]>()(empty, { access: 'signedIn' }),
  /** A training class with its attendance (培训记录). */
  saveClass: method<ClassView>()(
    z
      .object({
        id: id.optional(),
        title: z.string().trim().min(1, { error: '请填写培训名称' }).max(40),
        courseId: id.nullable().default(null),
        at: z.iso.datetime({ offset: true, error: '时间格式不正确' }),
        attendance: z.array(z.object({ personId: id, present: z.boolean() }).strict()).max(200),
      })
      .strict(),
    { access: 'perm:training.author' },
  ),
  /** The trainee's short feedback on a course. */
  feedback: method<FeedbackView>()(
    z
      .object({
        courseId: id,
        rating: z.number().int().min(1, { error: '请打分' }).max(5),
        comment: z.string().trim().max(300, { error: '意见不能超过 300 个字' }).default(''),
      })
      .strict(),
    { access: 'signedIn' },
  ),
  /** One trainee's record: the caller's own, or anyone's with 'training.viewAll'. */
  history: method<TraineeHistory>()(z.object({ personId: id.optional() }).strict(), {
    access: 'signedIn',
  }),
  dashboard: method<TrainingDashboard>()(empty, { access: 'perm:training.viewAll' }),
}

export type {
  RubricItemId,
  DrillMode,
  DrillOutcome,
  DrillStatus,
  ExamAnswer,
  ExamScore,
  StoredQuestion,
}
