/**
 * Tokeniser for Chinese after-sales text mixed with order numbers, tracking numbers and
 * product words ("iPhone15手机壳，订单号241125-123456789012345，外包装破损").
 *
 * Why two kinds of Chinese terms:
 * - Character bigrams of every CJK run give recall. `Intl.Segmenter` (ICU's dictionary)
 *   misses out-of-vocabulary product and slang words, and splits inconsistently with
 *   context ("破损" inside "外包装破损严重" versus in a query of two characters), so a
 *   word-only index misses partial phrases an agent types. Every 2-character substring is
 *   indexed, so any typed fragment of two or more characters finds its text.
 * - Word segments give ranking. Bigrams alone treat "装破" (straddling 包装|破损) the same as
 *   "破损", so a query scores noise as highly as meaning. At query time the segmenter's word
 *   boundaries weight bigrams that lie inside a word above those that straddle two words,
 *   and words of 3+ characters (羊毛衫, 外包装 when ICU knows them) are indexed as terms of
 *   their own so a whole-word match outranks two scattered bigrams. Two-character words are
 *   exactly bigrams, so they add nothing to the index and are not stored twice.
 * - A lone CJK character between punctuation is indexed as a unigram (货, 坏).
 *
 * ASCII is lower-cased; full-width letters, digits and punctuation (common in Chinese IMEs:
 * "ＳＦ１２３") become half-width. Normalisation maps one UTF-16 unit to one, so offsets in
 * the normalised text are offsets in the original text (highlight ranges stay true).
 *
 * Alphanumeric runs are indexed whole ("sf1234567890123"), and when they mix letters and
 * digits, their letter and digit parts too, so a tracking number is found by its digits and
 * "iphone15" by "iphone". Digit runs support prefix and suffix matching in the index (the
 * last 6 digits of an order number), through sorted term lists rather than extra terms.
 */

export type TokenKind = 'bigram' | 'unigram' | 'word' | 'alnum' | 'digits' | 'letters'

export interface Token {
  term: string
  /** Offsets in the original text, [start, end). */
  start: number
  end: number
  kind: TokenKind
}

const enum Cls {
  Other = 0,
  Cjk = 1,
  Letter = 2,
  Digit = 3,
}

/** One UTF-16 unit in, one out: full-width ASCII to half-width, ideographic space to space, A-Z to a-z. */
export function normalizeText(text: string): string {
  let out = ''
  let last = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    let m = -1
    if (c >= 0xff01 && c <= 0xff5e) m = c - 0xfee0
    else if (c === 0x3000) m = 0x20
    if (m >= 0x41 && m <= 0x5a) m += 0x20
    else if (m === -1 && c >= 0x41 && c <= 0x5a) m = c + 0x20
    if (m !== -1) {
      out += text.slice(last, i) + String.fromCharCode(m)
      last = i + 1
    }
  }
  return last === 0 ? text : out + text.slice(last)
}

function classify(c: number): Cls {
  if (c >= 0x61 && c <= 0x7a) return Cls.Letter
  if (c >= 0x30 && c <= 0x39) return Cls.Digit
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff))
    return Cls.Cjk
  if (c === 0x3007) return Cls.Cjk // 〇
  return Cls.Other
}

export function isCjkChar(ch: string): boolean {
  return ch.length > 0 && classify(ch.charCodeAt(0)) === Cls.Cjk
}

export function isDigits(term: string): boolean {
  if (term.length === 0) return false
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i)
    if (c < 0x30 || c > 0x39) return false
  }
  return true
}

let segmenter: Intl.Segmenter | undefined
function getSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' })
  return segmenter
}

/** Word segments of a CJK run: [start, end) offsets relative to the run. */
export function cjkWords(run: string): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (const s of getSegmenter().segment(run)) out.push([s.index, s.index + s.segment.length])
  return out
}

type Emit = (term: string, start: number, end: number, kind: TokenKind) => void

function scanCjk(norm: string, s: number, e: number, emit: Emit): void {
  if (e - s === 1) {
    emit(norm[s]!, s, e, 'unigram')
    return
  }
  for (let i = s; i + 1 < e; i++) emit(norm.slice(i, i + 2), i, i + 2, 'bigram')
}

function isCjkWord(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (classify(word.charCodeAt(i)) !== Cls.Cjk) return false
  return true
}

function scanAlnum(norm: string, s: number, e: number, emit: Emit): void {
  const whole = norm.slice(s, e)
  let hasLetter = false
  let hasDigit = false
  for (let i = s; i < e; i++) {
    if (classify(norm.charCodeAt(i)) === Cls.Digit) hasDigit = true
    else hasLetter = true
  }
  if (!hasLetter) {
    emit(whole, s, e, 'digits')
    return
  }
  emit(whole, s, e, hasDigit ? 'alnum' : 'letters')
  if (!hasDigit) return
  let i = s
  while (i < e) {
    const cls = classify(norm.charCodeAt(i))
    let j = i + 1
    while (j < e && classify(norm.charCodeAt(j)) === cls) j++
    emit(norm.slice(i, j), i, j, cls === Cls.Digit ? 'digits' : 'letters')
    i = j
  }
}

export interface ScanOptions {
  /**
   * Also emit segmenter words of 3+ characters (default true). Highlighting turns this off:
   * bigrams already cover every character a word covers, and the segmenter is the slow part.
   */
  words?: boolean
}

/** Walks the text and reports every token; the core of both tokenize() and tokens(). */
export function scanTokens(text: string, emit: Emit, options: ScanOptions = {}): void {
  const norm = normalizeText(text)
  const n = norm.length
  let longCjk = false
  let i = 0
  while (i < n) {
    const cls = classify(norm.charCodeAt(i))
    if (cls === Cls.Other) {
      i++
      continue
    }
    let j = i + 1
    if (cls === Cls.Cjk) {
      while (j < n && classify(norm.charCodeAt(j)) === Cls.Cjk) j++
      scanCjk(norm, i, j, emit)
      if (j - i >= 3) longCjk = true
    } else {
      while (j < n) {
        const c = classify(norm.charCodeAt(j))
        if (c !== Cls.Letter && c !== Cls.Digit) break
        j++
      }
      scanAlnum(norm, i, j, emit)
    }
    i = j
  }
  // One segmenter pass per text, not per run: each call has a fixed cost. Texts are short
  // fields; ICU's segmenter slows down badly on one very long string, so callers must not
  // concatenate a whole ticket into one text.
  if (longCjk && options.words !== false) {
    for (const seg of getSegmenter().segment(norm)) {
      const w = seg.segment
      if (w.length >= 3 && isCjkWord(w)) emit(w, seg.index, seg.index + w.length, 'word')
    }
  }
}

/** Index terms of a text, repeats kept (term frequency counts them). Also MiniSearch's `tokenize`. */
export function tokenize(text: string): string[] {
  const out: string[] = []
  scanTokens(text, (term) => out.push(term))
  return out
}

/** Tokens with their offsets in the original text, for highlighting. */
export function tokens(text: string, options: ScanOptions = {}): Token[] {
  const out: Token[] = []
  scanTokens(text, (term, start, end, kind) => out.push({ term, start, end, kind }), options)
  return out
}
