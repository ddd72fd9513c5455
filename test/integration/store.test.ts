import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { materialize } from '../../shared/data/merge'
import type { Store } from '../../electron/store'
import { openStore, rmrf, tempDir, ticketChanges } from './store-helpers'

const dirs: string[] = []
const stores: Store[] = []
async function fresh(): Promise<string> {
  const d = await tempDir()
  dirs.push(d)
  return d
}
async function open(dir: string, extra = {}): Promise<Store> {
  const s = await openStore(dir, extra)
  stores.push(s)
  return s
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => {})
  for (const d of dirs.splice(0)) rmrf(d)
})

function segments(dir: string): string[] {
  return fs
    .readdirSync(path.join(dir, 'journal'))
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
}

describe('store', () => {
  it('keeps a committed order after close and reopen, with the winning clock per field', async () => {
    const dir = await fresh()
    const s = await open(dir)
    const ops = await s.commit(
      'p-wang',
      ticketChanges('T1', { title: '退款未到账', platform: 'pdd', status: 'open' }),
    )
    expect(ops).toHaveLength(3)
    expect(ops[0]).toMatchObject({ dev: 'pc1', by: 'p-wang', entity: 'ticket', id: 'T1' })
    await s.commit('p-li', [
      {
        entity: 'ticket',
        id: 'T1',
        kind: 'add',
        field: 'history',
        value: { id: 'h1', text: '已联系买家' },
      },
    ])
    await s.close()

    const again = await open(dir)
    const doc = again.get('ticket', 'T1')!
    expect(doc.fields).toMatchObject({ title: '退款未到账', platform: 'pdd', status: 'open' })
    expect(doc.clocks.title).toBe(ops[0]!.hlc)
    const t = materialize<{ history: { text: string; _by: string }[] }>(doc)
    expect(t.history.map((h) => [h.text, h._by])).toEqual([['已联系买家', 'p-li']])
  })

  it('reopens from the journal alone when the view was never written (crash before flush)', async () => {
    const dir = await fresh()
    const s = await open(dir, { flushDelayMs: 60_000 })
    await s.commit('p1', ticketChanges('T9', { title: '少发一件' }))
    expect(fs.existsSync(path.join(dir, 'state.json'))).toBe(false)
    // simulate a crash: no close, no flush; release the lock as a dead process would
    fs.rmSync(path.join(dir, 'kefu.lock'))
    stores.splice(stores.indexOf(s), 1)
    const again = await open(dir)
    expect(again.get('ticket', 'T9')?.fields.title).toBe('少发一件')
  })

  it('issues later clocks after a restart even if the PC clock went back', async () => {
    const dir = await fresh()
    let t = Date.UTC(2025, 5, 1)
    const s = await open(dir, { now: () => t })
    const [a] = await s.commit('p1', ticketChanges('T1', { note: 'a' }))
    await s.close()
    t -= 60 * 60 * 1000
    const again = await open(dir, { now: () => t })
    const [b] = await again.commit('p1', ticketChanges('T1', { note: 'b' }))
    expect(b!.hlc > a!.hlc).toBe(true)
    expect(again.get('ticket', 'T1')?.fields.note).toBe('b')
  })

  it('drops a torn last journal line and truncates the segment to the last good line', async () => {
    const dir = await fresh()
    const s = await open(dir, { flushDelayMs: 60_000 })
    await s.commit('p1', ticketChanges('T1', { title: '好的一行' }))
    await s.close()
    const seg = segments(dir)
      .map((f) => path.join(dir, 'journal', f))
      .find((f) => fs.statSync(f).size > 0)!
    const good = fs.readFileSync(seg)
    fs.appendFileSync(seg, '{"n":99,"op":{"hlc":"0001')
    const again = await open(dir)
    expect(again.get('ticket', 'T1')?.fields.title).toBe('好的一行')
    expect(fs.readFileSync(seg).equals(good)).toBe(true)
    expect(again.notices).toEqual([])
    await again.commit('p1', ticketChanges('T2', { title: '之后的改动' }))
    await again.close()
    const third = await open(dir)
    expect(third.get('ticket', 'T2')?.fields.title).toBe('之后的改动')
  })

  it('removes a journal segment only after a checkpoint covering it is on disk', async () => {
    const dir = await fresh()
    const s = await open(dir, { flushDelayMs: 60_000, segmentBytes: 600 })
    for (let i = 0; i < 20; i++)
      await s.commit('p1', ticketChanges(`T${i}`, { title: `工单 ${i}` }))
    const before = segments(dir)
    expect(before.length).toBeGreaterThan(3)
    // no view written yet: every segment is still needed
    expect(fs.existsSync(path.join(dir, 'state.json'))).toBe(false)
    await s.backupNow()
    await s.checkpoint()
    const after = segments(dir)
    expect(after.length).toBe(1)
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'))
    expect(state.schemaVersion).toBe(1)
    expect(state.checkpoint.n).toBe(20 * 1)
    await s.close()
    const again = await open(dir)
    for (let i = 0; i < 20; i++)
      expect(again.get('ticket', `T${i}`)?.fields.title).toBe(`工单 ${i}`)
  })

  it('keeps segments a backup does not cover yet (so a damaged view can be rebuilt)', async () => {
    const dir = await fresh()
    const s = await open(dir, { flushDelayMs: 60_000 })
    await s.commit('p1', ticketChanges('T1', { title: 'x' }))
    await s.checkpoint()
    expect(segments(dir).some((f) => fs.statSync(path.join(dir, 'journal', f)).size > 0)).toBe(true)
  })

  it('writes archived tickets to their month file and reads them on demand', async () => {
    const dir = await fresh()
    const s = await open(dir)
    await s.commit('p1', ticketChanges('T1', { title: '已完结', status: 'open' }))
    await s.commit('p1', ticketChanges('T2', { title: '还在处理', status: 'open' }))
    await s.commit(
      'p1',
      ticketChanges('T1', { status: 'archived', archivedAt: '2025-03-15T08:00:00+08:00' }),
    )
    expect(s.archiveMonths()).toEqual(['2025-03'])
    expect(s.get('ticket', 'T1')?.fields.status).toBe('archived')
    expect([...s.all('ticket')].map((d) => d.id)).toEqual(['T2'])
    await s.flush()
    const month = JSON.parse(fs.readFileSync(path.join(dir, 'archive', '2025-03.json'), 'utf8'))
    expect(month.schemaVersion).toBe(1)
    expect(Object.keys(month.docs.ticket)).toEqual(['T1'])
    await s.flush() // second flush drops the moved ticket's leftover copy from state.json
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'))
    expect(Object.keys(state.docs.ticket)).toEqual(['T2'])
    await s.close()

    const again = await open(dir)
    expect(again.query('ticket').items.map((d) => d.id)).toEqual(['T2'])
    const withArchive = again.query('ticket', {
      includeArchived: true,
      sort: (a, b) => (a.id < b.id ? -1 : 1),
    })
    expect(withArchive.items.map((d) => d.id)).toEqual(['T1', 'T2'])
    expect(again.query('ticket', { includeArchived: { from: '2025-04' } }).total).toBe(1)
    expect(again.get('ticket', 'T1')?.fields.title).toBe('已完结')
    // reopening an archived ticket brings it back into the hot set
    await again.commit('p1', ticketChanges('T1', { status: 'open' }))
    expect([...again.all('ticket')].map((d) => d.id).sort()).toEqual(['T1', 'T2'])
    expect(again.archiveMonths()).toEqual([])
    await again.close()
    const third = await open(dir)
    expect(third.get('ticket', 'T1')?.fields.status).toBe('open')
    expect([...third.all('ticket')].length).toBe(2)
  })

  it('queries with filter, sort and paging', async () => {
    const dir = await fresh()
    const s = await open(dir)
    for (let i = 0; i < 25; i++) {
      await s.commit(
        'p1',
        ticketChanges(`T${String(i).padStart(2, '0')}`, {
          platform: i % 2 ? 'taobao' : 'jd',
          amount: i,
        }),
      )
    }
    await s.commit('p1', [{ entity: 'ticket', id: 'T00', kind: 'del' }])
    const r = s.query('ticket', {
      where: (d) => d.fields.platform === 'jd',
      sort: (a, b) => (b.fields.amount as number) - (a.fields.amount as number),
      offset: 2,
      limit: 3,
    })
    expect(r.total).toBe(12) // 13 jd tickets, one deleted
    expect(r.items.map((d) => d.fields.amount)).toEqual([20, 18, 16])
    expect(s.getMany('ticket', ['T01', 'nope', 'T03']).map((d) => d.id)).toEqual(['T01', 'T03'])
  })

  it('tells subscribers which docs changed', async () => {
    const dir = await fresh()
    const s = await open(dir)
    const seen: unknown[] = []
    const off = s.subscribe((c) => seen.push(c))
    await s.commit('p1', [
      ...ticketChanges('T1', { title: 'a' }),
      { entity: 'script', id: 'S1', kind: 'set', field: 'body', value: '亲，您好' },
    ])
    off()
    await s.commit('p1', ticketChanges('T2', { title: 'b' }))
    expect(seen).toEqual([
      {
        entities: ['ticket', 'script'],
        ids: [
          { entity: 'ticket', id: 'T1' },
          { entity: 'script', id: 'S1' },
        ],
      },
    ])
  })

  it('applies received ops idempotently and holds back ops from a day ahead', async () => {
    const dir = await fresh()
    const now = Date.UTC(2025, 5, 1)
    const s = await open(dir, { now: () => now })
    const pad = (ms: number) => String(ms).padStart(15, '0')
    const op = {
      hlc: `${pad(now - 1000)}-00000-pc2`,
      dev: 'pc2',
      by: 'p-zhao',
      entity: 'ticket',
      id: 'T5',
      kind: 'set',
      field: 'title',
      value: '来自另一台电脑',
    }
    const ahead = { ...op, hlc: `${pad(now + 2 * 86_400_000)}-00000-pc2`, value: '未来' }
    const soon = {
      ...op,
      field: 'memo',
      hlc: `${pad(now + 3_600_000)}-00000-pc2`,
      value: '一小时后',
    }
    const r1 = await s.applyRemote([op, ahead, soon])
    expect(r1).toEqual({ applied: 2, duplicates: 0, future: [ahead] })
    const r2 = await s.applyRemote([op])
    expect(r2).toEqual({ applied: 0, duplicates: 1, future: [] })
    expect(s.get('ticket', 'T5')?.fields).toMatchObject({
      title: '来自另一台电脑',
      memo: '一小时后',
    })
    const [local] = await s.commit('p1', ticketChanges('T5', { title: '本机' }))
    expect(local!.hlc > soon.hlc).toBe(true)
    expect(s.opsAfter(null).map((o) => o.hlc)).toEqual([op.hlc, soon.hlc, local!.hlc])
    expect(s.opsAfter(op.hlc, 1).map((o) => o.hlc)).toEqual([soon.hlc])
  })

  it('groups concurrent commits and keeps all of them', async () => {
    const dir = await fresh()
    const s = await open(dir)
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => s.commit('p1', ticketChanges(`C${i}`, { n: i }))),
    )
    await s.close()
    const lines = fs.readdirSync(path.join(dir, 'journal')).flatMap((f) =>
      fs
        .readFileSync(path.join(dir, 'journal', f), 'utf8')
        .split('\n')
        .filter(Boolean),
    )
    expect(lines).toHaveLength(200)
    const again = await open(dir)
    expect([...again.all('ticket')]).toHaveLength(200)
  })

  it('refuses a second opener of the same data folder with a clear message', async () => {
    const dir = await fresh()
    await open(dir)
    await expect(openStore(dir)).rejects.toMatchObject({
      code: 'data_dir_locked',
      message: expect.stringContaining('数据目录正被另一个客服工作台窗口使用'),
    })
  })

  it('takes over a lock left by a process that is gone', async () => {
    const dir = await fresh()
    fs.mkdirSync(dir, { recursive: true })
    const os = await import('node:os')
    fs.writeFileSync(
      path.join(dir, 'kefu.lock'),
      JSON.stringify({
        pid: 2 ** 22 + 12345,
        hostname: os.hostname(),
        startedAt: '2025-01-01T00:00:00Z',
      }),
    )
    const s = await open(dir)
    await s.commit('p1', ticketChanges('T1', { a: 1 }))
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'kefu.lock'), 'utf8')).pid).toBe(process.pid)
  })

  it('makes a gzip backup, lists it, and restores it keeping the current data aside', async () => {
    const dir = await fresh()
    const s = await open(dir)
    await s.commit('p1', ticketChanges('T1', { title: '备份前' }))
    await s.commit(
      'p1',
      ticketChanges('T2', {
        status: 'archived',
        archivedAt: '2024-12-01T10:00:00+08:00',
        title: '旧单',
      }),
    )
    const name = await s.backupNow()
    expect(name).toMatch(/^kefu-\d{8}-\d{6}\.json\.gz$/)
    const list = await s.listBackups()
    expect(list[0]).toMatchObject({ name })
    expect(list[0]!.size).toBeGreaterThan(0)
    await s.commit('p1', ticketChanges('T1', { title: '备份后' }))
    await s.commit('p1', ticketChanges('T3', { title: '新单' }))
    let notified = 0
    s.subscribe(() => notified++)
    await s.restoreBackup(name)
    expect(notified).toBe(1)
    expect(s.get('ticket', 'T1')?.fields.title).toBe('备份前')
    expect(s.get('ticket', 'T3')).toBeUndefined()
    expect(s.get('ticket', 'T2')?.fields.title).toBe('旧单')
    const aside = fs.readdirSync(dir).find((f) => f.startsWith('before-restore-'))!
    expect(
      fs.existsSync(path.join(dir, aside, 'state.json')) ||
        fs.existsSync(path.join(dir, aside, 'journal')),
    ).toBe(true)
    await s.commit('p1', ticketChanges('T4', { title: '恢复后' }))
    await s.close()
    const again = await open(dir)
    expect(again.get('ticket', 'T1')?.fields.title).toBe('备份前')
    expect(again.get('ticket', 'T4')?.fields.title).toBe('恢复后')
    await expect(again.restoreBackup('kefu-19990101-000000.json.gz')).rejects.toMatchObject({
      code: 'not_found',
    })
  })

  it('keeps the newest 14 backups', async () => {
    const dir = await fresh()
    let t = Date.UTC(2025, 0, 1)
    const s = await open(dir, { now: () => t })
    for (let i = 0; i < 16; i++) {
      await s.commit('p1', ticketChanges('T1', { day: i }))
      t += 86_400_000
      await s.backupNow()
    }
    const list = await s.listBackups()
    expect(list).toHaveLength(14)
    expect(list[0]!.name > list[13]!.name).toBe(true)
  })
})
