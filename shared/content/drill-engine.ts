import { AppError } from '../errors'
import { containsKeyword, normaliseText } from './keywords'
import type {
  AskedFor,
  DrillCondition,
  DrillEnd,
  DrillNode,
  DrillRubricItem,
  DrillScenario,
  DrillTranscriptEntry,
} from './schemas'

/**
 * The scripted customer of a role-play drill (模拟演练): a small graph of customer turns
 * that branches on what the trainee replies. Pure: the training service keeps the session,
 * the transcript and the clock.
 */

/** How an agent asks for each thing, as trainees actually phrase it. */
export const ASK_PATTERNS: Record<AskedFor, RegExp> = {
  orderNo: /订单(编号|号码|号|信息)|(提供|发|告诉|报|核对|确认|查).{0,8}单号/,
  photo: /照片|图片|拍照|拍(一|几)?(张|下)|视频|截图|实拍/,
  phone: /电话|手机号|联系方式/,
  address: /地址/,
  reason: /原因|什么问题|哪里不满意|具体情况|怎么回事/,
}

function agentReplies(transcript: readonly DrillTranscriptEntry[]): number {
  return transcript.reduce((n, e) => (e.role === 'agent' ? n + 1 : n), 0)
}

/**
 * Checks a condition against the trainee's reply. `transcript` is what was said before
 * this reply; it tells which reply this is.
 */
export function evaluateCondition(
  cond: DrillCondition,
  reply: string,
  transcript: readonly DrillTranscriptEntry[],
): boolean {
  if ('anyKeyword' in cond) return cond.anyKeyword.some((k) => containsKeyword(reply, k))
  if ('allKeywords' in cond) return cond.allKeywords.every((k) => containsKeyword(reply, k))
  if ('noneKeyword' in cond) return !cond.noneKeyword.some((k) => containsKeyword(reply, k))
  if ('askedFor' in cond) return ASK_PATTERNS[cond.askedFor].test(normaliseText(reply))
  if ('replyIndex' in cond) return agentReplies(transcript) === cond.replyIndex
  if ('minChars' in cond) return normaliseText(reply).length >= cond.minChars
  if ('all' in cond) return cond.all.every((c) => evaluateCondition(c, reply, transcript))
  if ('any' in cond) return cond.any.some((c) => evaluateCondition(c, reply, transcript))
  return !evaluateCondition(cond.not, reply, transcript)
}

export function findNode(scenario: DrillScenario, nodeId: string): DrillNode {
  const node = scenario.turns.find((n) => n.id === nodeId)
  if (!node) throw new AppError('drill.node_unknown', `演练“${scenario.title}”中没有节点 ${nodeId}`)
  return node
}

export function startNode(scenario: DrillScenario): DrillNode {
  return findNode(scenario, scenario.start)
}

export interface DrillStep {
  /** Index of the branch taken, or 'otherwise' when none held. */
  via: number | 'otherwise'
  node: DrillNode
  /** Set when the customer's reply ends the drill. */
  end: DrillEnd | null
}

/** What the scripted customer says next, given the trainee's reply at `nodeId`. */
export function nextTurn(
  scenario: DrillScenario,
  nodeId: string,
  reply: string,
  transcript: readonly DrillTranscriptEntry[],
): DrillStep {
  const here = findNode(scenario, nodeId)
  if (here.end !== undefined) {
    throw new AppError('drill.ended', '这场演练已经结束，不能继续回复')
  }
  const via = here.next.findIndex((b) => evaluateCondition(b.when, reply, transcript))
  const goto = via >= 0 ? here.next[via]?.goto : here.otherwise
  if (goto === undefined) {
    throw new AppError('drill.node_dead_end', `演练节点 ${nodeId} 没有默认去向`)
  }
  const node = findNode(scenario, goto)
  return { via: via >= 0 ? via : 'otherwise', node, end: node.end ?? null }
}

export interface RubricMark {
  id: DrillRubricItem['id']
  label: string
  points: number
  /** Points earned when the app can tell; null when the trainer marks the item. */
  earned: number | null
}

/** Auto-scores the rubric items that have a check, reading all trainee replies together. */
export function scoreRubric(
  scenario: DrillScenario,
  transcript: readonly DrillTranscriptEntry[],
): RubricMark[] {
  const replies = transcript
    .filter((e) => e.role === 'agent')
    .map((e) => e.text)
    .join('\n')
  return scenario.rubric.map((item) => ({
    id: item.id,
    label: item.label,
    points: item.points,
    earned:
      item.auto === undefined
        ? null
        : evaluateCondition(item.auto, replies, []) && replies.trim() !== ''
          ? item.points
          : 0,
  }))
}

function targets(node: DrillNode): string[] {
  return [
    ...node.next.map((b) => b.goto),
    ...(node.otherwise !== undefined ? [node.otherwise] : []),
  ]
}

/** Node ids reachable from `from` (the start node by default), `from` included. */
export function reachableNodes(
  scenario: DrillScenario,
  from: string = scenario.start,
): Set<string> {
  const byId = new Map(scenario.turns.map((n) => [n.id, n]))
  const seen = new Set<string>()
  const queue = [from]
  while (queue.length > 0) {
    const id = queue.pop() as string
    const node = byId.get(id)
    if (seen.has(id) || !node) continue
    seen.add(id)
    queue.push(...targets(node))
  }
  return seen
}

/**
 * What is wrong with an authored scenario's graph, in words a trainer understands: empty
 * when every branch leads somewhere, every node can be reached, and every node still has a
 * way to a satisfied customer or an ending.
 */
export function drillGraphProblems(scenario: DrillScenario): string[] {
  const problems: string[] = []
  const ids = new Set(scenario.turns.map((n) => n.id))
  if (!ids.has(scenario.start)) problems.push(`起始节点 ${scenario.start} 不存在`)
  for (const n of scenario.turns) {
    for (const t of targets(n)) {
      if (!ids.has(t)) problems.push(`节点 ${n.id} 指向不存在的节点 ${t}`)
    }
    if (n.end === undefined && n.otherwise === undefined) problems.push(`节点 ${n.id} 没有默认去向`)
  }
  const reachable = reachableNodes(scenario)
  for (const n of scenario.turns) {
    if (!reachable.has(n.id)) problems.push(`节点 ${n.id} 从开场无法到达`)
  }
  const satisfied = scenario.turns.filter((n) => n.end === 'satisfied').map((n) => n.id)
  if (satisfied.length === 0) problems.push('没有“顾客满意”的结局')
  for (const n of scenario.turns) {
    if (n.end !== undefined || !reachable.has(n.id)) continue
    const ahead = reachableNodes(scenario, n.id)
    if (!scenario.turns.some((m) => m.end !== undefined && ahead.has(m.id))) {
      problems.push(`节点 ${n.id} 之后永远走不到结局`)
    }
  }
  return problems
}
