import { questionSchema, type QuestionType } from '../content/schemas'
import type { StoredQuestion } from './model'

/**
 * Questions imported from a spreadsheet (issue 10 "questions imported from XLSX with a row-by-row
 * error report"). Every row is checked and every problem reported in zh-CN with its row and
 * column; the service imports nothing unless every row is good.
 */

export const QUESTION_COLUMNS = [
  { key: 'bank', header: '题库', required: true },
  { key: 'type', header: '题型', required: true },
  { key: 'stem', header: '题干', required: true },
  { key: 'optA', header: '选项A', required: false },
  { key: 'optB', header: '选项B', required: false },
  { key: 'optC', header: '选项C', required: false },
  { key: 'optD', header: '选项D', required: false },
  { key: 'optE', header: '选项E', required: false },
  { key: 'optF', header: '选项F', required: false },
  { key: 'answer', header: '答案', required: true },
  { key: 'explanation', header: '解析', required: false },
  { key: 'tags', header: '标签', required: false },
  { key: 'keywords', header: '关键词', required: false },
  { key: 'maxPoints', header: '满分', required: false },
] as const
export type QuestionColumnKey = (typeof QUESTION_COLUMNS)[number]['key']

const OPTION_KEYS = ['optA', 'optB', 'optC', 'optD', 'optE', 'optF'] as const
const LETTERS = 'ABCDEF'
export const IMPORT_MAX_QUESTIONS = 2000

const TYPE_WORDS: Record<string, QuestionType> = {
  单选: 'single',
  单选题: 'single',
  多选: 'multiple',
  多选题: 'multiple',
  判断: 'truefalse',
  判断题: 'truefalse',
  简答: 'short',
  简答题: 'short',
}
const TRUE_WORDS = ['对', '正确', '是', '√', 't', 'true', 'y', '✓']
const FALSE_WORDS = ['错', '错误', '否', '×', 'x', 'f', 'false', 'n', '✗']

export interface QuestionImportError {
  /** Spreadsheet row number (the header is row 1). */
  row: number
  column: string
  message: string
}

export interface QuestionImportCheck {
  questions: { row: number; question: StoredQuestion }[]
  errors: QuestionImportError[]
  /** The file as a whole cannot be used (unreadable, no header, too many rows). */
  fileError?: string
}

export interface BankRef {
  id: string
  title: string
}

export interface ExistingQuestion {
  bankId: string
  stem: string
}

const clean = (v: unknown) =>
  (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '').normalize('NFKC').trim()

const sameStem = (a: string, b: string) =>
  a.normalize('NFKC').replace(/\s+/g, '') === b.normalize('NFKC').replace(/\s+/g, '')

function splitList(s: string): string[] {
  return s
    .split(/[、,，;；\n]+/)
    .map((x) => x.trim())
    .filter(Boolean)
}

/** "致歉/道歉:5；订单号:5" → keyword rubric entries; null with the reason when it can't be read. */
export function parseKeywords(
  s: string,
): { keywords: { word: string; synonyms?: string[]; points: number }[] } | { error: string } {
  const parts = s
    .split(/[;；\n]+/)
    .map((x) => x.trim())
    .filter(Boolean)
  if (parts.length === 0) return { error: '简答题须填写关键词，例如「道歉/致歉:5；订单号:5」' }
  const keywords = []
  for (const p of parts) {
    const m = /^(.+?)\s*[:：]\s*(\d+(?:\.\d+)?)$/.exec(p)
    if (!m) return { error: `「${p}」格式不对，应为「关键词:分值」，同义词用 / 分开` }
    const forms = (m[1] as string)
      .split(/[/／|]/)
      .map((x) => x.trim())
      .filter(Boolean)
    const points = Number(m[2])
    if (forms.length === 0 || !(points > 0)) return { error: `「${p}」缺少关键词或分值` }
    const [word, ...synonyms] = forms as [string, ...string[]]
    keywords.push(synonyms.length > 0 ? { word, synonyms, points } : { word, points })
  }
  return { keywords }
}

function letterIndexes(s: string): number[] | null {
  const letters = s.toUpperCase().replace(/[\s,，、;；]/g, '')
  if (!letters || !/^[A-F]+$/.test(letters)) return null
  return [...letters].map((c) => LETTERS.indexOf(c))
}

/** Maps header cells to column keys; reports a missing required column. */
export function readHeader(
  header: readonly unknown[],
): { columns: Map<number, QuestionColumnKey> } | { error: string } {
  const columns = new Map<number, QuestionColumnKey>()
  header.forEach((h, i) => {
    const name = clean(h).replace(/[（(].*$/, '')
    const col = QUESTION_COLUMNS.find((c) => c.header === name)
    if (col) columns.set(i, col.key)
  })
  const have = new Set(columns.values())
  const missing = QUESTION_COLUMNS.filter((c) => c.required && !have.has(c.key)).map(
    (c) => c.header,
  )
  if (missing.length > 0) {
    return {
      error: `第 1 行应为表头，缺少列：${missing.join('、')}。请使用导出的模板（列：${QUESTION_COLUMNS.map((c) => c.header).join('、')}）`,
    }
  }
  return { columns }
}

/** Checks every row of a question sheet. */
export function checkQuestionRows(
  sheet: {
    header: readonly unknown[]
    rows: readonly { row: number; cells: readonly unknown[] }[]
  },
  banks: readonly BankRef[],
  existing: readonly ExistingQuestion[],
): QuestionImportCheck {
  const head = readHeader(sheet.header)
  if ('error' in head) return { questions: [], errors: [], fileError: head.error }
  const rows = sheet.rows.filter((r) => r.cells.some((c) => clean(c) !== ''))
  if (rows.length === 0) return { questions: [], errors: [], fileError: '表格里没有题目' }
  if (rows.length > IMPORT_MAX_QUESTIONS) {
    return {
      questions: [],
      errors: [],
      fileError: `一次最多导入 ${IMPORT_MAX_QUESTIONS} 道题，这个文件有 ${rows.length} 道`,
    }
  }
  const questions: QuestionImportCheck['questions'] = []
  const errors: QuestionImportError[] = []
  const seen: { row: number; bankId: string; stem: string }[] = []

  for (const r of rows) {
    const v = {} as Record<QuestionColumnKey, string>
    for (const c of QUESTION_COLUMNS) v[c.key] = ''
    head.columns.forEach((key, i) => (v[key] = clean(r.cells[i])))
    const bad = (column: string, message: string) => errors.push({ row: r.row, column, message })
    const before = errors.length

    const bank = banks.find((b) => b.title === v.bank || b.id === v.bank)
    if (!v.bank) bad('题库', '请填写题库名称')
    else if (!bank)
      bad('题库', `题库「${v.bank}」不存在，可选：${banks.map((b) => b.title).join('、')}`)

    const type = TYPE_WORDS[v.type]
    if (!type)
      bad('题型', v.type ? `题型「${v.type}」不认识，请填 单选、多选、判断 或 简答` : '请填写题型')

    if (!v.stem) bad('题干', '请填写题干')
    else if (v.stem.length > 300) bad('题干', `题干不能超过 300 个字（现在 ${v.stem.length} 个）`)
    else if (bank) {
      const dup = seen.find((s) => s.bankId === bank.id && sameStem(s.stem, v.stem))
      if (dup) bad('题干', `与第 ${dup.row} 行的题干重复`)
      else if (existing.some((q) => q.bankId === bank.id && sameStem(q.stem, v.stem)))
        bad('题干', `题库「${bank.title}」里已有相同题干的题目`)
      seen.push({ row: r.row, bankId: bank.id, stem: v.stem })
    }

    const options: string[] = []
    if (type === 'single' || type === 'multiple') {
      let gap: string | null = null
      for (const [i, k] of OPTION_KEYS.entries()) {
        const o = v[k]
        if (!o) {
          gap ??= `选项${LETTERS[i]}`
          continue
        }
        if (gap) bad(gap, `${gap} 为空，但后面还有选项，请按顺序填写`)
        else if (o.length > 120) bad(`选项${LETTERS[i]}`, '选项不能超过 120 个字')
        options.push(o)
      }
      if (options.length < 2) bad('选项A', '选择题至少要有两个选项')
    }

    let answer: unknown
    if (type === 'single' || type === 'multiple') {
      const idx = letterIndexes(v.answer)
      if (!v.answer) bad('答案', '请填写答案（选项字母，如 B）')
      else if (!idx)
        bad('答案', `答案「${v.answer}」应为选项字母，如 ${type === 'single' ? 'B' : 'ACD'}`)
      else if (idx.some((i) => i >= options.length))
        bad('答案', `答案「${v.answer}」指向不存在的选项`)
      else if (type === 'single' && idx.length !== 1) bad('答案', '单选题只能有一个答案')
      else if (new Set(idx).size !== idx.length) bad('答案', '答案里有重复的选项')
      else answer = type === 'single' ? idx[0] : idx
    } else if (type === 'truefalse') {
      const w = v.answer.toLowerCase()
      if (TRUE_WORDS.includes(w)) answer = true
      else if (FALSE_WORDS.includes(w)) answer = false
      else
        bad('答案', v.answer ? `判断题答案「${v.answer}」应为 对 或 错` : '请填写答案（对 或 错）')
    } else if (type === 'short') {
      const kw = parseKeywords(v.keywords)
      if ('error' in kw) bad('关键词', kw.error)
      else {
        const sum = kw.keywords.reduce((s, k) => s + k.points, 0)
        const max = v.maxPoints ? Number(v.maxPoints) : sum
        if (!(max > 0)) bad('满分', `满分「${v.maxPoints}」应为正数`)
        else if (sum < max) bad('满分', `关键词分值之和 ${sum} 低于满分 ${max}，没人能得满分`)
        else answer = { keywords: kw.keywords, maxPoints: max }
      }
    }

    if (errors.length > before || !bank || !type) continue
    const candidate = {
      id: 'q.import.check',
      bankId: bank.id,
      type,
      stem: v.stem,
      explanation: v.explanation || '暂无解析',
      tags: splitList(v.tags).map((t) => t.slice(0, 12)),
      isDefault: true,
      ...(type === 'single' || type === 'multiple' ? { options } : {}),
      answer,
    }
    // The shipped schema is the one definition of a well-formed question.
    const parsed = questionSchema.safeParse(candidate)
    if (!parsed.success) {
      bad('题干', parsed.error.issues[0]?.message ?? '题目内容不完整')
      continue
    }
    // The id is given when the row is stored; 'q.import.check' only satisfies the schema here.
    questions.push({ row: r.row, question: { ...parsed.data, isDefault: false } })
  }
  return { questions: errors.length > 0 ? [] : questions, errors }
}
