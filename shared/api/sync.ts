import { z } from 'zod'
import { method } from './define'

/** Sync between shop PCs through a shared folder or a WebDAV server (issue 8, DESIGN §5). */

export const syncTargetSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('folder'),
    path: z.string().trim().min(1, { error: '请填写文件夹路径' }).max(1000),
  }),
  z.object({
    type: z.literal('webdav'),
    url: z
      .string()
      .trim()
      .max(2000)
      .regex(/^https?:\/\/\S+$/i, { error: 'WebDAV 地址要以 http:// 或 https:// 开头' }),
    user: z.string().max(200).default(''),
    /** Left out when saving again: the stored password is kept. */
    password: z.string().max(500).optional(),
  }),
])
export type SyncTargetInput = z.input<typeof syncTargetSchema>

const passphrase = z.string().min(6, { error: '同步口令至少 6 个字符' }).max(200)

/**
 * 'upToDate' only when everything every device folder announces is applied here (DESIGN §5);
 * 'incomplete' when something announced has been missing for two minutes, a PC's announcement
 * cannot be read, or ops are held back: a warning naming the PC, never 已同步.
 */
export type SyncState = 'off' | 'offline' | 'syncing' | 'upToDate' | 'incomplete' | 'error'

/** Why a connection test or a round did not succeed, for the zh-CN diagnosis and the UI. */
export type SyncProblem =
  | 'unreachable'
  | 'auth_failed'
  | 'forbidden'
  | 'locked'
  | 'not_a_space'
  | 'update_needed'
  | 'format_missing'
  | 'space_changed'
  | 'invalid_format'
  | 'needs_passphrase'
  | 'wrong_passphrase'
  | 'clock_skew'
  | 'no_space'

export interface SyncTestResult {
  ok: boolean
  /** 'new': an empty folder where a space will be made; 'existing': a Kefu space. */
  space: 'new' | 'existing' | null
  encrypted: boolean
  problem: SyncProblem | null
  /** zh-CN: what is wrong and what to do, or what was found. */
  message: string
  /** How far the target's clock is from this PC's (ms), when it could tell. */
  clockSkewMs: number | null
}

export interface SyncStatusView {
  configured: boolean
  target: { type: 'folder'; path: string } | { type: 'webdav'; url: string; user: string } | null
  state: SyncState
  message: string | null
  lastSyncAt: string | null
  deviceId: string
  spaceId: string | null
  encrypted: boolean
  /** Where the WebDAV password and passphrase are kept: the OS's protected storage, or a plain file. */
  secretStorage: 'os' | 'plainFile'
  /** Ops from other PCs held back (stamped more than a day ahead). */
  heldBack: number
  /** Ops kept aside: their author lacked the permission. */
  keptAside: number
  /**
   * PCs whose acknowledgement has not moved for longer than the active window (14 days): they
   * no longer hold back compaction; when one comes back it catches up from the snapshots.
   */
  silentDevices: { deviceId: string; name: string | null; lastSeenAt: string }[]
  /** Segments other PCs announced that have not arrived here: which PC, which one, since when. */
  gaps: { deviceId: string; name: string | null; seq: number; since: string }[]
  /** Device folders whose announcement cannot be read: not counted as up to date. */
  unknownDevices: { deviceId: string; name: string | null }[]
  /** Held-back ops per PC (stamped more than a day ahead of this PC's clock). */
  heldBy: { deviceId: string; name: string | null; count: number }[]
  /** This PC's own segments missing from the space that it could not write again. */
  ownMissing: number[]
}

export interface SyncRoundSummary {
  state: SyncState
  message: string
  pushed: number
  pulled: number
  applied: number
}

export interface SyncLogEntry {
  at: string
  level: 'info' | 'warn' | 'error'
  message: string
}

export interface SyncConflict {
  entity: string
  id: string
  field: string
  /** A title to show (e.g. the script's title) when the doc has one. */
  title: string | null
  versions: { hlc: string; by: string; dev: string; at: string; preview: string }[]
}

export interface SyncAsideOp {
  hlc: string
  dev: string
  by: string
  entity: string
  id: string
  kind: string
  field: string | null
}

const empty = z.object({}).strict()

export const sync = {
  status: method<SyncStatusView>()(empty, { access: 'public' }),
  /** Tries a target without saving it: reachable, login, a space or empty, protocol, clock. */
  test: method<SyncTestResult>()(
    z.object({ target: syncTargetSchema, passphrase: passphrase.optional() }).strict(),
    { access: 'public' },
  ),
  /** Saves the target (after a test) and starts background sync. */
  configure: method<SyncStatusView>()(
    z
      .object({
        target: syncTargetSchema,
        passphrase: passphrase.optional(),
        /** Encrypt a space created here with the passphrase. */
        encrypt: z.boolean().default(false),
      })
      .strict(),
    { access: 'perm:sync.configure' },
  ),
  disable: method<SyncStatusView>()(empty, { access: 'perm:sync.configure' }),
  syncNow: method<SyncRoundSummary>()(empty, { access: 'signedIn' }),
  log: method<SyncLogEntry[]>()(empty, { access: 'signedIn' }),
  /**
   * A hash over this PC's whole shared state (every entity but drafts): PCs that hold the same
   * data show the same fingerprint, so they can be compared at a glance.
   */
  fingerprint: method<{ fingerprint: string; docs: number }>()(empty, { access: 'signedIn' }),
  conflicts: method<SyncConflict[]>()(empty, { access: 'perm:settings.shop' }),
  aside: method<SyncAsideOp[]>()(empty, { access: 'perm:sync.configure' }),
  /**
   * Applies ops held back because they are stamped more than a day ahead (a PC whose clock was
   * wrong), from one PC or all, after an admin has checked them. They keep their stamps.
   */
  acceptHeld: method<{ applied: number }>()(
    z.object({ deviceId: z.string().trim().min(1).max(64).nullable() }).strict(),
    { access: 'perm:sync.configure' },
  ),
  /**
   * First start only (no person on this PC yet): connects to an existing space and pulls
   * people and shop-wide settings, so people sign in with their existing PINs.
   */
  join: method<{ people: number; spaceId: string }>()(
    z.object({ target: syncTargetSchema, passphrase: passphrase.optional() }).strict(),
    { access: 'public' },
  ),
}
