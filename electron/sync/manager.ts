import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type {
  SyncAsideOp,
  SyncConflict,
  SyncLogEntry,
  SyncRoundSummary,
  SyncState,
  SyncStatusView,
  SyncTestResult,
} from '../../shared/api/sync'
import type { EventMap } from '../../shared/api/events'
import { materialize, stateHash } from '../../shared/data/merge'
import type { Doc, Op } from '../../shared/data/ops'
import { checkFormat, PROTOCOL_VERSION } from '../../shared/sync/format'
import {
  FORMAT_FILE,
  DEVICES_DIR,
  SNAPSHOTS_DIR,
  BLOBS_DIR,
  deviceDir,
} from '../../shared/sync/names'
import { DEFAULT_SCHEDULE, nextRoundDelay, type Schedule } from '../../shared/sync/backoff'
import { AppError, ErrorCode } from '../../shared/errors'
import type { SafeStorageAdapter } from '../adapters/types'
import { unlock } from './crypto'
import {
  CLOCK_WARN_MS,
  SyncEngine,
  type Authorize,
  type LogEntry,
  type RoundResult,
  type SyncStore,
} from './engine'
import { FolderTarget } from './folder-target'
import { isTargetError, type Target } from './target'
import { WEBDAV_ACK_EVERY_MS, WEBDAV_SCHEDULE, WebDavTarget } from './webdav-target'

/** Five minutes: beyond this a target's clock is reported as wrong (the HLC copes, people should know). */
export const MAX_TARGET_SKEW_MS = 5 * 60_000

export type TargetConfig =
  | { type: 'folder'; path: string }
  | { type: 'webdav'; url: string; user: string; password?: string }

const sealedSecret = z.object({ protected: z.boolean(), value: z.string() })
const configSchema = z.object({
  v: z.literal(1),
  enabled: z.boolean(),
  target: z.discriminatedUnion('type', [
    z.object({ type: z.literal('folder'), path: z.string() }),
    z.object({
      type: z.literal('webdav'),
      url: z.string(),
      user: z.string(),
      password: sealedSecret.optional(),
    }),
  ]),
  passphrase: sealedSecret.optional(),
  /** May this PC create the space when the folder is empty (it was set up here, not joined)? */
  allowCreate: z.boolean(),
  encrypt: z.boolean().default(false),
  joined: z.boolean().default(false),
})
type SyncConfig = z.infer<typeof configSchema>

export interface SyncStoreFull extends SyncStore {
  subscribe(listener: (c: { entities: string[] }) => void): () => void
  get(entity: string, id: string): Doc | undefined
  all(entity: string): Iterable<Doc>
  /** Entities the store holds docs of (for the state fingerprint). */
  entityNames?(): string[]
}

/** Entities that never leave this PC: not part of the shop's shared state. */
const LOCAL_ENTITIES = new Set(['draft'])

/**
 * A hash over the canonical state of every shared entity (DESIGN §4 stateHash): two PCs that
 * have applied the same ops show the same fingerprint, so they can be compared at a glance.
 */
export function stateFingerprint(store: SyncStoreFull): { fingerprint: string; docs: number } {
  const docs: Doc[] = []
  for (const entity of [...(store.entityNames?.() ?? [])].sort()) {
    if (LOCAL_ENTITIES.has(entity)) continue
    for (const d of store.all(entity)) docs.push(d)
  }
  return { fingerprint: stateHash(docs).slice(0, 16), docs: docs.length }
}

export interface SyncManagerOptions {
  dataDir: string
  deviceId: string
  deviceName: () => string
  store: SyncStoreFull
  safeStorage: SafeStorageAdapter
  emit: (payload: EventMap['sync.status']) => void
  authorize?: Authorize
  renewDeviceId?: () => string
  schedule?: Schedule
  /** Entities whose long-text conflicts are listed for a supervisor. */
  conflictEntities?: string[]
  /** This PC's clock (tests). */
  now?: () => number
  /** Tests only: wraps the target the engine writes through (the fault harness). */
  wrapTarget?: (t: Target) => Target
}

/**
 * Tests only (the fault harness, test/sync/faults/): set before a core starts, never by the
 * app. Wraps the target every engine writes through, and replaces the round schedule.
 */
export const syncTestHooks: {
  wrapTarget?: (t: Target, dataDir: string) => Target
  schedule?: Schedule
} = {}

/** Other PCs' stamps can arrive late through a cloud drive: only a large difference is told. */
const PEER_CLOCK_WARN_MS = 60 * 60_000

/** How long a missing segment or an unreadable announcement may last before the warning shows. */
export const INCOMPLETE_WARN_MS = 2 * 60_000

function makeTarget(t: TargetConfig): Target {
  return t.type === 'folder'
    ? new FolderTarget(t.path)
    : new WebDavTarget({ url: t.url, user: t.user, password: t.password ?? '' })
}

/** Whether this data folder joined a sync space (for people.status's joinedSpace). */
export function hasJoinedSpace(dataDir: string): boolean {
  try {
    const c = configSchema.safeParse(
      JSON.parse(fs.readFileSync(path.join(dataDir, 'sync', 'config.json'), 'utf8')),
    )
    return c.success && c.data.joined
  } catch {
    return false
  }
}

/** Tests a target without saving anything, and says in plain zh-CN what is wrong. */
export async function testTarget(
  target: Target,
  passphrase: string | undefined,
  probeDev: string,
): Promise<SyncTestResult> {
  const fail = (
    problem: SyncTestResult['problem'],
    message: string,
    extra: Partial<SyncTestResult> = {},
  ): SyncTestResult => ({
    ok: false,
    space: null,
    encrypted: false,
    problem,
    message,
    clockSkewMs: null,
    ...extra,
  })
  try {
    const root = await target.list('')
    if (root === null)
      return fail(
        'unreachable',
        `连不上同步位置：${target.label} 不存在或没有连接。请检查共享盘、U 盘或网络。`,
      )
    const bytes = await target.read(FORMAT_FILE)
    let space: 'new' | 'existing' = 'existing'
    let encrypted = false
    if (!bytes) {
      const names = root.map((e) => e.name)
      if (names.some((n) => n === DEVICES_DIR || n === SNAPSHOTS_DIR || n === BLOBS_DIR)) {
        return fail(
          'format_missing',
          '这里有同步文件，但缺少 format.json：可能被误删。请管理员检查，不要在这里新建空间。',
        )
      }
      if (names.some((n) => !/^(\.|desktop\.ini$|thumbs\.db$)/i.test(n))) {
        return fail(
          'not_a_space',
          '这个位置不是空的，也不是客服工作台的同步空间。请换一个空文件夹，或选已有的同步空间。',
        )
      }
      space = 'new'
    } else {
      const check = checkFormat(Buffer.from(bytes).toString('utf8'))
      if (!check.ok) {
        return check.reason === 'newer'
          ? fail(
              'update_needed',
              `这个同步空间来自更新的版本（协议第 ${check.protocol} 版，本软件支持第 ${PROTOCOL_VERSION} 版）：请先升级客服工作台。`,
            )
          : fail('invalid_format', 'format.json 内容无法识别：这里可能不是客服工作台的同步空间。')
      }
      if (check.format.encryption) {
        encrypted = true
        if (!passphrase)
          return fail('needs_passphrase', '这个同步空间已加密，请填写店铺同步口令。', {
            space,
            encrypted,
          })
        if (!(await unlock(passphrase, check.format.encryption))) {
          return fail('wrong_passphrase', '同步口令不对（不是数据损坏）：请向店长确认口令。', {
            space,
            encrypted,
          })
        }
      }
    }
    const skew = await target.clockSkew(deviceDir(probeDev))
    if (skew !== null && Math.abs(skew) > MAX_TARGET_SKEW_MS) {
      const min = Math.round(Math.abs(skew) / 60_000)
      return fail(
        'clock_skew',
        `同步位置的时钟和本机相差约 ${min} 分钟（超过 5 分钟）：请校准本机或服务器的日期时间后再试。`,
        {
          space,
          encrypted,
          clockSkewMs: skew,
        },
      )
    }
    return {
      ok: true,
      space,
      encrypted,
      problem: null,
      message:
        space === 'new'
          ? '连接正常：这是一个空文件夹，保存后会在这里新建同步空间。'
          : `连接正常：找到了客服工作台的同步空间${encrypted ? '（已加密）' : ''}。`,
      clockSkewMs: skew,
    }
  } catch (e) {
    if (!isTargetError(e)) throw e
    const problem =
      e.kind === 'auth'
        ? 'auth_failed'
        : e.kind === 'forbidden'
          ? 'forbidden'
          : e.kind === 'locked'
            ? 'locked'
            : 'unreachable'
    return fail(problem, e.message)
  }
}

/**
 * One sync loop for the configured target (DESIGN §5): on change after a debounce, on an
 * interval, with backoff while unreachable. Emits sync.status, keeps the sync log.
 */
export class SyncManager {
  private config: SyncConfig | null = null
  private engine: SyncEngine | null = null
  private timer: NodeJS.Timeout | null = null
  private running: Promise<SyncRoundSummary> | null = null
  private failures = 0
  private pendingChange = false
  private stopped = false
  private unsubscribe: (() => void) | null = null
  private status: EventMap['sync.status'] = { state: 'off' }
  private lastSyncAt: string | null = null
  private logEntries: SyncLogEntry[] = []
  private lastOk: Extract<RoundResult, { status: 'ok' }> | null = null
  /** Since when (this PC's clock) each device's announcement has been unreadable. */
  private unknownSince = new Map<string, number>()
  private readonly dir: string
  private readonly fixedSchedule: Schedule | null
  /** The loop's timing: a WebDAV server's requests are counted and limited (WEBDAV_SCHEDULE). */
  private get schedule(): Schedule {
    if (this.fixedSchedule) return this.fixedSchedule
    return this.config?.target.type === 'webdav' ? WEBDAV_SCHEDULE : DEFAULT_SCHEDULE
  }

  constructor(private readonly opts: SyncManagerOptions) {
    this.dir = path.join(opts.dataDir, 'sync')
    this.fixedSchedule = opts.schedule ?? syncTestHooks.schedule ?? null
    this.config = this.readConfig()
    this.loadLog()
    if (this.config?.enabled) this.start()
  }

  // ------------------------------------------------------------ config and secrets

  private readConfig(): SyncConfig | null {
    try {
      const parsed = configSchema.safeParse(
        JSON.parse(fs.readFileSync(path.join(this.dir, 'config.json'), 'utf8')),
      )
      return parsed.success ? parsed.data : null
    } catch {
      return null
    }
  }

  private writeConfig(c: SyncConfig | null): void {
    fs.mkdirSync(this.dir, { recursive: true })
    const file = path.join(this.dir, 'config.json')
    if (!c) {
      fs.rmSync(file, { force: true })
      return
    }
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`
    fs.writeFileSync(tmp, JSON.stringify(c, null, 2), { mode: 0o600 })
    fs.renameSync(tmp, file)
    this.config = c
  }

  private seal(secret: string): { protected: boolean; value: string } {
    const ss = this.opts.safeStorage
    // Without OS-protected storage the secret is kept as is (readable by anyone who can open this
    // PC's files), because background sync must run after a restart; Settings says so plainly.
    return ss.isAvailable()
      ? { protected: true, value: ss.encrypt(secret) }
      : { protected: false, value: secret }
  }

  private unseal(s: { protected: boolean; value: string } | undefined): string | undefined {
    if (!s) return undefined
    if (!s.protected) return s.value
    try {
      return this.opts.safeStorage.decrypt(s.value)
    } catch {
      return undefined
    }
  }

  private targetConfig(): TargetConfig | null {
    const t = this.config?.target
    if (!t) return null
    return t.type === 'folder'
      ? t
      : { type: 'webdav', url: t.url, user: t.user, password: this.unseal(t.password) ?? '' }
  }

  // ------------------------------------------------------------ log and status

  private logFile(): string {
    return path.join(this.dir, 'log.jsonl')
  }

  private loadLog(): void {
    try {
      const lines = fs.readFileSync(this.logFile(), 'utf8').split('\n').filter(Boolean).slice(-200)
      this.logEntries = lines.flatMap((l) => {
        try {
          return [JSON.parse(l) as SyncLogEntry]
        } catch {
          return []
        }
      })
    } catch {
      this.logEntries = []
    }
  }

  log(level: LogEntry['level'], message: string): void {
    const entry: SyncLogEntry = { at: new Date().toISOString(), level, message }
    const last = this.logEntries[this.logEntries.length - 1]
    // A target that stays offline says so once, not every retry.
    if (last && last.message === message && last.level === level) return
    this.logEntries.push(entry)
    if (this.logEntries.length > 200) this.logEntries.splice(0, this.logEntries.length - 200)
    try {
      fs.mkdirSync(this.dir, { recursive: true })
      const file = this.logFile()
      const size = fs.existsSync(file) ? fs.statSync(file).size : 0
      if (size > 512 * 1024)
        fs.writeFileSync(file, this.logEntries.map((e) => JSON.stringify(e)).join('\n') + '\n')
      else fs.appendFileSync(file, JSON.stringify(entry) + '\n')
    } catch {
      // the log is a convenience; sync goes on without it
    }
  }

  private setStatus(s: EventMap['sync.status']): void {
    this.status = s
    this.opts.emit(s)
  }

  // ------------------------------------------------------------ the loop

  private buildEngine(allowCreateOverride?: boolean): SyncEngine | null {
    const t = this.targetConfig()
    if (!t || !this.config) return null
    const target = makeTarget(t)
    return new SyncEngine({
      target: this.opts.wrapTarget
        ? this.opts.wrapTarget(target)
        : syncTestHooks.wrapTarget
          ? syncTestHooks.wrapTarget(target, this.opts.dataDir)
          : target,
      now: this.opts.now,
      store: this.opts.store,
      stateFile: path.join(this.dir, 'state.json'),
      deviceId: this.opts.deviceId,
      deviceName: this.opts.deviceName(),
      passphrase: this.unseal(this.config.passphrase) ?? null,
      allowCreate: allowCreateOverride ?? this.config.allowCreate,
      encryptNew: this.config.encrypt,
      authorize: this.opts.authorize,
      renewDeviceId: this.opts.renewDeviceId,
      blobDir: path.join(this.opts.dataDir, 'blobs'),
      ...(t.type === 'webdav' ? { ackEveryMs: WEBDAV_ACK_EVERY_MS } : {}),
      log: (e) => this.log(e.level, e.message),
      progress: (p) => this.setStatus({ state: 'syncing', progress: Math.round(p * 100) / 100 }),
    })
  }

  private start(kick = true): void {
    this.stopped = false
    this.engine = this.buildEngine()
    if (!this.engine) return
    this.unsubscribe?.()
    this.unsubscribe = this.opts.store.subscribe(() => {
      this.pendingChange = true
      if (!this.running) this.schedule_(this.schedule.debounceMs)
    })
    if (kick) this.schedule_(0)
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.unsubscribe?.()
    this.unsubscribe = null
  }

  /** Stops the loop and waits for a round in progress, so the store can close under it. */
  async close(): Promise<void> {
    this.stop()
    await this.running?.catch(() => undefined)
  }

  private schedule_(ms: number): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.runRound().catch(() => undefined)
    }, ms)
    this.timer.unref?.()
  }

  /** Runs a round now (or joins the one running) and reschedules the loop. */
  runRound(): Promise<SyncRoundSummary> {
    if (this.running) return this.running
    const p = this.doRound().finally(() => {
      this.running = null
    })
    this.running = p
    return p
  }

  private async doRound(): Promise<SyncRoundSummary> {
    if (!this.engine)
      return { state: 'off', message: '未设置同步', pushed: 0, pulled: 0, applied: 0 }
    this.pendingChange = false
    this.setStatus({ state: 'syncing', progress: 0 })
    let res: RoundResult
    try {
      res = await this.engine.round()
    } catch (e) {
      const msg = e instanceof AppError ? e.message : `同步出错：${(e as Error).message}`
      res = { status: 'offline', message: msg }
    }
    const summary = this.afterRound(res)
    if (res.status !== 'stopped') {
      this.schedule_(
        nextRoundDelay(
          { ok: res.status === 'ok', failures: this.failures, pendingChange: this.pendingChange },
          this.schedule,
          Math.random(),
        ),
      )
    }
    return summary
  }

  private afterRound(res: RoundResult): SyncRoundSummary {
    if (res.status === 'ok') {
      this.failures = 0
      this.lastOk = res
      this.lastSyncAt = new Date().toISOString()
      const verdict = this.verdict(res)
      const notes: string[] = []
      if (res.aside.length) notes.push(`${res.aside.length} 条改动待管理员处理`)
      const message = [verdict.message, ...notes].filter(Boolean).join('；')
      this.setStatus(
        message
          ? { state: verdict.state, at: this.lastSyncAt, message }
          : { state: verdict.state, at: this.lastSyncAt },
      )
      if (res.pushed || res.applied)
        this.log(
          'info',
          `同步完成：发送 ${res.pushed} 条，收到 ${res.pulled} 条，应用 ${res.applied} 条`,
        )
      return {
        state: verdict.state,
        message: message || '已是最新',
        pushed: res.pushed,
        pulled: res.pulled,
        applied: res.applied,
      }
    }
    if (res.status === 'offline') {
      this.failures++
      this.setStatus({ state: 'offline', message: res.message })
      this.log('warn', res.message)
      return { state: 'offline', message: res.message, pushed: 0, pulled: 0, applied: 0 }
    }
    // Stopped: a person must look (auth, space changed, format missing, passphrase, update).
    this.failures++
    this.setStatus({ state: 'error', message: res.message })
    this.log('error', res.message)
    return { state: 'error', message: res.message, pushed: 0, pulled: 0, applied: 0 }
  }

  /**
   * Honest status (DESIGN §5): 已同步 only when the round found everything announced applied.
   * Held-back ops warn at once, naming the PC; a missing segment or an unreadable announcement
   * shows as "waiting" and, after two minutes, as 同步不完整 naming the PC.
   */
  private verdict(res: Extract<RoundResult, { status: 'ok' }>): {
    state: SyncState
    message: string
  } {
    const now = (this.opts.now ?? Date.now)()
    for (const u of res.unknown)
      if (!this.unknownSince.has(u.dev)) this.unknownSince.set(u.dev, now)
    for (const dev of [...this.unknownSince.keys()])
      if (!res.unknown.some((u) => u.dev === dev)) this.unknownSince.delete(dev)
    const parts: string[] = []
    const c = res.clock
    const human = (ms: number): string => {
      const m = Math.round(Math.abs(ms) / 60_000)
      return m >= 2880
        ? `${Math.round(m / 1440)} 天`
        : m >= 120
          ? `${Math.round(m / 60)} 小时`
          : `${m} 分钟`
    }
    if (c.behindTargetMs !== null && Math.abs(c.behindTargetMs) > CLOCK_WARN_MS)
      parts.push(
        `本机时钟比同步位置${c.behindTargetMs > 0 ? '慢' : '快'}约 ${human(c.behindTargetMs)}，请校准本机日期时间`,
      )
    // Other PCs' stamps only when the target cannot tell: with two PCs, either may be the wrong one.
    else if (
      c.behindTargetMs === null &&
      c.aheadOfPeersMs !== null &&
      Math.abs(c.aheadOfPeersMs) > PEER_CLOCK_WARN_MS
    )
      parts.push(
        `本机时钟比其他电脑${c.aheadOfPeersMs > 0 ? '快' : '慢'}约 ${human(c.aheadOfPeersMs)}，请校准本机日期时间`,
      )
    if (c.stampAheadMs > CLOCK_WARN_MS)
      parts.push(
        `本机的时间戳仍比现在超前约 ${human(c.stampAheadMs)}（时钟曾被拨快）：超前一天以上的改动会被其他电脑暂缓，请管理员在各电脑“设置 → 同步”中查看并接受`,
      )
    if (res.complete && parts.length === 0) return { state: 'upToDate', message: '' }
    for (const h of res.heldBy)
      parts.push(
        `「${h.name ?? h.dev}」的 ${h.count} 条改动时间比本机超前一天以上，已暂缓（请检查那台电脑的日期时间）`,
      )
    if (res.ownMissing.length)
      parts.push(`本机有 ${res.ownMissing.length} 个分段在同步位置里丢失且无法重建`)
    const waits = [
      ...res.missing.map((m) => ({ name: m.name ?? m.dev, since: m.since })),
      ...res.unknown.map((u) => ({
        name: u.name ?? u.dev,
        since: this.unknownSince.get(u.dev) ?? now,
      })),
    ]
    const longWaits = waits.filter((w) => now - w.since >= INCOMPLETE_WARN_MS)
    if (longWaits.length)
      parts.push(`等待${longWaits.map((w) => `「${w.name}」`).join('、')}的数据…`)
    if (parts.length) return { state: 'incomplete', message: parts.join('；') }
    return {
      state: 'syncing',
      message: `正在等待${waits.map((w) => `「${w.name}」`).join('、')}的数据`,
    }
  }

  // ------------------------------------------------------------ the service's methods

  statusView(): SyncStatusView {
    const t = this.config?.target ?? null
    return {
      configured: !!this.config?.enabled,
      target: t
        ? t.type === 'folder'
          ? { type: 'folder', path: t.path }
          : { type: 'webdav', url: t.url, user: t.user }
        : null,
      state: (this.config?.enabled ? this.status.state : 'off') as SyncState,
      message: this.status.message ?? null,
      lastSyncAt: this.lastSyncAt,
      deviceId: this.engine?.deviceId ?? this.opts.deviceId,
      spaceId: this.engine?.spaceId ?? null,
      encrypted: !!this.config?.passphrase,
      secretStorage: this.opts.safeStorage.isAvailable() ? 'os' : 'plainFile',
      heldBack: this.engine?.held.length ?? 0,
      keptAside: this.engine?.aside.length ?? 0,
      silentDevices: (this.engine?.silentDevices ?? []).map((d) => ({
        deviceId: d.dev,
        name: d.name,
        lastSeenAt: new Date(d.lastSeen).toISOString(),
      })),
      gaps: (this.lastOk?.missing ?? []).map((m) => ({
        deviceId: m.dev,
        name: m.name,
        seq: m.seq,
        since: new Date(m.since).toISOString(),
      })),
      unknownDevices: (this.lastOk?.unknown ?? []).map((u) => ({
        deviceId: u.dev,
        name: u.name,
      })),
      heldBy: (this.lastOk?.heldBy ?? []).map((h) => ({
        deviceId: h.dev,
        name: h.name,
        count: h.count,
      })),
      ownMissing: this.lastOk?.ownMissing ?? [],
    }
  }

  private resolveTarget(t: TargetConfig): TargetConfig {
    // Saving again without retyping the password keeps the stored one.
    if (t.type === 'webdav' && t.password === undefined) {
      const cur = this.targetConfig()
      if (cur?.type === 'webdav' && cur.url === t.url && cur.user === t.user)
        return { ...t, password: cur.password }
    }
    return t
  }

  test(t: TargetConfig, passphrase?: string): Promise<SyncTestResult> {
    return testTarget(
      makeTarget(this.resolveTarget(t)),
      passphrase ?? this.unseal(this.config?.passphrase),
      this.opts.deviceId,
    )
  }

  private async save(
    t: TargetConfig,
    passphrase: string | undefined,
    extra: { allowCreate: boolean; encrypt: boolean; joined: boolean },
  ): Promise<void> {
    const target = this.resolveTarget(t)
    this.stop()
    const sameSpace =
      JSON.stringify(this.config?.target ?? null) ===
      JSON.stringify(target.type === 'webdav' ? { ...target, password: undefined } : target)
    if (!sameSpace) {
      // A new target is a new space: what this PC read from the old one does not carry over.
      const state = path.join(this.dir, 'state.json')
      if (fs.existsSync(state))
        fs.renameSync(state, path.join(this.dir, `state.${Date.now()}.old.json`))
    }
    const pass = passphrase ?? this.unseal(this.config?.passphrase)
    this.writeConfig({
      v: 1,
      enabled: true,
      target:
        target.type === 'folder'
          ? target
          : {
              type: 'webdav',
              url: target.url,
              user: target.user,
              password: target.password ? this.seal(target.password) : undefined,
            },
      passphrase: pass ? this.seal(pass) : undefined,
      ...extra,
    })
    this.log('info', `已设置同步位置：${target.type === 'folder' ? target.path : target.url}`)
  }

  async configure(
    t: TargetConfig,
    passphrase: string | undefined,
    encrypt: boolean,
  ): Promise<SyncStatusView> {
    const test = await this.test(t, passphrase)
    if (!test.ok && test.problem !== 'clock_skew') throw new AppError('sync_target', test.message)
    if (encrypt && !passphrase && test.space === 'new')
      throw new AppError(ErrorCode.invalidInput, '要加密新的同步空间，请填写同步口令。', {
        passphrase: '请填写同步口令',
      })
    await this.save(t, passphrase, {
      allowCreate: true,
      encrypt,
      joined: this.config?.joined ?? false,
    })
    this.start(false)
    await this.runRound()
    return this.statusView()
  }

  async disable(): Promise<SyncStatusView> {
    this.stop()
    if (this.config) this.writeConfig({ ...this.config, enabled: false })
    this.engine = null
    this.setStatus({ state: 'off' })
    this.log('info', '已关闭同步')
    return this.statusView()
  }

  /**
   * First start: joins an existing space and pulls everything (people, shop settings, orders)
   * in one round, so the person signs in with the PIN they already have.
   */
  async join(
    t: TargetConfig,
    passphrase: string | undefined,
    countPeople: () => number,
  ): Promise<{ people: number; spaceId: string }> {
    const test = await this.test(t, passphrase)
    if (!test.ok && test.problem !== 'clock_skew') throw new AppError('sync_target', test.message)
    if (test.space !== 'existing') {
      throw new AppError(
        'sync_no_space',
        '这里还没有同步空间：请先在已在使用的电脑上设置同步，再从这台电脑加入。',
      )
    }
    await this.save(t, passphrase, { allowCreate: false, encrypt: false, joined: true })
    this.start(false)
    const summary = await this.runRound()
    // Joined once the round went through; a PC still waited on shows in the status, not here.
    if (summary.state === 'offline' || summary.state === 'error' || summary.state === 'off')
      throw new AppError('sync_join_failed', `加入同步空间没有完成：${summary.message}`)
    return { people: countPeople(), spaceId: this.engine?.spaceId ?? '' }
  }

  /** An admin accepts ops held back from one PC (or all): applied as stamped (issue 13 item 9). */
  async acceptHeld(dev: string | null): Promise<{ applied: number }> {
    if (!this.engine) return { applied: 0 }
    const applied = await this.engine.acceptHeld(dev)
    await this.runRound()
    return { applied }
  }

  syncNow(): Promise<SyncRoundSummary> {
    if (!this.engine)
      return Promise.resolve({
        state: 'off',
        message: '还没有设置同步',
        pushed: 0,
        pulled: 0,
        applied: 0,
      })
    return this.runRound()
  }

  logView(): SyncLogEntry[] {
    return [...this.logEntries].reverse()
  }

  aside(): SyncAsideOp[] {
    return (this.engine?.aside ?? []).map((o: Op) => ({
      hlc: o.hlc,
      dev: o.dev,
      by: o.by,
      entity: o.entity,
      id: o.id,
      kind: o.kind,
      field: o.field ?? null,
    }))
  }

  conflicts(): SyncConflict[] {
    const out: SyncConflict[] = []
    for (const entity of this.opts.conflictEntities ?? [
      'script',
      'lesson',
      'drill',
      'exam',
      'question',
    ]) {
      for (const doc of this.opts.store.all(entity)) {
        if (!doc.conflicts || doc.deleted !== undefined) continue
        const m = materialize<Record<string, unknown>>(doc)
        const title =
          typeof m.title === 'string' ? m.title : typeof m.name === 'string' ? m.name : null
        for (const [field, versions] of Object.entries(doc.conflicts)) {
          if (versions.length < 2) continue
          out.push({
            entity,
            id: doc.id,
            field,
            title,
            versions: versions.map((v) => ({
              hlc: v.hlc,
              by: v.by,
              dev: v.dev,
              at: new Date(Number(v.hlc.slice(0, 15))).toISOString(),
              preview: (typeof v.value === 'string'
                ? v.value
                : (JSON.stringify(v.value) ?? '')
              ).slice(0, 200),
            })),
          })
        }
      }
    }
    return out
  }
}
