/**
 * Category axis labels that never run into each other (issue 22 item 3: "Order change" and
 * "Review/complaint" printed as one word). Each label owns the width of its bar group (a
 * slot); a label that fits stays on one line, one that wraps into at most three lines at word
 * breaks is wrapped to the slot (ECharts breaks lines so none exceeds the given width), and
 * otherwise the labels are turned so that neighbours keep at least a line's height apart.
 */

export interface CategoryAxisLabel {
  interval: number
  rotate: number
  width?: number
  overflow?: 'break'
  lineHeight: number
  hideOverlap: false
}

/** Room kept free between two neighbouring labels, in pixels. */
const GAP = 6
const MAX_LINES = 3

const isWide = (c: number) =>
  (c >= 0x1100 && c <= 0x115f) ||
  (c >= 0x2e80 && c <= 0xa4cf) ||
  (c >= 0xac00 && c <= 0xd7a3) ||
  (c >= 0xf900 && c <= 0xfaff) ||
  (c >= 0xfe30 && c <= 0xfe4f) ||
  (c >= 0xff00 && c <= 0xff60) ||
  (c >= 0xffe0 && c <= 0xffe6) ||
  c >= 0x20000

/** A generous estimate of a text's width: a CJK character is a square, Latin about 0.62 em. */
export function textWidth(text: string, fontPx: number): number {
  let w = 0
  for (const ch of text) w += isWide(ch.codePointAt(0)!) ? fontPx : fontPx * 0.62
  return w
}

/** Pieces a line may break after, as ECharts breaks them: after a space or / , & ? ; ] and
 * around every CJK character. */
function pieces(text: string): string[] {
  const out: string[] = []
  let cur = ''
  for (const ch of text) {
    if (isWide(ch.codePointAt(0)!)) {
      if (cur) out.push(cur)
      out.push(ch)
      cur = ''
    } else {
      cur += ch
      if (' /,&?;]'.includes(ch)) {
        out.push(cur)
        cur = ''
      }
    }
  }
  if (cur) out.push(cur)
  return out
}

/** Lines a label takes wrapped to `width`, or Infinity when a word would have to be cut. */
function linesWrapped(text: string, width: number, fontPx: number): number {
  let lines = 1
  let used = 0
  for (const p of pieces(text)) {
    const w = textWidth(p.trimEnd(), fontPx)
    if (w > width) return Infinity
    if (used > 0 && used + w > width) {
      lines++
      used = 0
    }
    used += textWidth(p, fontPx)
  }
  return lines
}

/**
 * The axisLabel for `labels` on a plot `plotWidth` pixels wide (the chart's width less its
 * margins and value axis; err on the small side).
 */
export function fitCategoryLabels(
  labels: readonly string[],
  plotWidth: number,
  fontPx = 12,
): CategoryAxisLabel {
  const lineHeight = Math.ceil(fontPx * 1.4)
  const slot = plotWidth / Math.max(1, labels.length)
  const width = Math.max(1, Math.floor(slot - GAP))
  const widest = Math.max(0, ...labels.map((l) => textWidth(l, fontPx)))
  if (widest <= width) return { interval: 0, rotate: 0, lineHeight, hideOverlap: false }
  if (labels.every((l) => linesWrapped(l, width, fontPx) <= MAX_LINES))
    return { interval: 0, rotate: 0, width, overflow: 'break', lineHeight, hideOverlap: false }
  // Turned labels are a line's height apart when slot × sin(angle) ≥ lineHeight.
  if (slot * Math.SQRT1_2 >= lineHeight)
    return { interval: 0, rotate: 45, lineHeight, hideOverlap: false }
  // Upright: every label if a line's height fits a slot, else every n-th (named in the tooltip).
  const interval = Math.max(0, Math.ceil(lineHeight / slot) - 1)
  return { interval, rotate: 90, lineHeight, hideOverlap: false }
}
