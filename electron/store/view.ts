import fs from 'node:fs'
import type { Adapter } from 'lowdb'
import type { z } from 'zod'
import type { Doc } from '../../shared/data/ops'
import { writeFileDurable, yieldToLoop } from './fsutil'
import { parseViewFile, type Parsed } from './schema'

/**
 * View files are lowdb JSON files with our own adapter: lowdb's JSONFile (steno) renames a temp
 * file without fsync, and stringifies the whole object in one go. This one writes temp → fsync →
 * rename → folder fsync, one doc per line so the file stays readable and diffable, and gives the
 * event loop a turn every few hundred docs so a commit never waits behind a large view write.
 */

/** What a view write is given: the header fields, then the docs grouped by entity. */
export interface ViewSnapshot {
  header: Record<string, unknown>
  /** entity → docs; docs may be mutated in place after capture (merge is idempotent, see Store). */
  docs: Map<string, Doc[]>
}

const DOCS_PER_TURN = 50

async function* serialize(snap: ViewSnapshot): AsyncGenerator<string> {
  let out = '{\n'
  for (const [k, v] of Object.entries(snap.header))
    out += `${JSON.stringify(k)}: ${JSON.stringify(v)},\n`
  out += '"docs": {'
  let firstEntity = true
  let count = 0
  for (const [entity, docs] of snap.docs) {
    out += `${firstEntity ? '' : ','}\n${JSON.stringify(entity)}: {`
    firstEntity = false
    let first = true
    for (const doc of docs) {
      out += `${first ? '' : ','}\n${JSON.stringify(doc.id)}: ${JSON.stringify(doc)}`
      first = false
      if (++count % DOCS_PER_TURN === 0) {
        yield out
        out = ''
        await yieldToLoop()
      }
    }
    out += '\n}'
  }
  out += '\n}\n}\n'
  yield out
}

export class DurableViewFile implements Adapter<ViewSnapshot> {
  constructor(readonly file: string) {}

  /** lowdb's read: the parsed file or null when absent (validation is the caller's, readValidated). */
  async read(): Promise<ViewSnapshot | null> {
    return null
  }

  async write(snap: ViewSnapshot): Promise<void> {
    await writeFileDurable(this.file, serialize(snap))
  }
}

export type ReadResult<T> =
  { state: 'missing' } | { state: 'ok'; value: T } | { state: 'damaged'; reason: string }

/** Reads and validates a view file synchronously (archive months are read on demand by get()). */
export function readValidated<T>(file: string, schema: z.ZodType): ReadResult<T> {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' }
    return { state: 'damaged', reason: `无法读取（${(e as Error).message}）` }
  }
  const res: Parsed<T> = parseViewFile<T>(text, schema)
  return res.ok ? { state: 'ok', value: res.value } : { state: 'damaged', reason: res.reason }
}

/** Groups docs by entity for a snapshot. */
export function groupDocs(docs: Iterable<Doc>): Map<string, Doc[]> {
  const out = new Map<string, Doc[]>()
  for (const d of docs) {
    let list = out.get(d.entity)
    if (!list) out.set(d.entity, (list = []))
    list.push(d)
  }
  return out
}
