import ExcelJS from 'exceljs'
import { AppError, ErrorCode } from '../../../shared/errors'
import { protectCell } from '../../../shared/scripts/cells'
import {
  IMPORT_COLUMNS,
  checkJson,
  checkSheet,
  type ImportCheck,
  type ImportTarget,
} from '../../../shared/scripts/import'
import {
  CONTENT_PLATFORM_LABELS,
  SCRIPT_CATEGORY_LABELS,
  type ScriptView,
} from '../../../shared/scripts/model'

/**
 * XLSX and JSON for the phrase list (issue 7 "Import and export"). Exports open in Excel or
 * WPS, so every text cell is protected against formula injection (DESIGN §6); imports are read
 * whole and checked row by row in shared/scripts/import.ts.
 */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const SHEET = '话术'

function columnValue(s: ScriptView, key: (typeof IMPORT_COLUMNS)[number]['key']): string {
  switch (key) {
    case 'id':
      return s.id
    case 'title':
      return s.title
    case 'body':
      return s.body
    case 'category':
      return SCRIPT_CATEGORY_LABELS[s.category]
    case 'platforms':
      return s.platforms.map((p) => CONTENT_PLATFORM_LABELS[p]).join('、')
    case 'shortCode':
      return s.shortCode
    case 'tags':
      return s.tags.join('、')
    default:
      return s.variants[key.slice('variant.'.length) as keyof ScriptView['variants']] ?? ''
  }
}

export async function scriptsToXlsx(list: ScriptView[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Kefu Desk'
  const ws = wb.addWorksheet(SHEET)
  ws.columns = IMPORT_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.key === 'body' || c.key.startsWith('variant.') ? 60 : c.key === 'id' ? 26 : 14,
  }))
  for (const s of list) {
    const row: Record<string, string> = {}
    for (const c of IMPORT_COLUMNS) row[c.key] = protectCell(columnValue(s, c.key))
    ws.addRow(row)
  }
  ws.getRow(1).font = { bold: true }
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

export function scriptsToJson(list: ScriptView[]): Uint8Array {
  const data = {
    format: 1,
    scripts: list.map((s) => ({
      id: s.id,
      title: s.title,
      body: s.body,
      category: s.category,
      platforms: s.platforms,
      variants: s.variants,
      tags: s.tags,
      shortCode: s.shortCode,
      scope: s.scope,
    })),
  }
  return new TextEncoder().encode(JSON.stringify(data, null, 2))
}

function cellValue(cell: ExcelJS.Cell): unknown {
  const v = cell.value
  if (v === null || v === undefined) return ''
  if (typeof v === 'object' && !(v instanceof Date)) {
    // A formula in a phrase list is never a phrase; its cached result is what the person saw.
    if ('formula' in v || 'sharedFormula' in v) return cell.text
    if ('richText' in v) return v.richText.map((r) => r.text).join('')
    if ('text' in v) return String(v.text)
  }
  return cell.text
}

async function readSheet(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(Buffer.from(bytes) as never)
  } catch {
    return null
  }
  const ws = wb.worksheets.find((w) => w.name === SHEET) ?? wb.worksheets[0]
  if (!ws) return null
  const header: unknown[] = []
  const rows: { row: number; cells: unknown[] }[] = []
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

/** Reads a file as a phrase list and checks every row. A file that can't be read: fileError. */
export async function checkImportFile(
  name: string,
  bytes: Uint8Array,
  target: ImportTarget,
): Promise<ImportCheck> {
  const lower = name.toLowerCase()
  if (lower.endsWith('.xlsx')) {
    const sheet = await readSheet(bytes)
    if (!sheet) {
      return {
        rows: [],
        errors: [],
        fileError: '无法读取这个 Excel 文件，请确认是 .xlsx 格式且没有损坏',
      }
    }
    return checkSheet(sheet, target)
  }
  if (lower.endsWith('.json')) {
    let data: unknown
    try {
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
    } catch {
      return { rows: [], errors: [], fileError: '无法读取这个 JSON 文件，内容格式不正确' }
    }
    return checkJson(data, target)
  }
  throw new AppError(ErrorCode.invalidInput, '只能导入 .xlsx 或 .json 文件', {
    name: '文件类型不支持',
  })
}
