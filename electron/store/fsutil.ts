import fs from 'node:fs'
import path from 'node:path'

/**
 * A rename or a new file is only durable once its folder is fsynced too (steno, lowdb's
 * writer, skips both steps, which is how files end up empty after a power cut).
 */
export function fsyncDirSync(dir: string): void {
  let fd: number
  try {
    fd = fs.openSync(dir, 'r')
  } catch {
    return
  }
  try {
    fs.fsyncSync(fd)
  } catch {
    // Some file systems (and Windows) refuse fsync on a folder; the rename is still atomic.
  } finally {
    fs.closeSync(fd)
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  let fh: fs.promises.FileHandle
  try {
    fh = await fs.promises.open(dir, 'r')
  } catch {
    return
  }
  try {
    await fh.sync()
  } catch {
    // see fsyncDirSync
  } finally {
    await fh.close()
  }
}

let tmpCounter = 0

function tmpName(file: string): string {
  tmpCounter += 1
  return `${file}.${process.pid}.${tmpCounter}.tmp`
}

/**
 * temp file → fsync → rename → folder fsync. The pieces are written one by one and the event
 * loop gets a turn between them, so serialising a large view never blocks a commit for long.
 */
export async function writeFileDurable(
  file: string,
  pieces: Iterable<string | Buffer> | AsyncIterable<string | Buffer>,
): Promise<number> {
  const tmp = tmpName(file)
  const fh = await fs.promises.open(tmp, 'w')
  let size = 0
  try {
    let pending: string[] = []
    let pendingLen = 0
    const drain = async (): Promise<void> => {
      if (pendingLen === 0) return
      const buf = Buffer.from(pending.join(''), 'utf8')
      pending = []
      pendingLen = 0
      await fh.write(buf, 0, buf.length)
      size += buf.length
    }
    for await (const piece of pieces) {
      if (typeof piece === 'string') {
        pending.push(piece)
        pendingLen += piece.length
        if (pendingLen >= 256 * 1024) await drain()
      } else {
        await drain()
        await fh.write(piece, 0, piece.length)
        size += piece.length
      }
    }
    await drain()
    await fh.sync()
  } catch (e) {
    await fh.close().catch(() => {})
    await fs.promises.rm(tmp, { force: true })
    throw e
  }
  await fh.close()
  await fs.promises.rename(tmp, file)
  await fsyncDir(path.dirname(file))
  return size
}

export function writeFileDurableSync(file: string, data: string | Buffer): void {
  const tmp = tmpName(file)
  const fd = fs.openSync(tmp, 'w')
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    let off = 0
    while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, file)
  fsyncDirSync(path.dirname(file))
}

/** A filesystem-safe local timestamp, e.g. 20250301-142233 (also used in backup names). */
export function stamp(ms: number): string {
  const d = new Date(ms)
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`
}

/** Moves a damaged file aside (never deletes it) and says where it went. */
export function quarantineSync(dataDir: string, file: string, ms: number, copy = false): string {
  const qdir = path.join(dataDir, 'quarantine')
  fs.mkdirSync(qdir, { recursive: true })
  const rel = path.relative(dataDir, file).split(path.sep).join('_')
  let target = path.join(qdir, `${rel}.${stamp(ms)}`)
  for (let i = 1; fs.existsSync(target); i++) target = path.join(qdir, `${rel}.${stamp(ms)}-${i}`)
  if (copy) {
    // the original stays where it is (its readable part is still used); the copy is synced
    fs.copyFileSync(file, target)
    const fd = fs.openSync(target, 'r+')
    try {
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
  } else fs.renameSync(file, target)
  fsyncDirSync(qdir)
  fsyncDirSync(path.dirname(file))
  return target
}

/** Yields to the event loop so queued commits run between chunks of background work. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
