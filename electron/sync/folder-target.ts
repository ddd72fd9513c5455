import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { FORMAT_FILE } from '../../shared/sync/names'
import { TargetError, type Entry, type Target } from './target'

const UNREACHABLE = new Set([
  'ENOENT',
  'ENOTDIR',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ESTALE',
  'ENOTCONN',
  'EIO',
  'ENXIO',
  'ENODEV',
])
const BUSY = new Set(['EBUSY', 'EPERM', 'EACCES', 'EAGAIN', 'EMFILE', 'ENFILE', 'ETXTBSY'])

function code(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? ''
}

/**
 * A sync space in a folder: a LAN share, a NAS, a USB stick, a folder a cloud drive keeps.
 * The space's root folder must exist: a missing root is a share that is not mounted
 * (offline), never an empty space.
 */
export class FolderTarget implements Target {
  readonly label: string
  constructor(readonly root: string) {
    this.label = root
  }

  private abs(rel: string): string {
    return rel === '' ? this.root : path.join(this.root, ...rel.split('/'))
  }

  private fail(e: unknown, what: string): never {
    const c = code(e)
    if (UNREACHABLE.has(c))
      throw new TargetError('unreachable', `同步文件夹无法访问（${c}）：${what}`, c)
    if (BUSY.has(c))
      throw new TargetError('busy', `同步文件夹暂时不可写（${c}），稍后重试：${what}`, c)
    throw new TargetError('io', `同步文件夹读写出错（${c || (e as Error).message}）：${what}`, c)
  }

  private async rootReachable(): Promise<void> {
    try {
      const st = await fs.stat(this.root)
      if (!st.isDirectory()) throw new TargetError('notFolder', `同步位置不是文件夹：${this.root}`)
    } catch (e) {
      if (e instanceof TargetError) throw e
      if (code(e) === 'ENOENT') {
        throw new TargetError(
          'unreachable',
          `找不到同步文件夹 ${this.root}：共享盘、NAS 或 U 盘可能没有连接。`,
          'ENOENT',
        )
      }
      this.fail(e, this.root)
    }
  }

  async list(dir: string): Promise<Entry[] | null> {
    await this.rootReachable()
    try {
      const ents = await fs.readdir(this.abs(dir), { withFileTypes: true })
      return ents.map((d) => ({ name: d.name, dir: d.isDirectory() }))
    } catch (e) {
      if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return null
      this.fail(e, dir)
    }
  }

  async read(rel: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await fs.readFile(this.abs(rel)))
    } catch (e) {
      if (code(e) === 'ENOENT') {
        await this.rootReachable()
        return null
      }
      this.fail(e, rel)
    }
  }

  async readHead(rel: string, n: number): Promise<Uint8Array | null> {
    let fh: fs.FileHandle | undefined
    try {
      fh = await fs.open(this.abs(rel), 'r')
      const buf = Buffer.alloc(n)
      const { bytesRead } = await fh.read(buf, 0, n, 0)
      return new Uint8Array(buf.subarray(0, bytesRead))
    } catch (e) {
      if (code(e) === 'ENOENT') {
        await this.rootReachable()
        return null
      }
      return this.fail(e, rel)
    } finally {
      await fh?.close().catch(() => undefined)
    }
  }

  async writeOnce(rel: string, bytes: Uint8Array): Promise<'written' | 'exists'> {
    await this.rootReachable()
    if (rel !== FORMAT_FILE && !(await exists(this.abs(FORMAT_FILE)).catch(() => false))) {
      // Never "create my folders here": an unmounted share's empty mount point or a cloud
      // drive's placeholder has no format.json, and what we wrote there would vanish with it.
      throw new TargetError(
        'unreachable',
        `同步文件夹里没有 format.json（共享盘可能没有连接或被换成了空文件夹），没有写入：${rel}`,
        'ENOENT',
      )
    }
    const file = this.abs(rel)
    const dir = path.dirname(file)
    // A dot-name ending in .tmp matches no strict pattern: readers never take a half-written file.
    const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`)
    try {
      await fs.mkdir(dir, { recursive: true })
      if (await exists(file)) return 'exists'
      const fh = await fs.open(tmp, 'wx')
      try {
        await fh.writeFile(bytes)
        await fh.sync()
      } finally {
        await fh.close()
      }
      if (await exists(file)) {
        await fs.rm(tmp, { force: true })
        return 'exists'
      }
      await this.rename(tmp, file)
      await syncDir(dir)
      return 'written'
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined)
      if (e instanceof TargetError) throw e
      this.fail(e, rel)
    }
  }

  /** Separate so fault tests can inject EPERM/EBUSY the way antivirus and cloud clients cause them. */
  protected rename(from: string, to: string): Promise<void> {
    return fs.rename(from, to)
  }

  async remove(rel: string): Promise<void> {
    try {
      await fs.rm(this.abs(rel), { force: true })
    } catch (e) {
      this.fail(e, rel)
    }
  }

  async clockSkew(probeDir: string): Promise<number | null> {
    await this.rootReachable()
    // Our own folder when it exists; in a space not made yet the root, so testing leaves nothing behind.
    let dir = this.abs(probeDir)
    if (!(await exists(dir))) dir = this.root
    const probe = path.join(dir, `.clock-${randomBytes(4).toString('hex')}.tmp`)
    try {
      const before = Date.now()
      await fs.writeFile(probe, 'kefu clock probe')
      const st = await fs.stat(probe)
      const after = Date.now()
      // The file server stamps mtime with its own clock (SMB/NFS), a local disk with ours.
      return Math.round(st.mtimeMs - (before + after) / 2)
    } catch (e) {
      this.fail(e, probeDir)
    } finally {
      await fs.rm(probe, { force: true }).catch(() => undefined)
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file)
    return true
  } catch (e) {
    if (code(e) === 'ENOENT') return false
    throw e
  }
}

async function syncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined
  try {
    fh = await fs.open(dir, 'r')
    await fh.sync()
  } catch {
    // Windows and some network file systems refuse fsync on a folder; the rename still stands.
  } finally {
    await fh?.close().catch(() => undefined)
  }
}
