import { AppError, ErrorCode } from '../../../shared/errors'
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
  scriptContent,
  type ScriptView,
} from '../../../shared/scripts/model'
import { readSheet, UNREADABLE_XLSX, writeSheet } from '../sheets'

/**
 * XLSX and JSON for the phrase list (issue 7 "Import and export"). Exports open in Excel or
 * WPS, so every text cell is protected against formula injection (DESIGN §6); imports are read
 * whole and checked row by row in shared/scripts/import.ts.
 */

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

export function scriptsToXlsx(list: ScriptView[]): Promise<Uint8Array> {
  const columns = IMPORT_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.key === 'body' || c.key.startsWith('variant.') ? 60 : c.key === 'id' ? 26 : 14,
  }))
  const rows = list.map((s) =>
    Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, columnValue(s, c.key)])),
  )
  return writeSheet(SHEET, columns, rows)
}

export function scriptsToJson(list: ScriptView[]): Uint8Array {
  const data = {
    format: 1,
    scripts: list.map((s) => ({ id: s.id, ...scriptContent(s), scope: s.scope })),
  }
  return new TextEncoder().encode(JSON.stringify(data, null, 2))
}

/** Reads a file as a phrase list and checks every row. A file that can't be read: fileError. */
export async function checkImportFile(
  name: string,
  bytes: Uint8Array,
  target: ImportTarget,
): Promise<ImportCheck> {
  const lower = name.toLowerCase()
  if (lower.endsWith('.xlsx')) {
    const sheet = await readSheet(bytes, SHEET)
    if (!sheet) return { rows: [], errors: [], fileError: UNREADABLE_XLSX }
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
