import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { applyOps, stateHash } from '../../shared/data/merge'
import type { Change, Doc, Op } from '../../shared/data/ops'
import { SyncEngine } from '../../electron/sync/engine'
import { memoryReplica, realReplica, type Replica } from './replicas'
import { SimCloud, tempRoot } from './sim'

/**
 * Issue 8 (a): whatever the schedule (random ops, partitions, delivery order, duplicated,
 * cut and late files, skewed clocks) every PC ends with the same state and every op made
 * anywhere is applied everywhere. KEFU_LONG=1 runs many more schedules.
 */

const LONG = process.env.KEFU_LONG === '1'
const root = tempRoot('conv')
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

const HOUR = 3_600_000
const BASES = ['000001700000000-00000-x', '000001700000001-00000-y']

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    entity: fc.constant('ticket'),
    id: fc.constantFrom('t1', 't2', 't3'),
    kind: fc.constant('set'),
    field: fc.constantFrom('status', 'title', 'assignee'),
    value: fc.oneof(
      fc.constantFrom('待处理', '处理中', '已完结', '退款'),
      fc.integer({ min: 0, max: 9 }),
    ),
  }),
  fc.record({
    entity: fc.constant('ticket'),
    id: fc.constantFrom('t1', 't2', 't3'),
    kind: fc.constant('add'),
    field: fc.constant('history'),
    value: fc.record({
      id: fc.string({ minLength: 1, maxLength: 3 }),
      text: fc.constantFrom('顾客来电', '已联系仓库', '备注'),
    }),
  }),
  fc.record({
    entity: fc.constant('ticket'),
    id: fc.constantFrom('t1', 't2', 't3'),
    kind: fc.constant('del'),
  }),
  fc.record({
    entity: fc.constant('script'),
    id: fc.constant('s1'),
    kind: fc.constant('set'),
    field: fc.constant('body'),
    value: fc.constantFrom('亲，您好', '亲，已为您登记', '抱歉让您久等'),
    base: fc.constantFrom(...BASES),
  }),
  // A kind from a newer version: kept, and still the same everywhere.
  fc.record({
    entity: fc.constant('ticket'),
    id: fc.constantFrom('t1', 't2'),
    kind: fc.constant('frobnicate'),
    value: fc.nat(5),
  }),
)

type Step =
  | { t: 'op'; dev: number; changes: Change[] }
  | { t: 'sync'; dev: number }
  | { t: 'deliver'; pick: number; mode: 'full' | 'partial' | 'conflict'; cut: number }
  | { t: 'offline'; dev: number; on: boolean }
  | { t: 'empty'; dev: number; on: boolean }
  | { t: 'tick'; ms: number }

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('op' as const),
      dev: fc.nat(4),
      changes: fc.array(change, { minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('sync' as const), dev: fc.nat(4) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('deliver' as const),
      pick: fc.nat(50),
      mode: fc.constantFrom(
        'full' as const,
        'full' as const,
        'partial' as const,
        'conflict' as const,
      ),
      cut: fc.double({ min: 0, max: 0.99, noNaN: true }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('offline' as const), dev: fc.nat(4), on: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('empty' as const), dev: fc.nat(4), on: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('tick' as const), ms: fc.nat(120_000) }) },
)

const schedule = fc.record({
  devices: fc.integer({ min: 3, max: 5 }),
  // Clocks off by up to three hours either way: wrong, but less than the day that holds ops back.
  skews: fc.array(fc.integer({ min: -3 * HOUR, max: 3 * HOUR }), { minLength: 5, maxLength: 5 }),
  steps: fc.array(step, { minLength: 5, maxLength: 40 }),
})

let runId = 0
let totalOps = 0
let compactions = 0
let snapshotStarts = 0
afterAll(() =>
  console.log(
    `convergence: ${runId} schedules, ${totalOps} ops made, ${compactions} segments compacted away, ${snapshotStarts} snapshot reads`,
  ),
)

/**
 * With compaction on, segments are tiny and a snapshot is due after two of them, and a PC
 * whose acknowledgement has not moved for five (simulated) minutes stops holding compaction
 * back: partitions and empty views then regularly outlast it, so PCs come back to find their
 * peers' segments gone and must converge through the snapshots.
 */
const COMPACTING = { segmentOps: 2, compactAfterSegments: 2, activeWindowMs: 5 * 60_000 }

async function runSchedule(
  s: { devices: number; skews: number[]; steps: Step[] },
  real: boolean,
  compact = false,
): Promise<void> {
  const dir = path.join(root, `r${++runId}`)
  let clock = 1_750_000_000_000
  const cloud = new SimCloud()
  const replicas: Replica[] = []
  const engines: SyncEngine[] = []
  const made: string[] = []
  const madeOps: Op[] = []
  try {
    for (let i = 0; i < s.devices; i++) {
      const dev = `pc${i}`
      const now = () => clock + (s.skews[i] ?? 0)
      replicas.push(
        real ? await realReplica(path.join(dir, dev), dev, now) : memoryReplica(dev, now),
      )
      cloud.addView(dev)
      engines.push(
        new SyncEngine({
          target: cloud.target(dev),
          store: (replicas[i] as Replica).store,
          stateFile: path.join(dir, dev, 'sync-state.json'),
          deviceId: dev,
          allowCreate: i === 0,
          now,
          compactAfterSegments: 0,
          ...(compact ? COMPACTING : {}),
          log: (e) => {
            if (e.message.startsWith('从快照')) snapshotStarts++
          },
        }),
      )
    }
    // The shop sets sync up on one PC first; the others see its space once the drive delivers format.json.
    await (engines[0] as SyncEngine).round()
    cloud.deliverAll()

    for (const st of s.steps) {
      switch (st.t) {
        case 'op': {
          const r = replicas[st.dev % s.devices] as Replica
          for (const op of await r.commit('p1', st.changes)) {
            made.push(op.hlc)
            madeOps.push(op)
          }
          break
        }
        case 'sync': {
          const res = await (engines[st.dev % s.devices] as SyncEngine).round()
          // Cut-off or empty views are offline; nothing here may ever stop sync.
          expect(res.status).not.toBe('stopped')
          break
        }
        case 'deliver':
          if (cloud.queue.length) cloud.deliver(st.pick % cloud.queue.length, st.mode, st.cut)
          break
        case 'offline':
          if (st.on) cloud.offline.add(`pc${st.dev % s.devices}`)
          else cloud.offline.delete(`pc${st.dev % s.devices}`)
          break
        case 'empty':
          if (st.on) cloud.empty.add(`pc${st.dev % s.devices}`)
          else cloud.empty.delete(`pc${st.dev % s.devices}`)
          break
        case 'tick':
          clock += st.ms
          break
      }
    }

    // Heal: every PC back, every file delivered whole; a few rounds carry everything everywhere.
    cloud.offline.clear()
    cloud.empty.clear()
    for (let pass = 0; pass < 3; pass++) {
      for (const e of engines) {
        const res = await e.round()
        expect(res.status).toBe('ok')
        cloud.deliverAll()
      }
    }
    totalOps += made.length
    const hashes = replicas.map((r) => r.hash())
    expect(new Set(hashes).size).toBe(1)
    // Nothing lost: every PC holds exactly what merging every op made anywhere gives.
    const reference = new Map<string, Doc>()
    applyOps(reference, madeOps)
    expect(hashes[0]).toBe(stateHash(reference.values()))
    if (compact) {
      // Compaction removes only the remover's own segments and snapshots.
      for (const { by, path: p } of cloud.removals) {
        const ok =
          p.startsWith(`devices/${by}/seg/`) ||
          p.startsWith(`devices/${by}/acks/`) ||
          (p.startsWith('snapshots/') && p.includes(`-${by}-`))
        expect(ok, `${by} removed ${p}`).toBe(true)
      }
      compactions += cloud.removals.filter((r) => r.path.includes('/seg/')).length
    } else {
      // Without compaction every op travels as itself.
      for (const r of replicas) {
        const have = r.hlcs()
        for (const h of made) expect(have.has(h)).toBe(true)
      }
    }
  } finally {
    for (const r of replicas) await r.close()
    if (real) fs.rmSync(dir, { recursive: true, force: true })
  }
}

describe('sync convergence under random schedules', () => {
  it('in-memory stores: every replica converges, nothing is lost', async () => {
    await fc.assert(
      fc.asyncProperty(schedule, (s) => runSchedule(s, false)),
      { numRuns: LONG ? 5000 : 300 },
    )
  })

  it('in-memory stores with compaction: snapshots, removed segments, long partitions; nothing is lost', async () => {
    await fc.assert(
      fc.asyncProperty(schedule, (s) => runSchedule(s, false, true)),
      { numRuns: LONG ? 5000 : 300 },
    )
  })

  it('real stores with compaction', async () => {
    await fc.assert(
      fc.asyncProperty(schedule, (s) => runSchedule(s, true, true)),
      { numRuns: LONG ? 1000 : 60 },
    )
  })

  it('real stores on temp folders: every replica converges, nothing is lost', async () => {
    await fc.assert(
      fc.asyncProperty(schedule, (s) => runSchedule(s, true)),
      { numRuns: LONG ? 3000 : 500 },
    )
  })
})
