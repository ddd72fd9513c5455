/**
 * Sync benchmarks (issue 8, shared/BENCH.md): `npm run bench -- sync`.
 * - sync.merge.5x20k: a PC that has nothing yet reads 5 devices × 20 000 ops from a shared
 *   folder (segments: gunzip, checksum, parse) and merges them into a real store (journal
 *   fsync included). Peer: Automerge applying the same edits, as one change per op, to a fresh doc.
 * - sync.noop.folder: a round when nothing changed (list, format.json, own folder, acks).
 * - sync.webdav.requests.30min.5pcs: requests five PCs send a WebDAV server in 30 minutes at the
 *   default WebDAV schedule, each PC saving a change every 10 minutes (test/bench/lib/
 *   webdav-requests.ts; simulated time, real engine, real rclone serve webdav, counted at a
 *   proxy). Peer: the same shop with the folder schedule and no request savings.
 *   `KEFU_BENCH_SYNC=webdav npm run bench -- sync` runs only these.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Automerge from '@automerge/automerge'
import type { Change, Op } from '../../shared/data/ops'
import { Hlc } from '../../shared/data/hlc'
import { Store } from '../../electron/store'
import { SyncEngine } from '../../electron/sync/engine'
import { FolderTarget } from '../../electron/sync/folder-target'
import { packOpsFile } from '../../electron/sync/codec'
import { segmentDir, segmentName, FORMAT_FILE } from '../../shared/sync/names'
import { BenchReport } from './lib/results'
import { Rng } from './lib/random'
import { GENERIC_UPDATES } from './lib/content'
import { stats, timeOnce } from './lib/timing'
import { countWebdavRequests, WEBDAV_SCHEDULE } from './lib/webdav-requests'
import { DEFAULT_SCHEDULE } from '../../shared/sync/backoff'

const DEVICES = 5
const OPS = Number(process.env.KEFU_BENCH_OPS ?? 20_000)
const STATUSES = ['待处理', '处理中', '等待顾客', '等待仓库', '已完结']
// On the real disk (not tmpfs): the journal's fsync is part of what a PC pays.
const base = os.tmpdir()
const root = fs.mkdtempSync(path.join(base, 'kefu-bench-sync-'))

/** Each device works its own tickets (20 ops each: fields set, notes added), stamped by its own clock. */
function deviceOps(d: number, rng: Rng): Op[] {
  const dev = `dev${d}`
  let t = Date.UTC(2026, 10, 1) + d * 7
  const hlc = new Hlc(dev, () => t)
  const ops: Op[] = []
  for (let i = 0; ops.length < OPS; i++) {
    const id = `${dev}-T${i}`
    for (let k = 0; k < 20 && ops.length < OPS; k++) {
      t += rng.int(0, 3000)
      const c: Change =
        k % 3 === 0
          ? {
              entity: 'ticket',
              id,
              kind: 'set',
              field: rng.pick(['status', 'assignee', 'priority']),
              value: rng.pick(STATUSES),
            }
          : {
              entity: 'ticket',
              id,
              kind: 'add',
              field: 'history',
              value: { id: `n${k}`, kind: 'note', text: rng.pick(GENERIC_UPDATES) },
            }
      ops.push({ ...c, hlc: hlc.send(), dev, by: `p${d}` } as Op)
    }
  }
  return ops
}

async function main(): Promise<void> {
  const report = new BenchReport('sync')
  if (process.env.KEFU_BENCH_SYNC !== 'webdav') await mergeAndNoop(report)
  await webdavRequests(report)
  report.finish()
}

async function webdavRequests(report: BenchReport): Promise<void> {
  const shop = { pcs: 5, minutes: 30, changeEveryMs: 10 * 60_000 }
  const ours = await countWebdavRequests({
    ...shop,
    server: 'rclone',
    schedule: WEBDAV_SCHEDULE,
    economy: true,
  })
  const before = await countWebdavRequests({
    ...shop,
    server: 'rclone',
    schedule: DEFAULT_SCHEDULE,
    economy: false,
  })
  if (!ours.converged || !before.converged) throw new Error('the PCs did not converge')
  report.add({
    id: 'sync.webdav.requests.30min.5pcs',
    value: ours.total,
    unit: 'requests',
    better: 'lower',
    target: 300,
    peer: { name: '30 s rounds, one PROPFIND per folder (before)', value: before.total },
    runs: 1,
    note: `rclone serve webdav (Depth: infinity); ${ours.rounds} rounds; ${JSON.stringify(ours.byMethod)}`,
  })
  // A server that refuses Depth: infinity (Apache's default, Nextcloud) pays a PROPFIND per folder.
  const depth1 = await countWebdavRequests({
    ...shop,
    server: 'apache',
    schedule: WEBDAV_SCHEDULE,
    economy: true,
  })
  report.add({
    id: 'sync.webdav.requests.30min.5pcs.depth1',
    value: depth1.total,
    unit: 'requests',
    better: 'lower',
    runs: 1,
    noPeer: 'same run as above on Apache mod_dav, which refuses Depth: infinity',
    note: `${depth1.rounds} rounds; ${JSON.stringify(depth1.byMethod)}`,
  })
}

async function mergeAndNoop(report: BenchReport): Promise<void> {
  const rng = new Rng(20261125)
  const all = Array.from({ length: DEVICES }, (_, d) => deviceOps(d, rng))

  // The shared folder as five PCs left it.
  const space = path.join(root, 'space')
  fs.mkdirSync(space, { recursive: true })
  fs.writeFileSync(
    path.join(space, FORMAT_FILE),
    JSON.stringify({
      kind: 'kefu-sync-space',
      protocol: 1,
      spaceId: 'benchspace0001',
      createdAt: new Date().toISOString(),
    }),
  )
  for (const [d, ops] of all.entries()) {
    const dev = `dev${d}`
    fs.mkdirSync(path.join(space, segmentDir(dev)), { recursive: true })
    for (let i = 0, seq = 1; i < ops.length; i += 5000, seq++) {
      const { bytes, nameHash } = packOpsFile(
        { kefu: 'seg', dev, seq },
        ops.slice(i, i + 5000),
        null,
      )
      fs.writeFileSync(path.join(space, segmentDir(dev), segmentName(seq, nameHash)), bytes)
    }
  }

  // Ours: a fresh PC joins and merges everything, 5 runs on fresh data folders.
  const ours: number[] = []
  let lastPc: { store: Store; engine: SyncEngine } | null = null
  for (let run = 0; run < 6; run++) {
    if (lastPc) await lastPc.store.close()
    const dir = path.join(root, `pc${run}`)
    const store = await Store.open({
      dataDir: dir,
      deviceId: 'fresh',
      autoBackup: false,
      flushDelayMs: 60_000,
    })
    const engine = new SyncEngine({
      target: new FolderTarget(space),
      store,
      stateFile: path.join(dir, 'sync-state.json'),
      deviceId: 'fresh',
    })
    const { ms, value } = await timeOnce(() => engine.round())
    if (value.status !== 'ok' || value.applied !== DEVICES * OPS)
      throw new Error(
        `merge incomplete: ${JSON.stringify({ ...value, future: undefined, aside: undefined })}`,
      )
    if (run > 0) ours.push(ms)
    lastPc = { store, engine }
  }

  // Peer: Automerge on a shared base; each order's edits are one change (a person's work on one
  // order at a time, as our segments carry it), 5 000 changes in all; a fresh doc applies them all.
  const baseDoc = Automerge.change(
    Automerge.init<{ tickets: Record<string, Record<string, unknown>> }>(),
    (doc) => {
      doc.tickets = {}
    },
  )
  const changes: Uint8Array[] = []
  for (const [d, ops] of all.entries()) {
    let doc = Automerge.clone(baseDoc, { actor: (d + 1).toString(16).padStart(2, '0').repeat(16) })
    for (let i = 0; i < ops.length; i += 20) {
      const group = ops.slice(i, i + 20)
      doc = Automerge.change(doc, (x) => {
        for (const op of group) {
          const t = (x.tickets[op.id] ??= { history: {} })
          if (op.kind === 'set') t[op.field as string] = op.value as string
          else (t.history as Record<string, unknown>)[(op.value as { id: string }).id] = op.value
        }
      })
      changes.push(Automerge.getLastLocalChange(doc) as Uint8Array)
    }
  }
  const peer: number[] = []
  for (let run = 0; run < 6; run++) {
    const fresh = Automerge.load<{ tickets: Record<string, unknown> }>(Automerge.save(baseDoc))
    const { ms, value } = await timeOnce(() => Automerge.applyChanges(fresh, changes)[0])
    if (Object.keys(value.tickets).length !== DEVICES * (OPS / 20))
      throw new Error('automerge merge incomplete')
    if (run > 0) peer.push(ms)
  }
  const so = stats(ours)
  const sp = stats(peer)
  report.add({
    id: 'sync.merge.5x20k',
    value: so.p50,
    unit: 'ms',
    better: 'lower',
    target: 2000,
    peer: { name: 'Automerge 3 applyChanges', value: sp.p50 },
    min: so.min,
    max: so.max,
    runs: ours.length,
    note: 'cold PC: read 20 gzip segments, verify, apply 100 000 ops to a real store (journal fsync)',
  })

  // No-change round on the folder, the PC above fully up to date.
  const pc = lastPc as { store: Store; engine: SyncEngine }
  await pc.engine.round()
  const noop: number[] = []
  for (let i = 0; i < 25; i++) {
    const { ms, value } = await timeOnce(() => pc.engine.round())
    if (value.status !== 'ok' || value.pulled !== 0) throw new Error('noop round did work')
    if (i >= 3) noop.push(ms)
  }
  const sn = stats(noop)
  report.add({
    id: 'sync.noop.folder',
    value: sn.p50,
    unit: 'ms',
    better: 'lower',
    target: 50,
    min: sn.min,
    max: sn.max,
    runs: noop.length,
    noPeer: 'no comparable tool runs a no-change round on a plain folder',
    note: '6 device folders (5 writers + this PC)',
  })
  await pc.store.close()
}

main()
  .catch((e) => {
    console.error(e)
    process.exitCode = 1
  })
  .finally(() => fs.rmSync(root, { recursive: true, force: true }))
