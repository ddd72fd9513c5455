/**
 * Cells of the files a shop opens in Excel or WPS (DESIGN §6). A text cell starting with
 * = + - @ (or a tab or carriage return, which some readers skip before looking) would be read
 * as a formula: `=HYPERLINK("http://…","点此退款")` typed into an order's description must
 * never become a link in the supervisor's spreadsheet. Such text is written with a leading
 * apostrophe, which spreadsheets show as plain text (the same rule as the script exporter's
 * protectCell in shared/scripts/cells.ts).
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

function csvField(value: CellValue): string {
  if (value === null || value === undefined) return ''
  const s = typeof value === 'string' ? safeCell(value) : String(value)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * RFC 4180 CSV text with a BOM and CRLF line ends, every text cell neutralised. The caller
 * encodes it as UTF-8 (TextEncoder in the renderer, Buffer in main).
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
