import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Store } from '../../electron/store'
import { openStore, rmrf, tempDir, ticketChanges } from './store-helpers'

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

const archived = (month: string) => ({
  status: 'archived',
  archivedAt: `${month}-10T09:00:00+08:00`,
})

/**
 * A shop's folder as it is after some days: hot and archived tickets, a backup, a checkpoint
 * that trimmed the journal, and more work after the backup that only the journal holds.
 */
async function usedFolder(opts: { backup?: boolean } = {}): Promise<string> {
  const dir = await tempDir('kefu-damage-')
  dirs.push(dir)
  const s = await openStore(dir)
  for (let i = 0; i < 30; i++)
    await s.commit('p-wang', ticketChanges(`T${i}`, { title: `售后单 ${i}`, status: 'open' }))
  for (let i = 0; i < 10; i++)
    await s.commit('p-wang', ticketChanges(`T${i}`, archived(i < 5 ? '2024-11' : '2024-12')))
  await s.commit('p-li', [
    {
      entity: 'ticket',
      id: 'T3',
      kind: 'add',
      field: 'history',
      value: { id: 'n1', text: '买家已确认收到退款' },
    },
  ])
  if (opts.backup !== false) {
    await s.backupNow()
    await s.checkpoint()
  }
  // acknowledged after the backup: only the journal has these
  await s.commit('p-li', ticketChanges('T20', { title: '备份之后改的标题' }))
  await s.commit('p-li', ticketChanges('T31', { title: '备份之后的新单', status: 'open' }))
  await s.commit('p-li', ticketChanges('T12', archived('2024-12')))
  await s.close()
  return dir
}

function expectEverythingAcknowledged(s: Store): void {
  for (let i = 0; i < 30; i++) expect(s.get('ticket', `T${i}`), `T${i}`).toBeDefined()
  expect(s.get('ticket', 'T20')?.fields.title).toBe('备份之后改的标题')
  expect(s.get('ticket', 'T31')?.fields.title).toBe('备份之后的新单')
  expect(s.get('ticket', 'T12')?.fields.status).toBe('archived')
  expect(s.get('ticket', 'T7')?.fields.status).toBe('archived')
  expect(Object.keys(s.get('ticket', 'T3')?.sets.history ?? {})).toEqual(['n1'])
  expect(s.archiveMonths()).toEqual(['2024-11', '2024-12'])
  expect(s.query('ticket').total).toBe(20) // 31 tickets, 11 archived
}

function quarantined(dir: string): string[] {
  const q = path.join(dir, 'quarantine')
  return fs.existsSync(q) ? fs.readdirSync(q) : []
}

describe('damaged files', () => {
  it('truncated state.json: moved to quarantine, rebuilt from backup + journal, with a notice', async () => {
    const dir = await usedFolder()
    const file = path.join(dir, 'state.json')
    const text = fs.readFileSync(file)
    fs.writeFileSync(file, text.subarray(0, Math.floor(text.length / 2)))
    const s = await open(dir)
    expect(s.notices).toHaveLength(1)
    expect(s.notices[0]!.code).toBe('view_quarantined')
    expect(s.notices[0]!.message).toMatch(/工作数据文件（state\.json）已损坏.*quarantine/)
    expect(quarantined(dir)).toEqual([expect.stringMatching(/^state\.json\.\d{8}-\d{6}$/)])
    expectEverythingAcknowledged(s)
    // the rebuilt view is written and reads cleanly next time
    await s.close()
    const again = await open(dir)
    expect(again.notices).toEqual([])
    expectEverythingAcknowledged(again)
  })

  it('NUL-filled state.json (a power cut after rename without fsync) is rebuilt, not emptied', async () => {
    const dir = await usedFolder()
    const file = path.join(dir, 'state.json')
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size))
    const s = await open(dir)
    expect(s.notices.map((n) => n.code)).toEqual(['view_quarantined'])
    expect(s.notices[0]!.message).toContain('JSON 无法解析')
    const kept = path.join(dir, 'quarantine', quarantined(dir)[0]!)
    expect(fs.readFileSync(kept).every((b) => b === 0)).toBe(true)
    expectEverythingAcknowledged(s)
  })

  it('state.json of the wrong shape is quarantined with the reason', async () => {
    const dir = await usedFolder()
    fs.writeFileSync(
      path.join(dir, 'state.json'),
      JSON.stringify({ schemaVersion: 1, kind: 'kefu-state', docs: [] }),
    )
    const s = await open(dir)
    expect(s.notices.map((n) => n.code)).toEqual(['view_quarantined'])
    expect(s.notices[0]!.message).toContain('内容不符合格式')
    expectEverythingAcknowledged(s)
  })

  it('rebuilds from the journal alone when no backup was made yet', async () => {
    const dir = await usedFolder({ backup: false })
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([])
    fs.writeFileSync(path.join(dir, 'state.json'), '{"schemaVersion": 1, "kind": "kefu-st')
    const s = await open(dir)
    expect(s.notices.map((n) => n.code)).toEqual(['view_quarantined'])
    expectEverythingAcknowledged(s)
  })

  it('keeps unknown future fields of docs and files, and ops of unknown kinds', async () => {
    const dir = await usedFolder()
    const file = path.join(dir, 'state.json')
    const state = JSON.parse(fs.readFileSync(file, 'utf8'))
    state.futureSection = { from: 'v2' }
    state.docs.ticket.T25.labels = { vip: true }
    fs.writeFileSync(file, JSON.stringify(state))
    const s = await open(dir)
    expect(s.notices).toEqual([])
    expect((s.get('ticket', 'T25') as unknown as { labels: unknown }).labels).toEqual({ vip: true })
    const now = Date.now()
    const op = {
      hlc: `${String(now).padStart(15, '0')}-00000-pc9`,
      dev: 'pc9',
      by: 'p-zhao',
      entity: 'ticket',
      id: 'T25',
      kind: 'reorder',
      field: 'history',
      value: ['a', 'b'],
    }
    expect((await s.applyRemote([op])).future).toEqual([])
    await s.commit('p-wang', ticketChanges('T25', { title: '改过' })) // T25 is rewritten
    await s.close()
    const again = await open(dir)
    const doc = again.get('ticket', 'T25')!
    expect((doc as unknown as { labels: unknown }).labels).toEqual({ vip: true })
    expect(doc.pending).toEqual([op])
    expect(doc.fields.title).toBe('改过')
  })

  it('a missing archive month is rebuilt from backup + journal, with a notice', async () => {
    const dir = await usedFolder()
    fs.rmSync(path.join(dir, 'archive', '2024-12.json'))
    const s = await open(dir)
    expect(s.notices.map((n) => n.code)).toEqual(['archive_month_rebuilt'])
    expect(s.notices[0]!.message).toContain('2024-12')
    expectEverythingAcknowledged(s)
    await s.close()
    expect(fs.existsSync(path.join(dir, 'archive', '2024-12.json'))).toBe(true)
  })

  it('a missing archive month that neither journal nor backup still has is reported, the rest kept', async () => {
    const dir = await usedFolder()
    fs.rmSync(path.join(dir, 'archive', '2024-11.json'))
    fs.rmSync(path.join(dir, 'backups'), { recursive: true })
    const s = await open(dir)
    expect(s.notices.map((n) => n.code)).toEqual(['archive_month_lost'])
    expect(s.notices[0]!.message).toMatch(/2024-11.*5 条.*无法恢复/)
    expect(s.get('ticket', 'T20')?.fields.title).toBe('备份之后改的标题')
    expect(s.get('ticket', 'T7')?.fields.status).toBe('archived')
  })

  it('a damaged archive month is quarantined and rebuilt when it is first read', async () => {
    const dir = await usedFolder()
    fs.writeFileSync(
      path.join(dir, 'archive', '2024-11.json'),
      '{"schemaVersion": 1, "kind": "kefu-arch',
    )
    const s = await open(dir)
    expect(s.notices).toEqual([])
    expect(s.get('ticket', 'T2')?.fields.title).toBe('售后单 2')
    expect(s.notices.map((n) => n.code)).toEqual(['view_quarantined', 'archive_month_rebuilt'])
    expect(quarantined(dir)).toEqual([expect.stringMatching(/^archive_2024-11\.json\./)])
    expectEverythingAcknowledged(s)
  })

  it('a damaged archive index is quarantined and rebuilt', async () => {
    const dir = await usedFolder()
    fs.writeFileSync(path.join(dir, 'archive', 'index.json'), 'not json at all')
    const s = await open(dir)
    expect(s.notices.map((n) => n.code)).toEqual(['view_quarantined'])
    expect(s.notices[0]!.message).toContain('归档索引')
    expectEverythingAcknowledged(s)
  })
})
