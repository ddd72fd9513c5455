import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../electron/store'
import { staffedShop, type Loose } from './people.fixture'
import { openStore, rmrf, tempDir, ticketChanges } from './store-helpers'

/** Every file under `dir`, as text, for "is this data still there" checks. */
function allText(dir: string): string {
  let out = ''
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    out += e.isDirectory() ? allText(p) : fs.readFileSync(p, 'utf8')
  }
  return out
}

/** Opens the set-aside folder as a data folder of its own: the old data must still be usable. */
async function openAside(aside: string): Promise<{ store: Store; dir: string }> {
  const dir = await tempDir('kefu-aside-')
  fs.cpSync(aside, dir, { recursive: true })
  const store = await openStore(dir)
  return { store, dir }
}

describe('store: back up, change, restore', () => {
  it('puts the earlier data back and keeps the later data in before-restore-*/', async () => {
    const dir = await tempDir()
    try {
      const store = await openStore(dir)
      await store.commit(
        'p1',
        ticketChanges('T1', { orderNo: '240601-123456789012345', note: '顾客说包装破损' }),
      )
      await store.commit(
        'p1',
        ticketChanges('T2', { orderNo: '2024060112345678', status: 'processing' }),
      )
      await store.flush()
      const name = await store.backupNow()
      expect((await store.listBackups()).map((b) => b.name)).toEqual([name])

      // Later work: a change, a new order, a deletion — some only in the journal so far.
      await store.commit('p1', ticketChanges('T1', { note: '已补发新品，顾客同意' }))
      await store.commit('p1', ticketChanges('T3', { orderNo: 'JD-998877665544' }))
      await store.commit('p1', [{ entity: 'ticket', id: 'T2', kind: 'del' }])

      const seen: string[][] = []
      store.subscribe((c) => seen.push(c.entities))
      await store.restoreBackup(name)

      // The same object answers with the backup's data right away.
      expect(store.get('ticket', 'T1')?.fields.note).toBe('顾客说包装破损')
      expect(store.get('ticket', 'T2')?.deleted).toBeUndefined()
      expect(store.get('ticket', 'T2')?.fields.status).toBe('processing')
      expect(store.get('ticket', 'T3')).toBeUndefined()
      expect(seen.some((e) => e.includes('ticket'))).toBe(true)
      expect(store.notices.map((n) => n.code)).toContain('backup_restored')

      const asides = fs.readdirSync(dir).filter((n) => n.startsWith('before-restore-'))
      expect(asides).toHaveLength(1)
      const aside = path.join(dir, asides[0]!)
      expect(allText(aside)).toContain('已补发新品，顾客同意')

      // Restored data survives a restart; writes after the restore are kept.
      await store.commit('p1', ticketChanges('T4', { orderNo: 'DY-1' }))
      await store.close()
      const again = await openStore(dir)
      expect(again.get('ticket', 'T1')?.fields.note).toBe('顾客说包装破损')
      expect(again.get('ticket', 'T3')).toBeUndefined()
      expect(again.get('ticket', 'T4')?.fields.orderNo).toBe('DY-1')
      expect(await again.listBackups()).toHaveLength(1)
      await again.close()

      // The data set aside opens as a whole store with the later state.
      const old = await openAside(aside)
      try {
        expect(old.store.get('ticket', 'T1')?.fields.note).toBe('已补发新品，顾客同意')
        expect(old.store.get('ticket', 'T3')?.fields.orderNo).toBe('JD-998877665544')
        expect(old.store.get('ticket', 'T2')?.deleted).toBeDefined()
      } finally {
        await old.store.close()
        rmrf(old.dir)
      }
    } finally {
      rmrf(dir)
    }
  })

  it('refuses an unknown or damaged backup and leaves the current data alone', async () => {
    const dir = await tempDir()
    try {
      const store = await openStore(dir)
      await store.commit('p1', ticketChanges('T1', { note: '原样' }))
      await expect(store.restoreBackup('kefu-20200101-000000.json.gz')).rejects.toMatchObject({
        code: 'not_found',
      })
      fs.mkdirSync(path.join(dir, 'backups'), { recursive: true })
      fs.writeFileSync(path.join(dir, 'backups', 'kefu-20200101-000000.json.gz'), 'not gzip')
      await expect(store.restoreBackup('kefu-20200101-000000.json.gz')).rejects.toMatchObject({
        code: 'backup_unreadable',
      })
      expect(store.get('ticket', 'T1')?.fields.note).toBe('原样')
      expect(fs.readdirSync(dir).some((n) => n.startsWith('before-restore-'))).toBe(false)
      await store.close()
    } finally {
      rmrf(dir)
    }
  })
})

describe('backup service through the real dispatch', () => {
  let shop: Awaited<ReturnType<typeof staffedShop>>
  beforeAll(async () => {
    shop = await staffedShop()
  })
  afterAll(async () => {
    await shop.close()
    rmrf(shop.dir)
  })

  it('lets supervisors and admins list and back up, only admins restore', async () => {
    expect(await shop.call('agent', 'backup.list', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
    expect(await shop.call('agent', 'backup.create', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
    const made = await shop.ok('supervisor', 'backup.create', {})
    expect(made.name).toMatch(/^kefu-\d{8}-\d{6}(-\d+)?\.json\.gz$/)
    expect(made.size).toBeGreaterThan(0)
    const list = await shop.ok('supervisor', 'backup.list', {})
    expect(list.backups.map((b: Loose) => b.name)).toContain(made.name)
    expect(list.dataDir).toBe(shop.dir)
    const denied = await shop.call('supervisor', 'backup.restore', { name: made.name })
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(denied.error.message).toContain('恢复备份')
    expect(await shop.call('admin', 'backup.restore', { name: '../state.json' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
  })

  it('restores: the team added after the backup is gone, the old data is set aside and the restore audited', async () => {
    const made = await shop.ok('admin', 'backup.create', {})
    await shop.ok('admin', 'people.saveTeam', { name: '夜班组' })
    const teamsBefore = (await shop.ok('admin', 'people.listTeams', {})).map((t: Loose) => t.name)
    expect(teamsBefore).toEqual(expect.arrayContaining(['售后组', '夜班组']))

    const res = await shop.ok('admin', 'backup.restore', { name: made.name })
    expect(res.name).toBe(made.name)
    expect(path.basename(res.setAsideDir)).toMatch(/^before-restore-/)
    expect(path.dirname(res.setAsideDir)).toBe(shop.dir)

    const teamsAfter = (await shop.ok('admin', 'people.listTeams', {})).map((t: Loose) => t.name)
    expect(teamsAfter).toContain('售后组')
    expect(teamsAfter).not.toContain('夜班组')
    expect(allText(res.setAsideDir)).toContain('夜班组')

    const list = await shop.ok('admin', 'backup.list', {})
    expect(list.setAside).toContain(path.basename(res.setAsideDir))
    const trail = await shop.ok('admin', 'audit.list', { action: 'backup.restore' })
    expect(trail.entries).toHaveLength(1)
    expect(trail.entries[0].detail).toContain(made.name)
    expect(trail.entries[0].detail).toContain(path.basename(res.setAsideDir))

    // Work goes on on the restored data.
    await shop.ok('admin', 'people.saveTeam', { name: '白班组' })
    const teams = (await shop.ok('admin', 'people.listTeams', {})).map((t: Loose) => t.name)
    expect(teams).toEqual(expect.arrayContaining(['售后组', '白班组']))
    expect(teams).not.toContain('夜班组')
  })
})
