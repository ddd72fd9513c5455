import { cjkWords, normalizeText, scanTokens } from './tokenize'

/**
 * How a typed query is read. An agent types fragments separated by spaces ("退款 还没到账",
 * "张伟 123456"); every fragment must match (AND), because each narrows the list. Inside a
 * Chinese fragment the bigrams are the evidence, and most of them — not all — must be found:
 * "没收到货" should find "一直没有收到货" (收到, 到货 found; 没收 is not in the text), so a
 * fragment needs bigrams worth 60% of the weight of those that occur in the index at all,
 * where bigrams inside a segmenter word weigh 1 and bigrams straddling two words 0.6; a
 * fragment of four or more characters also needs at least two bigrams, so one common word
 * inside a longer phrase (收到 in 没收到货) does not match on its own. Bigrams no ticket
 * contains say nothing either way: ICU splits unknown words oddly (催|发|货), and a bigram
 * missing everywhere must not make a fragment unmatchable.
 */

/** exact: the term itself; prefix: any term starting with it; affix: digits, found as prefix or suffix too. */
export type SlotMode = 'exact' | 'prefix' | 'affix'

export interface QuerySlot {
  term: string
  mode: SlotMode
  /** Bigrams straddling two segmenter words weigh less: they are often noise (装破 in 包装破损). */
  weight: number
  /** Bonus slots add score but never decide whether a fragment matches (whole words of 3+ chars). */
  bonus: boolean
}

export interface QueryUnit {
  text: string
  slots: QuerySlot[]
  /** Sum of the weights of the non-bonus slots a document must hit for this fragment to match. */
  required: number
  /**
   * For Chinese fragments: the share of weight required, recomputed by the index once it
   * knows which bigrams exist.
   */
  share?: number
  /** Fewest distinct non-bonus slots a document must hit (default 1). */
  minSlots?: number
}

const STRADDLE_WEIGHT = 0.6
const REQUIRED_SHARE = 0.6
const MIN_AFFIX_DIGITS = 4

function cjkUnit(run: string, isLast: boolean): QueryUnit {
  if (run.length === 1) {
    // A single character is usually the first keystroke of a word: find bigrams starting with it.
    return {
      text: run,
      slots: [{ term: run, mode: isLast ? 'prefix' : 'exact', weight: 1, bonus: false }],
      required: 1,
    }
  }
  const words = cjkWords(run)
  const slots: QuerySlot[] = []
  const seen = new Set<string>()
  for (let i = 0; i + 1 < run.length; i++) {
    const term = run.slice(i, i + 2)
    const inside = words.some(([s, e]) => s <= i && i + 2 <= e)
    const weight = inside ? 1 : STRADDLE_WEIGHT
    if (seen.has(term)) continue
    seen.add(term)
    slots.push({ term, mode: 'exact', weight, bonus: false })
  }
  const n = slots.length
  for (const [s, e] of words) {
    if (e - s >= 3) slots.push({ term: run.slice(s, e), mode: 'exact', weight: 1, bonus: true })
  }
  // The segmenter decides which bigrams are essential: for "改地址" (改|地址) "地址" alone
  // suffices, the straddling "改地" alone does not; for "没收到货" 收到+到货 suffice.
  let total = 0
  for (let k = 0; k < n; k++) total += slots[k]!.weight
  if (n === 1) return { text: run, slots, required: total }
  return {
    text: run,
    slots,
    required: REQUIRED_SHARE * total - 1e-9,
    share: REQUIRED_SHARE,
    minSlots: n >= 3 ? 2 : 1,
  }
}

/** Splits a query into fragments (units); each becomes one AND-ed condition. */
export function parseQuery(query: string): QueryUnit[] {
  const norm = normalizeText(query)
  const runs: Array<{ text: string; cjk: boolean }> = []
  // Reuse the tokenizer's run boundaries so a query splits exactly as indexed text does.
  const re = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007]+|[a-z0-9]+/g
  for (const m of norm.matchAll(re)) {
    const c = m[0].charCodeAt(0)
    runs.push({ text: m[0], cjk: !((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) })
  }
  const units: QueryUnit[] = []
  runs.forEach((run, idx) => {
    const isLast = idx === runs.length - 1 && !/\s$/.test(query)
    if (run.cjk) {
      units.push(cjkUnit(run.text, isLast))
      return
    }
    const slots: QuerySlot[] = []
    scanTokens(run.text, (term, start, end, kind) => {
      if (start !== 0 || end !== run.text.length) return // the whole run is the condition
      let mode: SlotMode = 'exact'
      if (kind === 'digits' && term.length >= MIN_AFFIX_DIGITS) mode = 'affix'
      else if (kind !== 'digits' && isLast) mode = 'prefix'
      slots.push({ term, mode, weight: 1, bonus: false })
    })
    if (slots.length > 0) units.push({ text: run.text, slots, required: 1 })
  })
  return units
}
