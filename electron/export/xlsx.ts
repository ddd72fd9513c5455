import ExcelJS from 'exceljs'
import { safeCell, type CellValue } from '../../shared/reports/cells'
import type { CellKind, Column, ExportDoc, Table } from '../../shared/reports/export-model'

/**
 * XLSX of an export (issue 9 item 4): a summary sheet (汇总: the figures, then the breakdown
 * tables) and one row per order (工单明细), Chinese headers, widths, a styled and frozen header
 * row with a filter, number formats for counts, minutes and rates. Every text cell goes
 * through safeCell; values are written as plain strings and numbers, never as formulas.
 */

const NUM_FMT: Record<CellKind, string | undefined> = {
  text: '@',
  int: '0',
  pct: '0.0%',
  min: '0.0',
  time: '@',
}

const HEADER_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFDCE6F2' },
}
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FF1F3864' } }
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFB4C6E7' } },
  bottom: { style: 'thin', color: { argb: 'FFB4C6E7' } },
  left: { style: 'thin', color: { argb: 'FFB4C6E7' } },
  right: { style: 'thin', color: { argb: 'FFB4C6E7' } },
}

function put(cell: ExcelJS.Cell, value: CellValue, kind: CellKind): void {
  if (value === null || value === undefined || value === '') {
    cell.value = null
    return
  }
  cell.value = typeof value === 'string' ? safeCell(value) : value
  const fmt = NUM_FMT[kind]
  if (fmt && typeof value === 'number') cell.numFmt = fmt
}

function styleHeader(row: ExcelJS.Row): void {
  row.eachCell((c) => {
    c.fill = HEADER_FILL
    c.font = HEADER_FONT
    c.border = THIN
    c.alignment = { vertical: 'middle', horizontal: 'center' }
  })
  row.height = 20
}

function writeTable(ws: ExcelJS.Worksheet, t: Table, widths: number[]): void {
  ws.addRow([])
  const title = ws.addRow([t.title])
  title.getCell(1).font = { bold: true, size: 12 }
  const head = ws.addRow(t.columns.map((c) => c.header))
  styleHeader(head)
  t.columns.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.width)))
  if (t.rows.length === 0) {
    ws.addRow(['（无）'])
    return
  }
  for (const r of t.rows) {
    const row = ws.addRow([])
    t.columns.forEach((c, i) => put(row.getCell(i + 1), r[i], c.kind))
  }
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r))

export async function writeXlsx(
  doc: ExportDoc,
  onProgress?: (done: number, total: number) => void,
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '客服工作台'
  wb.created = new Date()

  const sum = wb.addWorksheet('汇总', { views: [{ showGridLines: false }] })
  const widths: number[] = [24, 14]
  const title = sum.addRow([safeCell(doc.title)])
  title.getCell(1).font = { bold: true, size: 14 }
  title.height = 24
  sum.addRow([])
  for (const l of doc.lines) {
    const row = sum.addRow([safeCell(l.label)])
    row.getCell(1).font = { bold: true }
    put(row.getCell(2), l.value, l.kind)
    if (l.value === null) row.getCell(2).value = '—'
    row.getCell(2).alignment = { horizontal: 'right' }
  }
  for (const t of doc.tables) writeTable(sum, t, widths)
  widths.forEach((w, i) => (sum.getColumn(i + 1).width = w))

  const ws = wb.addWorksheet('工单明细', {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
  const cols: Column[] = doc.orders.columns
  ws.columns = cols.map((c) => ({ header: c.header, key: c.key, width: c.width }))
  styleHeader(ws.getRow(1))
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } }
  const total = doc.orders.rows.length
  onProgress?.(0, total)
  const CHUNK = 500
  for (let i = 0; i < total; i++) {
    const r = doc.orders.rows[i]!
    const row = ws.addRow([])
    cols.forEach((c, k) => put(row.getCell(k + 1), r[k], c.kind))
    if ((i + 1) % CHUNK === 0) {
      onProgress?.(i + 1, total)
      // Long exports must not stall every other call of the app.
      await yieldToLoop()
    }
  }
  onProgress?.(total, total)
  const buf = await wb.xlsx.writeBuffer()
  return new Uint8Array(buf as ArrayBuffer)
}
