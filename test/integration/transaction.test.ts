import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Store } from '../../electron/store'
import { openStore, rmrf, tempDir, ticketChanges } from './store-helpers'

// One user action, one durable write (issue 14 item 4): the store's transaction API.

const dirs: string[] = []
const stores: Store[] = []
async function open(dir: string): Promise<Store> {
  const s = await openStore(dir)
  stores.push(s)
  return s
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => {})
  for (const d of dirs.splice(0)) rmrf(d)
})

async function folder(): Promise<string> {
  const dir = await tempDir('kefu-tx-')
  dirs.push(dir)
  return dir
}

function journalLines(dir: string): { n: number; b?: number; op: { entity: string } }[] {
  const jdir = path.join(dir, 'journal')
  return fs
    .readdirSync(jdir)
    .sort()
    .flatMap((f) => fs.readFileSync(path.join(jdir, f), 'utf8').split('\n').filter(Boolean))
    .map((l) => JSON.parse(l) as { n: number; b?: number; op: { entity: string } })
}

const audit = (id: string) => ({
  entity: 'audit',
  id: '2025-03-04',
  kind: 'add',
  field: 'entries',
  value: { id, action: 'ticket.create' },
})

describe('store transactions', () => {
  it('commits made inside a transaction are one journal batch, seen inside before the end and by others only after it', async () => {
    const dir = await folder()
    const s = await open(dir)
    await s.commit('p1', ticketChanges('T0', { title: '之前的单' }))
    let seenInside: unknown
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const tx = s.transaction(async () => {
      await s.commit('p1', ticketChanges('T1', { title: '新单', status: 'new' }))
      await s.commit('p1', [audit('a1')])
      await s.commit('p1', [
        { entity: 'draft', id: 'p1\u001fnew-ticket', kind: 'set', field: 'value', value: null },
      ])
      seenInside = s.get('ticket', 'T1')?.fields.title
      expect(
        s
          .query('ticket')
          .items.map((d) => d.id)
          .sort(),
      ).toEqual(['T0', 'T1'])
      expect([...s.all('ticket')].map((d) => d.id).sort()).toEqual(['T0', 'T1'])
      await gate
    })
    // Another caller (its own async context) sees nothing of it yet.
    await new Promise((r) => setImmediate(r))
    const seenOutside = s.get('ticket', 'T1')
    expect(journalLines(dir)).toHaveLength(1)
    release()
    await tx
    expect(seenInside).toBe('新单')
    expect(seenOutside).toBeUndefined()
    expect(s.get('ticket', 'T1')?.fields.title).toBe('新单')

    const lines = journalLines(dir)
    expect(lines).toHaveLength(1 + 2 + 1 + 1)
    const batch = lines.slice(1)
    const last = batch[batch.length - 1]!.n
    expect(batch.every((l) => l.b === last)).toBe(true)
    expect(new Set(batch.map((l) => l.op.entity))).toEqual(new Set(['ticket', 'audit', 'draft']))
  })

  it('a batch cut short by a crash counts for nothing; the actions before it are whole', async () => {
    const dir = await folder()
    const s = await open(dir)
    await s.transaction(async () => {
      await s.commit('p1', ticketChanges('T1', { title: '第一单', status: 'new' }))
      await s.commit('p1', [audit('a1')])
    })
    await s.transaction(async () => {
      await s.commit(
        'p1',
        ticketChanges('T2', { title: '第二单', status: 'new', priority: 'high' }),
      )
      await s.commit('p1', [audit('a2')])
    })
    await s.close()
    // The power goes while the second batch is being written: its last lines never arrive.
    const jdir = path.join(dir, 'journal')
    const seg = fs
      .readdirSync(jdir)
      .sort()
      .filter((f) => fs.statSync(path.join(jdir, f)).size > 0)
    const file = path.join(jdir, seg[seg.length - 1]!)
    const text = fs.readFileSync(file, 'utf8')
    const lines = text.split('\n').filter(Boolean)
    const firstOfSecond = lines.findIndex((l) => l.includes('"T2"'))
    // keep the batch's first two lines whole and half of the third
    const kept =
      lines.slice(0, firstOfSecond + 2).join('\n') + '\n' + lines[firstOfSecond + 2]!.slice(0, 20)
    fs.writeFileSync(file, kept)
    fs.rmSync(path.join(dir, 'state.json'), { force: true })

    const again = await open(dir)
    expect(again.get('ticket', 'T1')?.fields.title).toBe('第一单')
    expect(again.get('ticket', 'T2')).toBeUndefined()
    const entries = Object.keys(again.get('audit', '2025-03-04')?.sets.entries ?? {})
    expect(entries).toHaveLength(1)
    // The torn batch is cut off the file, so the next write starts clean.
    expect(fs.readFileSync(file, 'utf8')).not.toContain('"T2"')
  })

  it('what a failing action committed before it failed is still written, as one batch', async () => {
    const dir = await folder()
    const s = await open(dir)
    await expect(
      s.transaction(async () => {
        await s.commit('p1', [audit('refused-import')])
        throw new Error('第 3 行有问题')
      }),
    ).rejects.toThrow('第 3 行有问题')
    expect(Object.keys(s.get('audit', '2025-03-04')?.sets.entries ?? {})).toHaveLength(1)
  })

  it('a nested transaction is written when it ends, and the enclosing one sees it', async () => {
    const dir = await folder()
    const s = await open(dir)
    await s.transaction(async () => {
      await s.commit('p1', ticketChanges('T1', { title: '外层' }))
      await s.transaction(async () => {
        await s.commit('p1', ticketChanges('T1', { status: 'new' }))
      })
      // the inner batch is on disk and in the shared view already
      expect(journalLines(dir).map((l) => l.op.entity)).toEqual(['ticket'])
      expect(s.get('ticket', 'T1')?.fields).toMatchObject({ title: '外层', status: 'new' })
    })
    expect(journalLines(dir)).toHaveLength(2)
    expect(s.get('ticket', 'T1')?.fields).toMatchObject({ title: '外层', status: 'new' })
  })
})
