import ExcelJS from 'exceljs'
import { displayWidth, type CellValue } from '../../shared/reports/cells'
import {
  wallClockParts,
  type CellKind,
  type Column,
  type ExportDoc,
  type Table,
} from '../../shared/reports/export-model'

/**
 * XLSX of an export (issue 9 item 4, issue 22 item 1): a summary sheet (汇总: the figures, then
 * the breakdown tables) and one row per order (工单明细), Chinese headers, a styled and frozen
 * header row with a filter, and typed cells a supervisor can sort, filter and pivot: times are
 * date-time cells on the shop's wall clock, durations numbers of minutes, money numbers of yuan
 * shown with ¥, rates fractions shown as percentages. Text goes in as string cells, exactly as
 * typed: an XLSX string cell is never a formula, so it needs no guard (the CSV writer has one).
 * No cell is ever written as a formula.
 */

const NUM_FMT: Record<CellKind, string> = {
  text: '@',
  int: '0',
  pct: '0.0%',
  min: '0.0',
  money: '"¥"#,##0.00',
  time: 'yyyy-mm-dd hh:mm',
}

/** Widths in characters (a CJK character counts two), with room for the filter button. */
const PAD = 3
const MAX_WIDTH = 60

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

/**
 * A wall-clock time as the date a spreadsheet stores: ExcelJS turns a Date into a serial day
 * number from its UTC fields, so the shop's 10:00 is written as 10:00 whatever the PC's zone.
 */
function wallClockDate(text: string): Date | null {
  const p = wallClockParts(text)
  return p ? new Date(Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi)) : null
}

/** What a cell shows, for its column's width. */
function shownWidth(value: CellValue, kind: CellKind): number {
  if (value === null || value === undefined || value === '') return 0
  if (typeof value === 'number') {
    if (kind === 'money') return value.toFixed(2).length + 4
    if (kind === 'pct') return 7
    return String(Math.round(value * 10) / 10).length
  }
  if (kind === 'time') return 16
  return displayWidth(String(value))
}

function put(cell: ExcelJS.Cell, value: CellValue, kind: CellKind): void {
  if (value === null || value === undefined || value === '') {
    cell.value = null
    return
  }
  if (kind === 'time' && typeof value === 'string') {
    const date = wallClockDate(value)
    cell.value = date ?? value
    if (date) cell.numFmt = NUM_FMT.time
    return
  }
  cell.value = value
  if (typeof value === 'number') cell.numFmt = NUM_FMT[kind]
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

/** Widens `widths[i]` to fit `w` (capped: long descriptions wrap nowhere, the cell clips). */
function fit(widths: number[], i: number, w: number): void {
  widths[i] = Math.max(widths[i] ?? 0, Math.min(MAX_WIDTH, w + PAD))
}

function writeTable(ws: ExcelJS.Worksheet, t: Table, widths: number[]): void {
  ws.addRow([])
  const title = ws.addRow([t.title])
  title.getCell(1).font = { bold: true, size: 12 }
  const head = ws.addRow(t.columns.map((c) => c.header))
  styleHeader(head)
  t.columns.forEach((c, i) => fit(widths, i, Math.max(c.width - PAD, displayWidth(c.header))))
  if (t.rows.length === 0) {
    ws.addRow(['（无）'])
    return
  }
  for (const r of t.rows) {
    const row = ws.addRow([])
    t.columns.forEach((c, i) => {
      put(row.getCell(i + 1), r[i], c.kind)
      fit(widths, i, shownWidth(r[i], c.kind))
    })
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
  const widths: number[] = [12, 12]
  const title = sum.addRow([doc.title])
  title.getCell(1).font = { bold: true, size: 14 }
  title.height = 24
  sum.addRow([])
  for (const l of doc.lines) {
    const row = sum.addRow([l.label])
    row.getCell(1).font = { bold: true }
    fit(widths, 0, displayWidth(l.label))
    put(row.getCell(2), l.value, l.kind)
    fit(widths, 1, shownWidth(l.value, l.kind))
    if (l.value === null) row.getCell(2).value = '—'
    row.getCell(2).alignment = { horizontal: 'right' }
  }
  for (const t of doc.tables) writeTable(sum, t, widths)
  widths.forEach((w, i) => (sum.getColumn(i + 1).width = w))

  const ws = wb.addWorksheet('工单明细', {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
  const cols: Column[] = doc.orders.columns
  const colWidths = cols.map((c) =>
    Math.min(MAX_WIDTH, Math.max(c.width, displayWidth(c.header) + PAD)),
  )
  ws.columns = cols.map((c) => ({ header: c.header, key: c.key }))
  styleHeader(ws.getRow(1))
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } }
  const total = doc.orders.rows.length
  onProgress?.(0, total)
  const CHUNK = 500
  for (let i = 0; i < total; i++) {
    const r = doc.orders.rows[i]!
    const row = ws.addRow([])
    cols.forEach((c, k) => {
      put(row.getCell(k + 1), r[k], c.kind)
      fit(colWidths, k, shownWidth(r[k], c.kind))
    })
    if ((i + 1) % CHUNK === 0) {
      onProgress?.(i + 1, total)
      // Long exports must not stall every other call of the app.
      await yieldToLoop()
    }
  }
  colWidths.forEach((w, k) => (ws.getColumn(k + 1).width = w))
  onProgress?.(total, total)
  const buf = await wb.xlsx.writeBuffer()
  return new Uint8Array(buf as ArrayBuffer)
}
