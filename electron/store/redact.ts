import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { strikeDeep, strikeOut } from '../../shared/auth/privacy'
import type { Doc } from '../../shared/data/ops'
import { writeFileDurableSync } from './fsutil'

/**
 * Erasure on disk (DESIGN §6, docs/ARCHITECTURE.md §5): personal values struck out of every
 * copy the data folder holds. The store calls these under its view lock:
 * - view docs in memory (then written by a flush: temp file, fsync, rename, fsync folder);
 * - the files as they are on disk: archive months not in memory, sealed journal segments,
 *   set-aside copies (quarantine/, before-restore-*) and every backup (gunzipped, struck,
 *   gzipped again). Each file is rewritten whole through a temp file and a rename, so no old
 *   bytes stay under its name; files holding none of the values are not touched.
 * The struck text is 〔已删除〕 in place of each value; JSON stays valid because a value never
 * spans a quote (the patterns match digits, separators and the value's own characters).
 */

export interface RedactCounts {
  /** Docs in memory that held a value. */
  docs: number
  /** Files rewritten, by kind. */
  files: number
  segments: number
  backups: number
}

export function emptyCounts(): RedactCounts {
  return { docs: 0, files: 0, segments: 0, backups: 0 }
}

/**
 * Which values go where: `all` (the name too) out of the erased orders (docs and ops of entity
 * `ticket` with one of these ids, wherever they are nested), `strong` (phone and ID numbers,
 * addresses) out of everything else. See shared/auth/privacy ErasureValues.
 */
export interface RedactScope {
  all: RegExp
  strong: RegExp | null
  tickets: ReadonlySet<string>
}

function isErased(v: Record<string, unknown>, scope: RedactScope): boolean {
  return v.entity === 'ticket' && typeof v.id === 'string' && scope.tickets.has(v.id)
}

/** A JSON value with the values struck out per scope; the same object when nothing matched. */
export function strikeScoped<T>(value: T, scope: RedactScope, re: RegExp | null = scope.strong): T {
  if (typeof value === 'string') return (re ? (strikeOut(value, re) ?? value) : value) as T
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null
    value.forEach((v, i) => {
      const w = strikeScoped(v, scope, re)
      if (w !== v) (copy ??= [...value])[i] = w
    })
    return (copy ?? value) as T
  }
  const rec = value as Record<string, unknown>
  const inner = isErased(rec, scope) ? scope.all : re
  if (inner === scope.all && re !== scope.all) {
    const out = strikeDeep(rec, scope.all)
    return out as T
  }
  let copy: Record<string, unknown> | null = null
  for (const [k, v] of Object.entries(rec)) {
    const w = strikeScoped(v, scope, inner)
    if (w !== v) {
      copy ??= Object.assign(
        Object.create(Object.getPrototypeOf(rec) as object | null) as object,
        rec,
      ) as Record<string, unknown>
      copy[k] = w
    }
  }
  return (copy ?? value) as T
}

/** The doc with the values struck out, or null when it held none. */
export function redactDoc(doc: Doc, scope: RedactScope): Doc | null {
  const out = strikeScoped(doc, scope)
  return out === doc ? null : out
}

function mayHold(text: string, scope: RedactScope): boolean {
  scope.all.lastIndex = 0
  return scope.all.test(text)
}

/** JSON text struck per scope (one JSON value, or JSON lines); unreadable parts struck with `all`. */
export function strikeJsonText(text: string, scope: RedactScope, lines: boolean): string {
  const one = (t: string): string => {
    if (!t.trim() || !mayHold(t, scope)) return t
    let v: unknown
    try {
      v = JSON.parse(t)
    } catch {
      return strikeOut(t, scope.all) ?? t
    }
    const w = strikeScoped(v, scope)
    return w === v ? t : JSON.stringify(w)
  }
  if (!lines) return one(text)
  return text.split('\n').map(one).join('\n')
}

/** Rewrites a JSON (or JSON lines) file struck per scope; false when it held none (or is gone). */
export function redactTextFile(
  file: string,
  scope: RedactScope,
  lines = file.includes('.jsonl'),
): boolean {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return false
  }
  if (!mayHold(text, scope)) return false
  const struck = strikeJsonText(text, scope, lines)
  if (struck === text) return false
  writeFileDurableSync(file, struck)
  return true
}

/** A backup's JSON lines: view files inside it are JSON text themselves, struck as such. */
function strikeBackupText(text: string, scope: RedactScope): string {
  return text
    .split('\n')
    .map((line) => {
      if (!line || !mayHold(line, scope)) return line
      let v: Record<string, unknown>
      try {
        v = JSON.parse(line) as Record<string, unknown>
      } catch {
        return strikeOut(line, scope.all) ?? line
      }
      if (typeof v.file === 'string' && typeof v.text === 'string') {
        const inner = strikeJsonText(v.text, scope, false)
        return inner === v.text ? line : JSON.stringify({ ...v, text: inner })
      }
      const w = strikeScoped(v, scope)
      return w === v ? line : JSON.stringify(w)
    })
    .join('\n')
}

/** Rewrites a gzip file (a backup) with the values struck out of its contents. */
export function redactGzipFile(file: string, scope: RedactScope): boolean {
  let text: string
  try {
    text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')
  } catch {
    // Not readable as gzip: read as plain bytes, so a damaged copy is not left holding them.
    return redactTextFile(file, scope, true)
  }
  if (!mayHold(text, scope)) return false
  const struck = strikeBackupText(text, scope)
  if (struck === text) return false
  writeFileDurableSync(file, zlib.gzipSync(Buffer.from(struck, 'utf8'), { level: 6 }))
  return true
}

const TEXT_FILE = /\.(json|jsonl|txt|csv|tmp)(\.[\w.-]+)?$|\.jsonl?\.\d/

/**
 * Every file under `dir` (recursively) that can hold view or journal text, struck. gzip files
 * are read through gunzip. Binary files of other kinds (attachments, the search index: it is
 * rewritten by its own writer) are left alone.
 */
export function redactTree(dir: string, scope: RedactScope, counts: RedactCounts): void {
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const e of entries) {
    const file = path.join(dir, e.name)
    if (e.isDirectory()) redactTree(file, scope, counts)
    else if (!e.isFile()) continue
    else if (e.name.endsWith('.gz')) {
      if (redactGzipFile(file, scope)) counts.backups++
    } else if (TEXT_FILE.test(e.name) || !e.name.includes('.') || /^\d{12}\.jsonl/.test(e.name)) {
      if (redactTextFile(file, scope, !/\.json$/.test(e.name))) counts.files++
    }
  }
}

/** The folders of the data folder that hold set-aside copies of view and journal files. */
export function asideFolders(dataDir: string): string[] {
  let names: string[]
  try {
    names = fs.readdirSync(dataDir)
  } catch {
    return []
  }
  return names
    .filter((n) => n === 'quarantine' || n.startsWith('before-restore-'))
    .map((n) => path.join(dataDir, n))
}
