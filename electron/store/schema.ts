import { z } from 'zod'
import type { Doc, Op } from '../../shared/data/ops'

/** Version of the view files' layout; bump it with a migration below. */
export const SCHEMA_VERSION = 1

export const opSchema = z.looseObject({
  hlc: z.string().min(1),
  dev: z.string().min(1),
  by: z.string(),
  entity: z.string().min(1),
  id: z.string().min(1),
  kind: z.string().min(1),
  field: z.string().optional(),
  value: z.unknown().optional(),
  base: z.string().optional(),
})

/** Loose: fields a newer version adds to a doc are kept, not stripped. */
export const docSchema = z.looseObject({
  entity: z.string().min(1),
  id: z.string().min(1),
  fields: z.record(z.string(), z.unknown()),
  clocks: z.record(z.string(), z.string()),
  sets: z.record(z.string(), z.record(z.string(), z.unknown())),
  deleted: z.string().optional(),
  created: z.string(),
  updated: z.string(),
})

export const journalEntrySchema = z.object({ n: z.number().int().positive(), op: opSchema })
export type JournalEntry = { n: number; op: Op }

const checkpointSchema = z.object({ n: z.number().int().nonnegative(), hlc: z.string() })
export type Checkpoint = z.infer<typeof checkpointSchema>

const isStr = (v: unknown): v is string => typeof v === 'string'
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The same rules as docSchema, hand-written: a view holds thousands of docs and the index tens
 * of thousands of ids, and checking them through zod took longer than reading the files.
 */
export function docProblem(v: unknown, entity: string, id: string): string | null {
  if (!isObj(v)) return '不是对象'
  if (v.entity !== entity || v.id !== id)
    return `实体或编号与位置不符（${String(v.entity)}/${String(v.id)}）`
  if (!isObj(v.fields)) return 'fields 缺失'
  if (!isObj(v.clocks) || !Object.values(v.clocks).every(isStr)) return 'clocks 无效'
  if (!isObj(v.sets) || !Object.values(v.sets).every(isObj)) return 'sets 无效'
  if (v.deleted !== undefined && !isStr(v.deleted)) return 'deleted 无效'
  if (!isStr(v.created) || !isStr(v.updated)) return 'created/updated 无效'
  return null
}

const docsByEntity = z.custom<Record<string, Record<string, unknown>>>((v) => {
  if (!isObj(v)) return false
  for (const [entity, byId] of Object.entries(v)) {
    if (!isObj(byId)) return false
    for (const [id, d] of Object.entries(byId)) if (docProblem(d, entity, id) !== null) return false
  }
  return true
}, '文档内容无效')

const MONTH_RE = /^\d{4}-\d{2}$/
const idsByEntity = z.custom<Record<string, Record<string, string>>>((v) => {
  if (!isObj(v)) return false
  for (const byId of Object.values(v)) {
    if (!isObj(byId)) return false
    for (const m of Object.values(byId)) if (!isStr(m) || !MONTH_RE.test(m)) return false
  }
  return true
}, '归档索引内容无效')

export const stateFileSchema = z.looseObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  kind: z.literal('kefu-state'),
  checkpoint: checkpointSchema,
  writtenAt: z.string(),
  /** Cursors under which journal ops must be kept for readers such as sync (see Store.retain). */
  retain: z.record(z.string(), z.string()).default({}),
  docs: docsByEntity,
})
export type StateFile = {
  schemaVersion: number
  kind: 'kefu-state'
  checkpoint: Checkpoint
  writtenAt: string
  retain: Record<string, string>
  docs: Record<string, Record<string, Doc>>
}

export const monthFileSchema = z.looseObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  kind: z.literal('kefu-archive-month'),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  checkpoint: checkpointSchema,
  writtenAt: z.string(),
  docs: docsByEntity,
})
export type MonthFile = {
  schemaVersion: number
  kind: 'kefu-archive-month'
  month: string
  checkpoint: Checkpoint
  writtenAt: string
  docs: Record<string, Record<string, Doc>>
}

export const indexFileSchema = z.looseObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  kind: z.literal('kefu-archive-index'),
  checkpoint: checkpointSchema,
  writtenAt: z.string(),
  /** entity → id → archive month holding it */
  ids: idsByEntity,
})
export type IndexFile = {
  schemaVersion: number
  kind: 'kefu-archive-index'
  checkpoint: Checkpoint
  writtenAt: string
  ids: Record<string, Record<string, string>>
}

/**
 * Migrations from an older schemaVersion, keyed by the version they start from; each returns
 * the file one version up. Empty while v1 is the only layout: a future v2 adds `1: (f) => …`.
 */
export const migrations: Record<
  number,
  (file: Record<string, unknown>) => Record<string, unknown>
> = {}

/** Brings an older file up to SCHEMA_VERSION; files from a newer app are left as they are. */
export function migrate(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw
  let file = raw as Record<string, unknown>
  let v = typeof file.schemaVersion === 'number' ? file.schemaVersion : NaN
  while (v < SCHEMA_VERSION) {
    const step = migrations[v]
    if (!step) break
    file = step(file)
    v = typeof file.schemaVersion === 'number' ? file.schemaVersion : NaN
  }
  return file
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string }

/** Reads one view file's text: parse, migrate, validate. Never throws. */
export function parseViewFile<T>(text: string, schema: z.ZodType): Parsed<T> {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    return { ok: false, reason: `JSON 无法解析（${(e as Error).message.slice(0, 80)}）` }
  }
  const res = schema.safeParse(migrate(raw))
  if (!res.success) {
    const issue = res.error.issues[0]
    return {
      ok: false,
      reason: `内容不符合格式（${issue ? `${issue.path.join('.')}: ${issue.message}` : ''}）`,
    }
  }
  return { ok: true, value: res.data as T }
}
