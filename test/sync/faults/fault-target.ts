import fs from 'node:fs'
import path from 'node:path'
import { TargetError, type Entry, type Target } from '../../../electron/sync/target'

/**
 * The fault harness (issue 13 item 5): a real folder target wrapped so that, on a seeded
 * schedule, the share misbehaves the way LAN shares and cloud-drive folders do. One FaultWorld
 * is the share; each PC reaches it through its own FaultTarget.
 */

/** A small seeded generator (mulberry32): the same seed gives the same schedule. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Thrown into a PC's round at a random await: the PC stops there (its process is gone). */
export class Killed extends Error {
  constructor(readonly pc: string) {
    super(`PC ${pc} stopped mid-round (harness)`)
  }
}

interface Pending {
  rel: string
  bytes: Uint8Array
  due: number
}

export interface FaultLog {
  tick: number
  what: string
}

export class FaultWorld {
  readonly random: () => number
  tick = 0
  gone = 0
  /** Ticks left with an empty stand-in where the share was. */
  standIn = 0
  busy: { code: 'EACCES' | 'EPERM' | 'EBUSY'; left: number } | null = null
  private cut: Pending[] = []
  private hidden: Pending[] = []
  /** Files the harness left that must stay (duplicates, junk). */
  readonly strays = new Set<string>()
  /** Every removal a PC made through its target. */
  readonly removals: { pc: string; rel: string }[] = []
  /** Files that landed in a stand-in (discarded with it). */
  readonly landedInStandIn: string[] = []
  readonly log: FaultLog[] = []
  /** PC name → target calls until it is stopped mid-round. */
  readonly killAt = new Map<string, number>()
  /** PCs stopped, waiting to be reopened by the harness. */
  readonly dead = new Set<string>()
  counts = { gone: 0, standIn: 0, cut: 0, hidden: 0, lostTail: 0, strays: 0, busy: 0, killed: 0 }

  constructor(
    readonly root: string,
    seed: number,
    public faults = true,
  ) {
    this.random = rng(seed)
  }

  private note(what: string): void {
    this.log.push({ tick: this.tick, what })
  }

  private abs(rel: string): string {
    return path.join(this.root, ...rel.split('/'))
  }

  get reachable(): boolean {
    return this.gone === 0 && this.standIn === 0
  }

  /** One step of the schedule: ends faults whose time is up, maybe starts new ones. */
  step(): void {
    this.tick++
    if (this.gone > 0 && --this.gone === 0) this.note('share back')
    if (this.standIn > 0 && --this.standIn === 0) this.restoreShare()
    if (this.busy && --this.busy.left <= 0) this.busy = null
    if (this.reachable) {
      this.cut = this.cut.filter((p) => !this.deliver(p, 'completed'))
      this.hidden = this.hidden.filter((p) => !this.deliver(p, 'delivered late'))
    }
    if (!this.faults || !this.reachable) return
    const r = this.random()
    if (r < 0.06) {
      this.gone = 1 + Math.floor(this.random() * 3)
      this.counts.gone++
      this.note(`share gone for ${this.gone}`)
    } else if (r < 0.12) {
      this.replaceShare(1 + Math.floor(this.random() * 3))
    } else if (r < 0.18) {
      this.loseTail()
    } else if (r < 0.24) {
      this.addStray()
    } else if (r < 0.3) {
      const codes = ['EACCES', 'EPERM', 'EBUSY'] as const
      this.busy = {
        code: codes[Math.floor(this.random() * 3)] ?? 'EBUSY',
        left: 1 + Math.floor(this.random() * 3),
      }
      this.counts.busy++
      this.note(`${this.busy.code} for ${this.busy.left}`)
    }
  }

  /** The share is swapped for an empty folder (an unmounted mount point). */
  private replaceShare(ticks: number): void {
    fs.renameSync(this.root, `${this.root}.real`)
    fs.mkdirSync(this.root)
    this.standIn = ticks
    this.counts.standIn++
    this.note(`share replaced by an empty folder for ${ticks}`)
  }

  /** The real share comes back; what was written into the stand-in goes with it. */
  private restoreShare(): void {
    const walk = (d: string, rel = ''): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name
        if (e.isDirectory()) walk(path.join(d, e.name), r)
        else this.landedInStandIn.push(r)
      }
    }
    walk(this.root)
    fs.rmSync(this.root, { recursive: true, force: true })
    fs.renameSync(`${this.root}.real`, this.root)
    this.note('original share restored, stand-in discarded')
  }

  private deliver(p: Pending, what: string): boolean {
    if (p.due > this.tick) return false
    const file = this.abs(p.rel)
    // Written again meanwhile under the same name (its owner healed it): the late copy is dropped.
    if (!fs.existsSync(file) || fs.statSync(file).size !== p.bytes.length) {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.writeFileSync(file, p.bytes)
    }
    this.note(`${p.rel} ${what}`)
    return true
  }

  private segmentFiles(): string[] {
    const out: string[] = []
    const devs = path.join(this.root, 'devices')
    if (!fs.existsSync(devs)) return out
    for (const dev of fs.readdirSync(devs)) {
      const seg = path.join(devs, dev, 'seg')
      if (!fs.existsSync(seg)) continue
      for (const f of fs.readdirSync(seg))
        if (/^\d{10}-[0-9a-f]{16}\.jsonl\.gz$/.test(f)) out.push(`devices/${dev}/seg/${f}`)
    }
    return out.sort()
  }

  /** A PC's newest segments are lost (not restored): only their owner can bring them back. */
  private loseTail(): void {
    const segs = this.segmentFiles()
    if (segs.length === 0) return
    const devs = [...new Set(segs.map((s) => s.split('/')[1] as string))]
    const dev = devs[Math.floor(this.random() * devs.length)] as string
    const mine = segs.filter((s) => s.split('/')[1] === dev)
    const k = 1 + Math.floor(this.random() * Math.min(2, mine.length))
    for (const rel of mine.slice(-k)) {
      fs.rmSync(this.abs(rel), { force: true })
      this.note(`lost ${rel}`)
    }
    this.counts.lostTail++
  }

  /** A `conflicted copy` of a file, or junk another program leaves: they stay. */
  private addStray(): void {
    const segs = this.segmentFiles()
    const pick = segs[Math.floor(this.random() * segs.length)]
    let rel: string
    let bytes: Uint8Array
    if (pick && this.random() < 0.6) {
      const style =
        this.random() < 0.5
          ? ' (conflicted copy 2026-12-06)'
          : '.sync-conflict-20261206-101010-ABCDEFG'
      rel = pick.replace('.jsonl.gz', `${style}.jsonl.gz`)
      bytes = fs.readFileSync(this.abs(pick))
    } else {
      rel = this.random() < 0.5 ? `desktop.ini` : `devices/~$锁定文件.tmp`
      bytes = Buffer.from('junk 垃圾文件')
    }
    if (fs.existsSync(this.abs(rel))) return
    fs.mkdirSync(path.dirname(this.abs(rel)), { recursive: true })
    fs.writeFileSync(this.abs(rel), bytes)
    this.strays.add(rel)
    this.counts.strays++
    this.note(`stray ${rel}`)
  }

  /** After a PC wrote a segment or snapshot: maybe cut it at a random byte, or hide it for a while. */
  afterWrite(rel: string): void {
    if (!this.faults || !this.reachable) return
    if (!/\/seg\/|^snapshots\//.test(rel)) return
    const r = this.random()
    const file = this.abs(rel)
    if (r < 0.12) {
      const bytes = new Uint8Array(fs.readFileSync(file))
      fs.writeFileSync(file, bytes.subarray(0, Math.floor(this.random() * bytes.length)))
      this.cut.push({ rel, bytes, due: this.tick + 1 + Math.floor(this.random() * 3) })
      this.counts.cut++
      this.note(`cut ${rel}`)
    } else if (r < 0.22) {
      const bytes = new Uint8Array(fs.readFileSync(file))
      fs.rmSync(file)
      this.hidden.push({ rel, bytes, due: this.tick + 1 + Math.floor(this.random() * 4) })
      this.counts.hidden++
      this.note(`hidden ${rel}`)
    }
  }

  /** Arms a stop of this PC after a random number of its next target calls. */
  armKill(pc: string): void {
    this.killAt.set(pc, 1 + Math.floor(this.random() * 12))
  }

  /** Everything delivered, the share back: the faults are over. */
  settle(): void {
    this.busy = null
    this.gone = 0
    if (this.standIn > 0) {
      this.standIn = 0
      this.restoreShare()
    }
    for (const p of [...this.cut, ...this.hidden]) p.due = 0
    this.cut = this.cut.filter((p) => !this.deliver(p, 'completed'))
    this.hidden = this.hidden.filter((p) => !this.deliver(p, 'delivered late'))
  }

  target(pc: string, inner: Target): Target {
    return new FaultTarget(this, pc, inner)
  }

  /** Called before each target call of a PC. */
  before(pc: string, write: boolean): void {
    if (this.dead.has(pc)) throw new Killed(pc)
    const k = this.killAt.get(pc)
    if (k !== undefined) {
      if (k <= 1) {
        this.killAt.delete(pc)
        this.dead.add(pc)
        this.counts.killed++
        this.note(`${pc} stopped mid-round`)
        throw new Killed(pc)
      }
      this.killAt.set(pc, k - 1)
    }
    // Mid-round, just before a write: the mount drops and an empty folder stands in its place.
    if (write && this.faults && this.reachable && this.random() < 0.03)
      this.replaceShare(1 + Math.floor(this.random() * 2))
    if (this.gone > 0)
      throw new TargetError('unreachable', '同步文件夹无法访问（模拟：共享盘断开）', 'ENOENT')
    if (write && this.busy)
      throw new TargetError(
        'busy',
        `同步文件夹暂时不可写（${this.busy.code}，模拟）`,
        this.busy.code,
      )
  }
}

class FaultTarget implements Target {
  readonly label: string
  constructor(
    private readonly world: FaultWorld,
    private readonly pc: string,
    private readonly inner: Target,
  ) {
    this.label = inner.label
  }
  async list(dir: string): Promise<Entry[] | null> {
    this.world.before(this.pc, false)
    return this.inner.list(dir)
  }
  async read(p: string): Promise<Uint8Array | null> {
    this.world.before(this.pc, false)
    return this.inner.read(p)
  }
  async readHead(p: string, n: number): Promise<Uint8Array | null> {
    this.world.before(this.pc, false)
    return this.inner.readHead ? this.inner.readHead(p, n) : this.inner.read(p)
  }
  async writeOnce(p: string, bytes: Uint8Array): Promise<'written' | 'exists'> {
    this.world.before(this.pc, true)
    const r = await this.inner.writeOnce(p, bytes)
    if (r === 'written') this.world.afterWrite(p)
    return r
  }
  async remove(p: string): Promise<void> {
    this.world.before(this.pc, true)
    this.world.removals.push({ pc: this.pc, rel: p })
    return this.inner.remove(p)
  }
  async clockSkew(probeDir: string): Promise<number | null> {
    this.world.before(this.pc, true)
    return this.inner.clockSkew(probeDir)
  }
}
