import type { z } from 'zod'
import { drillGraphProblems } from '../content/drill-engine'
import { drillScenarioSchema, type DrillScenario } from '../content/schemas'

/**
 * Content a trainer writes outside the shipped files (issue 10, item 5): drill scenarios
 * carried as JSON files. The shipped schema and the graph check are the one definition of a
 * well-formed scenario; this only turns their findings into a list a trainer can act on.
 */

export type DrillJsonCheck =
  { ok: true; scenario: DrillScenario } | { ok: false; problems: string[] }

/** Largest scenario file taken (the shipped ones are under 10 KB). */
export const DRILL_JSON_MAX = 200_000

// The schema states these three too, in other words; when the graph check could run, its
// wording (which names the node) is the one kept, so a trainer never reads a problem twice.
const GRAPH_MESSAGES = ['分支指向不存在的节点', '未结束的节点须有默认去向', '起始节点不存在']

const FIELD_LABELS: Record<string, string> = {
  id: '编号',
  title: '标题',
  summary: '简介',
  platform: '平台',
  persona: '顾客画像',
  orderContext: '订单信息',
  opening: '开场白',
  start: '起始节点',
  timeLimitMin: '限时',
  rubric: '评分项',
  turns: '节点',
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Where an issue is, as a trainer finds it in the file: the node's id, then the JSON path. */
function where(path: readonly PropertyKey[], raw: Record<string, unknown>): string {
  const [head, index, ...rest] = path
  if (head === undefined) return ''
  const restText = rest.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
  if (head === 'turns' && typeof index === 'number') {
    const turn = Array.isArray(raw.turns) ? (raw.turns[index] as unknown) : undefined
    const name = isObject(turn) && typeof turn.id === 'string' ? turn.id : `第 ${index + 1} 个`
    return `节点 ${name}${restText ? ` 的 ${restText.slice(1)}` : ''}`
  }
  if (head === 'rubric' && typeof index === 'number') {
    return `第 ${index + 1} 个评分项${restText ? ` 的 ${restText.slice(1)}` : ''}`
  }
  const tail = [index, ...rest]
    .filter((p) => p !== undefined)
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
  const label = FIELD_LABELS[String(head)]
  return label ? `${label}（${String(head)}${tail}）` : `${String(head)}${tail}`
}

function issueText(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string {
  const at = where(issue.path, raw)
  return at ? `${at}：${issue.message}` : issue.message
}

/**
 * The branching graph of what may not pass the schema yet: enough to say which nodes are
 * unreachable or lead nowhere even while a field elsewhere is still wrong.
 */
function graphOf(raw: Record<string, unknown>): DrillScenario | null {
  if (typeof raw.start !== 'string' || !Array.isArray(raw.turns)) return null
  const turns = []
  for (const t of raw.turns as unknown[]) {
    if (!isObject(t) || typeof t.id !== 'string') return null
    const next = Array.isArray(t.next) ? (t.next as unknown[]) : []
    turns.push({
      id: t.id,
      next: next.flatMap((b) =>
        isObject(b) && typeof b.goto === 'string' ? [{ when: { minChars: 1 }, goto: b.goto }] : [],
      ),
      ...(typeof t.otherwise === 'string' ? { otherwise: t.otherwise } : {}),
      ...(typeof t.end === 'string' ? { end: t.end } : {}),
    })
  }
  return { start: raw.start, turns } as unknown as DrillScenario
}

/**
 * Reads one scenario from a file's text: a bare scenario (what exportDrill writes) or a
 * drills file holding exactly one. Every problem found is listed, in zh-CN.
 */
export function readDrillJson(json: string): DrillJsonCheck {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    return { ok: false, problems: ['文件不是有效的 JSON，请检查是否缺了逗号、引号或括号'] }
  }
  if (isObject(raw) && Array.isArray(raw.drills)) {
    if (raw.drills.length !== 1) {
      return { ok: false, problems: ['一个文件只能导入一个演练情景'] }
    }
    raw = raw.drills[0]
  }
  if (!isObject(raw)) return { ok: false, problems: ['文件内容须是一个演练情景（JSON 对象）'] }

  // Whatever the file says, an imported scenario is never a default; the shipped schema
  // insists on the flag, so it is set here only to be checked and dropped when stored.
  const parsed = drillScenarioSchema.safeParse({ ...raw, isDefault: true })
  const graph = parsed.success ? parsed.data : graphOf(raw)
  const graphProblems = graph ? drillGraphProblems(graph) : []
  const schemaProblems = parsed.success
    ? []
    : parsed.error.issues
        .filter((i) => !graph || !GRAPH_MESSAGES.some((m) => i.message.startsWith(m)))
        .map((i) => issueText(i, raw))
  const problems = [...new Set([...schemaProblems, ...graphProblems])]
  if (parsed.success && problems.length === 0) return { ok: true, scenario: parsed.data }
  return { ok: false, problems: problems.length > 0 ? problems : ['演练情景的格式不正确'] }
}

/** The file exportDrill writes: the scenario without the default flag, readable by hand. */
export function drillJson(scenario: DrillScenario | Omit<DrillScenario, 'isDefault'>): string {
  const { isDefault: _drop, ...rest } = scenario as DrillScenario
  return `${JSON.stringify(rest, null, 2)}\n`
}
