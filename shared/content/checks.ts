import { drillGraphProblems } from './drill-engine'
import {
  QUESTION_TYPES,
  type CoursesFile,
  type DrillsFile,
  type ExamTemplate,
  type LessonsFile,
  type Question,
  type QuestionType,
  type QuestionsFile,
  type ScriptsFile,
} from './schemas'

/**
 * Checks that span several seed files, which a per-file schema cannot see. Run by the tests
 * on the shipped content and usable by a loader before it writes anything.
 */

export interface ContentBundle {
  scripts: ScriptsFile
  courses: CoursesFile
  lessons: LessonsFile
  questions: QuestionsFile
  drills: DrillsFile
}

/** Per question type, how many questions the template's banks lack for one draw. */
export function examShortfall(
  template: Pick<ExamTemplate, 'bankIds' | 'draw'>,
  questions: readonly Pick<Question, 'type' | 'bankId'>[],
): Partial<Record<QuestionType, number>> {
  const banks = new Set(template.bankIds)
  const short: Partial<Record<QuestionType, number>> = {}
  for (const type of QUESTION_TYPES) {
    const have = questions.filter((q) => q.type === type && banks.has(q.bankId)).length
    if (have < template.draw[type]) short[type] = template.draw[type] - have
  }
  return short
}

// Markdown images: ![alt](path "title")
const IMAGE = /!\[[^\]]*\]\(\s*([^)\s]+)(?:\s+"[^"]*")?\s*\)/g

/** Image paths a lesson body refers to, relative to the content folder. */
export function lessonImages(body: string): string[] {
  return [...body.matchAll(IMAGE)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]))
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>()
  const dup = new Set<string>()
  for (const v of values) (seen.has(v) ? dup : seen).add(v)
  return [...dup]
}

/** Everything wrong across the seed files, in zh-CN; empty when the bundle is consistent. */
export function contentProblems(b: ContentBundle): string[] {
  const problems: string[] = []
  const { scripts } = b.scripts
  const { courses } = b.courses
  const { lessons } = b.lessons
  const { banks, questions, examTemplates } = b.questions
  const { drills } = b.drills

  const allIds = [
    ...scripts.map((s) => s.id),
    ...courses.map((c) => c.id),
    ...lessons.map((l) => l.id),
    ...banks.map((x) => x.id),
    ...questions.map((q) => q.id),
    ...examTemplates.map((e) => e.id),
    ...drills.map((d) => d.id),
  ]
  for (const id of duplicates(allIds)) problems.push(`编号重复：${id}`)
  for (const code of duplicates(scripts.map((s) => s.shortCode))) {
    problems.push(`快捷编码重复：${code}`)
  }

  const lessonById = new Map(lessons.map((l) => [l.id, l]))
  const courseIds = new Set(courses.map((c) => c.id))
  for (const c of courses) {
    for (const id of c.lessonIds) {
      const lesson = lessonById.get(id)
      if (!lesson) problems.push(`课程 ${c.id} 引用了不存在的课件 ${id}`)
      else if (lesson.courseId !== c.id)
        problems.push(`课件 ${id} 属于 ${lesson.courseId}，却列在 ${c.id}`)
    }
  }
  for (const l of lessons) {
    if (!courseIds.has(l.courseId)) problems.push(`课件 ${l.id} 的课程 ${l.courseId} 不存在`)
    else if (!courses.some((c) => c.id === l.courseId && c.lessonIds.includes(l.id))) {
      problems.push(`课件 ${l.id} 没有列在课程 ${l.courseId} 中`)
    }
  }

  const bankIds = new Set(banks.map((x) => x.id))
  for (const q of questions) {
    if (!bankIds.has(q.bankId)) problems.push(`题目 ${q.id} 的题库 ${q.bankId} 不存在`)
  }
  for (const e of examTemplates) {
    for (const id of e.bankIds) {
      if (!bankIds.has(id)) problems.push(`考试 ${e.id} 引用了不存在的题库 ${id}`)
    }
    for (const [type, missing] of Object.entries(examShortfall(e, questions))) {
      problems.push(`考试 ${e.id} 的${type}题还差 ${missing} 道`)
    }
  }

  for (const d of drills) {
    for (const p of drillGraphProblems(d)) problems.push(`演练 ${d.id}：${p}`)
  }
  return problems
}
