import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EventMap } from '../../shared/api/events'
import { SyncManager } from '../../electron/sync/manager'
import { Store } from '../../electron/store'
import { managerRoom, plainStorage } from './manager-room'

/**
 * Issue 13 item 3: the status a person sees is true when checked against the files. A lost
 * tail shows as waiting, after two minutes as 同步不完整 naming the PC, never 已同步; Settings
 * lists the gap with the PC, the segment and since when.
 */

const { root, stores, managers } = managerRoom('honest')

let clock = Date.now()
const now = () => clock

async function makePc(name: string, pcName: string) {
  const dataDir = path.join(root, name)
  const store = await Store.open({ dataDir, deviceId: name, autoBackup: false, now })
  stores.push(store)
  const events: EventMap['sync.status'][] = []
  const manager = new SyncManager({
    dataDir,
    deviceId: name,
    deviceName: () => pcName,
    store,
    safeStorage: plainStorage,
    emit: (s) => events.push(s),
    now,
    schedule: {
      debounceMs: 60_000,
      intervalMs: 600_000,
      baseBackoffMs: 60_000,
      maxBackoffMs: 60_000,
    },
  })
  managers.push(manager)
  return { store, manager, events }
}

const note = (id: string) => ({
  entity: 'ticket',
  id: 'JD-3001',
  kind: 'add' as const,
  field: 'history',
  value: { id, text: `备注${id}` },
})

describe('honest status', () => {
  it('a lost tail is never 已同步: waiting, then after two minutes 同步不完整 naming the PC', async () => {
    const share = path.join(root, 'share')
    fs.mkdirSync(share)
    const a = await makePc('hsA', '前台2号机')
    const b = await makePc('hsB', '售后1号机')
    await a.manager.configure({ type: 'folder', path: share }, undefined, false)
    await b.manager.join({ type: 'folder', path: share }, undefined, () => 0)
    await a.store.commit('p1', [note('1')])
    expect((await a.manager.syncNow()).state).toBe('upToDate')
    await a.store.commit('p1', [note('2')])
    expect((await a.manager.syncNow()).state).toBe('upToDate')
    // A's newest segment is lost on the way (its ack still announces it).
    const segDir = path.join(share, 'devices', 'hsA', 'seg')
    const newest = fs.readdirSync(segDir).sort().at(-1) as string
    fs.rmSync(path.join(segDir, newest))
    a.manager.stop()

    const first = await b.manager.syncNow()
    expect(first.state).toBe('syncing')
    expect(first.message).toContain('正在等待「前台2号机」的数据')
    const view = b.manager.statusView()
    expect(view.gaps).toEqual([
      { deviceId: 'hsA', name: '前台2号机', seq: 2, since: new Date(clock).toISOString() },
    ])

    clock += 2 * 60_000 + 1000
    const later = await b.manager.syncNow()
    expect(later.state).toBe('incomplete')
    expect(b.events.at(-1)).toMatchObject({
      state: 'incomplete',
      message: expect.stringContaining('等待「前台2号机」的数据…'),
    })

    // A comes back, writes the lost segment again; B is up to date.
    expect((await a.manager.syncNow()).state).toBe('upToDate')
    expect((await b.manager.syncNow()).state).toBe('upToDate')
    expect(b.manager.statusView().gaps).toEqual([])
  })
})
