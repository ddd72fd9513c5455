import { AsyncLocalStorage } from 'node:async_hooks'
import fs from 'node:fs'
import path from 'node:path'
import { Low } from 'lowdb'
import { Hlc } from '../../shared/data/hlc'
import { applyOp, classifyIncoming } from '../../shared/data/merge'
import type { Change, Doc, Op } from '../../shared/data/ops'
import { AppError, ErrorCode } from '../../shared/errors'
import {
  backupName,
  listBackupFiles,
  readBackupSync,
  rotateBackups,
  writeBackup,
  type BackupImage,
} from './backup'
import {
  fsyncDirSync,
  quarantineSync,
  stamp,
  writeFileDurable,
  writeFileDurableSync,
} from './fsutil'
import { Journal, isJournalEntry, type JournalOpenResult } from './journal'
import {
  holes,
  mergeRanges,
  rangesText,
  readMarker,
  writeMarker,
  type FolderMarker,
  type MissingRange,
  type RecoveryRecord,
} from './marker'
import { acquireLock } from './lock'
import {
  asideFolders,
  emptyCounts,
  redactDoc,
  redactGzipFile,
  redactTextFile,
  redactTree,
  type RedactCounts,
  type RedactScope,
} from './redact'
import {
  SCHEMA_VERSION,
  indexFileSchema,
  monthFileSchema,
  opSchema,
  stateFileSchema,
  type IndexFile,
  type JournalEntry,
  type MonthFile,
  type StateFile,
} from './schema'
import { DurableViewFile, groupDocs, readValidated, type ViewSnapshot } from './view'

/**
 * The local data core (DESIGN §3). Layout of the data folder:
 *
 *   kefu.lock                  who owns the folder (pid, hostname, start time)
 *   journal/<n>.jsonl          the truth: one op per line, fdatasynced before a commit answers
 *   state.json                 hot docs (everything not archived) + the checkpoint it covers
 *   archive/YYYY-MM.json       archived docs of one month, read on demand
 *   archive/index.json         entity → id → month of every archived doc
 *   backups/kefu-*.json.gz     daily snapshots (view files + journal tail), newest 14 kept
 *   quarantine/                damaged files moved aside, never deleted
 *
 * Checkpoints: a flush writes the dirty month files, then the index, then state.json, each with
 * the journal position `n` it was captured at. state.json is written last, so its `n` is the
 * point every view file covers; on open the journal is replayed after it. Replaying ops a file
 * already holds is harmless because merging is idempotent. When a doc moves between files
 * (archived, reopened), the file it leaves keeps a copy until the next flush, so a crash between
 * two file writes never leaves a doc in neither file.
 */

export interface StoreOptions {
  dataDir: string
  deviceId: string
  now?: () => number
  /** Which archive month a doc belongs in, or null for the hot set. */
  archiveMonth?: (doc: Doc) => string | null
  /** Delay before changes are written to the view files (coalesces bursts). Default 1000 ms. */
  flushDelayMs?: number
  /** Journal segment size before rotation. Default 8 MB. */
  segmentBytes?: number
  /** Archive months kept in memory besides those with unwritten changes. Default 4. */
  monthCacheSize?: number
  /** Make the daily backup on its own (on open and after flushes). Default true. */
  autoBackup?: boolean
}

export interface StoreNotice {
  code: string
  message: string
}

/**
 * Start-up found damage that nothing on this PC can repair (a journal range the view does not
 * cover, or the people of a folder that had them): the app shows the recovery screen instead
 * of first start or sign-in until a person restores a backup (or accepts what is left).
 */
export interface StoreRecovery extends RecoveryRecord {
  peopleFound: number
  /** zh-CN: what is missing, since when, where the damaged files are. */
  message: string
}

export type { MissingRange }

export interface StoreChange {
  entities: string[]
  ids: { entity: string; id: string }[]
}

export interface QueryOptions {
  where?: (d: Doc) => boolean
  sort?: (a: Doc, b: Doc) => number
  offset?: number
  limit?: number
  /** true: every archive month too; {from,to}: months in that range (YYYY-MM, inclusive). */
  includeArchived?: boolean | { from?: string; to?: string }
  /** Tombstoned docs are left out unless asked for. */
  includeDeleted?: boolean
}

type Place = 'hot' | string

/**
 * One user action's writes (DESIGN §3, issue 14 item 4): commits inside a transaction are
 * stamped and kept here, visible to reads in the same transaction only, and go to the journal
 * together as one batch with one fdatasync when the transaction ends.
 */
interface Tx {
  parent: Tx | null
  ops: Op[]
  /** Docs as this transaction sees them (copies; the shared view is untouched until commit). */
  overlay: Map<string, Doc>
  done: boolean
}

const MONTH = /^\d{4}-\d{2}$/

/** Default rule: an archived ticket lives in the month it was archived. */
export function defaultArchiveMonth(doc: Doc): string | null {
  if (doc.entity !== 'ticket' || doc.fields.status !== 'archived') return null
  const at = doc.fields.archivedAt
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : NaN
  const d = Number.isNaN(ms) ? null : new Date(ms)
  if (!d) return null
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
}

function key(entity: string, id: string): string {
  return `${entity}\u0000${id}`
}

function splitKey(k: string): [string, string] {
  const i = k.indexOf('\u0000')
  return [k.slice(0, i), k.slice(i + 1)]
}

class DocSet {
  readonly byEntity = new Map<string, Map<string, Doc>>()
  get(entity: string, id: string): Doc | undefined {
    return this.byEntity.get(entity)?.get(id)
  }
  set(doc: Doc): void {
    let m = this.byEntity.get(doc.entity)
    if (!m) this.byEntity.set(doc.entity, (m = new Map()))
    m.set(doc.id, doc)
  }
  delete(entity: string, id: string): void {
    this.byEntity.get(entity)?.delete(id)
  }
  *docs(): IterableIterator<Doc> {
    for (const m of this.byEntity.values()) yield* m.values()
  }
  static from(docs: Record<string, Record<string, Doc>>): DocSet {
    const s = new DocSet()
    for (const [entity, byId] of Object.entries(docs)) {
      const m = new Map<string, Doc>()
      for (const [id, d] of Object.entries(byId)) m.set(id, d)
      s.byEntity.set(entity, m)
    }
    return s
  }
}

interface MonthState {
  docs: DocSet
  /** Checkpoint of the file as loaded or last written. */
  n: number
  dirty: boolean
  /** Docs that left this month; written here once more until their new file is on disk. */
  ghosts: Set<string>
  /** A view write of this month is under way: it stays in memory until the file is on disk. */
  writing: boolean
}

/** A tiny async mutex: view writes, backups and restores never overlap. */
class Mutex {
  private tail: Promise<void> = Promise.resolve()
  run<T>(fn: () => Promise<T>): Promise<T> {
    const res = this.tail.then(fn)
    this.tail = res.then(
      () => {},
      () => {},
    )
    return res
  }
}

export class Store {
  readonly dataDir: string
  readonly deviceId: string
  readonly notices: StoreNotice[] = []

  private readonly now: () => number
  private readonly archiveMonthOf: (doc: Doc) => string | null
  private readonly flushDelayMs: number
  private readonly segmentBytes: number | undefined
  private readonly monthCacheSize: number
  private readonly autoBackup: boolean
  private readonly statePath: string
  private readonly archiveDir: string
  private readonly indexPath: string
  private readonly journalDir: string
  private readonly backupDir: string

  private lock: { release: () => void } | null = null
  private journal!: Journal
  private hlc!: Hlc
  private hot = new DocSet()
  /** entity → id → month, for every archived doc. */
  private index = new Map<string, Map<string, string>>()
  private monthCounts = new Map<string, number>()
  private months = new Map<string, MonthState>()
  private hotDirty = false
  private indexDirty = false
  private hotGhosts = new Set<string>()
  private indexGhosts = new Map<string, string>()
  /** Journal position applied to memory, and the one state.json on disk covers. */
  private appliedN = 0
  private stateN = 0
  private indexN = 0
  private maxHlc = ''
  private retainCursors: Record<string, string> = {}
  private lastBackupN = 0
  private lastBackupDay = ''
  private listeners = new Set<(c: StoreChange) => void>()
  private flushTimer: NodeJS.Timeout | null = null
  private viewMutex = new Mutex()
  private backupRunning: Promise<string> | null = null
  private backupImage: BackupImage | null | undefined = undefined
  private closed = false
  private lastFlushMs = 0
  private closing = false
  private readonly txScope = new AsyncLocalStorage<Tx>()
  private recoveryState: StoreRecovery | null = null
  /** The next load rebuilds every view file from the newest backup + everything readable. */
  private forceRebuild = false
  /** The backup image the last load rebuilt from (it may cover ranges found missing before). */
  private imageUsed: BackupImage | null = null
  private rebuildBase = 0
  /** A restore replaces the journal: the marker's position no longer applies. */
  private restoring = false
  private marker: FolderMarker | null = null
  /** The backup a restore is putting back (ranges it holds are no longer missing). */
  private restoreImage: BackupImage | null = null
  private quarantinedNow: string[] = []
  /** hlc of the checkpoint the loaded view (or backup) covers. */
  private baseHlc = ''
  private incomingFilter: ((ops: Op[]) => Op[]) | null = null

  private constructor(opts: StoreOptions) {
    this.dataDir = path.resolve(opts.dataDir)
    this.deviceId = opts.deviceId
    this.now = opts.now ?? Date.now
    this.archiveMonthOf = opts.archiveMonth ?? defaultArchiveMonth
    this.flushDelayMs = opts.flushDelayMs ?? 1000
    this.segmentBytes = opts.segmentBytes
    this.monthCacheSize = opts.monthCacheSize ?? 4
    this.autoBackup = opts.autoBackup ?? true
    this.statePath = path.join(this.dataDir, 'state.json')
    this.archiveDir = path.join(this.dataDir, 'archive')
    this.indexPath = path.join(this.archiveDir, 'index.json')
    this.journalDir = path.join(this.dataDir, 'journal')
    this.backupDir = path.join(this.dataDir, 'backups')
  }

  static async open(opts: StoreOptions): Promise<Store> {
    const store = new Store(opts)
    store.hlc = new Hlc(opts.deviceId, store.now)
    fs.mkdirSync(store.dataDir, { recursive: true })
    store.lock = acquireLock(store.dataDir)
    try {
      store.load()
    } catch (e) {
      store.lock.release()
      throw e
    }
    // No backup of a damaged folder: it would push a good old backup out of the 14 kept.
    if (store.autoBackup && !store.recoveryState && store.needsDailyBackup())
      void store.backupNow().catch(() => {})
    return store
  }

  // ---------------------------------------------------------------- open / load

  private notice(code: string, message: string): void {
    this.notices.push({ code, message })
  }

  private quarantine(file: string, reason: string, what: string): void {
    const rel = path.relative(this.dataDir, file)
    const moved = quarantineSync(this.dataDir, file, this.now())
    this.quarantinedNow.push(path.relative(this.dataDir, moved))
    this.notice(
      'view_quarantined',
      `${what}（${rel}）已损坏：${reason}。原文件已移到 ${path.relative(this.dataDir, moved)} 保留，数据已从日志和备份中重建。`,
    )
  }

  private load(): void {
    fs.mkdirSync(this.archiveDir, { recursive: true })
    fs.mkdirSync(this.backupDir, { recursive: true })
    this.hot = new DocSet()
    this.index = new Map()
    this.monthCounts = new Map()
    this.months = new Map()
    this.hotGhosts = new Set()
    this.indexGhosts = new Map()
    this.backupImage = undefined
    this.loadBackupMarks()
    this.removeStaleTemps()

    this.quarantinedNow = []
    this.baseHlc = ''
    this.imageUsed = this.restoreImage
    this.restoreImage = null
    this.rebuildBase = 0
    const opened = Journal.open(this.journalDir, {
      segmentBytes: this.segmentBytes,
      quarantine: (file, copy) => quarantineSync(this.dataDir, file, this.now(), copy),
    })
    this.journal = opened.journal
    for (const a of opened.setAside) {
      const moved = path.relative(this.dataDir, a.movedTo)
      this.quarantinedNow.push(moved)
      this.notice(
        'journal_quarantined',
        a.readable > 0
          ? `操作日志文件 journal/${a.file} 有损坏的部分：原文件已复制到 ${moved} 保留，其中能读的 ${a.readable} 条照常使用。`
          : `操作日志文件 journal/${a.file} 已损坏，里面没有能读的内容：原文件已移到 ${moved} 保留（没有删除）。`,
      )
    }
    if (opened.damagedLines > 0) {
      this.notice(
        'journal_damaged',
        `操作日志中有 ${opened.damagedLines} 行无法读取，已跳过（文件保留在 journal/ 中）。`,
      )
    }

    const state = readValidated<StateFile>(this.statePath, stateFileSchema)
    const idx = readValidated<IndexFile>(this.indexPath, indexFileSchema)
    let rebuildAll = false
    if (state.state === 'damaged') {
      this.quarantine(this.statePath, state.reason, '工作数据文件')
      rebuildAll = true
    } else if (state.state === 'missing' && this.journal.floor > 0) {
      // Data was here before (journal trimmed or archive present): the file was lost, not new.
      this.notice('view_missing', '工作数据文件 state.json 不见了，已从日志和备份中重建。')
      rebuildAll = true
    }
    if (idx.state === 'damaged') {
      this.quarantine(this.indexPath, idx.reason, '归档索引')
      rebuildAll = true
    } else if (
      idx.state === 'missing' &&
      this.monthFilesCovered(state.state === 'ok' ? state.value.checkpoint.n : 0)
    ) {
      this.notice('view_missing', '归档索引 archive/index.json 不见了，已重建。')
      rebuildAll = true
    }

    if (this.forceRebuild) {
      this.forceRebuild = false
      rebuildAll = true
    }
    if (rebuildAll) {
      this.rebuildEverything(opened.entries, state.state === 'ok' ? state.value : null)
    } else {
      if (state.state === 'ok') {
        this.hot = DocSet.from(state.value.docs)
        this.stateN = state.value.checkpoint.n
        this.baseHlc = state.value.checkpoint.hlc ?? ''
        this.noteHlc(state.value.checkpoint.hlc)
        this.retainCursors = { ...state.value.retain }
        const extra = state.value as unknown as { lastBackup?: { n?: number; day?: string } }
        if (typeof extra.lastBackup?.n === 'number')
          this.lastBackupN = Math.max(this.lastBackupN, extra.lastBackup.n)
      }
      if (idx.state === 'ok') {
        this.indexN = idx.value.checkpoint.n
        this.noteHlc(idx.value.checkpoint.hlc)
        for (const [entity, byId] of Object.entries(idx.value.ids)) {
          for (const [id, month] of Object.entries(byId)) this.indexSet(entity, id, month)
        }
        this.indexDirty = false
      }
      this.resolveHotVsIndex()
      this.appliedN = this.stateN
      this.checkMissingMonths()
      for (const e of opened.entries) {
        if (e.n > this.stateN) this.applyLocal(e.op, null)
        this.appliedN = Math.max(this.appliedN, e.n)
      }
      this.normalizeHot()
    }
    this.assessRecovery(opened, rebuildAll)
    this.journal.ensureAfter(Math.max(this.appliedN, this.stateN, this.indexN))
    this.appliedN = Math.max(this.appliedN, this.journal.position)
    if (this.maxHlc) this.hlc.receive(this.maxHlc)
    if (this.hotDirty || this.indexDirty || [...this.months.values()].some((m) => m.dirty))
      this.scheduleFlush()
  }

  /** Live people in the folder (people are never archived). */
  private countPeople(): number {
    let n = 0
    for (const d of this.hot.byEntity.get('person')?.values() ?? [])
      if (d.deleted === undefined) n++
    return n
  }

  /** Whether the backup the last load rebuilt from holds every op of the range. */
  private imageCovers(r: MissingRange): boolean {
    const img = this.imageUsed
    if (!img) return false
    if (img.header.checkpoint.n >= r.to) return true
    const have = new Set(img.journal.map((e) => e.n))
    for (let n = r.from; n <= r.to; n++) if (!have.has(n)) return false
    return true
  }

  /**
   * After a load: is a journal range missing that the view (or the backup rebuilt from) does
   * not cover, or are the people of a folder that had them gone? Then the folder is damaged,
   * never new: the finding is kept in the marker until it is resolved (DESIGN §6).
   */
  private assessRecovery(opened: JournalOpenResult, rebuilt: boolean): void {
    const marker = readMarker(this.dataDir)
    this.marker = marker
    const present = new Set<number>()
    for (const e of opened.entries) present.add(e.n)
    let base = this.stateN
    if (rebuilt) {
      base = this.rebuildBase
      for (const e of this.imageUsed?.journal ?? []) present.add(e.n)
    }
    const lastEntry = opened.entries[opened.entries.length - 1]?.n ?? 0
    const top = Math.max(lastEntry, opened.namedTop, this.restoring ? 0 : (marker?.n ?? 0))
    const prior = marker?.recovery
    const found = holes(base, top, (n) => present.has(n))
    for (const r of prior?.missing ?? []) if (!this.imageCovers(r)) found.push(r)
    const missing = mergeRanges(found)
    const peopleFound = this.countPeople()
    const peopleExpected = Math.max(marker?.people ?? 0, prior?.peopleExpected ?? 0)
    const peopleLost = peopleExpected > 0 && peopleFound === 0
    const nowIso = new Date(this.now()).toISOString()
    if (missing.length === 0 && !peopleLost) {
      this.recoveryState = null
      if (prior) {
        this.notice('recovered', '数据已恢复完整：之前缺少的操作已从备份中找回。')
        this.saveMarker({ recovery: undefined })
      } else if (peopleFound > 0 && (!marker || marker.people !== peopleFound)) {
        this.saveMarker({})
      }
      return
    }
    let since: string | null = prior?.since ?? null
    if (missing.length > 0) {
      const before = missing[0]!.from - 1
      const all = [...(this.imageUsed?.journal ?? []), ...opened.entries]
      let hlc = ''
      for (const e of all) if (e.n <= before && e.op.hlc > hlc) hlc = e.op.hlc
      // nothing readable before the gap: the view's own checkpoint is the last change known
      if (!hlc && before <= base) hlc = this.baseHlc
      const ms = Number(hlc.split('-')[0])
      if (hlc && Number.isFinite(ms) && ms > 0) since = new Date(ms).toISOString()
    }
    const record: RecoveryRecord = {
      foundAt: prior?.foundAt ?? nowIso,
      missing,
      since,
      peopleExpected,
      setAside: [...new Set([...(prior?.setAside ?? []), ...this.quarantinedNow])],
    }
    const parts: string[] = []
    if (missing.length > 0)
      parts.push(
        `操作日志缺少${rangesText(missing)}操作${since ? `（${localTime(since)} 之后的改动）` : ''}，本机已读不到这些改动。`,
      )
    if (peopleLost)
      parts.push(
        `这个数据文件夹原有 ${peopleExpected} 位人员，现在一位也读不到：这是数据损坏，不是新店，请不要重新创建管理员。`,
      )
    if (record.setAside.length > 0)
      parts.push(`损坏的文件已移到 quarantine/ 保留，没有删除（${record.setAside.join('、')}）。`)
    parts.push('请选择恢复方式：从最新的备份恢复，或（已设置同步时）从同步空间重建。')
    this.recoveryState = { ...record, peopleFound, message: parts.join('') }
    this.notice('recovery_needed', this.recoveryState.message)
    this.saveMarker({ recovery: record, people: Math.max(peopleExpected, peopleFound) })
  }

  /** Writes the marker with the current people count and durable position, plus `patch`. */
  private saveMarker(patch: Partial<FolderMarker>): void {
    const prev = this.marker
    const people = patch.people ?? this.countPeople()
    const nowIso = new Date(this.now()).toISOString()
    const next: FolderMarker = {
      kind: 'kefu-data-folder',
      v: 1,
      people,
      peopleSince: prev?.peopleSince ?? nowIso,
      n: Math.max(this.journal.durablePosition, this.restoring ? 0 : (prev?.n ?? 0)),
      at: nowIso,
    }
    const recovery = 'recovery' in patch ? patch.recovery : prev?.recovery
    if (recovery) next.recovery = recovery
    try {
      writeMarker(this.dataDir, next)
      this.marker = next
    } catch (e) {
      this.notice('marker_write_failed', `无法写入数据文件夹标记：${(e as Error).message}`)
    }
  }

  /** After people change and after view writes: the marker follows (never while recovering). */
  private touchMarker(): void {
    if (this.recoveryState || this.closed) return
    const people = this.countPeople()
    if (people === 0 && !this.marker) return
    if (
      this.marker &&
      this.marker.people === people &&
      this.marker.n >= this.journal.durablePosition
    )
      return
    this.saveMarker({})
  }

  /** What start-up found that needs a person's decision, or null. */
  get recovery(): StoreRecovery | null {
    return this.recoveryState
  }

  /**
   * Rebuilds every view file from the newest readable backup plus everything still readable
   * (view files, journal): merging is idempotent, so nothing acknowledged is lost by it. Answers
   * what is still missing (null: the folder is whole again).
   */
  async recoverFromBackup(): Promise<StoreRecovery | null> {
    this.ensureOpen()
    await this.settle()
    await this.viewMutex.run(async () => {
      await this.journal.close()
      this.notices.length = 0
      this.forceRebuild = true
      this.load()
    })
    const entities = new Set<string>([...this.hot.byEntity.keys(), ...this.index.keys()])
    for (const l of this.listeners) l({ entities: [...entities], ids: [] })
    return this.recoveryState
  }

  /** A person accepts the data as it is now (the missing range is recorded in the audit trail). */
  acceptDamage(): void {
    this.ensureOpen()
    if (!this.recoveryState) return
    this.recoveryState = null
    this.saveMarker({ recovery: undefined })
  }

  /**
   * Whether some month file was written by a flush that completed (its checkpoint is covered by
   * state.json). Month files from a flush cut short before the index existed are expected
   * after a crash; a completed one without an index means the index was lost.
   */
  private monthFilesCovered(stateN: number): boolean {
    for (const month of this.monthFilesOnDisk()) {
      let head: string
      try {
        const fd = fs.openSync(this.monthPath(month), 'r')
        try {
          const buf = Buffer.alloc(1024)
          head = buf.toString('utf8', 0, fs.readSync(fd, buf, 0, buf.length, 0))
        } finally {
          fs.closeSync(fd)
        }
      } catch {
        continue
      }
      const m = /"checkpoint":\s*\{\s*"n":\s*(\d+)/.exec(head)
      if (!m || Number(m[1]) <= stateN) return true
    }
    return false
  }

  /** Temp files of writes a crash cut short are never read; they are cleared on open. */
  private removeStaleTemps(): void {
    for (const dir of [this.dataDir, this.archiveDir, this.backupDir]) {
      let names: string[]
      try {
        names = fs.readdirSync(dir)
      } catch {
        continue
      }
      for (const f of names)
        if (/\.\d+(\.\d+)?\.tmp$/.test(f)) fs.rmSync(path.join(dir, f), { force: true })
    }
  }

  private noteHlc(h: string | undefined): void {
    if (h && h > this.maxHlc) this.maxHlc = h
  }

  /** A doc in state.json and in the index: the copy in the file written later wins. */
  private resolveHotVsIndex(): void {
    for (const [entity, byId] of this.index) {
      const hotMap = this.hot.byEntity.get(entity)
      if (!hotMap) continue
      for (const [id, month] of [...byId]) {
        const doc = hotMap.get(id)
        if (!doc) continue
        const indexWins =
          this.indexN > this.stateN ||
          (this.indexN === this.stateN && this.archiveMonthOf(doc) === month)
        if (indexWins) {
          hotMap.delete(id)
          this.hotDirty = true
        } else {
          this.indexDelete(entity, id)
        }
      }
    }
  }

  /** Hot docs that the archive rule places in a month (after a crash or a rule change) move there. */
  private normalizeHot(): void {
    const moves: Doc[] = []
    for (const d of this.hot.docs()) if (this.archiveMonthOf(d) !== null) moves.push(d)
    for (const d of moves) this.place(d, 'hot')
  }

  /** Months the index names but whose file is gone are rebuilt now, while the journal has them. */
  private checkMissingMonths(): void {
    for (const month of this.monthCounts.keys()) {
      if (!fs.existsSync(this.monthPath(month))) this.loadMonth(month)
    }
  }

  private loadBackupMarks(): void {
    const files = listBackupFiles(this.backupDir)
    const last = files[files.length - 1]
    if (last) this.lastBackupDay = last.slice(5, 13)
  }

  /**
   * state.json or the index is unusable: rebuild every doc from the newest readable backup plus
   * the journal after it (journal segments are kept until a backup covers them), then write
   * every view file afresh. Undamaged month files fill in anything the journal no longer has.
   */
  private rebuildEverything(diskEntries: JournalEntry[], state: StateFile | null): void {
    const image = this.getBackupImage()
    const docs = new Map<string, Doc>()
    const docN = new Map<string, number>()
    const take = (d: Doc, n: number): void => {
      const k = key(d.entity, d.id)
      const prev = docN.get(k)
      if (prev === undefined || n > prev || (n === prev && this.archiveMonthOf(d) !== null)) {
        docs.set(k, d)
        docN.set(k, n)
      }
    }
    let startN = 0
    this.imageUsed = image
    if (image) {
      startN = image.header.checkpoint.n
      for (const [rel, text] of image.files) this.readImageFile(rel, text, (d, n) => take(d, n))
    }
    this.rebuildBase = Math.max(startN, state?.checkpoint.n ?? 0)
    this.baseHlc =
      (state && state.checkpoint.n >= startN
        ? state.checkpoint.hlc
        : image?.header.checkpoint.hlc) ?? ''
    if (state) {
      this.retainCursors = { ...state.retain }
      for (const byId of Object.values(state.docs))
        for (const d of Object.values(byId)) take(d, state.checkpoint.n)
    }
    // Current month files are newer than the backup; they also cover a journal that was cut.
    for (const f of this.monthFilesOnDisk()) {
      const r = readValidated<MonthFile>(this.monthPath(f), monthFileSchema)
      if (r.state === 'ok') {
        for (const byId of Object.values(r.value.docs))
          for (const d of Object.values(byId)) take(d, r.value.checkpoint.n)
      } else if (r.state === 'damaged') {
        this.quarantine(this.monthPath(f), r.reason, `归档文件 ${f}`)
      }
    }
    const all = mergeEntries(image?.journal ?? [], diskEntries)
    for (const e of all) {
      if (e.n <= startN) continue
      const k = key(e.op.entity, e.op.id)
      docs.set(k, applyOp(docs.get(k), e.op).doc)
      this.noteHlc(e.op.hlc)
      this.appliedN = Math.max(this.appliedN, e.n)
    }
    this.appliedN = Math.max(this.appliedN, startN)
    for (const d of docs.values()) {
      this.noteHlc(d.updated)
      const month = this.archiveMonthOf(d)
      if (month === null) this.hot.set(d)
      else {
        this.monthState(month, true).docs.set(d)
        this.indexSet(d.entity, d.id, month)
      }
    }
    for (const m of this.months.values()) m.dirty = true
    this.hotDirty = true
    this.indexDirty = true
    this.stateN = 0
    this.indexN = 0
  }

  private readImageFile(rel: string, text: string, take: (d: Doc, n: number) => void): void {
    const schema =
      rel === 'state.json' ? stateFileSchema : rel.endsWith('index.json') ? null : monthFileSchema
    if (!schema) return
    try {
      const r = schema.safeParse(JSON.parse(text))
      if (!r.success) return
      const v = r.data as { checkpoint: { n: number }; docs: Record<string, Record<string, Doc>> }
      for (const byId of Object.values(v.docs))
        for (const d of Object.values(byId)) take(d, v.checkpoint.n)
    } catch {
      // an unreadable file inside a backup is skipped; the journal may still have its ops
    }
  }

  private getBackupImage(): BackupImage | null {
    if (this.backupImage !== undefined) return this.backupImage
    const files = listBackupFiles(this.backupDir).reverse()
    for (const f of files) {
      const file = path.join(this.backupDir, f)
      const img = readBackupSync(file)
      if (img) return (this.backupImage = img)
      // A backup that cannot be read is set aside (never deleted) and the next older one used.
      const moved = path.relative(this.dataDir, quarantineSync(this.dataDir, file, this.now()))
      this.quarantinedNow.push(moved)
      this.notice(
        'backup_damaged',
        `备份 ${f} 已损坏，无法读取：已移到 ${moved} 保留，改用更早的备份。`,
      )
    }
    return (this.backupImage = null)
  }

  private monthFilesOnDisk(): string[] {
    try {
      return fs
        .readdirSync(this.archiveDir)
        .map((f) => /^(\d{4}-\d{2})\.json$/.exec(f)?.[1])
        .filter((m): m is string => !!m)
        .sort()
    } catch {
      return []
    }
  }

  // ---------------------------------------------------------------- archive months

  private monthPath(month: string): string {
    return path.join(this.archiveDir, `${month}.json`)
  }

  private monthState(month: string, create: boolean): MonthState {
    let m = this.months.get(month)
    if (!m && create) {
      m = { docs: new DocSet(), n: 0, dirty: false, ghosts: new Set(), writing: false }
      this.months.set(month, m)
    }
    return m!
  }

  /** Loads a month (from cache, file, or rebuilt from backup + journal), most recently used last. */
  private loadMonth(month: string): MonthState {
    const cached = this.months.get(month)
    if (cached) {
      this.months.delete(month)
      this.months.set(month, cached)
      return cached
    }
    const file = this.monthPath(month)
    const r = readValidated<MonthFile>(file, monthFileSchema)
    let m: MonthState
    if (r.state === 'ok') {
      m = {
        docs: new DocSet(),
        n: r.value.checkpoint.n,
        dirty: false,
        ghosts: new Set(),
        writing: false,
      }
      for (const [entity, byId] of Object.entries(r.value.docs)) {
        const wanted = this.index.get(entity)
        for (const [id, d] of Object.entries(byId)) {
          // Leftover copies of docs that moved on are ignored; the index says where each lives.
          if (wanted?.get(id) === month) m.docs.set(d)
        }
      }
      const missing = this.indexedIds(month).filter(([e, id]) => !m.docs.get(e, id))
      if (missing.length > 0) this.rebuildMonthDocs(month, m, missing, '缺少部分工单')
    } else {
      if (r.state === 'damaged') this.quarantine(file, r.reason, `归档文件 ${month}`)
      m = { docs: new DocSet(), n: 0, dirty: true, ghosts: new Set(), writing: false }
      this.rebuildMonthDocs(
        month,
        m,
        this.indexedIds(month),
        r.state === 'missing' ? '文件缺失' : '文件损坏',
      )
    }
    this.months.set(month, m)
    this.evictMonths()
    return m
  }

  private indexedIds(month: string): [string, string][] {
    const out: [string, string][] = []
    for (const [entity, byId] of this.index)
      for (const [id, mo] of byId) if (mo === month) out.push([entity, id])
    return out
  }

  /** Rebuilds the named docs of a month from the newest backup and the journal after it. */
  private rebuildMonthDocs(
    month: string,
    m: MonthState,
    wanted: [string, string][],
    why: string,
  ): void {
    if (wanted.length === 0) return
    const want = new Set(wanted.map(([e, id]) => key(e, id)))
    const image = this.getBackupImage()
    const docs = new Map<string, Doc>()
    let startN = 0
    if (image) {
      startN = image.header.checkpoint.n
      const bestN = new Map<string, number>()
      for (const [rel, text] of image.files) {
        this.readImageFile(rel, text, (d, n) => {
          const k = key(d.entity, d.id)
          if (!want.has(k)) return
          const prev = bestN.get(k)
          if (prev === undefined || n >= prev) {
            docs.set(k, d)
            bestN.set(k, n)
          }
        })
      }
    }
    const entries = mergeEntries(image?.journal ?? [], this.journal.readAfter(startN))
    for (const e of entries) {
      if (e.n <= startN) continue
      const k = key(e.op.entity, e.op.id)
      if (want.has(k)) docs.set(k, applyOp(docs.get(k), e.op).doc)
    }
    let lost = 0
    for (const [entity, id] of wanted) {
      const d = docs.get(key(entity, id))
      if (d) m.docs.set(d)
      else {
        lost++
        this.indexDelete(entity, id)
      }
    }
    m.dirty = true
    this.indexDirty = this.indexDirty || lost > 0
    const rebuilt = wanted.length - lost
    this.notice(
      lost > 0 ? 'archive_month_lost' : 'archive_month_rebuilt',
      lost > 0
        ? `归档月份 ${month} 的文件${why}：已从备份和日志中恢复 ${rebuilt} 条，另有 ${lost} 条在日志和备份中都找不到，无法恢复。`
        : `归档月份 ${month} 的文件${why}，已从备份和日志中重建（${rebuilt} 条）。`,
    )
    this.scheduleFlush()
  }

  private evictMonths(): void {
    let clean = 0
    for (const m of this.months.values()) if (!m.dirty && m.ghosts.size === 0 && !m.writing) clean++
    for (const [month, m] of this.months) {
      if (clean <= this.monthCacheSize) break
      if (m.dirty || m.ghosts.size > 0 || m.writing) continue
      this.months.delete(month)
      clean--
    }
  }

  private indexSet(entity: string, id: string, month: string): void {
    let byId = this.index.get(entity)
    if (!byId) this.index.set(entity, (byId = new Map()))
    const prev = byId.get(id)
    if (prev === month) return
    if (prev !== undefined) this.monthCounts.set(prev, (this.monthCounts.get(prev) ?? 1) - 1)
    byId.set(id, month)
    this.monthCounts.set(month, (this.monthCounts.get(month) ?? 0) + 1)
    this.indexDirty = true
  }

  private indexDelete(entity: string, id: string): void {
    const byId = this.index.get(entity)
    const prev = byId?.get(id)
    if (prev === undefined) return
    byId!.delete(id)
    this.monthCounts.set(prev, (this.monthCounts.get(prev) ?? 1) - 1)
    this.indexDirty = true
  }

  // ---------------------------------------------------------------- applying ops

  private locate(entity: string, id: string): { doc: Doc; place: Place } | undefined {
    const h = this.hot.get(entity, id)
    if (h) return { doc: h, place: 'hot' }
    const month = this.index.get(entity)?.get(id)
    if (month === undefined) return undefined
    const d = this.loadMonth(month).docs.get(entity, id)
    return d ? { doc: d, place: month } : undefined
  }

  /** Applies one op to the view (not the journal); true when a doc changed. */
  private applyLocal(op: Op, changed: Map<string, { entity: string; id: string }> | null): boolean {
    this.noteHlc(op.hlc)
    const loc = this.locate(op.entity, op.id)
    const r = applyOp(loc?.doc, op)
    if (!r.changed) return false
    changed?.set(key(op.entity, op.id), { entity: op.entity, id: op.id })
    if (!loc) {
      this.insert(r.doc)
    } else {
      this.place(r.doc, loc.place)
    }
    return true
  }

  private insert(doc: Doc): void {
    const month = this.archiveMonthOf(doc)
    if (month === null) {
      this.hot.set(doc)
      this.hotDirty = true
    } else {
      const m = this.loadMonthForWrite(month)
      m.docs.set(doc)
      m.dirty = true
      this.indexSet(doc.entity, doc.id, month)
    }
    this.scheduleFlush()
  }

  private loadMonthForWrite(month: string): MonthState {
    if (!MONTH.test(month)) {
      throw new AppError(ErrorCode.internal, `归档月份“${month}”格式不对，应为 YYYY-MM。`)
    }
    if (
      this.months.has(month) ||
      fs.existsSync(this.monthPath(month)) ||
      this.monthCounts.get(month)
    ) {
      return this.loadMonth(month)
    }
    return this.monthState(month, true)
  }

  /** The doc (changed in place) was at `from`; puts it where the archive rule says now. */
  private place(doc: Doc, from: Place): void {
    const to = this.archiveMonthOf(doc) ?? 'hot'
    const k = key(doc.entity, doc.id)
    if (to === from) {
      if (from === 'hot') this.hotDirty = true
      else this.monthState(from, false).dirty = true
      this.scheduleFlush()
      return
    }
    if (from === 'hot') {
      this.hot.delete(doc.entity, doc.id)
      this.hotGhosts.add(k)
      this.hotDirty = true
    } else {
      const m = this.monthState(from, false)
      m.docs.delete(doc.entity, doc.id)
      m.ghosts.add(k)
      m.dirty = true
      if (to === 'hot') {
        this.indexDelete(doc.entity, doc.id)
        this.indexGhosts.set(k, from)
      }
    }
    if (to === 'hot') {
      this.hot.set(doc)
      this.hotDirty = true
      this.hotGhosts.delete(k)
    } else {
      const m = this.loadMonthForWrite(to)
      m.docs.set(doc)
      m.ghosts.delete(k)
      m.dirty = true
      this.indexSet(doc.entity, doc.id, to)
      this.indexGhosts.delete(k)
    }
    this.scheduleFlush()
  }

  private emit(changed: Map<string, { entity: string; id: string }>): void {
    if (changed.size === 0 || this.listeners.size === 0) return
    const ids = [...changed.values()]
    const change: StoreChange = { entities: [...new Set(ids.map((i) => i.entity))], ids }
    for (const l of this.listeners) {
      try {
        l(change)
      } catch {
        // a listener's failure is its own; the commit is already durable
      }
    }
  }

  private ensureOpen(): void {
    if (this.closed || this.closing) throw new AppError(ErrorCode.unavailable, '数据存储已关闭。')
  }

  /**
   * Stamps, journals (durably) and applies local changes; answers once they are on disk.
   * Inside transaction() the ops are kept for the transaction's single batch instead, and the
   * call answers at once (reads in the same transaction see them).
   */
  async commit(by: string, changes: Change[]): Promise<Op[]> {
    this.ensureOpen()
    if (changes.length === 0) return []
    const ops: Op[] = changes.map((c) => {
      if (
        !c ||
        typeof c.entity !== 'string' ||
        !c.entity ||
        typeof c.id !== 'string' ||
        !c.id ||
        typeof c.kind !== 'string' ||
        !c.kind
      ) {
        throw new AppError(ErrorCode.invalidInput, '要保存的改动不完整（缺少类型、编号或操作）。')
      }
      const op: Op = {
        hlc: this.hlc.send(),
        dev: this.deviceId,
        by,
        entity: c.entity,
        id: c.id,
        kind: c.kind,
      }
      if (c.field !== undefined) op.field = c.field
      if (c.value !== undefined) op.value = c.value
      if (c.base !== undefined) op.base = c.base
      return op
    })
    const tx = this.activeTx()
    if (tx) {
      for (const op of ops) {
        const k = key(op.entity, op.id)
        let doc = tx.overlay.get(k)
        if (!doc) {
          const seen = this.txGet(tx.parent, op.entity, op.id)
          doc = seen ? structuredClone(seen) : undefined
        }
        tx.overlay.set(k, applyOp(doc, op).doc)
      }
      tx.ops.push(...ops)
      return ops
    }
    await this.commitOps(ops)
    return ops
  }

  /** Journals ops as one batch (one fdatasync), then applies them to the view and tells listeners. */
  private async commitOps(ops: Op[]): Promise<void> {
    const n = await this.journal.append(ops)
    const changed = new Map<string, { entity: string; id: string }>()
    for (const op of ops) this.applyLocal(op, changed)
    this.appliedN = Math.max(this.appliedN, n)
    if (ops.some((op) => op.entity === 'person')) this.touchMarker()
    this.emit(changed)
  }

  /**
   * Runs `fn` as one unit of work: every commit() it makes (the change, its history, its audit
   * entry, the draft it clears) is written as ONE journal batch with ONE fdatasync when `fn`
   * ends, so a crash leaves all of it or none. Reads inside `fn` see its own commits; nobody
   * else sees them before they are on disk. When `fn` throws, what it committed before the
   * throw is still written (an audited refusal stays audited), then the error is rethrown.
   * Transactions nest: an inner one is written when it ends (a check-then-write section under
   * a lock lands before the lock is let go).
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const tx: Tx = { parent: this.activeTx(), ops: [], overlay: new Map(), done: false }
    let value: T | undefined
    let failure: { error: unknown } | null = null
    try {
      value = await this.txScope.run(tx, fn)
    } catch (e) {
      failure = { error: e }
    }
    tx.done = true
    if (tx.ops.length > 0) await this.writeTx(tx)
    if (failure) throw failure.error
    return value as T
  }

  /** Writes a transaction's ops so far as one batch; enclosing transactions see them too. */
  private async writeTx(tx: Tx): Promise<void> {
    const ops = tx.ops.splice(0)
    await this.commitOps(ops)
    for (let t = tx.parent; t; t = t.parent) {
      if (t.done) continue
      for (const op of ops) {
        const d = t.overlay.get(key(op.entity, op.id))
        if (d) applyOp(d, op)
      }
    }
    // the shared view (or an enclosing copy) holds them now
    for (const op of ops) tx.overlay.delete(key(op.entity, op.id))
  }

  /**
   * Writes what the open transaction has committed so far, now, as one batch (it goes on).
   * For steps that rewrite files from the view (redaction, restore) in the middle of an action.
   */
  async settle(): Promise<void> {
    const tx = this.activeTx()
    if (tx && tx.ops.length > 0) await this.writeTx(tx)
  }

  /** The innermost transaction still open in this async context, if any. */
  private activeTx(): Tx | null {
    let tx = this.txScope.getStore() ?? null
    while (tx && tx.done) tx = tx.parent
    return tx
  }

  /** A doc as the transaction sees it (its own and its parents' commits over the shared view). */
  private txGet(tx: Tx | null, entity: string, id: string): Doc | undefined {
    const k = key(entity, id)
    for (let t = tx; t; t = t.parent) {
      if (t.done) continue
      const d = t.overlay.get(k)
      if (d) return d
    }
    return this.locate(entity, id)?.doc
  }

  /** Docs of an entity that open transactions changed, newest view first. */
  private txDocs(tx: Tx | null, entity: string): Map<string, Doc> | null {
    let out: Map<string, Doc> | null = null
    for (let t = tx; t; t = t.parent) {
      if (t.done) continue
      for (const d of t.overlay.values()) {
        if (d.entity !== entity) continue
        out ??= new Map()
        if (!out.has(d.id)) out.set(d.id, d)
      }
    }
    return out
  }

  /**
   * Ops received by sync: idempotent (an op already merged changes nothing and counts as a
   * duplicate), journalled before they are applied. Ops stamped more than a day ahead of this
   * PC's clock are neither journalled nor applied but handed back in `future`: the caller keeps
   * them and offers them again later (DESIGN §4).
   */
  async applyRemote(
    ops: Op[],
    opts: { acceptFuture?: boolean } = {},
  ): Promise<{ applied: number; duplicates: number; future: Op[] }> {
    this.ensureOpen()
    let accept: Op[] = []
    const future: Op[] = []
    const ahead = new Set<string>()
    const nowMs = this.now()
    for (const raw of ops) {
      const parsed = opSchema.safeParse(raw)
      if (!parsed.success)
        throw new AppError(ErrorCode.invalidInput, '收到的同步数据格式不对，已拒绝。')
      const op = raw
      if (classifyIncoming(op, nowMs) === 'future') {
        // An admin accepted held-back ops (sync): applied as stamped, without moving our clock ahead.
        if (opts.acceptFuture) {
          accept.push(op)
          ahead.add(op.hlc)
        } else future.push(op)
      } else accept.push(op)
    }
    if (accept.length === 0) return { applied: 0, duplicates: 0, future }
    if (this.incomingFilter) accept = this.incomingFilter(accept)
    for (const op of accept) if (!ahead.has(op.hlc)) this.hlc.receive(op.hlc)
    const n = await this.journal.append(accept)
    const changed = new Map<string, { entity: string; id: string }>()
    let applied = 0
    for (const op of accept) if (this.applyLocal(op, changed)) applied++
    this.appliedN = Math.max(this.appliedN, n)
    if (accept.some((op) => op.entity === 'person')) this.touchMarker()
    this.emit(changed)
    return { applied, duplicates: accept.length - applied, future }
  }

  // ---------------------------------------------------------------- reads

  get(entity: string, id: string): Doc | undefined {
    this.ensureOpen()
    const tx = this.activeTx()
    if (tx) return this.txGet(tx, entity, id)
    return this.locate(entity, id)?.doc
  }

  getMany(entity: string, ids: string[]): Doc[] {
    const out: Doc[] = []
    for (const id of ids) {
      const d = this.get(entity, id)
      if (d) out.push(d)
    }
    return out
  }

  query(entity: string, q: QueryOptions = {}): { items: Doc[]; total: number } {
    this.ensureOpen()
    const matches: Doc[] = []
    const consider = (d: Doc): void => {
      if (d.deleted !== undefined && !q.includeDeleted) return
      if (q.where && !q.where(d)) return
      matches.push(d)
    }
    const own = this.txDocs(this.activeTx(), entity)
    const range = typeof q.includeArchived === 'object' ? q.includeArchived : {}
    if (own) {
      // This transaction's own versions replace the shared ones, wherever they now belong.
      for (const d of own.values()) {
        const month = this.archiveMonthOf(d)
        if (month === null) consider(d)
        else if (
          q.includeArchived &&
          !(range.from && month < range.from) &&
          !(range.to && month > range.to)
        )
          consider(d)
      }
    }
    const hotMap = this.hot.byEntity.get(entity)
    if (hotMap) for (const d of hotMap.values()) if (!own?.has(d.id)) consider(d)
    if (q.includeArchived) {
      for (const month of this.archiveMonths()) {
        if (range.from && month < range.from) continue
        if (range.to && month > range.to) continue
        const byId = this.loadMonth(month).docs.byEntity.get(entity)
        if (byId) for (const d of byId.values()) if (!own?.has(d.id)) consider(d)
      }
    }
    if (q.sort) matches.sort(q.sort)
    const offset = Math.max(0, q.offset ?? 0)
    const items =
      q.limit === undefined
        ? matches.slice(offset)
        : matches.slice(offset, offset + Math.max(0, q.limit))
    return { items, total: matches.length }
  }

  /** Every hot doc of an entity, tombstones included. */
  all(entity: string): Iterable<Doc> {
    this.ensureOpen()
    const hot = this.hot.byEntity.get(entity)
    const own = this.txDocs(this.activeTx(), entity)
    if (!own) return hot?.values() ?? []
    const out: Doc[] = []
    for (const d of own.values()) if (this.archiveMonthOf(d) === null) out.push(d)
    if (hot) for (const d of hot.values()) if (!own.has(d.id)) out.push(d)
    return out
  }

  /** Entities with hot docs (sync's state fingerprint). */
  entityNames(): string[] {
    this.ensureOpen()
    return [...this.hot.byEntity.keys()]
  }

  /** Months with archived docs, oldest first. */
  archiveMonths(): string[] {
    return [...this.monthCounts]
      .filter(([, c]) => c > 0)
      .map(([m]) => m)
      .sort()
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  /**
   * Journalled ops (local and received) with an hlc after `cursor`, in hlc order. Only ops the
   * journal still holds: a reader that needs ops kept until it has read them registers a cursor
   * with retain().
   */
  opsAfter(cursor: string | null, limit = 1000): Op[] {
    this.ensureOpen()
    const c = cursor ?? ''
    const seen = new Set<string>()
    const out: Op[] = []
    for (const e of this.journal.readAfter(0, (seg) => seg.maxHlc > c)) {
      if (e.op.hlc > c && !seen.has(e.op.hlc)) {
        seen.add(e.op.hlc)
        out.push(e.op)
      }
    }
    out.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
    return out.slice(0, limit)
  }

  /**
   * Keeps journal segments holding ops after `cursor` until the reader named `name` moves its
   * cursor on (null releases it). Persisted with the view.
   */
  retain(name: string, cursor: string | null): void {
    if (cursor === null) delete this.retainCursors[name]
    else this.retainCursors[name] = cursor
    this.hotDirty = true
    this.scheduleFlush()
  }

  /** The clock's position: every local op from now on sorts after it. */
  clock(): string {
    return this.hlc.last()
  }

  // ---------------------------------------------------------------- view writes

  private scheduleFlush(): void {
    if (this.flushTimer || this.closed || this.closing) return
    // A large view costs CPU and disk bandwidth the journal's fsync competes for; the journal
    // already makes every commit durable, so view writes are spaced out by their own cost.
    const delay = Math.min(30_000, Math.max(this.flushDelayMs, this.lastFlushMs * 10))
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null
      this.flush().catch((e: unknown) => {
        this.notice(
          'view_write_failed',
          `写入数据文件失败：${(e as Error).message}。改动已保存在日志中，稍后会重试。`,
        )
        this.scheduleFlush()
      })
    }, delay)
    this.flushTimer.unref?.()
  }

  private isDirty(): boolean {
    if (this.hotDirty || this.indexDirty || this.appliedN > this.stateN) return true
    for (const m of this.months.values()) if (m.dirty) return true
    return false
  }

  /** Writes the view now (dirty archive months, the index, then state.json). */
  flush(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer)
      this.flushTimer = null
    }
    return this.viewMutex.run(() => this.flushLocked())
  }

  private async flushLocked(): Promise<void> {
    if (this.closed || !this.isDirty()) return
    const started = performance.now()
    const n = this.appliedN
    const checkpoint = { n, hlc: this.maxHlc }
    const writtenAt = new Date(this.now()).toISOString()
    const locateDoc = (k: string): Doc | undefined => {
      const [e, id] = splitKey(k)
      return this.hot.get(e, id) ?? this.findInCachedMonths(e, id)
    }

    // Capture (synchronous): lists of doc references and ghost sets as of position n.
    const monthJobs: { month: string; m: MonthState; snap: ViewSnapshot; ghosts: string[] }[] = []
    for (const [month, m] of this.months) {
      if (!m.dirty) continue
      const ghosts = [...m.ghosts]
      const docs = [...m.docs.docs()]
      for (const g of ghosts) {
        const d = locateDoc(g)
        if (d) docs.push(d)
      }
      m.dirty = false
      m.writing = true
      monthJobs.push({
        month,
        m,
        ghosts,
        snap: {
          header: {
            schemaVersion: SCHEMA_VERSION,
            kind: 'kefu-archive-month',
            month,
            checkpoint,
            writtenAt,
          },
          docs: groupDocs(docs),
        },
      })
    }
    let indexJob: {
      ids: Record<string, Record<string, string>>
      ghosts: [string, string][]
    } | null = null
    if (this.indexDirty) {
      const ids: Record<string, Record<string, string>> = {}
      for (const [entity, byId] of this.index) ids[entity] = Object.fromEntries(byId)
      const ghosts = [...this.indexGhosts]
      for (const [k, month] of ghosts) {
        const [e, id] = splitKey(k)
        const byId = (ids[e] ??= {})
        if (byId[id] === undefined) byId[id] = month
      }
      this.indexDirty = false
      indexJob = { ids, ghosts }
    }
    const hotGhosts = [...this.hotGhosts]
    const hotDocs = [...this.hot.docs()]
    for (const g of hotGhosts) {
      const d = locateDoc(g)
      if (d) hotDocs.push(d)
    }
    this.hotDirty = false
    const stateHeader: Record<string, unknown> = {
      schemaVersion: SCHEMA_VERSION,
      kind: 'kefu-state',
      checkpoint,
      writtenAt,
      retain: { ...this.retainCursors },
      lastBackup: { n: this.lastBackupN, day: this.lastBackupDay },
    }

    try {
      for (const job of monthJobs) {
        await new Low<ViewSnapshot>(
          new DurableViewFile(this.monthPath(job.month)),
          job.snap,
        ).write()
        job.m.n = n
      }
      if (indexJob) {
        await writeIndexFile(this.indexPath, {
          schemaVersion: SCHEMA_VERSION,
          kind: 'kefu-archive-index',
          checkpoint,
          writtenAt,
          ids: indexJob.ids,
        })
        this.indexN = n
      }
      await new Low<ViewSnapshot>(new DurableViewFile(this.statePath), {
        header: stateHeader,
        docs: groupDocs(hotDocs),
      }).write()
      this.stateN = n
    } catch (e) {
      for (const job of monthJobs) {
        job.m.dirty = true
        job.m.writing = false
      }
      if (indexJob) this.indexDirty = true
      this.hotDirty = true
      throw e
    }

    // The files the ghosts moved to are on disk now: drop the extra copies next time.
    for (const job of monthJobs) {
      job.m.writing = false
      for (const g of job.ghosts) job.m.ghosts.delete(g)
      if (job.ghosts.length > 0) job.m.dirty = true
    }
    if (indexJob) {
      for (const [k, month] of indexJob.ghosts)
        if (this.indexGhosts.get(k) === month) this.indexGhosts.delete(k)
      if (indexJob.ghosts.length > 0) this.indexDirty = true
    }
    for (const g of hotGhosts) this.hotGhosts.delete(g)
    if (hotGhosts.length > 0) this.hotDirty = true
    this.lastFlushMs = performance.now() - started
    this.touchMarker()
    this.evictMonths()
    this.dropCoveredSegments()
    if (this.isDirty()) this.scheduleFlush()
    if (
      this.autoBackup &&
      !this.closing &&
      !this.recoveryState &&
      this.needsDailyBackup() &&
      !this.backupRunning
    ) {
      setImmediate(() => void this.backupNow().catch(() => {}))
    }
  }

  private findInCachedMonths(entity: string, id: string): Doc | undefined {
    for (const m of this.months.values()) {
      const d = m.docs.get(entity, id)
      if (d) return d
    }
    return undefined
  }

  /**
   * Journal segments go once state.json covers them and the newest backup does too (so a
   * damaged view file can always be rebuilt from backup + journal), and no reader's retained
   * cursor still needs their ops.
   */
  private dropCoveredSegments(): void {
    // While damage waits for a decision, every segment stays: a restore may still need it.
    if (this.recoveryState) return
    const covered = Math.min(this.stateN, this.lastBackupN)
    const cursors = Object.values(this.retainCursors)
    const minCursor = cursors.length ? cursors.reduce((a, b) => (a < b ? a : b)) : null
    this.journal.dropCovered(covered, (seg) => minCursor !== null && seg.maxHlc > minCursor)
  }

  /** Flushes the view and drops every journal segment it covers. */
  async checkpoint(): Promise<void> {
    this.ensureOpen()
    // appliedN moves only when ops are applied to memory: a commit whose fsync finished but
    // whose ops are not applied yet must not be counted as covered by this checkpoint.
    await this.journal.seal()
    await this.flush()
    await this.viewMutex.run(async () => {
      if (this.isDirty()) await this.flushLocked()
      this.dropCoveredSegments()
    })
  }

  // ---------------------------------------------------------------- backups

  private needsDailyBackup(): boolean {
    return this.lastBackupDay !== stamp(this.now()).slice(0, 8)
  }

  /**
   * A consistent snapshot: state.json is read first, then the other view files (any of them
   * written later only holds more), then the journal after state.json's checkpoint. View writes
   * wait meanwhile, so no segment the backup needs is dropped under it.
   */
  backupNow(): Promise<string> {
    this.ensureOpen()
    if (this.backupRunning) return this.backupRunning
    const run = this.viewMutex.run(async () => {
      if (this.isDirty()) await this.flushLocked()
      const stateText = await fs.promises.readFile(this.statePath, 'utf8').catch(() => null)
      const n = this.stateN
      const files = ['state.json']
      if (fs.existsSync(this.indexPath)) files.push('archive/index.json')
      for (const m of this.monthFilesOnDisk()) files.push(`archive/${m}.json`)
      const ms = this.now()
      const name = backupName(ms, this.backupDir)
      await writeBackup(
        this.backupDir,
        name,
        {
          kind: 'kefu-backup',
          schemaVersion: SCHEMA_VERSION,
          createdAt: new Date(ms).toISOString(),
          checkpoint: { n, hlc: this.maxHlc },
          files,
        },
        async (rel) =>
          rel === 'state.json'
            ? stateText
            : fs.promises.readFile(path.join(this.dataDir, rel), 'utf8').catch(() => null),
        this.journal.readAfter(n),
      )
      rotateBackups(this.backupDir)
      this.lastBackupN = n
      this.lastBackupDay = stamp(ms).slice(0, 8)
      this.backupImage = undefined
      this.hotDirty = true
      this.scheduleFlush()
      return name
    })
    this.backupRunning = run
    void run.then(
      () => (this.backupRunning = null),
      () => (this.backupRunning = null),
    )
    return run
  }

  async listBackups(): Promise<{ name: string; size: number; at: string }[]> {
    const out: { name: string; size: number; at: string }[] = []
    for (const name of listBackupFiles(this.backupDir).reverse()) {
      const st = await fs.promises.stat(path.join(this.backupDir, name)).catch(() => null)
      if (!st) continue
      const m = /^kefu-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(name)!
      const at = new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!).toISOString()
      out.push({ name, size: st.size, at })
    }
    return out
  }

  /**
   * Puts a backup back. The current data (view files and journal) is moved aside into
   * `before-restore-<time>/` first and never deleted, so a restore can itself be undone.
   */
  async restoreBackup(name: string): Promise<void> {
    this.ensureOpen()
    if (!listBackupFiles(this.backupDir).includes(name)) {
      throw new AppError(ErrorCode.notFound, `找不到备份“${name}”。`)
    }
    await this.settle()
    const image = readBackupSync(path.join(this.backupDir, name))
    if (!image)
      throw new AppError('backup_unreadable', `备份“${name}”已损坏，无法恢复。当前数据没有改动。`)
    await this.viewMutex.run(async () => {
      await this.journal.close()
      const aside = path.join(this.dataDir, `before-restore-${stamp(this.now())}`)
      fs.mkdirSync(aside, { recursive: true })
      for (const rel of ['state.json', 'archive', 'journal']) {
        const from = path.join(this.dataDir, rel)
        if (fs.existsSync(from)) fs.renameSync(from, path.join(aside, rel))
      }
      fsyncDirSync(aside)
      fsyncDirSync(this.dataDir)
      fs.mkdirSync(this.archiveDir, { recursive: true })
      fs.mkdirSync(this.journalDir, { recursive: true })
      for (const [rel, text] of image.files) {
        if (rel !== 'state.json' && !/^archive\/(\d{4}-\d{2}|index)\.json$/.test(rel)) continue
        writeFileDurableSync(path.join(this.dataDir, rel), text)
      }
      if (image.journal.length > 0) {
        const first = image.journal[0]!.n
        const text = image.journal.map((e) => JSON.stringify(e) + '\n').join('')
        writeFileDurableSync(
          path.join(this.journalDir, `${String(first).padStart(12, '0')}.jsonl`),
          text,
        )
      }
      this.notices.length = 0
      this.restoring = true
      this.restoreImage = image
      try {
        this.load()
        this.saveMarker({})
      } finally {
        this.restoring = false
      }
      this.notice(
        'backup_restored',
        `已恢复备份 ${name}。恢复前的数据保存在 ${path.basename(aside)}/ 中。`,
      )
      this.lastBackupN = image.header.checkpoint.n
    })
    const entities = new Set<string>([...this.hot.byEntity.keys(), ...this.index.keys()])
    for (const l of this.listeners) l({ entities: [...entities], ids: [] })
  }

  // ---------------------------------------------------------------- erasure

  /**
   * Strikes every match of `re` (personal values, shared/auth/privacy strikePattern) out of
   * every copy this data folder holds, before answering: docs in memory (written by a flush),
   * archive months on disk, sealed journal segments (the active one is sealed first), backups,
   * set-aside copies and other local files. See electron/store/redact.ts.
   */
  async redact(scope: RedactScope, keep: readonly string[] = []): Promise<RedactCounts> {
    this.ensureOpen()
    // the action's own ops so far (the erasure itself) go first, then the files are rewritten
    await this.settle()
    await this.journal.seal()
    const changed = new Map<string, { entity: string; id: string }>()
    const counts = await this.viewMutex.run(async () => {
      const counts = emptyCounts()
      const strike = (set: DocSet): boolean => {
        let any = false
        for (const doc of [...set.docs()]) {
          const d = redactDoc(doc, scope)
          if (!d) continue
          set.set(d)
          counts.docs++
          changed.set(key(d.entity, d.id), { entity: d.entity, id: d.id })
          any = true
        }
        return any
      }
      if (strike(this.hot)) this.hotDirty = true
      for (const m of this.months.values()) if (strike(m.docs)) m.dirty = true
      if (this.isDirty()) await this.flushLocked()
      for (const month of this.monthFilesOnDisk())
        if (!this.months.has(month) && redactTextFile(this.monthPath(month), scope)) counts.files++
      for (const file of this.journal.sealedFiles())
        if (redactTextFile(file, scope)) counts.segments++
      for (const name of listBackupFiles(this.backupDir))
        if (redactGzipFile(path.join(this.backupDir, name), scope)) counts.backups++
      for (const dir of asideFolders(this.dataDir)) redactTree(dir, scope, counts)
      const handled = new Set([
        'state.json',
        'archive',
        'journal',
        'backups',
        'index',
        'blobs',
        'electron-profile',
        'kefu.lock',
        ...keep,
      ])
      for (const e of fs.readdirSync(this.dataDir, { withFileTypes: true })) {
        if (handled.has(e.name) || e.name === 'quarantine' || e.name.startsWith('before-restore-'))
          continue
        const file = path.join(this.dataDir, e.name)
        if (e.isDirectory()) redactTree(file, scope, counts)
        else if (e.isFile() && /\.(json|jsonl)$/.test(e.name) && redactTextFile(file, scope))
          counts.files++
      }
      this.backupImage = undefined
      return counts
    })
    this.emit(changed)
    return counts
  }

  /**
   * Ops received by sync pass through this first (the privacy ledger: ops of an erased order
   * that arrive late are erased before they are journalled or applied).
   */
  setIncomingFilter(filter: ((ops: Op[]) => Op[]) | null): void {
    this.incomingFilter = filter
  }

  // ---------------------------------------------------------------- shutdown

  async close(): Promise<void> {
    if (this.closed || this.closing) return
    // From here no timer may start: a view write after close would overwrite the files of
    // whoever opens the folder next with this instance's older state.
    this.closing = true
    if (this.flushTimer) {
      clearTimeout(this.flushTimer)
      this.flushTimer = null
    }
    await this.journal.idle()
    await this.backupRunning?.catch(() => {})
    try {
      // a second pass writes the files without the extra copies left by moves
      for (let i = 0; i < 3 && this.isDirty(); i++) await this.flush()
    } finally {
      this.closed = true
      await this.journal.close()
      this.lock?.release()
      this.listeners.clear()
    }
  }
}

function localTime(iso: string): string {
  const d = new Date(iso)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

/**
 * Runs `fn` as its own transaction on `store` when it is the data core (test doubles just run
 * it): for check-then-write sections under a service's lock, so the batch is on disk and in
 * the view before the lock lets the next caller check.
 */
export function ownTransaction<T>(store: object, fn: () => Promise<T>): Promise<T> {
  return store instanceof Store ? store.transaction(fn) : fn()
}

function mergeEntries(a: JournalEntry[], b: JournalEntry[]): JournalEntry[] {
  const byN = new Map<number, JournalEntry>()
  for (const e of a) if (isJournalEntry(e)) byN.set(e.n, e)
  for (const e of b) byN.set(e.n, e)
  return [...byN.values()].sort((x, y) => x.n - y.n)
}

/** The index is one entity per line as well; it changes only when docs are (un)archived. */
async function writeIndexFile(file: string, data: IndexFile): Promise<void> {
  async function* pieces(): AsyncGenerator<string> {
    let out = '{\n'
    out += `"schemaVersion": ${data.schemaVersion},\n"kind": ${JSON.stringify(data.kind)},\n`
    out += `"checkpoint": ${JSON.stringify(data.checkpoint)},\n"writtenAt": ${JSON.stringify(data.writtenAt)},\n"ids": {`
    let first = true
    for (const [entity, byId] of Object.entries(data.ids)) {
      out += `${first ? '' : ','}\n${JSON.stringify(entity)}: ${JSON.stringify(byId)}`
      first = false
      yield out
      out = ''
    }
    yield out + '\n}\n}\n'
  }
  await writeFileDurable(file, pieces())
}
