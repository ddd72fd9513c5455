/**
 * Reports benchmark (issue 9, shared/BENCH.md): `npm run bench -- reports`.
 * - reports.shift.<size>: the team's summary of one 8-hour shift (every issue-9 figure, still-open
 *   orders with handover notes, names) selected from the store, through the service's own path
 *   (archive months chosen by date, raw docs tested before materialising, KPI maths).
 * - reports.month.<size>: a month's report for the whole team (daily/weekly/monthly trends,
 *   category share per week, volume by hour, per-person assessment with quality-check scores),
 *   through reports.period.
 * Setup (not timed): the generator's orders committed through the real Store as the ticket desk
 * makes them (a `set` per field, an `add` per history entry), the view flushed, the store
 * reopened. Peer: plain lowdb, every order in one db.json held in memory as a plain object (the
 * way a small app would use lowdb), the same KPI maths over a full scan of it.
 * Figures are medians of warm calls (7 after 2 warm-ups); the first call (which reads archive
 * months from disk) is in the note.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import type { Change } from '../../shared/data/ops'
import { periodReport } from '../../shared/reports/aggregate'
import { shiftSummary } from '../../shared/tickets/kpi'
import type { Ticket } from '../../shared/tickets/model'
import type { CallContext } from '../../electron/context'
import { buildSummary } from '../../electron/services/reports/context'
import { createReports } from '../../electron/services/reports'
import { createShifts } from '../../electron/services/shifts'
import { Store } from '../../electron/store'
import { benchSizes } from './lib/args'
import { BENCH_NOW, generateTickets } from './lib/generate'
import { BenchReport } from './lib/results'
import { gc, measure, timeOnce } from './lib/timing'

const DEVICE = 'pc-bench'
const AGENT = 'p-agent-01'
const HOUR = 3_600_000
// The generator's newest orders are a day before its "now": the shift is the last 8 hours of them.
const SHIFT = { fromMs: BENCH_NOW - 32 * HOUR, toMs: BENCH_NOW - 24 * HOUR }
// October 2026 in China time: the last full month before the benchmarks' "now".
const MONTH = { from: '2026-09-30T16:00:00.000Z', to: '2026-10-31T16:00:00.000Z' }

function changesOf(t: Ticket): Change[] {
  const out: Change[] = []
  for (const [field, value] of Object.entries(t)) {
    if (field === 'id' || field === 'history' || value === undefined) continue
    out.push({ entity: 'ticket', id: t.id, kind: 'set', field, value })
  }
  for (const e of t.history)
    out.push({ entity: 'ticket', id: t.id, kind: 'add', field: 'history', value: e })
  return out
}

async function buildStore(dir: string, tickets: Ticket[]): Promise<void> {
  const store = await Store.open({
    dataDir: dir,
    deviceId: DEVICE,
    autoBackup: false,
    flushDelayMs: 3_600_000,
  })
  const people: Change[] = []
  for (let i = 1; i <= 12; i++) {
    const id = `p-agent-${String(i).padStart(2, '0')}`
    people.push({ entity: 'person', id, kind: 'set', field: 'name', value: `客服${i}号` })
  }
  await store.commit('setup', people)
  const BATCH = 500
  for (let i = 0; i < tickets.length; i += BATCH) {
    const changes: Change[] = []
    for (const t of tickets.slice(i, i + BATCH)) changes.push(...changesOf(t))
    await store.commit(AGENT, changes)
    if ((i / BATCH) % 20 === 19) await store.flush()
  }
  await store.flush()
  await store.checkpoint()
  await store.close()
}

async function main(): Promise<void> {
  const report = new BenchReport('reports')
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-bench-reports-'))
  try {
    for (const { n, label } of benchSizes()) {
      console.log(`\n-- ${label} orders`)
      const tickets = generateTickets(n)
      const dir = path.join(root, label)
      const built = await timeOnce(() => buildStore(dir, tickets))
      console.log(`  store built in ${(built.ms / 1000).toFixed(1)} s`)

      const peerDir = path.join(root, `${label}-lowdb`)
      fs.mkdirSync(peerDir)
      const peerDb = new Low<{ tickets: Ticket[] }>(new JSONFile(path.join(peerDir, 'db.json')), {
        tickets,
      })
      await peerDb.write()
      await peerDb.read()
      const peerTickets = peerDb.data.tickets
      gc()

      const store = await Store.open({ dataDir: dir, deviceId: DEVICE, autoBackup: false })
      try {
        const deps = { store, device: { id: DEVICE, name: '前台电脑1' }, now: () => BENCH_NOW }
        const shifts = createShifts({ ...deps, adapters: { print: {} } })
        const reports = createReports(deps, shifts)
        const ctx = {
          person: { id: 'p-sup', name: '主管', roles: ['supervisor'], teams: [] },
          audit: async () => undefined,
        } as unknown as CallContext

        // One shift, the service's path.
        const shiftOnce = () => buildSummary(store, { ...SHIFT, personIds: null, shift: null })
        const firstShift = await timeOnce(shiftOnce)
        const ours = await measure(shiftOnce)
        const peer = await measure(() =>
          shiftSummary(peerTickets, { from: SHIFT.fromMs, to: SHIFT.toMs }),
        )
        const s = firstShift.value.view.figures
        report.add({
          id: `reports.shift.${label}`,
          value: ours.median,
          unit: 'ms',
          better: 'lower',
          ...(n === 100_000 ? { target: 100 } : {}),
          peer: { name: 'lowdb single file, full scan', value: peer.median },
          min: ours.min,
          max: ours.max,
          runs: ours.runs,
          note: `first call ${firstShift.ms.toFixed(0)} ms (reads the month's archive file); shift had ${s.received} received, ${s.resolved} resolved, ${firstShift.value.view.stillOpen.length} still open`,
        })

        // A month's report for the team, through reports.period.
        const monthOnce = () => reports.period({ ...MONTH }, ctx)
        const firstMonth = await timeOnce(monthOnce)
        const oursM = await measure(monthOnce)
        const peerM = await measure(() =>
          periodReport(peerTickets, { from: MONTH.from, to: MONTH.to }),
        )
        const m = (await firstMonth.value).totals
        report.add({
          id: `reports.month.${label}`,
          value: oursM.median,
          unit: 'ms',
          better: 'lower',
          ...(n === 100_000 ? { target: 500 } : {}),
          peer: { name: 'lowdb single file, full scan', value: peerM.median },
          min: oursM.min,
          max: oursM.max,
          runs: oursM.runs,
          note: `first call ${firstMonth.ms.toFixed(0)} ms; month had ${m.received} received, ${m.resolved} resolved`,
        })
      } finally {
        await store.close()
      }
      fs.rmSync(dir, { recursive: true, force: true })
      fs.rmSync(peerDir, { recursive: true, force: true })
      gc()
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
  report.finish()
}

await main()
