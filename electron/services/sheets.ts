import ExcelJS from 'exceljs'
import { protectCell } from '../../shared/scripts/cells'

/**
 * One-sheet workbooks a shop edits in Excel or WPS and brings back: the phrase list (话术) and
 * exam questions (题目). Written with every text cell protected against formula injection
 * (DESIGN §6); read back as plain values for the row-by-row checks in shared/.
 */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Said of an upload that is not a workbook at all (renamed, truncated, another format). */
export const UNREADABLE_XLSX = '无法读取这个 Excel 文件，请确认是 .xlsx 格式且没有损坏'

export interface SheetRows {
  header: unknown[]
  /** `row` is the number the person sees in Excel, for the error report. */
  rows: { row: number; cells: unknown[] }[]
}

export interface SheetColumn {
  header: string
  key: string
  width: number
}

function cellValue(cell: ExcelJS.Cell): unknown {
  const v = cell.value
  if (v === null || v === undefined) return ''
  if (typeof v === 'object' && !(v instanceof Date)) {
    // A formula is never content here; its cached result is what the person saw.
    if ('formula' in v || 'sharedFormula' in v) return cell.text
    if ('richText' in v) return v.richText.map((r) => r.text).join('')
    if ('text' in v) return String(v.text)
  }
  return cell.text
}

/** The sheet named `name` (else the first) as header and rows; null when the file can't be read. */
export async function readSheet(bytes: Uint8Array, name: string): Promise<SheetRows | null> {
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(Buffer.from(bytes) as never)
  } catch {
    return null
  }
  const ws = wb.worksheets.find((w) => w.name === name) ?? wb.worksheets[0]
  if (!ws) return null
  const header: unknown[] = []
  const rows: SheetRows['rows'] = []
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    const cells: unknown[] = []
    r.eachCell({ includeEmpty: true }, (c, col) => {
      cells[col - 1] = cellValue(c)
    })
    if (n === 1) header.push(...cells)
    else rows.push({ row: n, cells })
  })
  return { header, rows }
}

/** A workbook of one sheet: a bold, frozen header row, then one row per record (by column key). */
export async function writeSheet(
  name: string,
  columns: readonly SheetColumn[],
  rows: readonly Partial<Record<string, string>>[],
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Kefu Desk'
  const ws = wb.addWorksheet(name)
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }))
  for (const r of rows) {
    const row: Record<string, string> = {}
    for (const c of columns) row[c.key] = protectCell(r[c.key] ?? '')
    ws.addRow(row)
  }
  ws.getRow(1).font = { bold: true }
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  return new Uint8Array(await wb.xlsx.writeBuffer())
}
