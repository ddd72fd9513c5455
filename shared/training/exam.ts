import { scoreKeywordRubric } from '../content/keywords'
import { QUESTION_TYPES, type ExamTemplate, type QuestionType } from '../content/schemas'
import {
  EXAM_GRACE_MS,
  type ExamAnswer,
  type ExamScore,
  type ItemScore,
  type PaperQuestion,
  type ScoreOverride,
  type StoredQuestion,
} from './model'
import { rngFrom, shuffled } from './rng'

/**
 * Theory exams (理论考核): a paper drawn at random per question type from the template's
 * banks, scored by the app (choice and true/false exactly, short answers by keyword rubric),
 * with the trainer's overrides on top. Pure: the training service keeps attempts and clocks.
 */

export type ExamRules = Pick<
  ExamTemplate,
  'draw' | 'points' | 'bankIds' | 'passMark' | 'timeLimitMin'
>

export class ExamDrawError extends Error {
  constructor(readonly shortfall: Partial<Record<QuestionType, number>>) {
    super('题库题目不足')
  }
}

/**
 * The questions of one attempt: for each type in the template's order, `draw[type]` questions
 * picked at random from the banks; the same seed draws the same paper.
 */
export function drawExam(
  rules: ExamRules,
  bank: readonly StoredQuestion[],
  seed: string,
): StoredQuestion[] {
  const rand = rngFrom(seed)
  const banks = new Set(rules.bankIds)
  const paper: StoredQuestion[] = []
  const short: Partial<Record<QuestionType, number>> = {}
  for (const type of QUESTION_TYPES) {
    const want = rules.draw[type]
    if (want <= 0) continue
    // Sorted first, so the draw depends on the seed and the bank, not on storage order.
    const pool = bank
      .filter((q) => q.type === type && banks.has(q.bankId))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    if (pool.length < want) short[type] = want - pool.length
    paper.push(...shuffled(pool, rand).slice(0, want))
  }
  if (Object.keys(short).length > 0) throw new ExamDrawError(short)
  return paper
}

/** A question as the trainee sees it during the exam: no answer, no explanation. */
export function toPaperQuestion(q: StoredQuestion, points: number): PaperQuestion {
  if (q.type === 'single' || q.type === 'multiple') {
    return { id: q.id, type: q.type, stem: q.stem, options: [...q.options], points }
  }
  return { id: q.id, type: q.type, stem: q.stem, points }
}

/** Whether an answer has the shape its question takes (an option index, a set, yes/no, text). */
export function answerFits(q: StoredQuestion, a: unknown): a is ExamAnswer {
  const isIndex = (v: unknown): v is number =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 && 'options' in q && v < q.options.length
  switch (q.type) {
    case 'single':
      return isIndex(a)
    case 'multiple':
      return Array.isArray(a) && a.every(isIndex) && new Set(a).size === a.length
    case 'truefalse':
      return typeof a === 'boolean'
    case 'short':
      return typeof a === 'string'
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10

/** The app's score for one answer; a missing or misshapen answer earns nothing. */
export function scoreAnswer(
  q: StoredQuestion,
  answer: unknown,
  points: number,
): Pick<ItemScore, 'auto' | 'matched'> {
  if (answer === undefined || !answerFits(q, answer)) {
    return q.type === 'short' ? { auto: 0, matched: [] } : { auto: 0 }
  }
  switch (q.type) {
    case 'single':
    case 'truefalse':
      return { auto: answer === q.answer ? points : 0 }
    case 'multiple': {
      const given = [...(answer as number[])].sort((a, b) => a - b)
      const want = [...q.answer].sort((a, b) => a - b)
      // All or nothing: ticking every box must not earn part of the points.
      const same = given.length === want.length && given.every((v, i) => v === want[i])
      return { auto: same ? points : 0 }
    }
    case 'short': {
      const s = scoreKeywordRubric(answer as string, q.answer)
      return { auto: round1((points * s.points) / s.maxPoints), matched: s.matched }
    }
  }
}

/** The latest override of each question (by time; the id of the later one breaks ties). */
export function latestOverrides(list: readonly ScoreOverride[]): Map<string, ScoreOverride> {
  const out = new Map<string, ScoreOverride>()
  for (const o of list) {
    const had = out.get(o.questionId)
    if (!had || o.at >= had.at) out.set(o.questionId, o)
  }
  return out
}

/** Scores a whole attempt: app scores, then the trainer's overrides, then the pass mark. */
export function scoreExam(
  paper: readonly StoredQuestion[],
  answers: Readonly<Record<string, unknown>>,
  rules: Pick<ExamRules, 'points' | 'passMark'>,
  overrides: readonly ScoreOverride[] = [],
): ExamScore {
  const latest = latestOverrides(overrides)
  const items: ItemScore[] = paper.map((q) => {
    const max = rules.points[q.type]
    const answer = Object.hasOwn(answers, q.id) ? answers[q.id] : undefined
    const s = scoreAnswer(q, answer, max)
    const o = latest.get(q.id)
    const item: ItemScore = { questionId: q.id, type: q.type, auto: s.auto, earned: s.auto, max }
    if (s.matched) item.matched = s.matched
    if (o) {
      item.earned = Math.min(Math.max(o.points, 0), max)
      item.override = { points: o.points, reason: o.reason, by: o.by, byName: o.byName, at: o.at }
    }
    return item
  })
  const total = round1(items.reduce((sum, i) => sum + i.earned, 0))
  const max = round1(items.reduce((sum, i) => sum + i.max, 0))
  const percent = max > 0 ? round1((total * 100) / max) : 0
  return { items, total, max, percent, passed: percent >= rules.passMark }
}

/** When answers stop being taken: the time limit after the start, plus a little slack. */
export function examDeadline(startedAtMs: number, timeLimitMin: number): number {
  return startedAtMs + timeLimitMin * 60_000
}

export function pastDeadline(deadlineMs: number, nowMs: number): boolean {
  return nowMs > deadlineMs + EXAM_GRACE_MS
}

export interface MissRate {
  questionId: string
  /** Attempts in which the question was on the paper. */
  asked: number
  /** Of those, how many were missed (see `missed`). */
  missed: number
  /** missed / asked, 0–1. */
  rate: number
}

/**
 * A short answer is a miss below this share of its points: 7 of 10 shows the answer was
 * understood. Choice and true/false questions are missed unless fully right.
 */
export const SHORT_ANSWER_PASS_SHARE = 0.6

export function missed(i: Pick<ItemScore, 'type' | 'earned' | 'max'>): boolean {
  return i.type === 'short' ? i.earned < i.max * SHORT_ANSWER_PASS_SHARE : i.earned < i.max
}

/** Which questions most people miss: highest miss rate first, then most misses. */
export function missRates(attempts: readonly { items: readonly ItemScore[] }[]): MissRate[] {
  const by = new Map<string, { asked: number; missed: number }>()
  for (const a of attempts) {
    for (const i of a.items) {
      const s = by.get(i.questionId) ?? { asked: 0, missed: 0 }
      s.asked++
      if (missed(i)) s.missed++
      by.set(i.questionId, s)
    }
  }
  return [...by.entries()]
    .map(([questionId, s]) => ({ questionId, ...s, rate: s.missed / s.asked }))
    .sort(
      (a, b) =>
        b.rate - a.rate ||
        b.missed - a.missed ||
        (a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0),
    )
}
