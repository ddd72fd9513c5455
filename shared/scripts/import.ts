import {
  CONTENT_PLATFORMS,
  CONTENT_PLATFORM_LABELS,
  SCRIPT_CATEGORIES,
  SCRIPT_CATEGORY_LABELS,
  VARIANT_PLATFORMS,
  scriptDraftSchema,
  type ScriptDraft,
  type ScriptScope,
  type VariantPlatform,
} from './model'
import { unprotectCell } from './cells'

/**
 * Checking a phrase list a shop brings (issue 7 "Import"): every row is checked with the same
 * rules as the editor, and the file is taken whole or not at all. The person sees each bad
 * row with its number (as the spreadsheet numbers it) and what is wrong with it.
 */

export const IMPORT_MAX_ROWS = 5000

export interface ImportColumn {
  key:
    | 'id'
    | 'title'
    | 'body'
    | 'category'
    | 'platforms'
    | 'shortCode'
    | 'tags'
    | `variant.${VariantPlatform}`
  header: string
  aliases: string[]
}

/** The columns, in export order; headers a shop's own list may use are accepted too. */
export const IMPORT_COLUMNS: ImportColumn[] = [
  { key: 'id', header: '编号', aliases: ['id'] },
  { key: 'title', header: '标题', aliases: ['title', '名称', '话术标题'] },
  {
    key: 'body',
    header: '话术内容',
    aliases: ['body', '内容', '正文', '回复内容', '短语', '快捷短语'],
  },
  { key: 'category', header: '分类', aliases: ['category', '分组'] },
  { key: 'platforms', header: '平台', aliases: ['platforms', '适用平台'] },
  { key: 'shortCode', header: '快捷编码', aliases: ['shortcode', '快捷码', '编码', '快捷键'] },
  { key: 'tags', header: '标签', aliases: ['tags'] },
  ...VARIANT_PLATFORMS.map((p) => ({
    key: `variant.${p}` as const,
    header: `${CONTENT_PLATFORM_LABELS[p]}专用话术`,
    aliases: [`variant.${p}`],
  })),
]

const FIELD_LABELS: Record<string, string> = {
  title: '标题',
  body: '话术内容',
  category: '分类',
  platforms: '平台',
  shortCode: '快捷编码',
  tags: '标签',
  team: '班组',
  variants: '平台专用话术',
  id: '编号',
}

export interface ImportRow {
  /** Row number as the person sees it (spreadsheet row, or the item's position in a JSON list). */
  row: number
  /** An id from an earlier export: that script is updated instead of a new one made. */
  id: string | null
  draft: ScriptDraft
}

export interface ImportError {
  row: number
  field: string
  /** The column (or JSON key) as the person knows it. */
  column: string
  message: string
}

export interface ImportCheck {
  rows: ImportRow[]
  errors: ImportError[]
  /** The file itself could not be read as a phrase list: nothing else is reported. */
  fileError: string | null
}

export interface ImportTarget {
  scope: ScriptScope
  team: string | null
  /** Short codes already in use where the rows go (code → script id). */
  existingCodes?: ReadonlyMap<string, string>
  /** Ids that may be updated by a row carrying them. */
  updatableIds?: ReadonlySet<string>
}

const SPLIT = /[、,，;；/\s]+/

function fold(s: string): string {
  return s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '')
}

const CATEGORY_BY_TEXT = new Map<string, string>()
for (const c of SCRIPT_CATEGORIES) {
  CATEGORY_BY_TEXT.set(fold(c), c)
  CATEGORY_BY_TEXT.set(fold(SCRIPT_CATEGORY_LABELS[c]), c)
}
// Labels shops commonly use for the same groups.
for (const [alias, c] of [
  ['致歉', 'apology'],
  ['催评', 'satisfaction'],
  ['满意度', 'satisfaction'],
  ['评价', 'review_reply'],
  ['质量', 'quality'],
  ['售前', 'presale'],
  ['保修', 'warranty'],
  ['跟进', 'follow_up'],
] as const) {
  CATEGORY_BY_TEXT.set(fold(alias), c)
}

const PLATFORM_BY_TEXT = new Map<string, string>()
for (const p of CONTENT_PLATFORMS) {
  PLATFORM_BY_TEXT.set(fold(p), p)
  PLATFORM_BY_TEXT.set(fold(CONTENT_PLATFORM_LABELS[p]), p)
}
for (const [alias, p] of [
  ['全部', 'all'],
  ['全平台', 'all'],
  ['淘宝', 'taobao'],
  ['天猫', 'taobao'],
  ['美团', 'meituan'],
  ['pdd', 'pdd'],
] as const) {
  PLATFORM_BY_TEXT.set(fold(alias), p)
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return unprotectCell(v).trim()
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return ''
}

/** A raw row, keyed by column key, as read from a sheet or a JSON item. */
type RawRow = Partial<Record<ImportColumn['key'], unknown>>

function draftInput(raw: RawRow, target: ImportTarget, unknownWords: ImportError[], row: number) {
  const category = cellText(raw.category)
  const platformsText = Array.isArray(raw.platforms)
    ? raw.platforms.map(cellText)
    : cellText(raw.platforms).split(SPLIT).filter(Boolean)
  const platforms = platformsText.map((p) => {
    const key = PLATFORM_BY_TEXT.get(fold(p))
    if (!key) {
      unknownWords.push({
        row,
        field: 'platforms',
        column: '平台',
        message: `不认识的平台「${p}」`,
      })
    }
    return key ?? p
  })
  const tags = Array.isArray(raw.tags)
    ? raw.tags.map(cellText)
    : cellText(raw.tags).split(SPLIT).filter(Boolean)
  const variants: Record<string, string> = {}
  for (const p of VARIANT_PLATFORMS) {
    const v = cellText(raw[`variant.${p}`])
    if (v) variants[p] = v
  }
  return {
    title: cellText(raw.title),
    body: cellText(raw.body),
    category: CATEGORY_BY_TEXT.get(fold(category)) ?? (category || undefined),
    platforms: platforms.length ? platforms : ['all'],
    variants,
    tags,
    shortCode: cellText(raw.shortCode),
    scope: target.scope,
    team: target.team,
  }
}

/** Checks rows already split into columns; `rowNumber` says how each is numbered for people. */
export function checkRows(raws: { row: number; raw: RawRow }[], target: ImportTarget): ImportCheck {
  if (raws.length === 0) return { rows: [], errors: [], fileError: '文件里没有话术' }
  if (raws.length > IMPORT_MAX_ROWS) {
    return {
      rows: [],
      errors: [],
      fileError: `一次最多导入 ${IMPORT_MAX_ROWS} 条话术，文件里有 ${raws.length} 条`,
    }
  }
  const rows: ImportRow[] = []
  const errors: ImportError[] = []
  const codesInFile = new Map<string, number>()
  for (const { row, raw } of raws) {
    const rowErrors: ImportError[] = []
    const input = draftInput(raw, target, rowErrors, row)
    const id = cellText(raw.id) || null
    const parsed = scriptDraftSchema.safeParse(input)
    if (!parsed.success) {
      const seen = new Set(rowErrors.map((e) => e.field))
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'row')
        if (seen.has(field)) continue
        seen.add(field)
        const message =
          field === 'category' && input.category
            ? `不认识的分类「${input.category}」`
            : issue.message
        rowErrors.push({ row, field, column: FIELD_LABELS[field] ?? field, message })
      }
    }
    if (id && !target.updatableIds?.has(id)) {
      rowErrors.push({
        row,
        field: 'id',
        column: '编号',
        message: `找不到编号为「${id}」的话术，删除此编号可作为新话术导入`,
      })
    }
    const code = parsed.success ? parsed.data.shortCode : ''
    if (code) {
      const earlier = codesInFile.get(code)
      const owner = target.existingCodes?.get(code)
      if (earlier !== undefined) {
        rowErrors.push({
          row,
          field: 'shortCode',
          column: '快捷编码',
          message: `快捷编码「${code}」与第 ${earlier} 行重复`,
        })
      } else if (owner !== undefined && owner !== id) {
        rowErrors.push({
          row,
          field: 'shortCode',
          column: '快捷编码',
          message: `快捷编码「${code}」已被其他话术使用`,
        })
      } else {
        codesInFile.set(code, row)
      }
    }
    if (rowErrors.length > 0 || !parsed.success) errors.push(...rowErrors)
    else rows.push({ row, id, draft: parsed.data })
  }
  return { rows, errors, fileError: null }
}

/** A sheet as a header row and data rows (cells as read). Spreadsheet row numbers start at 1. */
export function checkSheet(
  sheet: { header: unknown[]; rows: { row: number; cells: unknown[] }[] },
  target: ImportTarget,
): ImportCheck {
  const keyAt: (ImportColumn['key'] | null)[] = sheet.header.map((h) => {
    const f = fold(cellText(h))
    if (!f) return null
    const col = IMPORT_COLUMNS.find(
      (c) => fold(c.header) === f || c.aliases.some((a) => fold(a) === f),
    )
    return col?.key ?? null
  })
  for (const need of ['title', 'body'] as const) {
    if (!keyAt.includes(need)) {
      const col = IMPORT_COLUMNS.find((c) => c.key === need)!
      return {
        rows: [],
        errors: [],
        fileError: `第 1 行找不到「${col.header}」列，请使用导出的模板`,
      }
    }
  }
  const raws: { row: number; raw: RawRow }[] = []
  for (const { row, cells } of sheet.rows) {
    if (cells.every((c) => cellText(c) === '')) continue
    const raw: RawRow = {}
    keyAt.forEach((key, i) => {
      if (key) raw[key] = cells[i]
    })
    raws.push({ row, raw })
  }
  return checkRows(raws, target)
}

/** Our JSON export (`{format: 1, scripts: [...]}`) or a bare list of script objects. */
export function checkJson(data: unknown, target: ImportTarget): ImportCheck {
  const list = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && Array.isArray((data as { scripts?: unknown }).scripts)
      ? (data as { scripts: unknown[] }).scripts
      : null
  if (!list) return { rows: [], errors: [], fileError: 'JSON 文件里没有话术列表（scripts）' }
  const raws: { row: number; raw: RawRow }[] = []
  for (const [i, item] of list.entries()) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      raws.push({ row: i + 1, raw: {} })
      continue
    }
    const o = item as Record<string, unknown>
    const raw: RawRow = {
      id: o.id,
      title: o.title,
      body: o.body,
      category: o.category,
      platforms: o.platforms,
      shortCode: o.shortCode,
      tags: o.tags,
    }
    const variants = o.variants
    if (variants && typeof variants === 'object') {
      for (const p of VARIANT_PLATFORMS) {
        const v = (variants as Record<string, unknown>)[p]
        if (v !== undefined) raw[`variant.${p}`] = v
      }
    }
    raws.push({ row: i + 1, raw })
  }
  return checkRows(raws, target)
}
