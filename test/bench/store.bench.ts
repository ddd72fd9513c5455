/**
 * The data core's benchmark (issue 4 item 6, shared/BENCH.md): durable single-op writes, open
 * to usable, memory after open, against plain lowdb single-file use on the same orders, and
 * the disk's own limit (one append + fdatasync).
 *
 * Setup per size (not timed): the generator's orders become ops the way the ticket desk makes
 * them (one `set` per field, one `add` per history entry), committed in large batches through
 * the real Store with autoBackup off and the view flushed every few batches (so archive months
 * are written and leave memory as they would over two years), then one backup and a
 * checkpoint, as a PC that has run for a while has them. The peer gets one lowdb `db.json`
 * holding every order as a plain object, the way a small app would use lowdb.
 *
 * Open and memory are measured in a fresh process per run (this file re-run with `--child`),
 * so no cache of this process helps; usable = Store.open resolved and get() of an open order
 * answered (peer: db.read() resolved and the order found).
 *
 * Writes run as in use: the store opened with its defaults (view writes after
 * flushDelayMs, daily backup already made), one op per commit with a short pause between
 * commits, long enough that background view writes of state.json run during the series.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import type { Change } from '../../shared/data/ops'
import type { HistoryEntry, Ticket } from '../../shared/tickets/model'
import { Store } from '../../electron/store'
import { benchSizes } from './lib/args'
import { generateTickets } from './lib/generate'
import { BenchReport } from './lib/results'
import { gc, stats, type Stats } from './lib/timing'

const SELF = fileURLToPath(import.meta.url)
const DEVICE = 'pc-bench'
const BY = 'p-agent-01'
const DEV_NAME = '前台电脑1'

interface PeerData {
  tickets: Ticket[]
}

interface ChildResult {
  ms: number
  rssMb: number
  found: boolean
}

// ------------------------------------------------------------------ child: open in a fresh process

if (process.argv[2] === '--child') {
  const [, , , engine, dir, probeId] = process.argv
  const result = await openOnce(engine as 'ours' | 'peer', dir!, probeId!)
  process.stdout.write(JSON.stringify(result) + '\n')
  process.exit(0)
}

async function openOnce(engine: 'ours' | 'peer', dir: string, probeId: string) {
  let found: boolean
  let done: () => Promise<void>
  const t0 = performance.now()
  if (engine === 'ours') {
    const store = await Store.open({ dataDir: dir, deviceId: DEVICE })
    found = store.get('ticket', probeId) !== undefined
    done = () => store.close()
  } else {
    const db = new Low<PeerData>(new JSONFile(path.join(dir, 'db.json')), { tickets: [] })
    await db.read()
    found = db.data.tickets.some((t) => t.id === probeId)
    done = async () => {}
  }
  const ms = performance.now() - t0
  gc()
  const rssMb = process.memoryUsage().rss / 1048576
  await done()
  return { ms, rssMb, found } satisfies ChildResult
}

// ------------------------------------------------------------------ setup

function ticketToChanges(t: Ticket): Change[] {
  const out: Change[] = []
  for (const [field, value] of Object.entries(t)) {
    if (field === 'id' || field === 'history' || value === undefined) continue
    out.push({ entity: 'ticket', id: t.id, kind: 'set', field, value })
  }
  for (const e of t.history) {
    out.push({
      entity: 'ticket',
      id: t.id,
      kind: 'add',
      field: 'history',
      value: { ...e, devName: DEV_NAME },
    })
  }
  return out
}

async function buildStoreFolder(dir: string, tickets: Ticket[]): Promise<number> {
  const t0 = performance.now()
  const store = await Store.open({
    dataDir: dir,
    deviceId: DEVICE,
    autoBackup: false,
    flushDelayMs: 3_600_000,
  })
  const BATCH = 500
  for (let i = 0; i < tickets.length; i += BATCH) {
    const changes: Change[] = []
    for (const t of tickets.slice(i, i + BATCH)) changes.push(...ticketToChanges(t))
    await store.commit(BY, changes)
    // Oldest first: flushing every few batches writes finished months and lets them leave memory.
    if ((i / BATCH) % 20 === 19) await store.flush()
  }
  await store.flush()
  await store.backupNow()
  await store.checkpoint()
  await store.close()
  return performance.now() - t0
}

async function buildPeerFile(dir: string, tickets: Ticket[]): Promise<void> {
  fs.mkdirSync(dir, { recursive: true })
  const db = new Low<PeerData>(new JSONFile(path.join(dir, 'db.json')), { tickets })
  await db.write()
}

function duMb(dir: string): number {
  let bytes = 0
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else bytes += fs.statSync(p).size
    }
  }
  walk(dir)
  return bytes / 1048576
}

// ------------------------------------------------------------------ measurements

function openRuns(engine: 'ours' | 'peer', dir: string, probeId: string, runs: number) {
  const times: number[] = []
  const rss: number[] = []
  for (let i = 0; i < runs + 1; i++) {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', SELF, '--child', engine, dir, probeId],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    )
    const line = out.trim().split('\n').pop()!
    const r = JSON.parse(line) as ChildResult
    if (!r.found) throw new Error(`${engine}: order ${probeId} not found after open`)
    if (i === 0) continue // warm-up: the OS file cache, as after the PC has been on a while
    times.push(r.ms)
    rss.push(r.rssMb)
  }
  return { time: stats(times), rss: stats(rss) }
}

let entrySeq = 0
function noteEntry(): HistoryEntry {
  entrySeq++
  return {
    id: `bench-note-${process.pid}-${entrySeq}`,
    at: new Date().toISOString(),
    by: BY,
    dev: DEVICE,
    type: 'note',
    text: `顾客第${entrySeq}次来电催促退款进度，已告知财务正在审核，预计1-3个工作日原路退回，请留意支付宝通知。`,
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Single-op commits on open orders, as an agent's actions land, with view writes in between. */
async function ourWrites(dir: string, openIds: string[], runs: number, gapMs: number) {
  const store = await Store.open({ dataDir: dir, deviceId: DEVICE })
  const statePath = path.join(dir, 'state.json')
  let viewWrites = 0
  let lastMtime = fs.statSync(statePath).mtimeMs
  const samples: number[] = []
  const warmup = 20
  for (let i = 0; i < warmup + runs; i++) {
    const id = openIds[i % openIds.length]!
    const change: Change =
      i % 4 === 3
        ? {
            entity: 'ticket',
            id,
            kind: 'set',
            field: 'priority',
            value: i % 8 === 3 ? 'high' : 'normal',
          }
        : {
            entity: 'ticket',
            id,
            kind: 'add',
            field: 'history',
            value: { ...noteEntry(), devName: DEV_NAME },
          }
    const t0 = performance.now()
    await store.commit(BY, [change])
    const ms = performance.now() - t0
    if (i >= warmup) samples.push(ms)
    const m = fs.statSync(statePath).mtimeMs
    if (m !== lastMtime) {
      viewWrites++
      lastMtime = m
    }
    await sleep(gapMs)
  }
  await store.close()
  return { stats: stats(samples), viewWrites }
}

async function peerWrites(dir: string, openIds: string[], runs: number) {
  const db = new Low<PeerData>(new JSONFile(path.join(dir, 'db.json')), { tickets: [] })
  await db.read()
  const byId = new Map(db.data.tickets.map((t) => [t.id, t]))
  const samples: number[] = []
  const warmup = 2
  for (let i = 0; i < warmup + runs; i++) {
    const t = byId.get(openIds[i % openIds.length]!)!
    const t0 = performance.now()
    t.history.push(noteEntry())
    await db.write()
    const ms = performance.now() - t0
    if (i >= warmup) samples.push(ms)
  }
  return stats(samples)
}

function fsyncRuns(dir: string, runs: number): Stats {
  const file = path.join(dir, 'fsync-probe.jsonl')
  const line =
    JSON.stringify({
      n: 1,
      op: {
        hlc: '0001764043200000-0000-pc-bench',
        dev: DEVICE,
        by: BY,
        entity: 'ticket',
        id: 'tk-000001',
        kind: 'add',
        field: 'history',
        value: { ...noteEntry(), devName: DEV_NAME },
      },
    }) + '\n'
  const fd = fs.openSync(file, 'a')
  const samples: number[] = []
  try {
    for (let i = 0; i < runs + 20; i++) {
      const t0 = performance.now()
      fs.writeSync(fd, line)
      fs.fdatasyncSync(fd)
      const ms = performance.now() - t0
      if (i >= 20) samples.push(ms)
    }
  } finally {
    fs.closeSync(fd)
    fs.rmSync(file, { force: true })
  }
  return stats(samples)
}

// ------------------------------------------------------------------ main

const loadNote = () =>
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (1/5/15 min) on ${os.cpus().length} cpus`
console.log(`store bench: ${loadNote()}`)

const report = new BenchReport('store')
// BENCH_STORE_KEEP=<dir> builds the folders there and leaves them, to profile an open by hand.
const keep = process.env.BENCH_STORE_KEEP
const root = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-bench-store-'))
if (keep) fs.mkdirSync(keep, { recursive: true })
const fsyncSamples: number[] = []
let lastFsync: Stats | null = null
try {
  for (const { n, label } of benchSizes()) {
    const big = n >= 100_000
    console.log(`\n[${label}] generating ${n} orders…`)
    let tickets: Ticket[] | null = generateTickets(n)
    const openIds = tickets.filter((t) => t.status !== 'archived').map((t) => t.id)
    const archived = tickets.length - openIds.length
    const months = new Set(
      tickets.filter((t) => t.archivedAt).map((t) => t.archivedAt!.slice(0, 7)),
    ).size
    const historyPerOrder = tickets.reduce((a, t) => a + t.history.length, 0) / tickets.length
    const probeId = openIds[Math.floor(openIds.length / 2)]!

    const ourDir = path.join(root, `ours-${label}`)
    const peerDir = path.join(root, `peer-${label}`)
    const setupMs = await buildStoreFolder(ourDir, tickets)
    await buildPeerFile(peerDir, tickets)
    tickets = null
    gc()
    const shape =
      `${n} orders (${openIds.length} open, ${archived} archived over ${months} months, ` +
      `${historyPerOrder.toFixed(1)} history entries each); data folder ${duMb(ourDir).toFixed(0)} MB ` +
      `(incl. backup), lowdb db.json ${duMb(peerDir).toFixed(0)} MB; setup ${(setupMs / 1000).toFixed(0)} s`
    console.log(`  ${shape}`)

    // The disk's limit, measured right before the writes so both see the same load.
    const fsync = fsyncRuns(ourDir, big ? 300 : 200)
    fsyncSamples.push(fsync.p50, fsync.p95)
    lastFsync = fsync
    console.log(
      `  bare append+fdatasync: p50 ${fsync.p50.toFixed(3)} ms, p95 ${fsync.p95.toFixed(3)} ms`,
    )

    const writeRuns = big ? 400 : 300
    const ours = await ourWrites(ourDir, openIds, writeRuns, 25)
    const peer = await peerWrites(peerDir, openIds, big ? 7 : n >= 10_000 ? 15 : 40)
    const writeNote =
      `one op per commit (a note added or a field set on an open order), fdatasynced before it ` +
      `answers, 25 ms apart; ${ours.viewWrites} background view writes of state.json ran during ` +
      `the series; peer = mutate + db.write() of the whole file. ${loadNote()}`
    report.add({
      id: `store.write.p50.${label}`,
      value: ours.stats.p50,
      unit: 'ms',
      better: 'lower',
      peer: { name: 'lowdb single file', value: peer.p50 },
      min: ours.stats.min,
      max: ours.stats.max,
      runs: ours.stats.runs,
      note: shape,
    })
    report.add({
      id: `store.write.p95.${label}`,
      value: ours.stats.p95,
      unit: 'ms',
      better: 'lower',
      target: big ? 2 : undefined,
      peer: { name: 'lowdb single file', value: peer.p95 },
      others: [{ name: 'bare append+fdatasync p95', value: fsync.p95 }],
      min: ours.stats.min,
      max: ours.stats.max,
      runs: ours.stats.runs,
      note: writeNote,
    })
    report.add({
      id: `store.write.fsyncRatio.${label}`,
      value: ours.stats.p95 / fsync.p95,
      unit: '×',
      better: 'lower',
      target: big ? 5 : undefined,
      noPeer: 'ratio of our write p95 to the bare fdatasync p95 measured just before',
    })

    const oursOpen = openRuns('ours', ourDir, probeId, 5)
    const peerOpen = openRuns('peer', peerDir, probeId, 5)
    const openNote =
      'fresh node process per run (after one warm-up run): Store.open resolved and get() of an ' +
      'open order answered; peer: db.read() of db.json and the order found'
    report.add({
      id: `store.open.${label}`,
      value: oursOpen.time.median,
      unit: 'ms',
      better: 'lower',
      target: big ? 1000 : undefined,
      peer: { name: 'lowdb single file', value: peerOpen.time.median },
      min: oursOpen.time.min,
      max: oursOpen.time.max,
      runs: oursOpen.time.runs,
      note: openNote,
    })
    report.add({
      id: `store.rss.${label}`,
      value: oursOpen.rss.median,
      unit: 'MB',
      better: 'lower',
      target: big ? 300 : undefined,
      peer: { name: 'lowdb single file', value: peerOpen.rss.median },
      min: oursOpen.rss.min,
      max: oursOpen.rss.max,
      runs: oursOpen.rss.runs,
      note:
        'resident memory of that process after open and a gc(); includes node + tsx (≈ the ' +
        'baseline of an empty process, same for both)',
    })
    if (!keep) {
      fs.rmSync(ourDir, { recursive: true, force: true })
      fs.rmSync(peerDir, { recursive: true, force: true })
    }
  }
  if (lastFsync) {
    const s = stats(fsyncSamples.filter((_, i) => i % 2 === 1))
    report.add({
      id: 'store.fsync.p95',
      value: lastFsync.p95,
      unit: 'ms',
      better: 'lower',
      noPeer: 'the physical limit itself (one op-sized line appended and fdatasynced)',
      min: lastFsync.min,
      max: lastFsync.max,
      runs: lastFsync.runs,
      note: `measured before the largest size's writes; p95 at each size: ${fsyncSamples
        .filter((_, i) => i % 2 === 1)
        .map((v) => v.toFixed(3))
        .join(
          ', ',
        )} ms (median ${s.median.toFixed(3)}); p50 ${lastFsync.p50.toFixed(3)} ms. ${loadNote()}`,
    })
  }
} finally {
  if (!keep) fs.rmSync(root, { recursive: true, force: true })
}
report.finish()
