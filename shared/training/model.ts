import type { KeywordRubric, Question, QuestionType } from '../content/schemas'

/**
 * Training records as the services keep them and the UI shows them (issue 10). Content (lessons,
 * questions, drills) comes from shared/content; these are what people do with it.
 */

/** Entity names in the data core. Content entities need 'training.author' to sync (authorize.ts). */
export const TRAINING_ENTITIES = {
  course: 'course',
  lesson: 'lesson',
  bank: 'questionBank',
  question: 'question',
  exam: 'exam',
  drill: 'drill',
  attempt: 'examAttempt',
  drillSession: 'drillSession',
  class: 'trainingClass',
  feedback: 'trainingFeedback',
} as const

/** A question as stored: shipped ones are defaults, imported or written ones are not. */
export type StoredQuestion = Question extends infer Q
  ? Q extends Question
    ? Omit<Q, 'isDefault'> & { isDefault: boolean }
    : never
  : never

/** What a trainee answers, per question type. */
export type ExamAnswer = number | number[] | boolean | string

/** A question as shown while the exam runs: never its answer or explanation. */
export type PaperQuestion =
  | { id: string; type: 'single' | 'multiple'; stem: string; options: string[]; points: number }
  | { id: string; type: 'truefalse' | 'short'; stem: string; points: number }

export interface ItemScore {
  questionId: string
  type: QuestionType
  /** What the app gave. */
  auto: number
  /** What counts: the trainer's override when there is one, else `auto`. */
  earned: number
  max: number
  /** Rubric words found in a short answer. */
  matched?: string[]
  override?: { points: number; reason: string; by: string; byName: string; at: string }
}

export interface ExamScore {
  items: ItemScore[]
  total: number
  max: number
  /** Share of the maximum, 0–100, one decimal. */
  percent: number
  passed: boolean
}

/** A trainer's override of one answer's points, with the reason (kept as history). */
export interface ScoreOverride {
  questionId: string
  points: number
  reason: string
  by: string
  byName: string
  at: string
}

export type { KeywordRubric, Question, QuestionType }

export const DRILL_MODES = ['scripted', 'live'] as const
export type DrillMode = (typeof DRILL_MODES)[number]

export const DRILL_STATUSES = ['assigned', 'running', 'ended'] as const
export type DrillStatus = (typeof DRILL_STATUSES)[number]

/** How a drill ended: the customer's ending, or the trainer/clock stopped it. */
export type DrillOutcome = 'satisfied' | 'escalated' | 'abandoned' | 'timeout' | 'stopped'

export const DRILL_OUTCOME_LABELS: Record<DrillOutcome, string> = {
  satisfied: '顾客满意',
  escalated: '顾客投诉升级',
  abandoned: '顾客放弃',
  timeout: '超时结束',
  stopped: '讲师结束',
}

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  single: '单选题',
  multiple: '多选题',
  truefalse: '判断题',
  short: '简答题',
}

/** Answers given after the deadline are refused; this much slack covers a slow click. */
export const EXAM_GRACE_MS = 30_000
