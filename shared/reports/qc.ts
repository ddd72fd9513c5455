import { z } from 'zod'

/**
 * Quality checks (质检, issue 9 item 3): a supervisor samples a person's resolved orders and
 * scores each against the shop's checklist. An item is passed, failed, or not applicable (an
 * apology is due only where the customer had cause); the score is the share of applicable
 * items passed, 0–100. A person's assessment uses the average over their checked orders.
 */

export const QC_ITEMS = ['greeting', 'apology', 'policy', 'record', 'followUp', 'tone'] as const
export type QcItem = (typeof QC_ITEMS)[number]

export const QC_ITEM_LABELS: Record<QcItem, string> = {
  greeting: '问候语规范',
  apology: '需要时致歉安抚',
  policy: '政策解释正确',
  record: '记录完整准确',
  followUp: '跟进与反馈及时',
  tone: '语气态度得当',
}

export const QC_MARKS = ['pass', 'fail', 'na'] as const
export type QcMark = (typeof QC_MARKS)[number]
export const QC_MARK_LABELS: Record<QcMark, string> = {
  pass: '合格',
  fail: '不合格',
  na: '不适用',
}

export const qcMarksSchema = z.object(
  Object.fromEntries(
    QC_ITEMS.map((k) => [k, z.enum(QC_MARKS, { error: `请为「${QC_ITEM_LABELS[k]}」打分` })]),
  ) as Record<QcItem, z.ZodEnum<{ pass: 'pass'; fail: 'fail'; na: 'na' }>>,
)
export type QcMarks = Record<QcItem, QcMark>

/** Share of applicable items passed, 0–100 (one decimal); null when nothing applied. */
export function qcScore(marks: Partial<Record<QcItem, QcMark>>): number | null {
  let applicable = 0
  let passed = 0
  for (const k of QC_ITEMS) {
    const m = marks[k]
    if (m === 'pass' || m === 'fail') applicable++
    if (m === 'pass') passed++
  }
  return applicable === 0 ? null : Math.round((passed / applicable) * 1000) / 10
}

/** A small seeded generator (mulberry32): the same seed samples the same orders. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A random sample of `n` ids (all of them when there are fewer), without repeats, in the
 * order drawn. Candidates are sorted first so the sample depends only on the set and the seed.
 */
export function sampleIds(candidates: readonly string[], n: number, seed: number): string[] {
  const pool = [...new Set(candidates)].sort()
  const next = rng(seed)
  const k = Math.min(Math.max(0, Math.floor(n)), pool.length)
  // Partial Fisher–Yates: the first k places are the sample.
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(next() * (pool.length - i))
    const tmp = pool[i]!
    pool[i] = pool[j]!
    pool[j] = tmp
  }
  return pool.slice(0, k)
}

export interface QcCheckLike {
  personId: string
  score: number | null
  /** When the checked order was (last) resolved: the month it counts in. */
  resolvedAt: string
}

/** Average score per person over checks of orders resolved in [from, to). */
export function qcAverages(
  checks: Iterable<QcCheckLike>,
  fromMs: number,
  toMs: number,
): Map<string, { avg: number; count: number }> {
  const sums = new Map<string, { sum: number; count: number }>()
  for (const c of checks) {
    if (c.score === null) continue
    const at = Date.parse(c.resolvedAt)
    if (!(at >= fromMs && at < toMs)) continue
    const s = sums.get(c.personId) ?? { sum: 0, count: 0 }
    s.sum += c.score
    s.count++
    sums.set(c.personId, s)
  }
  const out = new Map<string, { avg: number; count: number }>()
  for (const [id, s] of sums)
    out.set(id, { avg: Math.round((s.sum / s.count) * 10) / 10, count: s.count })
  return out
}
