import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { REDACTED } from '../../shared/auth/privacy'
import { SearchIndex } from '../../shared/search'
import { Store } from '../../electron/store'
import { TicketIndex, type IndexOptions } from '../../electron/services/tickets/search-index'

/**
 * The desk's search index on real data folders (DESIGN §3 "Indexes"): loaded from its file and
 * caught up from the journal at start, rebuilt in the background when there is no file, saved
 * rarely, and rebuilt after a backup is restored.
 */

const dirs: string[] = []
const cleanups: Array<() => Promise<void>> = []

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined)
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-tindex-'))
  dirs.push(dir)
  return dir
}

async function openStore(dir: string): Promise<Store> {
  const store = await Store.open({
    dataDir: dir,
    deviceId: 'pc1',
    autoBackup: false,
    flushDelayMs: 50,
  })
  cleanups.push(() => store.close())
  return store
}

async function openIndex(store: Store, dir: string, opts: IndexOptions = {}): Promise<TicketIndex> {
  const ti = await TicketIndex.open(store, dir, opts)
  cleanups.push(() => ti.close())
  return ti
}

function ticketChanges(id: string, n: number, text: string, archived = false) {
  const set = (field: string, value: unknown) => ({
    entity: 'ticket',
    id,
    kind: 'set' as const,
    field,
    value,
  })
  return [
    set('status', archived ? 'archived' : 'processing'),
    set('assignee', 'agent'),
    set('orderNo', `250301-${String(n).padStart(15, '0')}`),
    set('description', text),
    ...(archived ? [set('archivedAt', `2025-0${1 + (n % 3)}-15T08:00:00.000Z`)] : []),
  ]
}

/** Commits `count` orders in batches (one fsync a batch, not one an order). */
async function commitOrders(
  store: Store,
  from: number,
  count: number,
  text = '保温杯漏水',
  archivedEvery = 0,
) {
  const ids: string[] = []
  for (let at = from; at < from + count; at += 100) {
    const changes = []
    for (let n = at; n < Math.min(from + count, at + 100); n++) {
      const id = `t${n}`
      ids.push(id)
      changes.push(...ticketChanges(id, n, text, archivedEvery > 0 && n % archivedEvery === 0))
    }
    await store.commit('agent', changes)
  }
  return ids
}

function found(ti: TicketIndex, q: string): string[] {
  return ti
    .search(q, { limit: 100_000, includeArchived: true, text: () => undefined })
    .map((h) => h.id)
    .sort()
}

const sorted = (ids: string[]) => [...ids].sort()
const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('the search index file', () => {
  it('saves recent changes without merging them first, and loads them back', () => {
    const idx = new SearchIndex({ fields: { description: 1, orderNo: 3 } })
    for (let i = 0; i < 50; i++)
      idx.add({ id: `a${i}`, fields: { description: `外箱破损 第${i}件`, orderNo: `25030${i}` } })
    idx.compact()
    idx.add({ id: 'new', fields: { description: '杯子漏水，顾客要求退款' } })
    idx.add({ id: 'a3', fields: { description: '已补寄密封圈' } })
    idx.remove('a7')
    const before = idx.stats()
    const loaded = SearchIndex.fromBytes(
      Uint8Array.from(idx.toChunks().flatMap((c) => Array.from(c))),
    )
    // Nothing was merged: the recent postings are still in the live segment, on both sides.
    expect(idx.stats()).toEqual(before)
    expect(loaded.stats().livePostings).toBe(before.livePostings)
    expect(loaded.size).toBe(idx.size)
    for (const q of ['破损', '漏水', '密封圈', '250307', '退款'])
      expect(loaded.search(q, { limit: 100 })).toEqual(idx.search(q, { limit: 100 }))
    expect(loaded.has('a7')).toBe(false)
    // And it goes on taking changes, then merges as usual.
    loaded.remove('new')
    loaded.compact()
    expect(loaded.search('漏水')).toEqual([])
    expect(loaded.search('密封圈').map((h) => h.id)).toEqual(['a3'])
  })
})

describe('the desk search index', () => {
  it('a restart loads the file and re-reads only the orders changed since', async () => {
    const dir = tempDir()
    let store = await openStore(dir)
    const first = await commitOrders(store, 0, 300)
    let ti = await openIndex(store, dir)
    await ti.whenIndexed()
    expect(found(ti, '漏水')).toEqual(sorted(first))
    await ti.close()
    // Orders recorded while the index was not open (e.g. by an older version).
    const later = await commitOrders(store, 300, 5, '快递丢件')
    await store.close()

    store = await openStore(dir)
    const reads: string[] = []
    const counting = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'get')
          return (entity: string, id: string) => {
            if (entity === 'ticket') reads.push(id)
            return target.get(entity, id)
          }
        const v = Reflect.get(target, prop, receiver) as unknown
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      },
    })
    ti = await openIndex(counting, dir)
    expect(ti.startedFrom).toBe('file')
    await ti.whenIndexed()
    expect(sorted(reads)).toEqual(sorted(later))
    expect(found(ti, '漏水')).toEqual(sorted(first))
    expect(found(ti, '丢件')).toEqual(sorted(later))
    expect(ti.progress).toBeNull()
  })

  it('a rebuild runs in the background: search answers meanwhile, says how far it is, and completes', async () => {
    const dir = tempDir()
    const store = await openStore(dir)
    // Some open, some in three archive months: the rebuild reads them all.
    const ids = await commitOrders(store, 0, 1000, '保温杯漏水', 4)
    expect(store.archiveMonths().length).toBe(3)

    const ti = await openIndex(store, dir)
    expect(ti.startedFrom).toBe('rebuild')
    // open() answered before the orders were read.
    expect(ti.progress).not.toBeNull()
    while ((ti.progress?.done ?? 0) === 0) await turn()
    const p = ti.progress!
    expect(p.done).toBeLessThan(ids.length)
    // What is indexed so far is found; the rest is not yet.
    expect(found(ti, '漏水').length).toBe(p.done)
    // An order recorded during the rebuild is found at once.
    const [late] = await commitOrders(store, 5000, 1, '包裹漏水到了邻居家')
    expect(found(ti, '邻居')).toEqual([late])

    await ti.whenIndexed()
    expect(ti.progress).toBeNull()
    expect(found(ti, '漏水')).toEqual(sorted([...ids, late!]))
  })

  it('a rebuild interrupted by a close goes on at the next start', async () => {
    const dir = tempDir()
    let store = await openStore(dir)
    const ids = await commitOrders(store, 0, 900, '保温杯漏水', 3)
    let ti = await openIndex(store, dir)
    while ((ti.progress?.done ?? 0) === 0) await turn()
    await ti.close()
    await store.close()

    store = await openStore(dir)
    ti = await openIndex(store, dir)
    // The saved part is loaded, not read again.
    expect(ti.startedFrom).toBe('file')
    expect(ti.size).toBeGreaterThan(0)
    expect(ti.progress?.total).toBeLessThan(ids.length)
    await ti.whenIndexed()
    expect(found(ti, '漏水')).toEqual(sorted(ids))
  })

  it('is not saved on every change: a burst of commits is saved at most once per interval, and on close', async () => {
    const dir = tempDir()
    const store = await openStore(dir)
    await commitOrders(store, 0, 10)
    // Built and saved once (a finished rebuild is saved soon), then opened from the file with
    // default settings: a save only every few minutes, so none during the burst.
    const built = await openIndex(store, dir)
    await built.whenIndexed()
    await built.close()
    const ti = await openIndex(store, dir)
    expect(ti.startedFrom).toBe('file')
    await ti.whenIndexed()
    const afterStart = ti.persists
    for (let i = 0; i < 30; i++) await commitOrders(store, 100 + i, 1, '快递丢件')
    for (let i = 0; i < 20; i++) await turn()
    expect(found(ti, '丢件').length).toBe(30)
    expect(ti.persists).toBe(afterStart)
    await ti.close()
    expect(ti.persists).toBe(afterStart + 1)

    // A short interval: saves are spaced by it, however many commits there are.
    const dir2 = tempDir()
    const store2 = await openStore(dir2)
    const ti2 = await openIndex(store2, dir2, { persistMs: 100, quietMs: 0 })
    await ti2.whenIndexed()
    const base = ti2.persists
    const started = Date.now()
    for (let i = 0; i < 40; i++) await commitOrders(store2, i, 1)
    while (ti2.persists === base) await new Promise((r) => setTimeout(r, 20))
    const elapsed = Date.now() - started
    expect(ti2.persists - base).toBeLessThanOrEqual(1 + Math.ceil(elapsed / 100))
    expect(ti2.persists - base).toBeLessThan(40)
  })

  it('after a backup is restored, search finds exactly the restored orders, also after a restart', async () => {
    const dir = tempDir()
    let store = await openStore(dir)
    const kept = await commitOrders(store, 0, 20, '保温杯漏水', 5)
    let ti = await openIndex(store, dir)
    await ti.whenIndexed()
    await ti.persist()
    const backup = await store.backupNow()
    const gone = await commitOrders(store, 100, 10, '保温杯漏水')
    expect(found(ti, '漏水')).toEqual(sorted([...kept, ...gone]))
    await ti.persist()

    await store.restoreBackup(backup)
    await ti.whenIndexed()
    expect(found(ti, '漏水')).toEqual(sorted(kept))
    // Orders recorded after the restore are indexed as usual.
    const [after] = await commitOrders(store, 200, 1, '恢复后新建的漏水工单')
    expect(found(ti, '漏水')).toEqual(sorted([...kept, after!]))
    await ti.close()
    await store.close()

    store = await openStore(dir)
    ti = await openIndex(store, dir)
    await ti.whenIndexed()
    expect(found(ti, '漏水')).toEqual(sorted([...kept, after!]))
  })

  it('a restore closed before its rebuild is saved does not bring back the orders before it', async () => {
    const dir = tempDir()
    let store = await openStore(dir)
    const kept = await commitOrders(store, 0, 5)
    let ti = await openIndex(store, dir)
    await ti.whenIndexed()
    const backup = await store.backupNow()
    const gone = await commitOrders(store, 100, 5)
    await ti.persist()
    await store.restoreBackup(backup)
    // Closed at once: the index of the data before the restore must not be the one loaded.
    await ti.close()
    await store.close()
    expect(gone.length).toBe(5)

    store = await openStore(dir)
    ti = await openIndex(store, dir)
    await ti.whenIndexed()
    expect(found(ti, '漏水')).toEqual(sorted(kept))
  })
})

describe('erasure through the index (DESIGN §6)', () => {
  it("purge() drops an erased customer's old text from memory and from the index file", async () => {
    const dir = tempDir()
    const store = await openStore(dir)
    await store.commit('agent', [
      ...ticketChanges('t1', 1, '保温杯漏水'),
      { entity: 'ticket', id: 't1', kind: 'set', field: 'contact', value: '13812345678' },
    ])
    const ti = await openIndex(store, dir, { persistMs: -1 })
    await ti.whenIndexed()
    const find = (q: string) =>
      ti.search(q, { limit: 10, includeArchived: true, text: () => undefined }).map((h) => h.id)
    expect(find('5678')).toEqual(['t1'])
    await store.commit('agent', [
      { entity: 'ticket', id: 't1', kind: 'set', field: 'contact', value: REDACTED },
    ])
    await ti.purge(['t1'])
    expect(find('13812345678')).toEqual([])
    const file = fs.readFileSync(path.join(dir, 'index', 'tickets.index'))
    expect(file.includes(Buffer.from('13812345678'))).toBe(false)
  })
})
