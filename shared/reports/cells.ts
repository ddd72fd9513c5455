/**
 * Cells of the CSV files a shop opens in Excel or WPS (DESIGN §6). In a CSV every field is
 * typed text the spreadsheet interprets, so a field starting with = + - @ (or a tab or carriage
 * return, which some readers skip before looking) would be read as a formula:
 * `=HYPERLINK("http://…","点此退款")` typed into an order's description must never become a
 * link in the supervisor's spreadsheet. Such text is written with a leading apostrophe, which
 * spreadsheets show as plain text (the same rule as the script exporter's protectCell in
 * shared/scripts/cells.ts). The XLSX writer does not use it: an XLSX string cell is never a
 * formula, and an apostrophe there would alter the customer's text.
 */
const FORMULA_START = /^[=+\-@\t\r]/

export type CellValue = string | number | boolean | null | undefined

/** Text neutralised against formula injection; numbers and empty cells stay as they are. */
export function safeCell<T extends CellValue>(value: T): T extends string ? string : T {
  if (typeof value !== 'string') return value as T extends string ? string : T
  return (FORMULA_START.test(value) ? `'${value}` : value) as T extends string ? string : T
}

/** Whether `text` would have needed neutralising (tests and the UI's warning use it). */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text)
}

/** The UTF-8 byte-order mark: without it Excel opens a UTF-8 CSV as GBK and Chinese is garbled. */
export const UTF8_BOM = '\uFEFF'

/**
 * Digit strings a spreadsheet would turn into a number and damage: 12 digits or more (Excel and
 * WPS show them as 1.2E+17 and keep only 15 significant digits, so an 18–19-digit order number
 * from 拼多多 or 淘宝 is lost for good once saved), or a leading zero (dropped).
 */
const FRAGILE_DIGITS = /^(?:\d{12,}|0\d+)$/

/**
 * Such a field is written as a quoted field starting with a tab: Excel, WPS and LibreOffice
 * then take it as text and keep every digit, and the tab is invisible in the cell. Other forms
 * were weighed and rejected: `="2503…"` keeps the digits only because it IS a formula (the
 * very thing the guard above forbids, and it shows as a formula once edited); a leading
 * apostrophe stays visible in WPS and LibreOffice; a trailing or leading space is trimmed by
 * some importers and then the number is parsed anyway. The tab cannot start a formula, so it
 * is safe to add after the guard.
 */
function keepDigits(s: string): string {
  return FRAGILE_DIGITS.test(s) ? `\t${s}` : s
}

function csvField(value: CellValue): string {
  if (value === null || value === undefined) return ''
  const s = typeof value === 'string' ? keepDigits(safeCell(value)) : String(value)
  return /[",\r\n\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * How wide a text shows in a spreadsheet column, in the column-width unit (the width of a
 * Latin digit): CJK ideographs, kana, hangul and full-width forms take two, the rest one.
 */
export function displayWidth(text: string): number {
  let w = 0
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
    w += wide ? 2 : 1
  }
  return w
}

/**
 * RFC 4180 CSV text with a BOM and CRLF line ends, every text cell neutralised and long digit
 * strings kept as text. The caller encodes it as UTF-8 (TextEncoder in the renderer, Buffer in
 * main).
 */
export function csvText(rows: readonly (readonly CellValue[])[]): string {
  return UTF8_BOM + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/** Parses what csvText wrote (tests, and re-reading an export): BOM dropped, quotes undone. */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith(UTF8_BOM) ? text.slice(1) : text
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\r' && s[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else if (c === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}
