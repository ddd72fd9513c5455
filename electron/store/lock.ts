import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { AppError } from '../../shared/errors'

export const LOCK_NAME = 'kefu.lock'

interface LockInfo {
  pid: number
  hostname: string
  startedAt: string
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockInfo>
    if (typeof v.pid === 'number' && typeof v.hostname === 'string') {
      return { pid: v.pid, hostname: v.hostname, startedAt: String(v.startedAt ?? '') }
    }
  } catch {
    // unreadable: a crash while the lock was being written
  }
  return null
}

/**
 * One process owns a data folder (DESIGN §3). The lock file is created exclusively; a lock
 * left by a process that no longer runs on this PC is taken over. A lock from another PC (a
 * folder on a share) is never taken over: that PC may still be using it.
 */
export function acquireLock(dataDir: string): { release: () => void } {
  const file = path.join(dataDir, LOCK_NAME)
  const me: LockInfo = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written in full under a temp name, then hard-linked into place: link() fails if the lock
    // exists, and the lock never exists half-written (a kill mid-write would leave it empty).
    const tmp = `${file}.${process.pid}.tmp`
    try {
      fs.writeFileSync(tmp, JSON.stringify(me))
      const fd = fs.openSync(tmp, 'r+')
      try {
        fs.fsyncSync(fd)
      } finally {
        fs.closeSync(fd)
      }
      try {
        fs.linkSync(tmp, file)
      } finally {
        fs.rmSync(tmp, { force: true })
      }
      let released = false
      return {
        release: () => {
          if (released) return
          released = true
          const cur = readLock(file)
          if (cur && cur.pid === me.pid && cur.hostname === me.hostname)
            fs.rmSync(file, { force: true })
        },
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    const holder = readLock(file)
    const stale =
      holder === null
        ? olderThan(file, 10_000)
        : holder.hostname === me.hostname && holder.pid !== process.pid && !alive(holder.pid)
    if (!stale) {
      const who = holder
        ? `进程 ${holder.pid}，电脑“${holder.hostname}”${holder.startedAt ? `，${formatTime(holder.startedAt)} 起` : ''}`
        : '另一个进程正在启动'
      throw new AppError(
        'data_dir_locked',
        `数据目录正被另一个客服工作台窗口使用：${dataDir}（${who}）。请先关闭那个窗口，或为这个窗口选择另一个数据目录。`,
      )
    }
    fs.rmSync(file, { force: true })
  }
  throw new AppError('data_dir_locked', `数据目录正被另一个客服工作台窗口使用：${dataDir}。`)
}

function olderThan(file: string, ms: number): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs > ms
  } catch {
    return true
  }
}

function formatTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}
