import { QUERY_FILLERS, type SynonymTable } from './synonyms'
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
  /**
   * Other ways of saying the same (synonyms, near-words, the number without +86): a document
   * matching any of them matches the unit.
   */
  alternatives?: QueryUnit[]
  /**
   * Bigrams missing from the index count as missing (synonyms): an alternative phrase must be
   * found mostly whole, not by one common bigram of it (送到 of 才送到).
   */
  whole?: boolean
}

export interface ParseOptions {
  /** Synonym table applied to Chinese fragments (./synonyms.ts). */
  synonyms?: SynonymTable
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

/** Synonyms count a little less than the word the agent typed. */
const SYNONYM_WEIGHT = 0.85
/** Characters that carry no meaning left over beside a recognised phrase (还没发货了 → 没发货). */
const FILLER_CHARS = /^[了的吗呢啊吧呀哦嘛就都还也很太又被把给是有]+$/

function scaled(u: QueryUnit, w: number): QueryUnit {
  return {
    ...u,
    slots: u.slots.map((s) => ({ ...s, weight: s.weight * w })),
    required: u.required * w,
    whole: true,
  }
}

function phraseUnit(phrase: string): QueryUnit {
  if (phrase.endsWith('*')) {
    const term = phrase.slice(0, -1)
    return { text: phrase, slots: [{ term, mode: 'prefix', weight: 1, bonus: false }], required: 1 }
  }
  return cjkUnit(phrase, false)
}

/** A Chinese run, split at the phrases the synonym table knows; each phrase gets its alternatives. */
function cjkUnits(run: string, isLast: boolean, table: SynonymTable | undefined): QueryUnit[] {
  if (!table || run.length < 2) return [cjkUnit(run, isLast)]
  // Greedy, longest phrase first, left to right.
  const found: Array<{ start: number; end: number; phrase: string }> = []
  const taken = new Uint8Array(run.length)
  for (const p of table.phrases) {
    if (p.length > run.length) continue
    let at = run.indexOf(p)
    while (at >= 0) {
      let free = true
      for (let k = at; k < at + p.length; k++) if (taken[k]) free = false
      if (free) {
        for (let k = at; k < at + p.length; k++) taken[k] = 1
        found.push({ start: at, end: at + p.length, phrase: p })
      }
      at = run.indexOf(p, at + 1)
    }
  }
  if (found.length === 0) return [cjkUnit(run, isLast)]
  found.sort((a, b) => a.start - b.start)
  const units: QueryUnit[] = []
  let pos = 0
  const rest = (text: string, last: boolean): void => {
    if (text.length >= 2 && !FILLER_CHARS.test(text)) units.push(cjkUnit(text, last))
  }
  for (const f of found) {
    rest(run.slice(pos, f.start), false)
    const unit = cjkUnit(f.phrase, false)
    unit.alternatives = table.alternatives
      .get(f.phrase)!
      .map((p) => scaled(phraseUnit(p), SYNONYM_WEIGHT))
    units.push(unit)
    pos = f.end
  }
  rest(run.slice(pos), isLast)
  return units
}

/** Removes words that only say what follows (订单号, 手机尾号…); the rest stays in order. */
function stripFillers(norm: string): string {
  let out = norm
  for (const f of QUERY_FILLERS) out = out.split(f).join(' ')
  return out
}

/**
 * Digit groups typed with spaces, dashes or dots between them ("138 1234 5678",
 * "3876 5432 1098 7654 321", "+86 176-1209-8814") are one number to an agent.
 */
function joinDigitGroups(norm: string, groups: Map<string, string[]>): string {
  return norm.replace(/\+?\d+(?:[ \-.]+\d+)+/g, (m) => {
    const digits = m.replace(/\D/g, '')
    if (digits.length < 7) return m
    groups.set(digits, m.match(/\d+/g)!)
    return digits
  })
}

/** A Chinese mobile number with the country code in front: 8613812345678 → 13812345678. */
const WITH_COUNTRY = /^86(1[3-9]\d{9})$/

/** Splits a query into fragments (units); each becomes one AND-ed condition. */
export function parseQuery(query: string, options: ParseOptions = {}): QueryUnit[] {
  const norm0 = normalizeText(query)
  const stripped = stripFillers(norm0)
  // Only fillers typed ("顾客"): search for them after all.
  const groups = new Map<string, string[]>()
  const norm = joinDigitGroups(/[\p{L}\p{N}]/u.test(stripped) ? stripped : norm0, groups)
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
      units.push(...cjkUnits(run.text, isLast, options.synonyms))
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
    if (slots.length === 0) return
    const phone = WITH_COUNTRY.exec(run.text)
    if (phone) {
      units.push({
        text: phone[1]!,
        slots: [{ term: phone[1]!, mode: 'affix', weight: 1, bonus: false }],
        required: 1,
        alternatives: [{ text: run.text, slots, required: 1 }],
      })
      return
    }
    const parts = groups.get(run.text)
    // The groups as typed stay an option: a number the text itself writes with a dash.
    const split: QueryUnit | undefined = parts && {
      text: parts.join(' '),
      slots: parts.map((term) => ({
        term,
        mode: term.length >= MIN_AFFIX_DIGITS ? ('affix' as const) : ('exact' as const),
        weight: 1,
        bonus: false,
      })),
      required: parts.length - 1e-9,
      minSlots: parts.length,
    }
    units.push({ text: run.text, slots, required: 1, ...(split ? { alternatives: [split] } : {}) })
  })
  return units
}
