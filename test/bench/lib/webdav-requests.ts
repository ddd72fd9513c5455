import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SyncEngine } from '../../../electron/sync/engine'
import {
  WEBDAV_ACK_EVERY_MS,
  WEBDAV_SCHEDULE,
  WebDavTarget,
} from '../../../electron/sync/webdav-target'
import type { Schedule } from '../../../shared/sync/backoff'
import { startApacheDav } from '../../sync/apache'
import { realReplica, type Replica } from '../../sync/replicas'
import { startFaultProxy, startRcloneDav } from '../../sync/webdav-servers'

/**
 * How many requests a shop's PCs send to a WebDAV server in 30 minutes (issue 13 item 6:
 * 坚果云 and other cloud drives limit requests per account, and a shop's PCs share one).
 * Five PCs run the real engine against a real server on 127.0.0.1 through a counting proxy.
 * Time is simulated: each PC's loop follows the sync manager's rules (a change schedules a
 * round `debounceMs` later, a round reschedules itself after `intervalMs`, or `debounceMs` when
 * a change came in meanwhile), so 30 minutes take seconds. Every PC records one change (a note
 * on an order) every `changeEveryMs`, staggered.
 */
export interface RequestRun {
  server: 'apache' | 'rclone'
  pcs: number
  minutes: number
  changeEveryMs: number
  schedule: Schedule
  /** false: the target without its request savings (one PROPFIND per folder, format.json every round). */
  economy: boolean
}

export interface RequestCount {
  total: number
  byMethod: Record<string, number>
  rounds: number
  converged: boolean
}

export async function countWebdavRequests(run: RequestRun): Promise<RequestCount> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-bench-dav-'))
  const server = run.server === 'apache' ? await startApacheDav() : await startRcloneDav()
  const proxy = await startFaultProxy(server.url)
  const t0 = Date.UTC(2026, 11, 1, 1, 0, 0)
  let t = 0
  const now = () => t0 + t
  const pcs: { name: string; replica: Replica; engine: SyncEngine; due: number }[] = []
  try {
    for (let i = 0; i < run.pcs; i++) {
      const name = `benchpc${i + 1}`
      const replica = await realReplica(path.join(root, name), name, now)
      const target = new WebDavTarget({
        url: proxy.url,
        user: server.user,
        password: server.password,
        ...(run.economy ? {} : { economy: false }),
      })
      const engine = new SyncEngine({
        target,
        store: replica.store,
        stateFile: path.join(root, name, 'sync-state.json'),
        deviceId: name,
        allowCreate: i === 0,
        now,
        ...(run.economy ? { ackEveryMs: WEBDAV_ACK_EVERY_MS } : {}),
      })
      pcs.push({ name, replica, engine, due: 0 })
    }
    // The shop as it is before the measured half hour: every PC joined and up to date.
    for (let k = 0; k < 2; k++) for (const p of pcs) await p.engine.round()
    proxy.log.length = 0

    const end = run.minutes * 60_000
    const s = run.schedule
    const changes: { at: number; pc: number }[] = []
    for (let i = 0; i < run.pcs; i++) {
      for (
        let at = Math.round((run.changeEveryMs * (i + 1)) / run.pcs);
        at < end;
        at += run.changeEveryMs
      )
        changes.push({ at, pc: i })
    }
    changes.sort((a, b) => a.at - b.at)
    // Staggered start, as PCs switched on at different times.
    for (const [i, p] of pcs.entries()) p.due = Math.round((s.intervalMs * i) / run.pcs)
    const pending = new Set<number>()
    let rounds = 0
    let c = 0
    let n = 0
    for (;;) {
      const next = pcs.reduce((m, p, i) => (p.due < (pcs[m] as typeof p).due ? i : m), 0)
      const roundAt = (pcs[next] as (typeof pcs)[number]).due
      const change = changes[c]
      if (change && change.at <= roundAt) {
        t = change.at
        c++
        const p = pcs[change.pc] as (typeof pcs)[number]
        await p.replica.commit(`person${change.pc}`, [
          {
            entity: 'ticket',
            id: `T-${change.pc}-${n % 7}`,
            kind: 'add',
            field: 'history',
            value: { id: `note-${n++}`, text: '已联系顾客，约定明天上午回电' },
          },
        ])
        pending.add(change.pc)
        p.due = t + s.debounceMs
        continue
      }
      if (roundAt >= end) break
      t = roundAt
      const p = pcs[next] as (typeof pcs)[number]
      pending.delete(next)
      const r = await p.engine.round()
      rounds++
      if (r.status !== 'ok') throw new Error(`${p.name}: ${JSON.stringify(r)}`)
      p.due = t + (pending.has(next) ? s.debounceMs : s.intervalMs)
    }
    const byMethod: Record<string, number> = {}
    for (const e of proxy.log) byMethod[e.method] = (byMethod[e.method] ?? 0) + 1
    if (process.env.KEFU_BENCH_DAV_LOG) {
      const kinds: Record<string, number> = {}
      for (const e of proxy.log) {
        const k = `${e.method} ${decodeURIComponent(e.path)
          .replace(/benchpc\d/g, 'PC')
          .replace(/\d{10}[-\w.]*/g, 'N')
          .replace(/\.[\w.-]+\.tmp/, '.tmp')}`
        kinds[k] = (kinds[k] ?? 0) + 1
      }
      console.log(kinds)
    }
    const total = proxy.log.length
    // Afterwards (not counted): every PC holds the same.
    for (let k = 0; k < 2; k++) for (const p of pcs) await p.engine.round()
    const hashes = new Set(pcs.map((p) => p.replica.hash()))
    return { total, byMethod, rounds, converged: hashes.size === 1 }
  } finally {
    for (const p of pcs) await p.replica.close()
    await proxy.close()
    await server.stop()
    fs.rmSync(root, { recursive: true, force: true })
  }
}

export { WEBDAV_SCHEDULE }
