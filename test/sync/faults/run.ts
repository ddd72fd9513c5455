import fs from 'node:fs'
import path from 'node:path'
import { syncTestHooks } from '../../../electron/sync/manager'
import { ackSchema } from '../../../shared/sync/format'
import type { Op } from '../../../shared/data/ops'
import { openShop, PINS, type Loose, type Shop } from '../../integration/people.fixture'
import { FaultWorld, Killed } from './fault-target'

/**
 * One seeded schedule (issue 13 item 5): three whole PCs (every service, through dispatch) on
 * one real folder work at once while the share misbehaves; then the faults stop and sync
 * runs until every PC says 已同步. What it checks is what a shop would check from outside.
 */

export interface RunResult {
  seed: number
  ticks: number
  problems: string[]
  counts: FaultWorld['counts']
  /**
   * Files that landed in a stand-in folder (a write racing the swap after its check): they
   * vanish with it, and their owner writes them again; counted, not a failure.
   */
  landedInStandIn: number
  fingerprints: string[]
  ops: number
  log: string[]
}

interface Pc {
  name: string
  pcName: string
  dir: string
  shop: Shop
  dev: string
}

const PC_NAMES = ['前台1号机', '前台2号机', '售后3号机']
const DEPTS = ['warehouse', 'logistics', 'finance', 'qc'] as const
const ACTIONS = [
  { type: 'start' },
  { type: 'wait_customer' },
  { type: 'wait_department' },
  { type: 'resume' },
] as const

function intake(i: number, shopId: string) {
  return {
    platform: 'jd',
    shopId,
    channel: 'chat',
    messageAt: new Date().toISOString(),
    orderNo: `3120000${String(100000 + i)}`,
    buyerId: `jd_buyer${i}`,
    description: `顾客反映第${i}单收到的货有破损，要求补发`,
    category: 'quality',
    priority: 'normal',
  }
}

let installed = false
const worlds = new Map<string, { world: FaultWorld; pc: string }>()

/** Routes every engine's target through the world of the run its data folder belongs to. */
function installHooks(): void {
  if (installed) return
  installed = true
  // Rounds run only when the harness asks (sync.syncNow): a seed replays the same schedule.
  syncTestHooks.schedule = {
    debounceMs: 1e9,
    intervalMs: 1e9,
    baseBackoffMs: 1e9,
    maxBackoffMs: 1e9,
  }
  syncTestHooks.wrapTarget = (t, dataDir) => {
    const w = worlds.get(path.resolve(dataDir))
    return w ? w.world.target(w.pc, t) : t
  }
}

async function signIn(pc: Pc, ids: Record<string, string>): Promise<void> {
  await pc.shop.ok('sup', 'people.signIn', { personId: ids.supervisor, pin: PINS.supervisor })
  await pc.shop.ok('agent', 'people.signIn', { personId: ids.agent, pin: PINS.agent })
}

function journal(pc: Pc): Op[] {
  return pc.shop.core.store.opsAfter(null, Number.MAX_SAFE_INTEGER)
}

/** The newest readable ack of each device folder, read straight from the share. */
function announcements(root: string): Map<string, number> {
  const out = new Map<string, number>()
  const devs = path.join(root, 'devices')
  if (!fs.existsSync(devs)) return out
  for (const dev of fs.readdirSync(devs)) {
    const dir = path.join(devs, dev, 'acks')
    if (!fs.existsSync(dir)) continue
    for (const f of fs
      .readdirSync(dir)
      .filter((n) => /^\d{10}\.json$/.test(n))
      .sort()
      .reverse()) {
      try {
        const a = ackSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))
        out.set(dev, a.top ?? a.heads[dev] ?? 0)
        break
      } catch {
        // cut or foreign: an older one may tell
      }
    }
  }
  return out
}

/** What a PC's state file says its segment `seq` holds (the journal range), read from disk. */
function segmentRange(pc: Pc, seq: number): { to: string } | null {
  try {
    const s = JSON.parse(fs.readFileSync(path.join(pc.dir, 'sync', 'state.json'), 'utf8'))
    return s.segs?.[pc.dev]?.[String(seq)] ?? null
  } catch {
    return null
  }
}

export async function runSchedule(
  base: string,
  seed: number,
  opts: { ticks?: number; settleRounds?: number } = {},
): Promise<RunResult> {
  installHooks()
  const ticks = opts.ticks ?? 14
  const root = path.join(base, `run-${seed}`)
  const share = path.join(root, 'share')
  fs.mkdirSync(share, { recursive: true })
  const world = new FaultWorld(share, seed, false)
  const problems: string[] = []
  const r = world.random
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T

  const open = async (i: number): Promise<Pc> => {
    const dir = path.join(root, `pc${i}`)
    worlds.set(path.resolve(dir), { world, pc: `pc${i}` })
    const shop = await openShop(dir)
    await shop.ok('x', 'settings.setLocal', { pcName: PC_NAMES[i] })
    const st = await shop.ok('x', 'sync.status')
    return { name: `pc${i}`, pcName: PC_NAMES[i] as string, dir, shop, dev: st.deviceId }
  }

  // PC 0 sets the shop up; the others join with the faults still off.
  const pcs: Pc[] = [await open(0)]
  const a = pcs[0] as Pc
  const { me } = await a.shop.ok('admin', 'people.setupAdmin', { name: '店长', pin: PINS.admin })
  const ids: Record<string, string> = { admin: me.id }
  for (const [key, name, roles] of [
    ['supervisor', '陈主管', ['supervisor']],
    ['agent', '小李', ['agent']],
  ] as const) {
    const p = await a.shop.ok('admin', 'people.create', { name, pin: PINS[key], roles: [...roles] })
    ids[key] = p.id
  }
  const shopRec = await a.shop.ok('admin', 'shop.saveShop', { platform: 'jd', name: '京东旗舰店' })
  await a.shop.ok('admin', 'sync.configure', { target: { type: 'folder', path: share } })
  await signIn(a, ids)
  for (const i of [1, 2]) {
    const pc = await open(i)
    await pc.shop.ok('x', 'sync.join', { target: { type: 'folder', path: share } })
    await signIn(pc, ids)
    pcs.push(pc)
  }
  for (const pc of pcs) await pc.shop.ok('agent', 'sync.syncNow')
  world.faults = true

  const tickets: string[] = []
  const scriptId = 'script.refund.all.01'
  let made = 0

  const work = async (pc: Pc): Promise<void> => {
    const n = 1 + Math.floor(r() * 3)
    for (let k = 0; k < n; k++) {
      const what = r()
      if (what < 0.25 || tickets.length === 0) {
        const c = await pc.shop.call('agent', 'tickets.create', {
          intake: intake(++made, shopRec.id),
          acceptWarnings: true,
        })
        if (c.ok && c.value.status === 'created') tickets.push(c.value.ticket.view.id)
      } else if (what < 0.45) {
        await pc.shop.call('agent', 'tickets.act', { id: pick(tickets), action: pick(ACTIONS) })
      } else if (what < 0.7) {
        await pc.shop.call('agent', 'tickets.addNote', {
          id: pick(tickets),
          text: `${pc.pcName}的备注${Math.floor(r() * 1000)}`,
        })
      } else if (what < 0.85) {
        await pc.shop.call('agent', 'tickets.addDepartmentContact', {
          id: pick(tickets),
          department: pick(DEPTS),
          contactAt: new Date().toISOString(),
          discussed: '催促处理进度',
          agreed: '今天内回复',
          measure: '已登记跟进',
        })
      } else if (pc !== pcs[2]) {
        // The same shop script edited on two PCs.
        const got = await pc.shop.call('sup', 'scripts.get', { id: scriptId })
        if (got.ok) {
          const s = got.value.script as Loose
          await pc.shop.call('sup', 'scripts.update', {
            id: s.id,
            base: s.base,
            draft: {
              title: s.title,
              body: `退款已提交（${pc.pcName}第${Math.floor(r() * 1000)}次修改），请留意到账。`,
              category: s.category,
              platforms: s.platforms,
              variants: s.variants,
              tags: s.tags,
              shortCode: s.shortCode,
              scope: 'shop',
            },
          })
        }
      }
    }
  }

  /** A sync round through the service, checked against the share: never 已同步 while something announced is missing here. */
  const round = async (pc: Pc): Promise<string> => {
    const announced = world.reachable ? announcements(share) : new Map<string, number>()
    const res = await pc.shop.call('agent', 'sync.syncNow')
    if (world.dead.has(pc.name)) return 'killed'
    if (!res.ok) {
      problems.push(`${pc.name}: syncNow failed ${JSON.stringify(res.error)}`)
      return 'error'
    }
    if (res.value.state === 'upToDate') {
      const here = new Set(journal(pc).map((o) => o.hlc))
      for (const other of pcs) {
        if (other === pc) continue
        const top = announced.get(other.dev) ?? 0
        const range = top > 0 ? segmentRange(other, top) : null
        if (!range) continue
        const lacking = journal(other).filter(
          (o) =>
            o.dev === other.dev && o.hlc <= range.to && o.entity !== 'draft' && !here.has(o.hlc),
        )
        if (lacking.length > 0)
          problems.push(
            `tick ${world.tick}: ${pc.name} said 已同步 while ${lacking.length} ops of ${other.name} announced up to seq ${top} were missing` +
              (process.env.SYNC_FAULT_DEBUG
                ? ` ${JSON.stringify(lacking.map((o) => [o.hlc, o.entity, o.field]))} range ${JSON.stringify(range)} segs ${JSON.stringify(
                    JSON.parse(fs.readFileSync(path.join(other.dir, 'sync', 'state.json'), 'utf8'))
                      .segs,
                  )}`
                : ''),
          )
      }
    }
    return res.value.state
  }

  /** A PC stopped mid-round: its data folder is opened again from disk. */
  const reopen = async (i: number): Promise<void> => {
    const old = pcs[i] as Pc
    await old.shop.close().catch(() => undefined)
    world.dead.delete(old.name)
    const shop = await openShop(old.dir)
    const pc = { ...old, shop }
    await signIn(pc, ids)
    pcs[i] = pc
  }

  for (let t = 0; t < ticks; t++) {
    world.step()
    if (r() < 0.15) world.armKill(pick(pcs).name)
    await Promise.all(
      pcs.map(async (pc) => {
        await work(pc)
        if (r() < 0.8)
          await round(pc).catch((e) => {
            if (!(e instanceof Killed)) throw e
          })
      }),
    )
    for (let i = 0; i < pcs.length; i++) if (world.dead.has((pcs[i] as Pc).name)) await reopen(i)
  }

  // Faults over: the share is back, late files delivered; sync runs until all say 已同步.
  world.faults = false
  world.settle()
  world.killAt.clear()
  const settle = opts.settleRounds ?? 8
  let states: string[] = []
  for (let k = 0; k < settle; k++) {
    states = []
    for (const pc of pcs) states.push(await round(pc))
    if (k >= 1 && states.every((s) => s === 'upToDate')) break
  }
  if (!states.every((s) => s === 'upToDate'))
    problems.push(`not all up to date after ${settle} rounds: ${states.join(', ')}`)

  const fingerprints: string[] = []
  for (const pc of pcs)
    fingerprints.push((await pc.shop.ok('agent', 'sync.fingerprint')).fingerprint)
  if (new Set(fingerprints).size !== 1)
    problems.push(`fingerprints differ: ${fingerprints.join(' ')}`)

  // Every op made anywhere is applied everywhere.
  const all = new Map<string, Op>()
  for (const pc of pcs) for (const o of journal(pc)) if (o.entity !== 'draft') all.set(o.hlc, o)
  for (const pc of pcs) {
    const here = new Set(journal(pc).map((o) => o.hlc))
    const lacking = [...all.values()].filter((o) => !here.has(o.hlc))
    if (lacking.length) problems.push(`${pc.name} lacks ${lacking.length} ops`)
  }

  // Only the removals the protocol defines: a PC's own acks, own segments, own snapshots.
  const devOf = new Map(pcs.map((p) => [p.name, p.dev]))
  for (const rm of world.removals) {
    const dev = devOf.get(rm.pc) as string
    const ok =
      rm.rel.startsWith(`devices/${dev}/acks/`) ||
      rm.rel.startsWith(`devices/${dev}/seg/`) ||
      new RegExp(`^snapshots/[^/]*-${dev}-[0-9a-f]{16}\\.json\\.gz$`).test(rm.rel)
    if (!ok) problems.push(`${rm.pc} removed ${rm.rel}`)
  }
  for (const s of world.strays)
    if (!fs.existsSync(path.join(share, ...s.split('/')))) problems.push(`stray ${s} was removed`)

  for (const pc of pcs) await pc.shop.close()
  for (const pc of pcs) worlds.delete(path.resolve(pc.dir))
  if (problems.length === 0) fs.rmSync(root, { recursive: true, force: true })
  return {
    seed,
    ticks,
    problems,
    counts: world.counts,
    landedInStandIn: world.landedInStandIn.length,
    fingerprints,
    ops: all.size,
    log: world.log.map((l) => `${l.tick}: ${l.what}`),
  }
}
