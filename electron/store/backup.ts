import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import zlib from 'node:zlib'
import { fsyncDir, stamp } from './fsutil'
import { isJournalEntry } from './journal'
import type { Checkpoint, JournalEntry } from './schema'

/**
 * A backup is one gzip file `backups/kefu-YYYYMMDD-HHmmss.json.gz` of JSON lines:
 *   {"kind":"kefu-backup","schemaVersion":1,"createdAt":…,"checkpoint":{n,hlc},"files":[…]}
 *   {"file":"state.json","text":"<the file, verbatim>"}            one line per view file
 *   {"journal":{"n":…,"op":{…}}}                                    the journal after the checkpoint
 * View files are copied verbatim, so a restore puts back exactly what was on disk.
 */

export const BACKUP_NAME = /^kefu-(\d{8})-(\d{6})(?:-\d+)?\.json\.gz$/
export const KEEP_BACKUPS = 14

export interface BackupHeader {
  kind: 'kefu-backup'
  schemaVersion: number
  createdAt: string
  checkpoint: Checkpoint
  files: string[]
}

export interface BackupImage {
  name: string
  header: BackupHeader
  files: Map<string, string>
  journal: JournalEntry[]
}

export function backupName(ms: number, dir: string): string {
  const base = `kefu-${stamp(ms)}`
  let name = `${base}.json.gz`
  for (let i = 1; fs.existsSync(path.join(dir, name)); i++) name = `${base}-${i}.json.gz`
  return name
}

export async function writeBackup(
  dir: string,
  name: string,
  header: BackupHeader,
  readFile: (rel: string) => Promise<string | null>,
  journal: JournalEntry[],
): Promise<void> {
  fs.mkdirSync(dir, { recursive: true })
  const target = path.join(dir, name)
  const tmp = `${target}.${process.pid}.tmp`
  async function* lines(): AsyncGenerator<string> {
    yield JSON.stringify(header) + '\n'
    for (const rel of header.files) {
      const text = await readFile(rel)
      if (text !== null) yield JSON.stringify({ file: rel, text }) + '\n'
    }
    let chunk = ''
    for (const e of journal) {
      chunk += JSON.stringify({ journal: e }) + '\n'
      if (chunk.length > 256 * 1024) {
        yield chunk
        chunk = ''
      }
    }
    if (chunk) yield chunk
  }
  const out = fs.createWriteStream(tmp)
  try {
    await pipeline(Readable.from(lines()), zlib.createGzip({ level: 6 }), out)
    const fh = await fs.promises.open(tmp, 'r+')
    try {
      await fh.sync()
    } finally {
      await fh.close()
    }
    await fs.promises.rename(tmp, target)
    await fsyncDir(dir)
  } catch (e) {
    await fs.promises.rm(tmp, { force: true })
    throw e
  }
}

/** Oldest first. Two backups in one second are `…-HHmmss.json.gz` then `…-HHmmss-1.json.gz`. */
export function listBackupFiles(dir: string): string[] {
  const order = (f: string): string => {
    const m = /^kefu-(\d{8})-(\d{6})(?:-(\d+))?\.json\.gz$/.exec(f)!
    return `${m[1]}${m[2]}-${(m[3] ?? '0').padStart(6, '0')}`
  }
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => BACKUP_NAME.test(f))
      .sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
  } catch {
    return []
  }
}

/** Reads a whole backup; null when it is not a readable backup. */
export function readBackupSync(file: string): BackupImage | null {
  let text: string
  try {
    text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')
  } catch {
    return null
  }
  let start = 0
  let header: BackupHeader | null = null
  const files = new Map<string, string>()
  const journal: JournalEntry[] = []
  while (start < text.length) {
    let nl = text.indexOf('\n', start)
    if (nl === -1) nl = text.length
    const line = text.slice(start, nl)
    start = nl + 1
    if (!line) continue
    let v: Record<string, unknown>
    try {
      v = JSON.parse(line) as Record<string, unknown>
    } catch {
      return null
    }
    if (!header) {
      if (v.kind !== 'kefu-backup' || typeof v.checkpoint !== 'object' || !Array.isArray(v.files))
        return null
      header = v as unknown as BackupHeader
    } else if (typeof v.file === 'string' && typeof v.text === 'string') {
      files.set(v.file, v.text)
    } else if (isJournalEntry(v.journal)) {
      journal.push(v.journal)
    }
  }
  if (!header) return null
  return { name: path.basename(file), header, files, journal }
}

/** Keeps the newest `keep` backups; older ones are removed. */
export function rotateBackups(dir: string, keep = KEEP_BACKUPS): void {
  const all = listBackupFiles(dir)
  for (const f of all.slice(0, Math.max(0, all.length - keep))) {
    fs.rmSync(path.join(dir, f), { force: true })
  }
}
