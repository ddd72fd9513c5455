import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Hlc } from '../../shared/data/hlc'
import { applyOps, classifyIncoming, stateHash } from '../../shared/data/merge'
import { canonicalJson } from '../../shared/data/canonical'
import type { Change, Doc, Op } from '../../shared/data/ops'
import type { SyncStore } from '../../electron/sync/engine'
import { TargetError, type Entry, type Target } from '../../electron/sync/target'

/**
 * Test doubles for sync. SimCloud plays a cloud drive: each PC sees its own copy of the space,
 * and files written by one PC reach the others later, in any order, sometimes cut short first,
 * sometimes as a "conflicted copy", while a PC may be cut off or see an empty folder.
 */
export class SimCloud {
  readonly views = new Map<string, Map<string, Uint8Array>>()
  /** Files (or, with bytes null, removals) on their way to another PC's copy. */
  queue: { to: string; path: string; bytes: Uint8Array | null }[] = []
  /** Every removal a PC made, for checking that compaction only ever removes its own files. */
  readonly removals: { by: string; path: string }[] = []
  readonly offline = new Set<string>()
  readonly empty = new Set<string>()

  view(name: string): Map<string, Uint8Array> {
    let v = this.views.get(name)
    if (!v) {
      v = new Map()
      this.views.set(name, v)
    }
    return v
  }

  /** Files written before `name` joined reach it too (a cloud drive downloads them). */
  addView(name: string): void {
    const v = this.view(name)
    for (const [other, files] of this.views) {
      if (other === name) continue
      for (const [p, b] of files) if (!v.has(p)) this.queue.push({ to: name, path: p, bytes: b })
    }
  }

  publish(from: string, p: string, bytes: Uint8Array | null): void {
    for (const name of this.views.keys())
      if (name !== from) this.queue.push({ to: name, path: p, bytes })
  }

  /** Delivers queue item i: whole, cut at `cut` bytes (the rest follows later), or as a conflicted copy too. */
  deliver(i: number, mode: 'full' | 'partial' | 'conflict', cut = 0.5): void {
    const item = this.queue[i]
    if (!item) return
    const v = this.view(item.to)
    if (item.bytes === null) {
      v.delete(item.path)
      this.queue.splice(i, 1)
      return
    }
    if (mode === 'partial') {
      v.set(item.path, item.bytes.slice(0, Math.floor(item.bytes.length * cut)))
      return
    }
    if (mode === 'conflict') {
      const dot = item.path.indexOf('.')
      v.set(
        `${item.path.slice(0, dot)} (conflicted copy 2024-05-01)${item.path.slice(dot)}`,
        item.bytes,
      )
    }
    v.set(item.path, item.bytes)
    this.queue.splice(i, 1)
  }

  deliverAll(): void {
    while (this.queue.length) this.deliver(0, 'full')
  }

  target(name: string): Target {
    this.view(name)
    return new SimTarget(this, name)
  }
}

class SimTarget implements Target {
  readonly label: string
  constructor(
    private cloud: SimCloud,
    private name: string,
  ) {
    this.label = `sim:${name}`
  }
  private check(): Map<string, Uint8Array> | null {
    if (this.cloud.offline.has(this.name)) throw new TargetError('unreachable', '模拟：共享盘断开')
    if (this.cloud.empty.has(this.name)) return null
    return this.cloud.view(this.name)
  }
  async list(dir: string): Promise<Entry[] | null> {
    const v = this.check()
    if (!v) return dir === '' ? [] : null
    const prefix = dir === '' ? '' : `${dir}/`
    const out = new Map<string, Entry>()
    for (const p of v.keys()) {
      if (!p.startsWith(prefix)) continue
      const rest = p.slice(prefix.length)
      const slash = rest.indexOf('/')
      if (slash < 0) out.set(rest, { name: rest, dir: false })
      else out.set(rest.slice(0, slash), { name: rest.slice(0, slash), dir: true })
    }
    if (out.size === 0 && dir !== '') return null
    return [...out.values()]
  }
  async read(p: string): Promise<Uint8Array | null> {
    const v = this.check()
    return v?.get(p) ?? null
  }
  async writeOnce(p: string, bytes: Uint8Array): Promise<'written' | 'exists'> {
    const v = this.check()
    if (!v) throw new TargetError('unreachable', '模拟：空文件夹不可写')
    if (v.has(p)) return 'exists'
    v.set(p, bytes)
    this.cloud.publish(this.name, p, bytes)
    return 'written'
  }
  async remove(p: string): Promise<void> {
    const v = this.check()
    if (!v) throw new TargetError('unreachable', '模拟：空文件夹')
    this.cloud.removals.push({ by: this.name, path: p })
    if (v.delete(p)) this.cloud.publish(this.name, p, null)
  }
  async clockSkew(): Promise<number | null> {
    return 0
  }
}

/** The in-memory store used where a real one would be too slow: the same merge and applyRemote rules. */
export class MemoryStore implements SyncStore {
  readonly docs = new Map<string, Doc>()
  readonly journal: Op[] = []
  private seen = new Set<string>()
  readonly hlc: Hlc
  constructor(
    readonly deviceId: string,
    readonly now: () => number,
  ) {
    this.hlc = new Hlc(deviceId, now)
  }
  async commit(by: string, changes: Change[]): Promise<Op[]> {
    const ops = changes.map((c) => ({ ...c, hlc: this.hlc.send(), dev: this.deviceId, by }) as Op)
    for (const op of ops) this.take(op)
    return ops
  }
  private take(op: Op): boolean {
    const k = canonicalJson(op)
    if (this.seen.has(k)) return false
    this.seen.add(k)
    this.journal.push(op)
    applyOps(this.docs, [op])
    return true
  }
  opsAfter(cursor: string | null, limit = 1000): Op[] {
    const c = cursor ?? ''
    return this.journal
      .filter((o) => o.hlc > c)
      .sort((a, b) => (a.hlc < b.hlc ? -1 : 1))
      .slice(0, limit)
  }
  async applyRemote(ops: Op[]): Promise<{ applied: number; duplicates: number; future: Op[] }> {
    const future: Op[] = []
    let applied = 0
    let duplicates = 0
    for (const op of ops) {
      if (classifyIncoming(op, this.now()) === 'future') {
        future.push(op)
        continue
      }
      this.hlc.receive(op.hlc)
      if (this.take(op)) applied++
      else duplicates++
    }
    return { applied, duplicates, future }
  }
  hash(): string {
    return stateHash(this.docs.values())
  }
  hlcs(): Set<string> {
    return new Set(this.journal.map((o) => o.hlc))
  }
}

/** A shared temp root for a test file; on tmpfs where there is one, so fsyncs cost little. */
export function tempRoot(label: string): string {
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir()
  return fs.mkdtempSync(path.join(base, `kefu-${label}-`))
}
