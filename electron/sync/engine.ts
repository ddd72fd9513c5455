import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Op } from '../../shared/data/ops'
import {
  ackSchema,
  checkFormat,
  PROTOCOL_VERSION,
  type Ack,
  type SpaceFormat,
} from '../../shared/sync/format'
import {
  deviceDir,
  ackDir,
  ackName,
  DEVICES_DIR,
  FORMAT_FILE,
  isSyncDeviceId,
  looksLikeForeignCopy,
  parseSegmentName,
  segmentDir,
  segmentName,
  SNAPSHOTS_DIR,
  BLOBS_DIR,
  isBlobName,
  parseSnapshotName,
  parseAckName,
  snapshotName,
} from '../../shared/sync/names'
import { compactOps, coversAll } from '../../shared/sync/compact'
import { formatHlc, hlcWall } from '../../shared/data/hlc'
import { packOpsFile, peekHeader, unpackOpsFile } from './codec'
import { isSealed, newEncryption, open as openSealed, seal, sha256Hex, unlock } from './crypto'
import { loadState, saveState, type SyncState } from './state'
import { isTargetError, joinPath, type Target } from './target'

/** What sync needs of the local store (electron/store's Store has this shape). */
export interface SyncStore {
  /** Ops in the journal after `cursor` (an hlc; null: from the start). May include received ops. */
  opsAfter(cursor: string | null, limit?: number): Op[]
  /** Applies received ops; ops too far in the future are not applied but returned. Idempotent. */
  applyRemote(
    ops: Op[],
    opts?: { acceptFuture?: boolean },
  ): Promise<{ applied: number; duplicates: number; future: Op[] }>
  /** The store's clock position (hlc): where this PC's next op will be stamped after. */
  clock?(): string
  /** Keeps journal ops after `cursor` until sync has pushed them (Store.retain). */
  retain?(name: string, cursor: string | null): void
}

/**
 * Whether a received op's author held the permission for it (people issue: shared/auth). Called
 * against the store's current state; ops that fail are kept aside and asked again each round,
 * so an op whose author's role arrives later is applied then.
 */
export type Authorize = (op: Op) => boolean

export type StopCode =
  | 'format_missing'
  | 'space_changed'
  | 'update_needed'
  | 'invalid_format'
  | 'not_a_space'
  | 'needs_passphrase'
  | 'wrong_passphrase'
  | 'auth_failed'

export type RoundResult =
  | {
      status: 'ok'
      spaceId: string
      pushed: number
      pulled: number
      applied: number
      /** Ops held back because they are stamped more than a day ahead. */
      future: Op[]
      /** Ops kept aside because their author lacked the permission. */
      aside: Op[]
      /** Devices whose next segment has not fully arrived. */
      waiting: string[]
      cloneDetected: boolean
      deviceId: string
      /**
       * True only when, for every device folder in the space, everything up to its announced
       * highest seq has been applied here, this PC's own segments are all in the space, and no
       * op is held back (DESIGN §5 "honest status").
       */
      complete: boolean
      /** Segments announced but not applied here: which PC, which seq, since when (this PC's clock). */
      missing: MissingSegment[]
      /** Device folders whose announcement (ack) cannot be read: never counted as up to date. */
      unknown: { dev: string; name: string | null }[]
      /** Own segments missing from the space that could not be written again. */
      ownMissing: number[]
      /** Ops held back per PC (stamped more than a day ahead of this PC's clock). */
      heldBy: { dev: string; name: string | null; count: number }[]
      clock: ClockCheck
    }
  | { status: 'offline'; message: string }
  | { status: 'stopped'; code: StopCode; message: string }

export interface LogEntry {
  level: 'info' | 'warn' | 'error'
  message: string
}

export interface EngineOptions {
  target: Target
  store: SyncStore
  /** Local state file, e.g. `<dataDir>/sync/state.json`. */
  stateFile: string
  deviceId: string
  /** This PC's name, written into acks so other PCs can show where entries came from. */
  deviceName?: string
  passphrase?: string | null
  authorize?: Authorize
  /** A cloned PC was detected: returns the new device id (and persists it for the store). */
  renewDeviceId?: () => string
  /** May create the space (format.json) in an empty folder. False when joining. */
  allowCreate?: boolean
  /** Encrypt a space this engine creates (needs a passphrase). */
  encryptNew?: boolean
  log?: (e: LogEntry) => void
  progress?: (fraction: number) => void
  segmentOps?: number
  now?: () => number
  /** Entities that stay on this PC (unsaved drafts): never pushed. */
  localEntities?: string[]
  /** This PC's content-named attachment files (`<dataDir>/blobs`), exchanged with the space's blobs/. */
  blobDir?: string
  /**
   * Write a snapshot once this many of this PC's segments are not in one yet (0: never). Then
   * segments a snapshot holds and every active PC has acknowledged are removed.
   */
  compactAfterSegments?: number
  /** How long a PC whose acknowledgement has not moved still holds compaction back. */
  activeWindowMs?: number
  /**
   * Acknowledge what was read from other PCs at most this often (ms); a new own segment is
   * still announced at once. 0: after every round that read something (a folder). WebDAV
   * servers count requests, and every ack costs each other PC a read.
   */
  ackEveryMs?: number
}

/**
 * A PC is active while its acknowledgement moved within this window (by the clock of the PC
 * that looks, so a PC with a wrong date is not mistaken for a silent one). A PC silent for
 * longer (switched off, taken away, its disk re-imaged) is listed in Settings and no longer
 * holds back compaction: when it comes back it reads the snapshots, then the later segments,
 * and converges like any other PC.
 */
export const ACTIVE_WINDOW_MS = 14 * 24 * 3_600_000
/**
 * A snapshot holds the whole shop's history compacted, so it is worth writing only once a PC
 * has pushed a good many segments (one per round with changes: about a busy day's work).
 */
export const COMPACT_AFTER_SEGMENTS = 300

/** Past this, a clock difference is told to people (the HLC copes; other PCs hold ops back after a day). */
export const CLOCK_WARN_MS = 5 * 60_000

/** This round's check of this PC's clock (DESIGN §5, issue 13 item 9). */
export interface ClockCheck {
  /** How far this PC's clock is behind the target's (the time it gave a file just written); null: cannot tell. */
  behindTargetMs: number | null
  /** How far this PC's clock is ahead of other PCs' fresh stamps (median; null: none fresh). */
  aheadOfPeersMs: number | null
  /** How far this PC's own newest stamp is ahead of its clock (it was ahead, then corrected). */
  stampAheadMs: number
}

export interface MissingSegment {
  dev: string
  name: string | null
  seq: number
  /** This PC's clock when it began waiting for this segment. */
  since: number
}

/** The space's format.json is not (or no longer) there: nothing is written this round. */
class SpaceNotVerified extends Error {}

/** A PC that has not acknowledged for longer than the active window. */
export interface SilentDevice {
  dev: string
  name: string | null
  /** This PC's clock when that PC's acknowledgement last moved. */
  lastSeen: number
}

/** Files at a space's root that other programs leave behind; they don't make a folder "not empty". */
const HARMLESS =
  /^(\.|desktop\.ini$|thumbs\.db$|\$recycle\.bin$|lost\+found$|system volume information$)/i

export class SyncEngine {
  private state: SyncState
  private key: Buffer | null = null
  private keyFor = ''
  private noticed = new Set<string>()
  /** When this PC last wrote an ack (ackEveryMs). */
  private lastAckAt = 0
  private retained: string | null = null
  /** Segment names written in this round's push, checked for afterwards. */
  private freshNames: string[] = []
  /** Snapshot file names in the space, as of this round's pull. */
  private snapshotListing: string[] = []
  /** Snapshot headers peeked this session: name → covers (a hint until the file is read). */
  private readonly headCovers = new Map<string, Record<string, number>>()
  private peersCheckedAt = 0
  private readonly opts: EngineOptions

  constructor(opts: EngineOptions) {
    this.opts = opts
    this.state = loadState(opts.stateFile, opts.deviceId)
  }

  get deviceId(): string {
    return this.state.deviceId
  }
  get spaceId(): string | null {
    return this.state.spaceId
  }
  /** Ops kept aside for an admin (author lacked the permission). */
  get aside(): readonly Op[] {
    return this.state.aside
  }
  get held(): readonly Op[] {
    return this.state.held
  }
  /** PCs that have not acknowledged anything for longer than the active window (for Settings). */
  get silentDevices(): SilentDevice[] {
    const window = this.opts.activeWindowMs ?? ACTIVE_WINDOW_MS
    const now = this.now()
    return Object.entries(this.state.peers)
      .filter(([dev, p]) => !this.state.ownIds.includes(dev) && now - p.changedAt > window)
      .map(([dev, p]) => ({ dev, name: p.name ?? null, lastSeen: p.changedAt }))
  }
  setPassphrase(p: string | null): void {
    this.opts.passphrase = p
    this.key = null
    this.keyFor = ''
  }

  private log(level: LogEntry['level'], message: string): void {
    this.opts.log?.({ level, message })
  }

  private save(): void {
    saveState(this.opts.stateFile, this.state)
  }

  /** One sync round: connect, push own ops, pull others', acknowledge. Never throws for target trouble. */
  async round(): Promise<RoundResult> {
    try {
      return await this.roundInner()
    } catch (e) {
      if (isTargetError(e)) {
        if (e.kind === 'auth') return { status: 'stopped', code: 'auth_failed', message: e.message }
        return { status: 'offline', message: e.message }
      }
      if (e instanceof SpaceNotVerified) return { status: 'offline', message: e.message }
      throw e
    }
  }

  /**
   * Write only into a verified space (DESIGN §5): before a batch of writes, format.json with
   * this space's id must be at the root, in this round. An unmounted share's empty mount point
   * or a cloud drive's placeholder folder never gets our folders.
   */
  private async verifySpace(): Promise<void> {
    const bytes = await this.opts.target.read(FORMAT_FILE)
    const check = bytes ? checkFormat(Buffer.from(bytes).toString('utf8')) : null
    if (!check?.ok || check.format.spaceId !== this.state.spaceId) {
      throw new SpaceNotVerified(
        `同步位置里暂时找不到本店同步空间的 format.json（共享盘可能刚断开或被换成了空文件夹）：本轮不写入，稍后重试。${this.opts.target.label}`,
      )
    }
  }

  /** Reads format.json and opens the space; creates it when allowed. */
  async connect(): Promise<
    { ok: true; format: SpaceFormat } | Extract<RoundResult, { status: 'offline' | 'stopped' }>
  > {
    const { target } = this.opts
    const root = await target.list('')
    if (root === null)
      return { status: 'offline', message: `同步位置不存在或未连接：${target.label}` }
    let bytes = await target.read(FORMAT_FILE)
    if (!bytes) {
      const names = root.map((e) => e.name)
      if (names.some((n) => n === DEVICES_DIR || n === SNAPSHOTS_DIR || n === BLOBS_DIR)) {
        return {
          status: 'stopped',
          code: 'format_missing',
          message:
            '同步位置里缺少 format.json，但还有其他同步文件：可能被人误删或被换成了别的文件夹。为防止丢数据，同步已暂停，请管理员检查后再继续。',
        }
      }
      if (this.state.spaceId !== null) {
        // Joplin lost notes by reading an unmounted share as "everything deleted": an empty folder where the space was is offline.
        return {
          status: 'offline',
          message: `同步位置是空的（共享盘可能没有连接）：${target.label}`,
        }
      }
      if (names.some((n) => !HARMLESS.test(n))) {
        return {
          status: 'stopped',
          code: 'not_a_space',
          message:
            '这个位置里已有其他文件，不是客服工作台的同步空间。请选一个空文件夹或已有的同步空间。',
        }
      }
      if (!this.opts.allowCreate) {
        // Joining: the space may not have reached this PC's copy of the drive yet; keep looking.
        return {
          status: 'offline',
          message: '这里还没有同步空间（或网盘还没同步下来）：请先在已在使用的电脑上设置同步。',
        }
      }
      await this.createSpace()
      bytes = await target.read(FORMAT_FILE)
      if (!bytes) return { status: 'offline', message: '刚创建的 format.json 读不到，稍后重试' }
    }
    const check = checkFormat(Buffer.from(bytes).toString('utf8'))
    if (!check.ok) {
      if (check.reason === 'newer') {
        return {
          status: 'stopped',
          code: 'update_needed',
          message: `需要更新：同步空间使用了更新的协议（第 ${check.protocol} 版，本软件支持第 ${PROTOCOL_VERSION} 版）。本机没有读取或写入任何同步文件，请先升级客服工作台。`,
        }
      }
      return {
        status: 'stopped',
        code: 'invalid_format',
        message: 'format.json 内容无法识别，同步已暂停，请管理员检查同步位置。',
      }
    }
    const format = check.format
    if (this.state.spaceId !== null && this.state.spaceId !== format.spaceId) {
      return {
        status: 'stopped',
        code: 'space_changed',
        message:
          '同步位置里的同步空间换了（编号不同），可能指向了另一个店的空间或被重建。同步已暂停，请管理员确认后重新设置。',
      }
    }
    if (format.encryption) {
      const pass = this.opts.passphrase
      if (!pass)
        return {
          status: 'stopped',
          code: 'needs_passphrase',
          message: '这个同步空间已加密，请输入店铺同步口令。',
        }
      const tag = `${format.encryption.salt}\n${pass}`
      if (this.keyFor !== tag) {
        const key = await unlock(pass, format.encryption)
        if (!key)
          return {
            status: 'stopped',
            code: 'wrong_passphrase',
            message: '同步口令不对：请向店长确认口令（不是数据损坏）。',
          }
        this.key = key
        this.keyFor = tag
      }
    } else {
      this.key = null
    }
    if (this.state.spaceId === null) {
      this.state.spaceId = format.spaceId
      this.save()
    }
    return { ok: true, format }
  }

  private async createSpace(): Promise<void> {
    const format: SpaceFormat = {
      kind: 'kefu-sync-space',
      protocol: PROTOCOL_VERSION,
      spaceId: randomBytes(12).toString('hex'),
      createdAt: new Date(this.now()).toISOString(),
    }
    if (this.opts.encryptNew && this.opts.passphrase) {
      format.encryption = (await newEncryption(this.opts.passphrase)).info
    }
    const r = await this.opts.target.writeOnce(
      FORMAT_FILE,
      Buffer.from(JSON.stringify(format, null, 2), 'utf8'),
    )
    this.log(
      'info',
      r === 'written'
        ? `已在 ${this.opts.target.label} 创建同步空间`
        : '另一台电脑刚创建了同步空间，改为加入它',
    )
  }

  private now(): number {
    return (this.opts.now ?? Date.now)()
  }

  private async roundInner(): Promise<RoundResult> {
    const conn = await this.connect()
    if (!('ok' in conn)) return conn
    this.opts.progress?.(0.05)
    const cloneDetected = await this.checkClone()
    await this.verifySpace()
    const ownMissing = await this.heal()
    const pushed = await this.push()
    await this.confirmOwnSegments()
    this.opts.progress?.(0.3)
    const pulled = await this.pull()
    await this.verifySpace()
    await this.syncBlobs()
    await this.writeAck()
    const peerStamps = await this.refreshPeers(true)
    const clock = await this.checkClock(peerStamps)
    await this.compact()
    this.retainOwn()
    const status = this.completeness(pulled.devs, ownMissing)
    const last = this.state.lastOkAt
    this.state.lastOkAt = this.now()
    // Only a long absence matters: saving once an hour spares a quiet round its fsync.
    if (last === null || this.now() - last > 3_600_000) this.save()
    this.opts.progress?.(1)
    return {
      status: 'ok',
      spaceId: conn.format.spaceId,
      pushed,
      pulled: pulled.pulled,
      applied: pulled.applied,
      future: this.state.held,
      aside: this.state.aside,
      waiting: pulled.waiting,
      cloneDetected,
      deviceId: this.state.deviceId,
      ...status,
      ownMissing,
      clock,
    }
  }

  /**
   * Every round: this PC's clock against the time the target gives a file it just wrote, and
   * against other PCs' fresh ack stamps; and its own newest stamp against its clock.
   */
  private async checkClock(peerStamps: number[]): Promise<ClockCheck> {
    const now = this.now()
    let behindTargetMs: number | null = null
    try {
      const skew = await this.opts.target.clockSkew(deviceDir(this.state.deviceId))
      // The target measures against the OS clock; this PC's clock is this.now().
      if (skew !== null) behindTargetMs = Math.round(skew + (Date.now() - now))
    } catch (e) {
      if (!isTargetError(e)) throw e
    }
    const sorted = [...peerStamps].sort((a, b) => a - b)
    const aheadOfPeersMs = sorted.length ? (sorted[Math.floor(sorted.length / 2)] as number) : null
    const last = this.opts.store.clock?.()
    const stampAheadMs = last ? Math.max(0, hlcWall(last) - now) : 0
    return { behindTargetMs, aheadOfPeersMs, stampAheadMs }
  }

  /**
   * An admin accepts the ops held back from one PC (or all): applied as stamped, without
   * moving this PC's clock ahead. Returns how many were applied.
   */
  async acceptHeld(dev: string | null): Promise<number> {
    const take = this.state.held.filter((op) => dev === null || op.dev === dev)
    if (take.length === 0) return 0
    const r = await this.opts.store.applyRemote(take, { acceptFuture: true })
    const taken = new Set(take)
    this.state.held = this.state.held.filter((op) => !taken.has(op))
    this.save()
    this.log('warn', `管理员接受了 ${take.length} 条时间超前的改动`)
    return r.applied
  }

  /**
   * Honest status (DESIGN §5): for every device folder, compares what its newest ack announces
   * with what this PC has applied; remembers since when it waits on each missing segment.
   */
  private completeness(
    devs: string[],
    ownMissing: number[],
  ): Pick<Extract<RoundResult, { status: 'ok' }>, 'complete' | 'missing' | 'unknown' | 'heldBy'> {
    const own = new Set(this.state.ownIds)
    const now = this.now()
    const missing: MissingSegment[] = []
    const unknown: { dev: string; name: string | null }[] = []
    let changed = false
    for (const dev of devs) {
      if (own.has(dev)) continue
      const peer = this.state.peers[dev]
      const name = peer?.name ?? null
      if (!peer || peer.top === undefined) {
        unknown.push({ dev, name })
        continue
      }
      const have = this.state.readers[dev]?.contiguous ?? 0
      if (have >= peer.top) {
        if (this.state.waits[dev]) {
          delete this.state.waits[dev]
          changed = true
        }
        continue
      }
      const seq = have + 1
      let wait = this.state.waits[dev]
      if (!wait || wait.seq !== seq) {
        wait = { seq, since: wait?.since ?? now }
        this.state.waits[dev] = wait
        changed = true
        this.log('warn', `等待「${name ?? dev}」的第 ${seq} 个分段（它说已写到第 ${peer.top} 个）`)
      }
      missing.push({ dev, name, seq, since: wait.since })
    }
    for (const dev of Object.keys(this.state.waits))
      if (!devs.includes(dev)) {
        delete this.state.waits[dev]
        changed = true
      }
    if (changed) this.save()
    const held = new Map<string, number>()
    for (const op of this.state.held) held.set(op.dev, (held.get(op.dev) ?? 0) + 1)
    const heldBy = [...held].map(([dev, count]) => ({
      dev,
      name: this.state.peers[dev]?.name ?? null,
      count,
    }))
    return {
      complete:
        missing.length === 0 &&
        unknown.length === 0 &&
        ownMissing.length === 0 &&
        heldBy.length === 0,
      missing,
      unknown,
      heldBy,
    }
  }

  /**
   * Self-healing (DESIGN §5): every own segment not yet in a snapshot every active PC has
   * acknowledged must be in the space; one that is missing (written into a stand-in folder,
   * lost by a cloud drive, cut off) is written again with the same seq and the same ops, read
   * back from the journal, which keeps them for this (retainOwn). Returns seqs it could not heal.
   */
  private async heal(): Promise<number[]> {
    const { store, target } = this.opts
    const failed: number[] = []
    const own = new Set(this.state.ownIds)
    const local = new Set(this.opts.localEntities ?? ['draft'])
    for (const [dev, metas] of Object.entries(this.state.segs)) {
      const floor = this.state.compactedTo[dev] ?? 0
      const wanted = Object.keys(metas)
        .map(Number)
        .filter((seq) => seq > floor)
      if (wanted.length === 0) continue
      const present = new Set<number>()
      for (const e of (await target.list(segmentDir(dev))) ?? []) {
        const p = parseSegmentName(e.name)
        if (p) present.add(p.seq)
      }
      for (const seq of wanted.sort((a, b) => a - b)) {
        if (present.has(seq)) continue
        const meta = metas[String(seq)] as { from: string; to: string; n: number }
        const ops = store
          .opsAfter(meta.from === '' ? null : meta.from, Number.MAX_SAFE_INTEGER)
          .filter((op) => own.has(op.dev) && !local.has(op.entity) && op.hlc <= meta.to)
        if (ops.length !== meta.n) {
          failed.push(seq)
          this.notice(
            `heal/${dev}/${seq}`,
            `本机的第 ${seq} 个分段在同步位置里不见了，本机日志里也没有完整内容，无法重建（需要管理员检查）`,
          )
          continue
        }
        const { bytes, nameHash } = packOpsFile({ kefu: 'seg', dev, seq }, ops, this.key)
        const name = segmentName(seq, nameHash)
        const written = (this.state.written[dev] ??= [])
        if (!written.includes(name)) written.push(name)
        this.state.pending = { dev, name }
        this.save()
        await target.writeOnce(joinPath(segmentDir(dev), name), bytes)
        this.state.pending = null
        this.save()
        this.log('warn', `本机的第 ${seq} 个分段在同步位置里不见了，已按原内容重新写入`)
      }
    }
    return failed
  }

  /** After a batch: the files just written must be in the verified space, or the round stops (healed next round). */
  private async confirmOwnSegments(): Promise<void> {
    const fresh = this.freshNames
    if (fresh.length === 0) return
    this.freshNames = []
    await this.verifySpace()
    const me = this.state.deviceId
    const listed = new Set(((await this.opts.target.list(segmentDir(me))) ?? []).map((e) => e.name))
    const lost = fresh.filter((n) => !listed.has(n))
    if (lost.length > 0)
      throw new SpaceNotVerified(
        `刚写入的 ${lost.length} 个分段在同步位置里看不到（共享盘可能刚被换掉）：下一轮会重新写入。`,
      )
  }

  /**
   * Keeps own ops in the journal until a snapshot present in the space and acknowledged by every
   * active PC covers them (the segments' metadata is dropped then, in compact()).
   */
  private retainOwn(): void {
    let cursor = this.state.pushedHlc
    for (const [dev, metas] of Object.entries(this.state.segs)) {
      const floor = this.state.compactedTo[dev] ?? 0
      for (const [seq, m] of Object.entries(metas))
        if (Number(seq) > floor && m.from < cursor) cursor = m.from
    }
    if (this.retained !== cursor) {
      this.opts.store.retain?.('sync', cursor)
      this.retained = cursor
    }
  }

  /** A segment in our own folder that we never wrote means another PC runs under our id (a cloned disk image). */
  private async checkClone(): Promise<boolean> {
    const me = this.state.deviceId
    const list = (await this.opts.target.list(segmentDir(me))) ?? []
    const mine = new Set(this.state.written[me] ?? [])
    if (this.state.pending?.dev === me) mine.add(this.state.pending.name)
    const foreign = list.filter((e) => parseSegmentName(e.name) && !mine.has(e.name))
    if (foreign.length === 0) return false
    const fresh = this.opts.renewDeviceId?.() ?? randomBytes(6).toString('hex')
    this.log(
      'warn',
      `发现另一台电脑在用本机的设备编号 ${me}（多半是复制的系统镜像）。本机已改用新编号 ${fresh}，两边的数据都会保留。`,
    )
    this.state.deviceId = fresh
    if (!this.state.ownIds.includes(fresh)) this.state.ownIds.push(fresh)
    this.state.nextSeq = 1
    this.save()
    return true
  }

  private async push(): Promise<number> {
    const { store, target } = this.opts
    const own = new Set(this.state.ownIds)
    const local = new Set(this.opts.localEntities ?? ['draft'])
    const from = this.state.pushedHlc
    const ops: Op[] = []
    // Received ops are in the journal too: read everything after the cursor in one call (the
    // store scans the journal from the cursor on every call, so pages would rescan it once per
    // page: 4.5 s after a 100 000-op merge) and keep our own. Once every own op is in a segment
    // the cursor moves past the received ones too, so a quiet round reads nothing: a local op
    // is always stamped after, and journalled before, any received op that could follow it
    // (the store stamps and queues a commit in one step).
    let scanned = from
    const all = store.opsAfter(from === '' ? null : from, Number.MAX_SAFE_INTEGER)
    for (const op of all)
      if (own.has(op.dev) && op.hlc > from && !local.has(op.entity)) ops.push(op)
    if (all.length > 0) scanned = (all[all.length - 1] as Op).hlc
    ops.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
    const size = this.opts.segmentOps ?? 5000
    let pushed = 0
    const me = this.state.deviceId
    const pend = this.state.pending
    // A write cut short by a stop: the file may be in the space, so its name is ours.
    if (pend && !(this.state.written[pend.dev] ??= []).includes(pend.name))
      this.state.written[pend.dev]?.push(pend.name)
    for (let i = 0; i < ops.length;) {
      const seq = this.state.nextSeq
      const chunkFrom = i === 0 ? from : (ops[i - 1] as Op).hlc
      // A seq whose write was interrupted holds the same ops when written again (two files for
      // one seq are read as one only because they hold the same ops).
      const prior = this.state.segs[me]?.[String(seq)]
      let chunk: Op[]
      if (prior && prior.from === chunkFrom) {
        let end = i
        while (end < ops.length && (ops[end] as Op).hlc <= prior.to) end++
        chunk = ops.slice(i, end)
        if (chunk.length !== prior.n) chunk = ops.slice(i, i + size)
      } else chunk = ops.slice(i, i + size)
      i += chunk.length
      ;(this.state.segs[me] ??= {})[String(seq)] = {
        from: chunkFrom,
        to: (chunk[chunk.length - 1] as Op).hlc,
        n: chunk.length,
      }
      for (let attempt = 0; ; attempt++) {
        const head =
          attempt === 0
            ? { kefu: 'seg' as const, dev: me, seq }
            : { kefu: 'seg' as const, dev: me, seq, attempt }
        const { bytes, nameHash } = packOpsFile(head, chunk, this.key)
        const name = segmentName(seq, nameHash)
        const path = joinPath(segmentDir(me), name)
        this.state.pending = { dev: me, name }
        const written = (this.state.written[me] ??= [])
        if (!written.includes(name)) written.push(name)
        this.save()
        const r = await target.writeOnce(path, bytes)
        if (r === 'exists' && !(await this.readable(path))) {
          // A damaged copy sits under this name (a cut upload); never overwrite: write again under a new name.
          if (attempt < 3) continue
        }
        this.freshNames.push(name)
        break
      }
      this.state.nextSeq = seq + 1
      this.state.pushedHlc = (chunk[chunk.length - 1] as Op).hlc
      this.state.pending = null
      this.save()
      pushed += chunk.length
    }
    if (scanned > this.state.pushedHlc) {
      this.state.pushedHlc = scanned
      this.save()
    }
    // Until pushed and safely compacted, our own ops must stay in the journal (see retainOwn).
    this.retainOwn()
    return pushed
  }

  private async readable(path: string): Promise<boolean> {
    const bytes = await this.opts.target.read(path)
    return !!bytes && unpackOpsFile(bytes, this.key).ok
  }

  private notice(name: string, message: string): void {
    if (this.noticed.has(name)) return
    this.noticed.add(name)
    this.log('warn', message)
  }

  private async pull(): Promise<{
    pulled: number
    applied: number
    waiting: string[]
    devs: string[]
  }> {
    const { target } = this.opts
    const devs = ((await target.list(DEVICES_DIR)) ?? [])
      .filter((e) => e.dir && isSyncDeviceId(e.name))
      .map((e) => e.name)
    const own = new Set(this.state.ownIds)
    // Every device's segments by sequence number, before anything is read.
    const listed = new Map<string, Map<number, string[]>>()
    for (const dev of devs) {
      const entries = (await target.list(segmentDir(dev))) ?? []
      const reader = this.state.readers[dev] ?? { contiguous: 0, applied: [] }
      const skip = new Set([...reader.applied, ...(this.state.written[dev] ?? [])])
      const bySeq = new Map<number, string[]>()
      for (const e of entries) {
        const p = parseSegmentName(e.name)
        if (!p) {
          if (!e.dir && !e.name.startsWith('.')) {
            this.notice(
              `${dev}/${e.name}`,
              looksLikeForeignCopy(e.name)
                ? `忽略了同步软件留下的副本 ${dev}/${e.name}（不会读取，也不会删除）`
                : `忽略了不认识的文件 ${dev}/${e.name}（不会读取，也不会删除）`,
            )
          }
          continue
        }
        if (skip.has(e.name)) continue
        const list = bySeq.get(p.seq) ?? []
        list.push(e.name)
        bySeq.set(p.seq, list)
      }
      listed.set(dev, bySeq)
    }
    const start = new Map<string, number>()
    for (const dev of devs) start.set(dev, this.state.readers[dev]?.contiguous ?? 0)

    const collected: Op[] = []
    const snaps = await this.readSnapshotsIfNeeded(devs, own, listed, start, collected)

    const progress: { dev: string; contiguous: number; names: string[] }[] = []
    const waiting: string[] = []
    let done = 0
    for (const dev of devs) {
      done++
      const bySeq = listed.get(dev) ?? new Map<number, string[]>()
      // Our own writes count as present for the sequence: only a clone's extra files are read in our folder.
      let contiguous = start.get(dev) ?? 0
      const ownSeqs = new Set(
        (this.state.written[dev] ?? []).map((n) => parseSegmentName(n)?.seq ?? 0),
      )
      while (ownSeqs.has(contiguous + 1) && !bySeq.has(contiguous + 1)) contiguous++
      const applied: string[] = []
      const fromSnapshot = start.get(dev) ?? 0
      const snapped = fromSnapshot > (this.state.readers[dev]?.contiguous ?? 0)
      for (const seq of [...bySeq.keys()].sort((a, b) => a - b)) {
        if (snapped && seq <= fromSnapshot) {
          // Already in the snapshot just read.
          applied.push(...(bySeq.get(seq) ?? []))
          continue
        }
        if (seq > contiguous + 1) {
          waiting.push(dev)
          break
        }
        let ok = seq <= contiguous
        for (const name of bySeq.get(seq) ?? []) {
          const bytes = await target.read(joinPath(segmentDir(dev), name))
          if (!bytes) continue
          const r = unpackOpsFile(bytes, this.key)
          if (!r.ok || r.header.kefu !== 'seg') {
            this.notice(
              `${dev}/${name}#${bytes.length}`,
              `${dev}/${name} 还没有完整到达（${r.ok ? '不是分段文件' : r.detail}），稍后再读`,
            )
            continue
          }
          collected.push(...r.ops)
          applied.push(name)
          ok = true
        }
        if (!ok) {
          waiting.push(dev)
          break
        }
        if (seq === contiguous + 1) contiguous = seq
        while (ownSeqs.has(contiguous + 1) && !bySeq.has(contiguous + 1)) contiguous++
      }
      progress.push({ dev, contiguous, names: applied })
      this.opts.progress?.(0.3 + (0.5 * done) / Math.max(1, devs.length))
    }
    // Devices known only through a snapshot (all their segments compacted away) move on too.
    for (const [dev, c] of start)
      if (!devs.includes(dev)) progress.push({ dev, contiguous: c, names: [] })
    const applied = await this.applyReceived(collected)
    // Only now that the store has the ops (journalled) does the reader move on.
    for (const p of progress) {
      const r = (this.state.readers[p.dev] ??= { contiguous: 0, applied: [] })
      r.contiguous = Math.max(r.contiguous, p.contiguous)
      r.applied.push(...p.names)
    }
    for (const name of snaps)
      if (!this.state.snapshotsApplied.includes(name)) this.state.snapshotsApplied.push(name)
    if (collected.length > 0 || snaps.length > 0 || progress.some((p) => p.names.length > 0))
      this.save()
    return { pulled: collected.length, applied, waiting, devs }
  }

  /**
   * Reads snapshots when segments alone cannot carry this PC forward. Each new snapshot's
   * header (what it covers) is peeked once; the snapshot is read in full only when it holds a
   * device's segments that are no longer there to read (compacted away while this PC was away,
   * or before another PC knew of it), or when this PC has read nothing yet (a new PC starts from
   * the newest snapshot, then the later segments). Raises `start` for every device a snapshot
   * covers further; returns the snapshots done with. A half-written or foreign snapshot is not
   * read, never removed.
   */
  private async readSnapshotsIfNeeded(
    devs: string[],
    own: Set<string>,
    listed: Map<string, Map<number, string[]>>,
    start: Map<string, number>,
    collected: Op[],
  ): Promise<string[]> {
    const { target } = this.opts
    const names = ((await target.list(SNAPSHOTS_DIR)) ?? [])
      .filter((e) => !e.dir && parseSnapshotName(e.name))
      .map((e) => e.name)
    this.snapshotListing = names
    const fresh = names.filter((n) => !this.state.snapshotsApplied.includes(n))
    if (fresh.length === 0) return []
    const beyond = (covers: Record<string, number>) =>
      Object.entries(covers).filter(([dev, seq]) => !own.has(dev) && seq > (start.get(dev) ?? 0))
    // Segments cannot bring a device there when the next one is not listed.
    const missing = (covers: Record<string, number>) =>
      beyond(covers).some(([dev]) => !listed.get(dev)?.has((start.get(dev) ?? 0) + 1))
    let cold = ![...start].some(([dev, c]) => c > 0 && !own.has(dev))
    const done: string[] = []
    // Newest first: the one with the most in it, so a new PC mostly reads one file.
    for (const name of fresh.sort().reverse()) {
      let covers = this.state.snapshots[name]?.covers ?? this.headCovers.get(name)
      if (!covers) {
        covers = (await this.peekCovers(name)) ?? undefined
        if (!covers) continue
        this.headCovers.set(name, covers)
      }
      if (beyond(covers).length === 0) {
        // Holds nothing this PC lacks.
        done.push(name)
        continue
      }
      if (!cold && !missing(covers)) continue
      const bytes = await target.read(joinPath(SNAPSHOTS_DIR, name))
      if (!bytes) continue
      const r = unpackOpsFile(bytes, this.key)
      if (!r.ok || r.header.kefu !== 'snap' || !validCovers(r.header.covers)) {
        this.notice(
          `snap/${name}#${bytes.length}`,
          `快照 ${name} 还没有完整到达（${r.ok ? '内容不对' : r.detail}），稍后再读`,
        )
        continue
      }
      this.state.snapshots[name] = { dev: r.header.dev, covers: r.header.covers }
      done.push(name)
      collected.push(...r.ops)
      for (const [dev, seq] of Object.entries(r.header.covers))
        if (seq > (start.get(dev) ?? 0)) start.set(dev, seq)
      cold = false
      this.log('info', `从快照 ${name} 读入 ${r.ops.length} 条改动`)
    }
    return done
  }

  /**
   * What a snapshot covers, from its header alone (the first line, before the ops): a hint to
   * decide whether to read it; the full read checks everything. Null when not readable yet.
   */
  private async peekCovers(name: string): Promise<Record<string, number> | null> {
    const { target } = this.opts
    const path = joinPath(SNAPSHOTS_DIR, name)
    const bytes = target.readHead ? await target.readHead(path, 16_384) : await target.read(path)
    if (!bytes) return null
    const header = peekHeader(bytes, this.key)
    return header?.kefu === 'snap' && validCovers(header.covers) ? header.covers : null
  }

  private async applyReceived(received: Op[]): Promise<number> {
    const { store } = this.opts
    const authorize = this.opts.authorize ?? (() => true)
    // A PC-local entity (an unsaved draft) from an older or tampered PC is not ours to take.
    const local = new Set(this.opts.localEntities ?? ['draft'])
    if (received.some((op) => local.has(op.entity)))
      received = received.filter((op) => !local.has(op.entity))
    const retry = this.state.held.length + this.state.aside.length > 0
    if (received.length === 0 && !retry) return 0
    const all = [...this.state.aside, ...this.state.held, ...received].sort((a, b) =>
      a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0,
    )
    const aside: Op[] = []
    const future = new Map<string, Op>()
    let applied = 0
    let batch: Op[] = []
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return
      const r = await store.applyRemote(batch)
      applied += r.applied
      for (const op of r.future)
        future.set(`${op.hlc}\n${op.entity}\n${op.id}\n${op.kind}\n${op.field ?? ''}`, op)
      batch = []
    }
    for (const op of all) {
      if (authorize(op)) {
        batch.push(op)
        continue
      }
      // The author's role may be in the ops just before this one: apply those, then ask again.
      await flush()
      if (authorize(op)) batch.push(op)
      else aside.push(op)
    }
    await flush()
    const before = this.state.aside.length + this.state.held.length
    this.state.aside = dedupe(aside)
    this.state.held = [...future.values()]
    if (this.state.aside.length > 0 && this.state.aside.length !== before) {
      this.log(
        'warn',
        `有 ${this.state.aside.length} 条来自其他电脑的改动，作者没有相应权限，已暂存待管理员处理`,
      )
    }
    if (this.state.held.length > 0) {
      this.log(
        'warn',
        `有 ${this.state.held.length} 条改动的时间比本机时间晚一天以上，已暂缓应用（请检查各电脑的日期时间）`,
      )
    }
    if (retry || received.length > 0) this.save()
    return applied
  }

  /** Attachments both ways, by content name: a blob is written once and never changes. */
  private async syncBlobs(): Promise<void> {
    const dir = this.opts.blobDir
    if (!dir) return
    const { target } = this.opts
    let local: string[] = []
    try {
      local = (await fs.readdir(dir)).filter(isBlobName)
    } catch {
      // no attachments on this PC yet
    }
    const remote = ((await target.list(BLOBS_DIR)) ?? [])
      .filter((e) => !e.dir && isBlobName(e.name))
      .map((e) => e.name)
    const there = new Set(remote)
    for (const name of local) {
      if (there.has(name)) continue
      const bytes = await fs.readFile(path.join(dir, name))
      if (sha256Hex(bytes) !== name) continue
      await target.writeOnce(joinPath(BLOBS_DIR, name), this.key ? seal(this.key, bytes) : bytes)
    }
    const here = new Set(local)
    for (const name of remote) {
      if (here.has(name)) continue
      const raw = await target.read(joinPath(BLOBS_DIR, name))
      if (!raw) continue
      const bytes = isSealed(raw)
        ? this.key
          ? openSealed(this.key, raw)
          : null
        : this.key
          ? null
          : raw
      // A cut or foreign file is "not arrived yet": checked against its name, taken only when whole.
      if (!bytes || sha256Hex(bytes) !== name) continue
      await fs.mkdir(dir, { recursive: true })
      const tmp = path.join(dir, `.${name}.${randomBytes(4).toString('hex')}.tmp`)
      const fh = await fs.open(tmp, 'w')
      try {
        await fh.writeFile(bytes)
        await fh.sync()
      } finally {
        await fh.close()
      }
      await fs.rename(tmp, path.join(dir, name))
    }
  }

  private async writeAck(): Promise<void> {
    const me = this.state.deviceId
    const heads: Record<string, number> = {}
    for (const [dev, r] of Object.entries(this.state.readers)) heads[dev] = r.contiguous
    const top = this.state.nextSeq - 1
    // The announcement rides on the ack: a new own segment means a new ack.
    heads[me] = Math.max(heads[me] ?? 0, top)
    const same =
      Object.keys(heads).length === Object.keys(this.state.ackedHeads).length &&
      Object.entries(heads).every(([d, s]) => this.state.ackedHeads[d] === s)
    if (same && this.state.ackSeq > 0) {
      // A lost ack is replaced by a new one (self-healing): other PCs need the announcement.
      const acks = (await this.opts.target.list(ackDir(me))) ?? []
      if (acks.some((e) => parseAckName(e.name)?.seq === this.state.ackSeq)) return
      this.log('warn', '本机最新的确认文件在同步位置里不见了，已重新写入')
    } else if (same) return
    else if (
      heads[me] === this.state.ackedHeads[me] &&
      this.now() - this.lastAckAt < (this.opts.ackEveryMs ?? 0)
    )
      return
    const seq = this.state.ackSeq + 1
    const ack: Ack = {
      kind: 'kefu-sync-ack',
      dev: me,
      seq,
      at: new Date(this.now()).toISOString(),
      heads,
      top,
    }
    if (this.opts.deviceName) ack.name = this.opts.deviceName
    const r = await this.opts.target.writeOnce(
      joinPath(ackDir(me), ackName(seq)),
      Buffer.from(JSON.stringify(ack), 'utf8'),
    )
    this.state.ackSeq = seq
    this.lastAckAt = this.now()
    if (r === 'written') this.state.ackedHeads = heads
    this.save()
    // Only the newest acknowledgement counts; older ones of ours go (never anyone else's).
    if (seq > 3) await this.opts.target.remove(joinPath(ackDir(me), ackName(seq - 3)))
  }

  /**
   * Compaction (DESIGN §5): once enough of this PC's segments are in no snapshot, write one;
   * then remove this PC's own segments that a snapshot of ours holds and every active PC has
   * acknowledged. Never another PC's file; never a segment no snapshot holds.
   */
  private async compact(): Promise<void> {
    const after = this.opts.compactAfterSegments ?? COMPACT_AFTER_SEGMENTS
    if (after <= 0) return
    const { target } = this.opts
    const me = this.state.deviceId
    const mine = new Set(this.state.written[me] ?? [])
    const segs = ((await target.list(segmentDir(me))) ?? [])
      .filter((e) => mine.has(e.name))
      .map((e) => ({ name: e.name, seq: parseSegmentName(e.name)?.seq ?? 0 }))
    if (segs.length === 0) return
    const present = new Set(this.snapshotListing)
    let covered = 0
    for (const [name, s] of Object.entries(this.state.snapshots))
      if (present.has(name)) covered = Math.max(covered, s.covers[me] ?? 0)
    if (segs.filter((s) => s.seq > covered).length >= after) {
      const written = await this.writeSnapshot()
      if (written) covered = Math.max(covered, written.covers[me] ?? 0)
    }
    const removable = segs.filter((s) => s.seq <= covered)
    if (removable.length === 0) return
    const limit = await this.ackedByActive(me)
    // Covered by a snapshot in the space that every active PC has read past: the journal may
    // let these go, and they are never written again.
    const safe = Math.min(covered, limit)
    if (safe > (this.state.compactedTo[me] ?? 0)) {
      this.state.compactedTo[me] = safe
      const metas = this.state.segs[me] ?? {}
      for (const seq of Object.keys(metas)) if (Number(seq) <= safe) delete metas[seq]
      this.save()
    }
    let removed = 0
    for (const s of removable) {
      if (s.seq > limit) continue
      await target.remove(joinPath(segmentDir(me), s.name))
      removed++
    }
    if (removed > 0)
      this.log('info', `已压缩：删除本机 ${removed} 个已进快照、各电脑都已读过的分段`)
  }

  /** The highest of our segment seqs every active PC has acknowledged. */
  private async ackedByActive(me: string): Promise<number> {
    const window = this.opts.activeWindowMs ?? ACTIVE_WINDOW_MS
    const now = this.now()
    let limit = Number.MAX_SAFE_INTEGER
    for (const [dev, p] of Object.entries(this.state.peers)) {
      if (this.state.ownIds.includes(dev)) continue
      if (now - p.changedAt > window) continue
      limit = Math.min(limit, p.heads[me] ?? 0)
    }
    return limit
  }

  /** Reads other PCs' newest acks (at most every few minutes unless compaction needs them now). */
  /**
   * Reads other PCs' newest acks. Returns, for each ack written since the last look, how far
   * this PC's clock seems ahead of its writer's (negative: behind; 0: consistent).
   */
  private async refreshPeers(force: boolean): Promise<number[]> {
    const now = this.now()
    const stamps: number[] = []
    if (!force && now - this.peersCheckedAt < 10 * 60_000) return stamps
    const since = this.peersCheckedAt
    this.peersCheckedAt = now
    const { target } = this.opts
    const devs = ((await target.list(DEVICES_DIR)) ?? [])
      .filter((e) => e.dir && isSyncDeviceId(e.name) && !this.state.ownIds.includes(e.name))
      .map((e) => e.name)
    let changed = false
    for (const dev of devs) {
      const seqs = ((await target.list(ackDir(dev))) ?? [])
        .map((e) => parseAckName(e.name)?.seq ?? 0)
        .sort((a, b) => b - a)
      const known = this.state.peers[dev]
      let ack: Ack | null = null
      for (const seq of seqs) {
        if (known && known.top !== undefined && seq <= known.ackSeq) break
        const bytes = await target.read(joinPath(ackDir(dev), ackName(seq)))
        if (!bytes) continue
        try {
          const parsed = ackSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')))
          if (parsed.success && parsed.data.dev === dev) {
            ack = parsed.data
            break
          }
        } catch {
          // a cut ack is "not arrived yet"; an older one still tells something
        }
      }
      if (ack && (!known || known.ackSeq !== ack.seq) && since > 0) {
        // Written since our last look: its stamp tells that PC's clock.
        // Written between our last look and now, if the clocks agree: how far outside that it falls.
        const at = Date.parse(ack.at)
        if (Number.isFinite(at)) stamps.push(at > now ? -(at - now) : at < since ? since - at : 0)
      }
      if (ack) {
        this.state.peers[dev] = {
          ackSeq: ack.seq,
          heads: ack.heads,
          ...(ack.name ? { name: ack.name } : {}),
          changedAt: known && known.ackSeq === ack.seq ? known.changedAt : now,
          // Older writers announce their own folder in heads only.
          top: ack.top ?? ack.heads[dev] ?? 0,
          at: ack.at,
        }
        changed = true
      } else if (!known) {
        // A PC seen for the first time gets a whole window to acknowledge.
        this.state.peers[dev] = { ackSeq: 0, heads: {}, changedAt: now }
        changed = true
      }
    }
    if (changed) this.save()
    return stamps
  }

  /**
   * A snapshot of everything the space holds that this PC can read: every readable snapshot,
   * then each device's segments after it as far as they run without a gap, compacted. Written
   * once under a content name; our own older snapshots it holds everything of are removed.
   */
  private async writeSnapshot(): Promise<{ name: string; covers: Record<string, number> } | null> {
    const { target } = this.opts
    const me = this.state.deviceId
    const all: Op[] = []
    const covers: Record<string, number> = {}
    const used: string[] = []
    for (const name of this.snapshotListing) {
      const bytes = await target.read(joinPath(SNAPSHOTS_DIR, name))
      if (!bytes) continue
      const r = unpackOpsFile(bytes, this.key)
      if (!r.ok || r.header.kefu !== 'snap' || !validCovers(r.header.covers)) continue
      this.state.snapshots[name] = { dev: r.header.dev, covers: r.header.covers }
      for (const op of r.ops) all.push(op)
      for (const [dev, seq] of Object.entries(r.header.covers))
        covers[dev] = Math.max(covers[dev] ?? 0, seq)
      used.push(name)
    }
    const devs = ((await target.list(DEVICES_DIR)) ?? [])
      .filter((e) => e.dir && isSyncDeviceId(e.name))
      .map((e) => e.name)
    for (const dev of devs) {
      const bySeq = new Map<number, string[]>()
      for (const e of (await target.list(segmentDir(dev))) ?? []) {
        const p = parseSegmentName(e.name)
        if (p) bySeq.set(p.seq, [...(bySeq.get(p.seq) ?? []), e.name])
      }
      let c = covers[dev] ?? 0
      for (;;) {
        let got = false
        for (const name of bySeq.get(c + 1) ?? []) {
          const bytes = await target.read(joinPath(segmentDir(dev), name))
          const r = bytes ? unpackOpsFile(bytes, this.key) : null
          if (!r?.ok || r.header.kefu !== 'seg') continue
          for (const op of r.ops) all.push(op)
          got = true
          break
        }
        if (!got) break
        c++
      }
      if (c > 0) covers[dev] = c
    }
    if (used.some((n) => coversAll(this.state.snapshots[n]?.covers ?? {}, covers))) return null
    const ops = compactOps(all)
    const { bytes, nameHash } = packOpsFile(
      { kefu: 'snap', dev: me, seq: 0, covers },
      ops,
      this.key,
    )
    const name = snapshotName(formatHlc(this.now(), 0, me), me, nameHash)
    await target.writeOnce(joinPath(SNAPSHOTS_DIR, name), bytes)
    this.state.snapshots[name] = { dev: me, covers }
    this.state.snapshotsApplied.push(name)
    this.snapshotListing.push(name)
    this.log('info', `已写入快照 ${name}（${all.length} 条改动压缩为 ${ops.length} 条）`)
    // Our own older snapshots hold nothing the new one lacks.
    for (const old of used) {
      const s = this.state.snapshots[old]
      if (!s || !this.state.ownIds.includes(s.dev) || !coversAll(covers, s.covers)) continue
      await target.remove(joinPath(SNAPSHOTS_DIR, old))
      this.snapshotListing = this.snapshotListing.filter((n) => n !== old)
    }
    this.save()
    return { name, covers }
  }
}

function validCovers(c: unknown): c is Record<string, number> {
  return (
    typeof c === 'object' &&
    c !== null &&
    !Array.isArray(c) &&
    Object.values(c).every((v) => Number.isSafeInteger(v) && (v as number) >= 0)
  )
}

function dedupe(ops: Op[]): Op[] {
  const seen = new Set<string>()
  const out: Op[] = []
  for (const op of ops) {
    const k = JSON.stringify(op)
    if (seen.has(k)) continue
    seen.add(k)
    out.push(op)
  }
  return out
}
