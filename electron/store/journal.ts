import fs from 'node:fs'
import path from 'node:path'
import type { Op } from '../../shared/data/ops'
import { fsyncDirSync } from './fsutil'
import type { JournalEntry } from './schema'

/**
 * The journal is the truth (DESIGN §3): every op is appended as one JSON line
 * `{"n":<position>,"op":{…}}` to `journal/<first n, 12 digits>.jsonl` and fdatasynced before
 * the caller is answered. Commits that arrive while an fdatasync is running are written and
 * synced together by the next one (group commit). Naming a segment by the first position it
 * holds keeps the position counter alive even when every older segment has been dropped.
 */

const SEGMENT = /^(\d{12})\.jsonl$/
export const DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024

interface Segment {
  file: string
  firstN: number
  lastN: number
  bytes: number
  /** Highest hlc in the segment, so readers after a cursor can skip whole segments. */
  maxHlc: string
}

export interface JournalOpenResult {
  journal: Journal
  /** Every good entry on disk, in position order. */
  entries: JournalEntry[]
  /** Lines that could not be read anywhere but at the tail (the tail is a torn write). */
  damagedLines: number
  /** Bytes cut off torn tails. */
  truncatedBytes: number
  /**
   * Segments that held damage a crash cannot leave (NUL bytes, unreadable lines in a closed
   * segment): each was copied (or, with nothing readable in it, moved) to quarantine/.
   */
  setAside: { file: string; movedTo: string; firstN: number; readable: number }[]
  /** Highest position the segment names on disk say was ever handed out. */
  namedTop: number
}

interface Waiter {
  text: string
  lastN: number
  maxHlc: string
  resolve: (n: number) => void
  reject: (e: unknown) => void
}

const fdatasync = (fd: number): Promise<void> =>
  new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())))

function segName(firstN: number): string {
  return `${String(firstN).padStart(12, '0')}.jsonl`
}

export class Journal {
  readonly dir: string
  private readonly segmentBytes: number
  private segments: Segment[]
  private fd: number
  private lastN: number
  private syncedN: number
  private queue: Waiter[] = []
  private pumping: Promise<void> | null = null
  private sealRequested = false
  private closed = false

  private constructor(dir: string, segmentBytes: number, segments: Segment[], lastN: number) {
    this.dir = dir
    this.segmentBytes = segmentBytes
    this.segments = segments
    this.lastN = lastN
    this.syncedN = lastN
    // A fresh segment on every open: nothing is ever appended after a torn tail.
    this.fd = -1
    this.startSegment()
  }

  static open(
    dir: string,
    opts: { segmentBytes?: number; quarantine?: (file: string, copy: boolean) => string } = {},
  ): JournalOpenResult {
    fs.mkdirSync(dir, { recursive: true })
    const names = fs
      .readdirSync(dir)
      .filter((f) => SEGMENT.test(f))
      .sort()
    const segments: Segment[] = []
    const entries: JournalEntry[] = []
    let damagedLines = 0
    let truncatedBytes = 0
    let lastN = 0
    let nameFloor = 0
    const seen = new Set<number>()
    const setAside: JournalOpenResult['setAside'] = []
    for (const [i, name] of names.entries()) {
      const isLast = i === names.length - 1
      const damagedBefore = damagedLines
      const file = path.join(dir, name)
      const firstN = Number(SEGMENT.exec(name)![1])
      nameFloor = Math.max(nameFloor, firstN - 1)
      const buf = fs.readFileSync(file)
      const seg: Segment = { file, firstN, lastN: firstN - 1, bytes: 0, maxHlc: '' }
      let start = 0
      let goodEnd = 0
      let badSinceGood = 0
      // Lines of a batch (several ops of one action) are held until its last line is read.
      let batch: JournalEntry[] = []
      let batchEnd = 0
      const take = (entry: JournalEntry): void => {
        seen.add(entry.n)
        entries.push(entry)
        lastN = Math.max(lastN, entry.n)
        seg.lastN = Math.max(seg.lastN, entry.n)
        if (entry.op.hlc > seg.maxHlc) seg.maxHlc = entry.op.hlc
      }
      while (start < buf.length) {
        const nl = buf.indexOf(10, start)
        if (nl === -1) break // no newline: a torn last write
        const entry = parseLine(buf.toString('utf8', start, nl))
        const b = entry ? batchOf(entry) : 0
        if (entry && b > entry.n && !seen.has(entry.n)) {
          // A line inside a batch: counts only once the batch's last line is read.
          if (b !== batchEnd) {
            damagedLines += batch.length
            batch = []
            batchEnd = b
          }
          batch.push(entry)
        } else if (entry && !seen.has(entry.n)) {
          if (b === entry.n && b === batchEnd) for (const e of batch) take(e)
          else if (batch.length > 0) damagedLines += batch.length
          batch = []
          batchEnd = 0
          take(entry)
          goodEnd = nl + 1
          damagedLines += badSinceGood
          badSinceGood = 0
        } else if (entry) {
          // A position already seen: a duplicate line, harmless.
          goodEnd = nl + 1
        } else {
          badSinceGood++
        }
        start = nl + 1
      }
      // A batch without its last line at the end of the file is a write a crash cut short: its
      // lines are cut off with the torn tail below (none of it was acknowledged).
      const tail = buf.subarray(goodEnd)
      // A crash leaves at most a torn last write at the end of the newest segment. NUL bytes
      // (blocks never written) or a bad tail in an older segment is damage: the file is kept
      // in quarantine/ as it was before anything is cut (DESIGN §3: damage never resets).
      const damaged =
        (tail.length > 0 && (!isLast || tail.includes(0))) || damagedLines > damagedBefore
      if (damaged && opts.quarantine) {
        const readable = seg.lastN - firstN + 1
        const movedTo = opts.quarantine(file, readable > 0)
        setAside.push({ file: name, movedTo, firstN, readable: Math.max(0, readable) })
        if (readable <= 0) {
          // Nothing readable in it: the file itself is in quarantine now.
          nameFloor = Math.max(nameFloor, firstN - 1)
          continue
        }
      }
      if (goodEnd < buf.length) {
        // Everything after the last good line is a write that never completed: cut it off so
        // the file reads cleanly next time. Nothing there was acknowledged.
        truncatedBytes += buf.length - goodEnd
        fs.truncateSync(file, goodEnd)
        const fd = fs.openSync(file, 'r+')
        try {
          fs.fsyncSync(fd)
        } finally {
          fs.closeSync(fd)
        }
      }
      seg.bytes = goodEnd
      segments.push(seg)
    }
    entries.sort((a, b) => a.n - b.n)
    lastN = Math.max(lastN, nameFloor)
    const journal = new Journal(dir, opts.segmentBytes ?? DEFAULT_SEGMENT_BYTES, segments, lastN)
    journal.dropEmptyClosed()
    return { journal, entries, damagedLines, truncatedBytes, setAside, namedTop: nameFloor }
  }

  /**
   * Makes sure new positions come after `n` (the view may cover more than the journal still
   * holds, e.g. after a restore).
   */
  ensureAfter(n: number): void {
    if (this.lastN >= n) return
    const act = this.active()
    if (act.bytes === 0) {
      fs.closeSync(this.fd)
      fs.rmSync(act.file, { force: true })
      this.segments.pop()
    } else {
      fs.closeSync(this.fd)
    }
    this.lastN = n
    this.syncedN = n
    this.startSegment(n + 1)
  }

  /** Position of the last entry written (not necessarily synced yet). */
  get position(): number {
    return this.lastN
  }

  /** Position up to which everything is on disk. */
  get durablePosition(): number {
    return this.syncedN
  }

  /** Lowest position still held in the journal, minus one (0 when nothing was ever dropped). */
  get floor(): number {
    return (this.segments[0]?.firstN ?? this.lastN + 1) - 1
  }

  /**
   * Appends ops and resolves with the position of the last one once it is fdatasynced.
   * Positions are handed out synchronously, in call order.
   */
  append(ops: readonly Op[]): Promise<number> {
    if (this.closed) return Promise.reject(new Error('journal closed'))
    let text = ''
    let maxHlc = ''
    // A batch of several ops names its last position on every line ("b"): on open, a batch
    // whose last line is not on disk is a write cut short and none of it counts.
    const end = ops.length > 1 ? this.lastN + ops.length : 0
    for (const op of ops) {
      this.lastN += 1
      text += JSON.stringify(end ? { n: this.lastN, b: end, op } : { n: this.lastN, op }) + '\n'
      if (op.hlc > maxHlc) maxHlc = op.hlc
    }
    const lastN = this.lastN
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ text, lastN, maxHlc, resolve, reject })
      if (!this.pumping) this.pumping = this.pump()
    })
  }

  private async pump(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0)
        const buf = Buffer.from(batch.map((w) => w.text).join(''), 'utf8')
        // Rotation happens only here, between batches, when nothing is in flight on the fd.
        const cur = this.active()
        if (cur.bytes > 0 && (this.sealRequested || cur.bytes + buf.length > this.segmentBytes)) {
          this.sealRequested = false
          this.rotate(batch[0]!.lastN - countLines(batch[0]!.text) + 1)
        }
        const seg = this.active()
        const before = seg.bytes
        try {
          let off = 0
          while (off < buf.length) off += fs.writeSync(this.fd, buf, off, buf.length - off)
          seg.bytes += buf.length
          for (const w of batch) {
            seg.lastN = w.lastN
            if (w.maxHlc > seg.maxHlc) seg.maxHlc = w.maxHlc
          }
          await fdatasync(this.fd)
          this.syncedN = batch[batch.length - 1]!.lastN
          for (const w of batch) w.resolve(w.lastN)
        } catch (e) {
          // Leave no half line behind for the next append to be glued to.
          try {
            fs.ftruncateSync(this.fd, before)
            seg.bytes = before
          } catch {
            // the next open cuts the torn tail anyway
          }
          for (const w of batch) w.reject(e)
        }
      }
      if (this.sealRequested) {
        this.sealRequested = false
        if (this.active().bytes > 0) this.rotate(this.lastN + 1)
      }
    } finally {
      this.pumping = null
    }
  }

  private active(): Segment {
    return this.segments[this.segments.length - 1]!
  }

  private startSegment(firstN = this.lastN + 1): void {
    const file = path.join(this.dir, segName(firstN))
    this.fd = fs.openSync(file, 'a')
    fsyncDirSync(this.dir)
    const existing = this.segments.find((s) => s.file === file)
    if (!existing) {
      this.segments.push({
        file,
        firstN,
        lastN: firstN - 1,
        bytes: fs.fstatSync(this.fd).size,
        maxHlc: '',
      })
    } else if (existing !== this.active()) {
      // an empty segment of that name was left by an earlier open; keep order by position
      this.segments = this.segments.filter((s) => s !== existing).concat(existing)
    }
  }

  /** Closes the active segment (everything in it is already synced) and opens the next one. */
  private rotate(firstN: number): void {
    fs.closeSync(this.fd)
    this.startSegment(firstN)
  }

  /** Starts a new segment, so the current one can be dropped once a checkpoint covers it. */
  async seal(): Promise<void> {
    if (this.closed) return
    if (this.pumping) {
      this.sealRequested = true
      await this.idle()
    } else if (this.active().bytes > 0) {
      // idle: every position handed out is written and synced
      this.rotate(this.lastN + 1)
    }
  }

  /** Waits until every append so far is synced (or failed). */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping
  }

  /**
   * Removes closed segments whose every entry is at or below `coveredN`. The caller must have
   * fsynced (file and folder) a view that covers `coveredN`.
   */
  dropCovered(
    coveredN: number,
    keep?: (seg: { maxHlc: string; firstN: number; lastN: number }) => boolean,
  ): number {
    let dropped = 0
    const activeSeg = this.active()
    const next: Segment[] = []
    for (const seg of this.segments) {
      if (seg !== activeSeg && seg.lastN <= coveredN && !(keep?.(seg) ?? false)) {
        fs.rmSync(seg.file, { force: true })
        dropped++
      } else {
        next.push(seg)
      }
    }
    if (dropped > 0) {
      this.segments = next
      fsyncDirSync(this.dir)
    }
    return dropped
  }

  private dropEmptyClosed(): void {
    const activeSeg = this.active()
    const keep = this.segments.filter((s) => s === activeSeg || s.bytes > 0)
    if (keep.length !== this.segments.length) {
      for (const s of this.segments) if (!keep.includes(s)) fs.rmSync(s.file, { force: true })
      this.segments = keep
    }
  }

  /** Synced entries after position `afterN`, read back from disk (for rebuilds and backups). */
  readAfter(afterN: number, filter?: (seg: { maxHlc: string }) => boolean): JournalEntry[] {
    const out: JournalEntry[] = []
    const limit = this.syncedN
    for (const seg of this.segments) {
      if (seg.lastN <= afterN || seg.firstN > limit || seg.bytes === 0) continue
      if (filter && !filter(seg)) continue
      let buf: Buffer
      try {
        buf = fs.readFileSync(seg.file)
      } catch {
        continue
      }
      let start = 0
      while (start < buf.length) {
        const nl = buf.indexOf(10, start)
        if (nl === -1) break
        const e = parseLine(buf.toString('utf8', start, nl))
        start = nl + 1
        if (e && e.n > afterN && e.n <= limit) out.push(e)
      }
    }
    return out
  }

  /** Files of the closed segments (everything in them is synced); the active one is not among them. */
  sealedFiles(): string[] {
    const act = this.active()
    return this.segments.filter((s) => s !== act && s.bytes > 0).map((s) => s.file)
  }

  segmentCount(): number {
    return this.segments.length
  }

  async close(): Promise<void> {
    await this.idle()
    if (this.closed) return
    this.closed = true
    fs.closeSync(this.fd)
  }
}

/** The last position of the batch an entry was written in (0: written alone). */
function batchOf(entry: JournalEntry): number {
  const b = (entry as { b?: unknown }).b
  return typeof b === 'number' && Number.isInteger(b) && b >= entry.n ? b : 0
}

function countLines(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++
  return n
}

/** Hand-written check of the hot path (a day of ops is read at open); same rules as opSchema. */
function parseLine(line: string): JournalEntry | null {
  if (line.length === 0 || line.charCodeAt(0) !== 123) return null
  let raw: unknown
  try {
    raw = JSON.parse(line)
  } catch {
    return null
  }
  return isJournalEntry(raw) ? raw : null
}

const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0

export function isJournalEntry(raw: unknown): raw is JournalEntry {
  if (typeof raw !== 'object' || raw === null) return false
  const e = raw as { n?: unknown; op?: unknown }
  if (typeof e.n !== 'number' || !Number.isInteger(e.n) || e.n <= 0) return false
  const op = e.op as Record<string, unknown> | null
  if (typeof op !== 'object' || op === null) return false
  return (
    nonEmpty(op.hlc) &&
    nonEmpty(op.dev) &&
    typeof op.by === 'string' &&
    nonEmpty(op.entity) &&
    nonEmpty(op.id) &&
    nonEmpty(op.kind) &&
    (op.field === undefined || typeof op.field === 'string') &&
    (op.base === undefined || typeof op.base === 'string')
  )
}
