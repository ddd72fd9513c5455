import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EventMap } from '../../shared/api/events'
import { FolderTarget } from '../../electron/sync/folder-target'
import { SyncManager, testTarget } from '../../electron/sync/manager'
import { Store } from '../../electron/store'
import { managerRoom, plainStorage } from './manager-room'

const { root, stores, managers } = managerRoom('mgr')

async function makePc(name: string) {
  const dataDir = path.join(root, name)
  const store = await Store.open({ dataDir, deviceId: name, autoBackup: false })
  stores.push(store)
  const events: EventMap['sync.status'][] = []
  const manager = new SyncManager({
    dataDir,
    deviceId: name,
    deviceName: () => `前台${name}`,
    store,
    safeStorage: plainStorage,
    emit: (s) => events.push(s),
    schedule: { debounceMs: 50, intervalMs: 60_000, baseBackoffMs: 60_000, maxBackoffMs: 60_000 },
  })
  managers.push(manager)
  return { store, manager, events, dataDir }
}

describe('test connection says what is wrong', () => {
  it('unreachable, not a space, an empty folder, an existing space, a newer protocol', async () => {
    const missing = await testTarget(new FolderTarget(path.join(root, 'nope')), undefined, 'pc1')
    expect(missing).toMatchObject({ ok: false, problem: 'unreachable' })
    expect(missing.message).toContain('没有连接')

    const busy = path.join(root, 'busy')
    fs.mkdirSync(busy)
    fs.writeFileSync(path.join(busy, '账本.xlsx'), '')
    expect(await testTarget(new FolderTarget(busy), undefined, 'pc1')).toMatchObject({
      ok: false,
      problem: 'not_a_space',
    })

    const empty = path.join(root, 'empty')
    fs.mkdirSync(empty)
    expect(await testTarget(new FolderTarget(empty), undefined, 'pc1')).toMatchObject({
      ok: true,
      space: 'new',
    })
    // The probe for the clock leaves nothing behind.
    expect(fs.readdirSync(empty)).toEqual([])

    fs.writeFileSync(
      path.join(empty, 'format.json'),
      JSON.stringify({
        kind: 'kefu-sync-space',
        protocol: 7,
        spaceId: 'abcdefgh1234',
        createdAt: 'x',
      }),
    )
    const newer = await testTarget(new FolderTarget(empty), undefined, 'pc1')
    expect(newer).toMatchObject({ ok: false, problem: 'update_needed' })
    expect(newer.message).toContain('升级')
  })
})

describe('the sync manager', () => {
  it('configures a folder, syncs on change, reports status and keeps a log; a second PC joins and gets people', async () => {
    const share = path.join(root, 'share')
    fs.mkdirSync(share)
    const a = await makePc('mgrA')
    const status = await a.manager.configure({ type: 'folder', path: share }, '店铺口令2024', true)
    expect(status).toMatchObject({
      configured: true,
      state: 'upToDate',
      encrypted: true,
      secretStorage: 'plainFile',
    })
    expect(a.events.map((e) => e.state)).toContain('syncing')
    await a.store.commit('admin1', [
      { entity: 'person', id: 'admin1', kind: 'set', field: 'name', value: '王店长' },
      { entity: 'person', id: 'admin1', kind: 'set', field: 'roles', value: ['admin'] },
    ])
    const now = await a.manager.syncNow()
    expect(now.state).toBe('upToDate')
    expect(now.pushed).toBe(2)

    const b = await makePc('mgrB')
    await expect(
      b.manager.join({ type: 'folder', path: share }, '错误口令123', () => 0),
    ).rejects.toThrow(/口令不对/)
    const joined = await b.manager.join(
      { type: 'folder', path: share },
      '店铺口令2024',
      () => [...b.store.all('person')].length,
    )
    expect(joined.people).toBe(1)
    expect(b.store.get('person', 'admin1')?.fields.name).toBe('王店长')
    expect(b.manager.logView().length).toBeGreaterThan(0)

    // Share gone: offline with a reason, then back.
    fs.renameSync(share, `${share}-gone`)
    const off = await b.manager.syncNow()
    expect(off.state).toBe('offline')
    expect(b.events.at(-1)?.state).toBe('offline')
    fs.renameSync(`${share}-gone`, share)
    expect((await b.manager.syncNow()).state).toBe('upToDate')
    expect(b.events.at(-1)).toMatchObject({ state: 'upToDate' })
  })
})
