import type { Category } from '../tickets/model'
import { tokenize } from '../search/tokenize'
import { fitsPlatform, type ScriptCategory } from './model'
import type { PickerScript } from './rank'

/**
 * Scripts likely to fit an order (issue 7 "Suggest"), best first. Two kinds of evidence:
 * - the order's category: a refund question wants refund scripts first, and an apology
 *   often helps with a quality or logistics problem;
 * - its description: words the customer used (破损, 没收到, 发票…) found in a script's title,
 *   tags or body, rarer words counting more, so 破损 outweighs 商品.
 */

/** How well each script category answers an order of each category (1 = made for it). */
export const CATEGORY_FIT: Record<Category, Partial<Record<ScriptCategory, number>>> = {
  return_exchange: { return_exchange: 1, apology: 0.4, follow_up: 0.3, closing: 0.15 },
  refund: { refund: 1, return_exchange: 0.4, apology: 0.3, follow_up: 0.3, closing: 0.15 },
  quality: { quality: 1, warranty: 0.6, apology: 0.6, return_exchange: 0.4, refund: 0.3 },
  logistics: { logistics: 1, apology: 0.5, follow_up: 0.4, order_change: 0.2 },
  order_change: { order_change: 1, logistics: 0.3, presale: 0.2 },
  review_complaint: { review_reply: 1, apology: 0.6, satisfaction: 0.3 },
  suggestion: { closing: 0.4, satisfaction: 0.3, presale: 0.3 },
  other: { greeting: 0.3, presale: 0.3, closing: 0.2 },
}

export interface OrderForSuggest {
  category: Category
  description: string
  platform?: string | null
}

export interface Suggestion {
  script: PickerScript
  score: number
  /** Description words found in the script, for the "why" shown beside it. */
  matched: string[]
}

const CATEGORY_WEIGHT = 2
const TEXT_WEIGHT = 3
const MIN_SCORE = 0.3

function termsOf(s: PickerScript): Set<string> {
  return new Set(tokenize(`${s.title} ${s.tags.join(' ')} ${s.body}`))
}

/** Ranks scripts for an order; scripts for another platform are left out. */
export function suggestScripts(
  order: OrderForSuggest,
  scripts: readonly PickerScript[],
  opts: { limit?: number; usage?: Readonly<Record<string, number>> } = {},
): Suggestion[] {
  const limit = opts.limit ?? 5
  const pool = scripts.filter((s) => fitsPlatform(s, order.platform))
  if (pool.length === 0) return []
  const termSets = pool.map(termsOf)
  const df = new Map<string, number>()
  for (const set of termSets) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1)
  const asked = [...new Set(tokenize(order.description))].filter((t) => t.length >= 2)
  // Words in no script, or in nearly all, say nothing about which script fits.
  const idf = new Map<string, number>()
  let total = 0
  for (const t of asked) {
    const n = df.get(t) ?? 0
    if (n === 0) continue
    const w = Math.log(1 + pool.length / n)
    idf.set(t, w)
    total += w
  }
  const fit = CATEGORY_FIT[order.category] ?? {}
  const out: Suggestion[] = []
  pool.forEach((s, i) => {
    const terms = termSets[i]!
    let got = 0
    const matched: string[] = []
    for (const [t, w] of idf) {
      if (terms.has(t)) {
        got += w
        matched.push(t)
      }
    }
    const text = total > 0 ? got / total : 0
    const cat = fit[s.category] ?? 0
    let score = CATEGORY_WEIGHT * cat + TEXT_WEIGHT * text
    if (order.platform && !s.platforms.includes('all')) score *= 1.1
    score *= 1 + 0.05 * Math.log1p(opts.usage?.[s.id] ?? 0)
    if (score >= MIN_SCORE) out.push({ script: s, score, matched })
  })
  return out
    .sort((a, b) => b.score - a.score || a.script.title.localeCompare(b.script.title, 'zh-CN'))
    .slice(0, limit)
}
