import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RoundResult } from '../../electron/sync/engine'
import { SyncEngine } from '../../electron/sync/engine'
import { WebDavTarget } from '../../electron/sync/webdav-target'
import { startApacheDav } from './apache'
import { realReplica, type Replica } from './replicas'
import { tempRoot } from './sim'
import { startFaultProxy, startRcloneDav, type FaultProxy } from './webdav-servers'

/**
 * Issue 13 item 6: a WebDAV server misbehaving the ways real ones do, on two real servers
 * (Apache httpd mod_dav and `rclone serve webdav`) with a fault proxy in front for what a real
 * server cannot be made to do here. Two PCs run the real sync engine through it. For each
 * fault: the round says why it did not sync (in Chinese), nothing either PC wrote is lost, and
 * once the fault is gone both PCs converge.
 */

interface Server {
  url: string
  user: string
  password: string
  halt(): Promise<void>
  start(): Promise<void>
  changePassword(pw: string): Promise<void>
  stop(): Promise<void>
}

const SERVERS: Record<string, () => Promise<Server>> = {
  'Apache mod_dav': async () => {
    const s = await startApacheDav()
    return {
      url: s.url,
      user: s.user,
      get password() {
        return s.password
      },
      halt: s.halt,
      start: s.start,
      changePassword: async (pw) => s.setPassword(pw),
      stop: s.stop,
    }
  },
  'rclone serve webdav': async () => {
    const s = await startRcloneDav()
    return {
      url: s.url,
      user: s.user,
      get password() {
        return s.password
      },
      halt: s.halt,
      start: () => s.start(),
      // rclone takes its account on the command line: restarted with the new one.
      changePassword: async (pw) => {
        await s.halt()
        await s.start(pw)
      },
      stop: s.stop,
    }
  },
}

/** Each pair of PCs works on its own order (the space is shared by the whole file). */
const note = (id: string, text: string) => ({
  entity: 'ticket',
  id: `PDD-${id.split('-')[0]}`,
  kind: 'add' as const,
  field: 'history',
  value: { id, text },
})

interface Pc {
  name: string
  replica: Replica
  engine: SyncEngine
  target: WebDavTarget
  stateFile: string
}

for (const [label, startServer] of Object.entries(SERVERS)) {
  describe(`WebDAV faults on ${label}`, () => {
    let server: Server
    let proxy: FaultProxy
    const root = tempRoot('webdav-faults')
    const replicas: Replica[] = []
    let n = 0

    beforeAll(async () => {
      server = await startServer()
      proxy = await startFaultProxy(server.url)
    }, 60_000)
    afterAll(async () => {
      for (const r of replicas) await r.close()
      await proxy?.close()
      await server?.stop()
      fs.rmSync(root, { recursive: true, force: true })
    }, 60_000)

    function engineFor(
      name: string,
      replica: Replica,
      stateFile: string,
      opts: { password?: string; timeoutMs?: number; allowCreate?: boolean } = {},
    ): { engine: SyncEngine; target: WebDavTarget } {
      const target = new WebDavTarget({
        url: proxy.url,
        user: server.user,
        password: opts.password ?? server.password,
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      })
      const engine = new SyncEngine({
        target,
        store: replica.store,
        stateFile,
        deviceId: name,
        allowCreate: opts.allowCreate ?? true,
      })
      return { engine, target }
    }

    async function pc(opts: { timeoutMs?: number } = {}): Promise<Pc> {
      const name = `pc${label.startsWith('A') ? 'a' : 'r'}${++n}`
      const replica = await realReplica(path.join(root, name), name, Date.now)
      replicas.push(replica)
      const stateFile = path.join(root, name, 'sync-state.json')
      return { name, replica, stateFile, ...engineFor(name, replica, stateFile, opts) }
    }

    /** Two PCs that have synced once: the shop before the fault. */
    async function twoPcs(opts: { timeoutMs?: number } = {}): Promise<[Pc, Pc]> {
      const a = await pc(opts)
      const b = await pc(opts)
      pair.set(a.name, a.name)
      pair.set(b.name, a.name)
      expect(await a.engine.round()).toMatchObject({ status: 'ok' })
      expect(await b.engine.round()).toMatchObject({ status: 'ok' })
      return [a, b]
    }

    /** The first PC's name of the pair a PC belongs to: whose order the notes are on. */
    const pair = new Map<string, string>()
    const notesOf = (p: Pc): string[] => {
      const doc = (
        p.replica.store as unknown as {
          get(e: string, id: string): { sets?: Record<string, Record<string, unknown>> } | null
        }
      ).get('ticket', `PDD-${pair.get(p.name)}`)
      return Object.keys(doc?.sets?.history ?? {}).sort()
    }

    /** Rounds until both PCs say ok twice in a row; then they must hold the same. */
    async function converge(a: Pc, b: Pc): Promise<void> {
      let last: RoundResult[] = []
      for (let i = 0; i < 4; i++) {
        last = [await a.engine.round(), await b.engine.round(), await a.engine.round()]
        if (last.every((r) => r.status === 'ok') && a.replica.hash() === b.replica.hash()) break
      }
      expect(last).toMatchObject([{ status: 'ok' }, { status: 'ok' }, { status: 'ok' }])
      expect(a.replica.hash()).toBe(b.replica.hash())
    }

    function expectOffline(r: RoundResult, reason: RegExp): void {
      expect(r.status).toBe('offline')
      if (r.status === 'offline') expect(r.message).toMatch(reason)
    }

    it('423 Locked on upload: offline with the reason, nothing lost, converges', async () => {
      const [a, b] = await twoPcs()
      await a.replica.commit('p1', [note(`${a.name}-1`, '锁定期间写下的备注')])
      await b.replica.commit('p2', [note(`${a.name}-b1`, '另一台电脑的备注')])
      proxy.fault = { kind: 'status', status: 423, methods: ['PUT', 'MOVE'] }
      expectOffline(await a.engine.round(), /锁定（423）/)
      proxy.fault = null
      await converge(a, b)
      expect(notesOf(b)).toEqual([`${a.name}-1`, `${a.name}-b1`])
    })

    it('507 Insufficient Storage: says the drive is full and nothing is lost; converges once there is room', async () => {
      const [a, b] = await twoPcs()
      await a.replica.commit('p1', [note(`${a.name}-1`, '网盘满的时候写的备注')])
      proxy.fault = { kind: 'status', status: 507, methods: ['PUT'] }
      const r = await a.engine.round()
      expectOffline(r, /空间已满（507/)
      if (r.status === 'offline') expect(r.message).toContain('数据都保留着')
      // Still full a round later: still said, still kept.
      expectOffline(await a.engine.round(), /507/)
      expect(notesOf(a)).toEqual([`${a.name}-1`])
      proxy.fault = null
      await converge(a, b)
      expect(notesOf(b)).toEqual([`${a.name}-1`])
    })

    it('a listing that leaves out the other PC’s files: nothing is taken as gone, and it arrives once listed', async () => {
      const [a, b] = await twoPcs()
      await a.replica.commit('p1', [note(`${a.name}-1`, '列表里暂时看不到的备注')])
      expect((await a.engine.round()).status).toBe('ok')
      proxy.fault = { kind: 'omit', hrefIncludes: `/devices/${a.name}/` }
      expect((await b.engine.round()).status).toBe('ok')
      expect(notesOf(b)).toEqual([])
      await b.replica.commit('p2', [note(`${a.name}-b1`, '这边照常工作')])
      expect((await b.engine.round()).status).toBe('ok')
      proxy.fault = null
      await converge(a, b)
      expect(notesOf(a)).toEqual([`${a.name}-1`, `${a.name}-b1`])
      // Nothing of A's was written again or removed: its one segment is still the one.
      const seg = (await a.target.list(`devices/${a.name}/seg`)) ?? []
      expect(seg.filter((e) => e.name.endsWith('.jsonl.gz'))).toHaveLength(1)
    })

    it('a slow answer: within the time limit it only takes longer; past it, offline with the reason', async () => {
      const [a, b] = await twoPcs({ timeoutMs: 2_000 })
      await a.replica.commit('p1', [note(`${a.name}-1`, '服务器很慢时写的备注')])
      proxy.fault = { kind: 'slow', ms: 300 }
      expect((await a.engine.round()).status).toBe('ok')
      proxy.fault = { kind: 'slow', ms: 3_000 }
      await b.replica.commit('p2', [note(`${a.name}-b1`, '超时时写的备注')])
      expectOffline(await b.engine.round(), /响应太慢（2 秒内没有应答）/)
      proxy.fault = null
      await converge(a, b)
      expect(notesOf(a)).toEqual([`${a.name}-1`, `${a.name}-b1`])
    })

    it('a connection cut mid-upload: offline with the reason, no half file read, converges', async () => {
      const [a, b] = await twoPcs()
      await a.replica.commit('p1', [
        note(`${a.name}-1`, '上传到一半断线的备注，'.repeat(40)),
        note(`${a.name}-2`, '同一批的第二条'),
      ])
      proxy.fault = { kind: 'cut', afterBytes: 100 }
      expectOffline(await a.engine.round(), /断开|连不上/)
      proxy.fault = null
      await converge(a, b)
      expect(notesOf(b)).toEqual([`${a.name}-1`, `${a.name}-2`])
    })

    it('the server stopped in the middle of a round and started again: offline meanwhile, then converges', async () => {
      const [a, b] = await twoPcs()
      await a.replica.commit('p1', [note(`${a.name}-1`, '服务器关机前写的备注')])
      // Every answer takes a while, so the round is still going when the server goes off.
      proxy.fault = { kind: 'slow', ms: 400 }
      const inFlight = a.engine.round()
      await new Promise((r) => setTimeout(r, 600))
      await server.halt()
      expectOffline(await inFlight, /WebDAV 服务器/)
      proxy.fault = null
      await b.replica.commit('p2', [note(`${a.name}-b1`, '服务器关着时写的备注')])
      expectOffline(await b.engine.round(), /WebDAV 服务器/)
      await server.start()
      await converge(a, b)
      expect(notesOf(b)).toEqual([`${a.name}-1`, `${a.name}-b1`])
    })

    it('401 after the password was changed: stopped with the reason until the new one is entered; nothing lost', async () => {
      const [a, b] = await twoPcs()
      const old = server.password
      await server.changePassword('新密码789')
      await a.replica.commit('p1', [note(`${a.name}-1`, '改密码后写的备注')])
      const r = await a.engine.round()
      expect(r.status).toBe('stopped')
      if (r.status === 'stopped') {
        expect(r.code).toBe('auth_failed')
        expect(r.message).toMatch(/401/)
        expect(r.message).toContain('新密码')
      }
      expect(notesOf(a)).toEqual([`${a.name}-1`])
      // An admin enters the new password on both PCs (Settings → 同步 builds a new target).
      const a2 = { ...a, ...engineFor(a.name, a.replica, a.stateFile, { password: '新密码789' }) }
      const b2 = { ...b, ...engineFor(b.name, b.replica, b.stateFile, { password: '新密码789' }) }
      await converge(a2, b2)
      expect(notesOf(b2)).toEqual([`${a.name}-1`])
      await server.changePassword(old)
    })
  })
}
