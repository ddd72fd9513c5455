/**
 * Where a sync space lives (DESIGN §5). Folder and WebDAV implement this; S3 can later. Paths
 * are relative, '/'-separated, without a leading slash ('' is the space's root).
 */
export interface Entry {
  name: string
  dir: boolean
  size?: number
}

export interface Target {
  /** For the sync log and messages, e.g. the folder path or the WebDAV URL (no password). */
  readonly label: string
  /**
   * The entries of a folder; `null` when the folder does not exist. Throws TargetError when
   * the target cannot be reached: the caller must treat that as offline, never as empty.
   */
  list(dir: string): Promise<Entry[] | null>
  /** The bytes of a file; `null` when it does not exist (yet). */
  read(path: string): Promise<Uint8Array | null>
  /** Up to the first `n` bytes of a file (to peek at a snapshot's header); `null` when missing. */
  readHead?(path: string, n: number): Promise<Uint8Array | null>
  /**
   * Writes a new file that appears whole or not at all (temp name, fsync, rename; WebDAV:
   * PUT to a temp name and MOVE without overwrite). Never replaces an existing file:
   * answers 'exists' instead. Creates missing parent folders.
   */
  writeOnce(path: string, bytes: Uint8Array): Promise<'written' | 'exists'>
  /** Removes a file this device wrote (compaction only). Missing is fine. */
  remove(path: string): Promise<void>
  /**
   * How far the target's clock is ahead of ours in ms (negative: behind), or null if it
   * cannot tell. `probeDir` is this device's own folder, where a probe may be written.
   */
  clockSkew(probeDir: string): Promise<number | null>
}

export type TargetErrorKind =
  'unreachable' | 'auth' | 'forbidden' | 'locked' | 'busy' | 'notFolder' | 'io'

/** A failure of the target, not of the data: the round stops and is retried later. */
export class TargetError extends Error {
  constructor(
    readonly kind: TargetErrorKind,
    message: string,
    readonly detail?: string,
  ) {
    super(message)
    this.name = 'TargetError'
  }
}

export function isTargetError(e: unknown): e is TargetError {
  return e instanceof TargetError
}

export function joinPath(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/')
}
