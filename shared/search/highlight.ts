import { tokens } from './tokenize'

export type Range = [start: number, end: number]

/** What a query matched, in terms the text's own tokens can be checked against. */
export interface HighlightMatcher {
  exact: Set<string>
  /** Terms that matched as prefixes (the query's last fragment, still being typed). */
  prefixes: string[]
  /** Digit fragments that matched as the start or the end of a longer number. */
  affixes: string[]
}

/** Character ranges of the text an agent should see highlighted, merged and sorted. */
export function highlightRanges(text: string, m: HighlightMatcher): Range[] {
  const out: Range[] = []
  for (const t of tokens(text, { words: false })) {
    if (m.exact.has(t.term)) {
      out.push([t.start, t.end])
      continue
    }
    for (const p of m.prefixes) {
      if (t.term.startsWith(p)) out.push([t.start, t.start + p.length])
    }
    if (t.kind === 'digits') {
      for (const a of m.affixes) {
        if (t.term.length <= a.length) continue
        if (t.term.endsWith(a)) out.push([t.end - a.length, t.end])
        else if (t.term.startsWith(a)) out.push([t.start, t.start + a.length])
      }
    }
  }
  return mergeRanges(out)
}

export function mergeRanges(ranges: Range[]): Range[] {
  if (ranges.length < 2) return ranges
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const out: Range[] = [[ranges[0]![0], ranges[0]![1]]]
  for (let i = 1; i < ranges.length; i++) {
    const r = ranges[i]!
    const last = out[out.length - 1]!
    if (r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else out.push([r[0], r[1]])
  }
  return out
}

export interface Snippet {
  text: string
  ranges: Range[]
}

const BEFORE = 16
const WIDTH = 60

/** A short excerpt around the first match, with the match ranges shifted into it. */
export function snippet(text: string, ranges: Range[]): Snippet {
  const first = ranges[0]
  if (!first) return { text: text.length > WIDTH ? text.slice(0, WIDTH) + '…' : text, ranges: [] }
  const start = Math.max(0, Math.min(first[0] - BEFORE, text.length - WIDTH))
  const end = Math.min(text.length, start + WIDTH)
  const lead = start > 0 ? '…' : ''
  const shift = lead.length - start
  const inside: Range[] = []
  for (const [s, e] of ranges) {
    if (e <= start || s >= end) continue
    inside.push([Math.max(s, start) + shift, Math.min(e, end) + shift])
  }
  return { text: lead + text.slice(start, end) + (end < text.length ? '…' : ''), ranges: inside }
}
