import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SyncEngine } from '../../electron/sync/engine'
import { WebDavTarget } from '../../electron/sync/webdav-target'
import { realReplica, type Replica } from '../sync/replicas'
import { startApacheDav, type DavServer } from '../sync/apache'
import { tempRoot } from '../sync/sim'

/** Issue 8 (c): the same protocol against a real Apache mod_dav on 127.0.0.1. */

let server: DavServer
const root = tempRoot('webdav')
const replicas: Replica[] = []

beforeAll(async () => {
  server = await startApacheDav()
})
afterAll(async () => {
  for (const r of replicas) await r.close()
  await server?.stop()
  fs.rmSync(root, { recursive: true, force: true })
})

async function pc(
  name: string,
  opts: {
    password?: string
    allowCreate?: boolean
    compact?: boolean
    log?: string[]
    now?: () => number
  } = {},
) {
  const replica = await realReplica(path.join(root, name), name, Date.now)
  replicas.push(replica)
  const target = new WebDavTarget({
    url: server.url,
    user: server.user,
    password: opts.password ?? server.password,
  })
  const engine = new SyncEngine({
    target,
    store: replica.store,
    stateFile: path.join(root, name, 'sync-state.json'),
    deviceId: name,
    allowCreate: opts.allowCreate ?? false,
    ...(opts.compact ? { segmentOps: 1, compactAfterSegments: 2, activeWindowMs: 60_000 } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    log: (e) => opts.log?.push(e.message),
  })
  return { replica, engine, target }
}

const note = (id: string, text: string) => ({
  entity: 'ticket',
  id: 'PDD-240501-001',
  kind: 'add',
  field: 'history',
  value: { id, text },
})

describe('WebDAV target on Apache mod_dav', () => {
  it('two PCs exchange ops through the server and converge', async () => {
    const a = await pc('davA', { allowCreate: true })
    const b = await pc('davB')
    await a.replica.commit('p1', [
      { entity: 'ticket', id: 'PDD-240501-001', kind: 'set', field: 'status', value: '处理中' },
      note('n1', '顾客说快递破损，已拍照'),
    ])
    expect((await a.engine.round()).status).toBe('ok')
    const rb = await b.engine.round()
    expect(rb.status).toBe('ok')
    await b.replica.commit('p2', [note('n2', '已联系快递公司理赔')])
    expect((await b.engine.round()).status).toBe('ok')
    expect((await a.engine.round()).status).toBe('ok')
    expect(a.replica.hash()).toBe(b.replica.hash())
    // What is on the server is what the protocol says, and nothing else.
    const seg = fs.readdirSync(path.join(server.davDir, 'devices', 'davA', 'seg'))
    expect(seg.filter((n) => !/^\d{10}-[0-9a-f]{16}\.jsonl\.gz$/.test(n))).toEqual([])
    expect(fs.existsSync(path.join(server.davDir, 'format.json'))).toBe(true)
    // The server's clock is this machine's: the Date header says so within a second or two.
    const skew = await a.target.clockSkew()
    expect(skew).not.toBeNull()
    expect(Math.abs(skew as number)).toBeLessThan(2000)
  })

  it('a wrong password is reported as an authentication failure, not as offline', async () => {
    const c = await pc('davC', { password: 'wrong' })
    const r = await c.engine.round()
    expect(r.status).toBe('stopped')
    if (r.status === 'stopped') {
      expect(r.code).toBe('auth_failed')
      expect(r.message).toContain('用户名或密码')
    }
  })

  it('a folder locked by another client (423) is retried later and nothing is lost', async () => {
    const d = await pc('davD')
    const e = await pc('davE')
    expect((await d.engine.round()).status).toBe('ok')
    expect((await e.engine.round()).status).toBe('ok')
    await d.replica.commit('p1', [note('n3', '锁定期间写下的备注')])

    // Another WebDAV client (a drive app, an editor) takes an exclusive lock on D's segment folder.
    const lockUrl = new URL('devices/davD/seg/', server.url).toString()
    const auth = `Basic ${Buffer.from(`${server.user}:${server.password}`).toString('base64')}`
    const lock = await fetch(lockUrl, {
      method: 'LOCK',
      headers: {
        Authorization: auth,
        Depth: 'infinity',
        Timeout: 'Second-600',
        'Content-Type': 'application/xml',
      },
      body: '<?xml version="1.0" encoding="utf-8"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>其他程序</D:owner></D:lockinfo>',
    })
    expect(lock.status).toBe(200)
    const token = lock.headers.get('lock-token') as string
    expect(token).toBeTruthy()

    const locked = await d.engine.round()
    expect(locked.status).toBe('offline')
    if (locked.status === 'offline') expect(locked.message).toContain('锁定')

    const unlock = await fetch(lockUrl, {
      method: 'UNLOCK',
      headers: { Authorization: auth, 'Lock-Token': token },
    })
    expect(unlock.status).toBe(204)

    expect((await d.engine.round()).status).toBe('ok')
    expect((await e.engine.round()).status).toBe('ok')
    expect(e.replica.hash()).toBe(d.replica.hash())
    const ticket = (
      e.replica.store as unknown as {
        get(en: string, id: string): { sets: Record<string, Record<string, unknown>> }
      }
    ).get('ticket', 'PDD-240501-001')
    expect(Object.keys(ticket.sets.history ?? {})).toContain('n3')
  })

  it('compaction over WebDAV: a snapshot replaces segments every PC has read; a new PC starts from it', async () => {
    // The PCs of the tests above are in this space too and will not be back: once F's clock
    // is past the active window they no longer hold compaction back; G, which reads on, does.
    let skip = 0
    const f = await pc('davF', { compact: true, now: () => Date.now() + skip })
    const g = await pc('davG')
    expect((await f.engine.round()).status).toBe('ok')
    expect((await g.engine.round()).status).toBe('ok')
    for (let i = 0; i < 3; i++) {
      await f.replica.commit('p1', [note(`f${i}`, `压缩前的备注 ${i}`)])
      expect((await f.engine.round()).status).toBe('ok')
    }
    expect((await g.engine.round()).status).toBe('ok')
    skip = 120_000
    expect((await f.engine.round()).status).toBe('ok')
    expect(f.engine.silentDevices.map((d) => d.dev).sort()).toEqual([
      'davA',
      'davB',
      'davD',
      'davE',
    ])
    const segs = fs.readdirSync(path.join(server.davDir, 'devices', 'davF', 'seg'))
    // The first two went into the snapshot and are gone; the third waits for the next one.
    expect(segs.filter((n) => n.endsWith('.jsonl.gz')).map((n) => n.slice(0, 10))).toEqual([
      '0000000003',
    ])
    const snaps = fs.readdirSync(path.join(server.davDir, 'snapshots'))
    expect(snaps.some((n) => n.includes('-davF-'))).toBe(true)
    const log: string[] = []
    const h = await pc('davH', { log })
    expect((await h.engine.round()).status).toBe('ok')
    expect(log.some((l) => l.startsWith('从快照'))).toBe(true)
    expect(h.replica.hash()).toBe(f.replica.hash())
    expect(h.replica.hash()).toBe(g.replica.hash())
  })
})
