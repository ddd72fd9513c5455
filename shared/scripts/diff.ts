/**
 * The diff shown between two versions of a script. Bodies are short Chinese paragraphs, often
 * one line, so a line diff alone would mark the whole text changed: lines are matched first,
 * then a removed line facing an added one is diffed character by character.
 */

export type PartKind = 'same' | 'added' | 'removed'

export interface DiffPart {
  kind: PartKind
  text: string
}

export interface DiffLine {
  /** 'changed': a line edited in place; its parts show what changed inside it. */
  kind: 'same' | 'added' | 'removed' | 'changed'
  parts: DiffPart[]
}

/** Beyond this many cells the quadratic table costs more than the detail is worth. */
const MAX_CELLS = 4_000_000

/** Longest-common-subsequence edit script over two sequences, with common ends trimmed first. */
export function diffSequence<T>(a: readonly T[], b: readonly T[]): { kind: PartKind; item: T }[] {
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const out: { kind: PartKind; item: T }[] = []
  for (let i = 0; i < start; i++) out.push({ kind: 'same', item: a[i] as T })
  const n = endA - start
  const m = endB - start
  if (n * m > MAX_CELLS) {
    for (let i = start; i < endA; i++) out.push({ kind: 'removed', item: a[i] as T })
    for (let j = start; j < endB; j++) out.push({ kind: 'added', item: b[j] as T })
  } else {
    // lcs[i][j]: length of the LCS of a[start+i..endA) and b[start+j..endB), row-major.
    const w = m + 1
    const lcs = new Uint32Array((n + 1) * w)
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] =
          a[start + i] === b[start + j]
            ? (lcs[(i + 1) * w + j + 1] as number) + 1
            : Math.max(lcs[(i + 1) * w + j] as number, lcs[i * w + j + 1] as number)
      }
    }
    let i = 0
    let j = 0
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) {
        out.push({ kind: 'same', item: a[start + i] as T })
        i++
        j++
      } else if (
        i < n &&
        (j === m || (lcs[(i + 1) * w + j] as number) >= (lcs[i * w + j + 1] as number))
      ) {
        // Removals before additions, so an edit reads "was …, now …".
        out.push({ kind: 'removed', item: a[start + i] as T })
        i++
      } else {
        out.push({ kind: 'added', item: b[start + j] as T })
        j++
      }
    }
  }
  for (let i = endA; i < a.length; i++) out.push({ kind: 'same', item: a[i] as T })
  return out
}

/** Character diff of two strings, runs of one kind joined. Surrogate pairs stay whole. */
export function diffChars(a: string, b: string): DiffPart[] {
  const parts: DiffPart[] = []
  for (const { kind, item } of diffSequence(Array.from(a), Array.from(b))) {
    const last = parts[parts.length - 1]
    if (last && last.kind === kind) last.text += item
    else parts.push({ kind, text: item })
  }
  return parts
}

/** Line diff of two texts; a run of removed lines facing a run of added ones is paired up. */
export function diffText(before: string, after: string): DiffLine[] {
  const script = diffSequence(before.split('\n'), after.split('\n'))
  const lines: DiffLine[] = []
  let k = 0
  while (k < script.length) {
    const step = script[k]!
    if (step.kind === 'same') {
      lines.push({ kind: 'same', parts: [{ kind: 'same', text: step.item }] })
      k++
      continue
    }
    const removed: string[] = []
    const added: string[] = []
    while (k < script.length && script[k]!.kind !== 'same') {
      const s = script[k]!
      ;(s.kind === 'removed' ? removed : added).push(s.item)
      k++
    }
    const pairs = Math.min(removed.length, added.length)
    for (let p = 0; p < pairs; p++) {
      lines.push({ kind: 'changed', parts: diffChars(removed[p]!, added[p]!) })
    }
    for (const r of removed.slice(pairs))
      lines.push({ kind: 'removed', parts: [{ kind: 'removed', text: r }] })
    for (const a of added.slice(pairs))
      lines.push({ kind: 'added', parts: [{ kind: 'added', text: a }] })
  }
  return lines
}

/** The text a side of a diff reads as: 'before' keeps same+removed, 'after' same+added. */
export function sideOf(lines: readonly DiffLine[], side: 'before' | 'after'): string {
  const drop: PartKind = side === 'before' ? 'added' : 'removed'
  const out: string[] = []
  for (const line of lines) {
    if (
      (side === 'before' && line.kind === 'added') ||
      (side === 'after' && line.kind === 'removed')
    )
      continue
    out.push(
      line.parts
        .filter((p) => p.kind !== drop)
        .map((p) => p.text)
        .join(''),
    )
  }
  return out.join('\n')
}
