import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EventMap } from '../../shared/api/events'
import { hlcWall } from '../../shared/data/hlc'
import { SyncManager } from '../../electron/sync/manager'
import { Store } from '../../electron/store'
import { managerRoom, plainStorage } from './manager-room'

/**
 * Issue 13 item 9: a PC whose clock is off is told so with the difference; the PCs holding its
 * ops back name it and the count, never 已同步; an admin accepts them after checking.
 */

const { root, stores, managers } = managerRoom('clock')
const DAY = 24 * 3_600_000
let n = 0

async function makePc(name: string, pcName: string, offset: { ms: number }) {
  const dataDir = path.join(root, `${name}-${++n}`)
  const now = () => Date.now() + offset.ms
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
    schedule: { debounceMs: 1e9, intervalMs: 1e9, baseBackoffMs: 1e9, maxBackoffMs: 1e9 },
  })
  managers.push(manager)
  return { store, manager, events, now }
}

async function pair(aOffset: { ms: number }) {
  const share = path.join(root, `share${++n}`)
  fs.mkdirSync(share)
  const a = await makePc(`ck${n}A`, '前台2号机', aOffset)
  const b = await makePc(`ck${n}B`, '售后1号机', { ms: 0 })
  await b.manager.configure({ type: 'folder', path: share }, undefined, false)
  await a.manager.join({ type: 'folder', path: share }, undefined, () => 0)
  return { a, b }
}

const note = (id: string) => ({
  entity: 'ticket',
  id: 'JD-4001',
  kind: 'add' as const,
  field: 'history',
  value: { id, text: `备注${id}` },
})

describe('clock skew told where it matters', () => {
  it('a PC two days ahead is told the difference; the other names it and the count; an admin accepts', async () => {
    const { a, b } = await pair({ ms: 2 * DAY })
    await a.store.commit('p1', [note('1'), note('2'), note('3')])
    const onA = await a.manager.syncNow()
    expect(onA.state).toBe('incomplete')
    expect(onA.message).toContain('本机时钟比同步位置快约 2 天')
    const onB = await b.manager.syncNow()
    expect(onB.state).toBe('incomplete')
    expect(onB.message).toContain('「前台2号机」的 3 条改动时间比本机超前一天以上，已暂缓')
    expect(b.manager.statusView().heldBy).toEqual([
      { deviceId: a.manager.statusView().deviceId, name: '前台2号机', count: 3 },
    ])
    expect(b.store.get('ticket', 'JD-4001')).toBeUndefined()

    // The admin checks and accepts: applied as stamped, without moving B's clock ahead.
    expect(await b.manager.acceptHeld(null)).toEqual({ applied: 3 })
    expect(Object.keys(b.store.get('ticket', 'JD-4001')?.sets.history ?? {})).toHaveLength(3)
    expect(hlcWall(b.store.clock()) - Date.now()).toBeLessThan(60_000)
    expect(b.manager.statusView().heldBy).toEqual([])
  })

  it('a PC two days behind is told, and names the PC whose ops it holds back', async () => {
    const { a, b } = await pair({ ms: -2 * DAY })
    await b.store.commit('p1', [note('b1'), note('b2')])
    expect((await b.manager.syncNow()).state).toBe('upToDate')
    const onA = await a.manager.syncNow()
    expect(onA.state).toBe('incomplete')
    expect(onA.message).toContain('本机时钟比同步位置慢约 2 天')
    expect(onA.message).toContain('「售后1号机」的 2 条改动')
    expect(a.events.at(-1)?.state).toBe('incomplete')
  })

  it('a clock corrected while ahead: its stamps stay ahead, and it is told so', async () => {
    const offset = { ms: 2 * DAY }
    const { a, b } = await pair(offset)
    await a.store.commit('p1', [note('early')])
    offset.ms = 0
    await a.store.commit('p1', [note('after')])
    const onA = await a.manager.syncNow()
    expect(onA.state).toBe('incomplete')
    expect(onA.message).not.toContain('本机时钟比同步位置')
    expect(onA.message).toContain('本机的时间戳仍比现在超前约 2 天')
    const onB = await b.manager.syncNow()
    expect(onB.message).toContain('「前台2号机」的 2 条改动')
    expect(onB.state).not.toBe('upToDate')
  })
})
