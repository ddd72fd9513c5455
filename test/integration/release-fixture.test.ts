import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { openShop, type Loose, type Shop } from './people.fixture'

/**
 * Issue 13 item 8: shops update their PCs one at a time, so this build must open a data folder
 * written by release 0.1.0 (main at 53aa5ef) and join a sync space its PCs wrote, with nothing
 * lost. The fixtures were made by that release's own services (test/fixtures/release-0.1.0/
 * make.ts); `expected-*.json` beside them is what the release itself answered about that data.
 * Every test works on a copy: the committed files are never touched.
 */

const FIXTURES = fileURLToPath(new URL('../fixtures/release-0.1.0/', import.meta.url))
const readJson = (name: string): Loose =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'))
const expected = readJson('expected-data-pc1.json')
const made = readJson('made.json')
const plain = readJson('expected-space-plain.json')
const PASSPHRASE = '春风十里送到家'

it('the fixtures hold what their README says', () => {
  expect(expected.orders).toHaveLength(31)
  expect(expected.people).toHaveLength(7)
  expect(plain.orders).toHaveLength(3)
})

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-release-'))
const open: Shop[] = []
afterAll(async () => {
  for (const s of open) await s.close()
  fs.rmSync(root, { recursive: true, force: true })
})

function copy(name: string, to: string): string {
  const dest = path.join(root, to)
  fs.cpSync(path.join(FIXTURES, name), dest, { recursive: true })
  return dest
}

async function shopAt(dir: string): Promise<Shop> {
  const s = await openShop(dir)
  open.push(s)
  return s
}

async function close(s: Shop): Promise<void> {
  open.splice(open.indexOf(s), 1)
  await s.close()
}

interface Entry {
  id: string
  type: string
  text: string | null
}

/** Every order the release had, with its status and every history entry it showed. */
async function expectOrders(s: Shop, session: string, orders: Loose[], statusToo = true) {
  for (const want of orders) {
    const got = await s.ok(session, 'tickets.get', { id: want.id })
    if (statusToo) expect(got.ticket.status, want.id).toBe(want.status)
    if (want.description) expect(got.ticket.description).toBe(want.description)
    const entries: Entry[] = got.history.map((h: Loose) => ({
      id: h.id,
      type: h.type,
      text: h.text ?? null,
    }))
    expect(entries, want.id).toEqual(expect.arrayContaining(want.history as Entry[]))
  }
}

/** People sign in with the PINs they had; the one who left stays refused. */
async function expectSignIns(s: Shop) {
  for (const [key, pin] of Object.entries(expected.pins as Record<string, string>)) {
    const me = await s.ok(key, 'people.signIn', { personId: made.ids[key], pin })
    expect(me.id).toBe(made.ids[key])
  }
  const gone = expected.people.find((p: Loose) => p.disabled)
  const refused = await s.call('gone', 'people.signIn', { personId: gone.id, pin: '5511' })
  expect(refused.ok).toBe(false)
}

describe('release 0.1.0 data folder, opened by this build', () => {
  it(
    'keeps every person (signing in with their PIN), setting, order, history entry, script, training record, audit entry and backup',
    { timeout: 600_000 },
    async () => {
      const dir = copy('data-pc1', 'pc1')
      const space = copy('space-encrypted', 'space-pc1')
      // The PC's sync target pointed at the space where it was made; here, at its copy.
      const cfgPath = path.join(dir, 'sync', 'config.json')
      const cfg = JSON.parse(fs.readFileSync(cfgPath, 'utf8'))
      cfg.target.path = space
      fs.writeFileSync(cfgPath, JSON.stringify(cfg, null, 2))

      let s = await shopAt(dir)
      await expectSignIns(s)

      const people = await s.ok('admin', 'people.list')
      expect(
        people.map((p: Loose) => ({
          id: p.id,
          name: p.name,
          roles: p.roles,
          disabled: !!p.disabled,
        })),
      ).toEqual(expect.arrayContaining(expected.people))

      expect(await s.ok('admin', 'shop.get')).toMatchObject(expected.shop)

      await expectOrders(s, 'supervisor', expected.orders)
      // The search index the release wrote still answers (by order number, archived included).
      const archived = expected.orders.find((o: Loose) => o.status === 'archived')
      const hits = await s.ok('supervisor', 'tickets.search', { q: archived.orderNo })
      expect(hits.hits.map((h: Loose) => h.ticket.id)).toContain(archived.id)

      const scripts = await s.ok('supervisor', 'scripts.list')
      expect(scripts.scripts.map((x: Loose) => x.id)).toEqual(
        expect.arrayContaining(expected.scripts),
      )
      const edited = await s.ok('supervisor', 'scripts.get', { id: expected.editedScript.id })
      expect(edited.script.body).toBe(expected.editedScript.body)
      expect(edited.versions.length).toBeGreaterThanOrEqual(expected.editedScript.versions)

      const attempts = await s.ok('trainer', 'training.results', {})
      expect(attempts.map((a: Loose) => ({ id: a.id, personId: a.personId }))).toEqual(
        expect.arrayContaining(expected.attempts),
      )

      const auditIds: string[] = []
      for (let offset = 0; ; offset += 500) {
        const page = await s.ok('admin', 'audit.list', { offset, limit: 500 })
        auditIds.push(...page.entries.map((e: Loose) => e.id))
        if (offset + 500 >= page.total) break
      }
      expect(auditIds).toEqual(
        expect.arrayContaining(expected.audit.map((e: Loose) => e.id as string)),
      )

      const backups = await s.ok('admin', 'backup.list')
      expect(backups.backups.map((b: Loose) => b.name)).toEqual(
        expect.arrayContaining(expected.backups),
      )

      // Whatever the first open migrated is on disk: a restart finds the same.
      await close(s)
      s = await shopAt(dir)
      await s.ok('supervisor', 'people.signIn', {
        personId: made.ids.supervisor,
        pin: expected.pins.supervisor,
      })
      await expectOrders(s, 'supervisor', expected.orders)

      // And the updated PC goes on syncing with the space the release wrote.
      const round = await s.ok('supervisor', 'sync.syncNow')
      expect(round.state).toBe('upToDate')
    },
  )
})

describe('release 0.1.0 sync spaces, joined by a new PC of this build', () => {
  it(
    'an encrypted space (two PCs): the new PC gets every person, order and history entry',
    { timeout: 600_000 },
    async () => {
      const space = copy('space-encrypted', 'space-join')
      const s = await shopAt(path.join(root, 'new-pc'))
      await s.ok('s', 'settings.setLocal', { pcName: '新电脑' })
      const joined = await s.ok('s', 'sync.join', {
        target: { type: 'folder', path: space },
        passphrase: PASSPHRASE,
      })
      expect(joined.people).toBe(expected.people.length)
      await expectSignIns(s)
      // Statuses included: nothing happened after the release's last round.
      await expectOrders(s, 'supervisor', expected.orders)
      const scripts = await s.ok('supervisor', 'scripts.get', { id: expected.editedScript.id })
      expect(scripts.script.body).toBe(expected.editedScript.body)
      const attempts = await s.ok('trainer', 'training.results', {})
      expect(attempts.map((a: Loose) => a.id)).toEqual(
        expect.arrayContaining(expected.attempts.map((a: Loose) => a.id as string)),
      )
      expect((await s.ok('supervisor', 'sync.syncNow')).state).toBe('upToDate')
    },
  )

  it(
    'a plain space (two PCs): the new PC gets the other shop’s people, orders and notes',
    { timeout: 300_000 },
    async () => {
      const space = copy('space-plain', 'space-plain')
      const s = await shopAt(path.join(root, 'plain-pc'))
      const joined = await s.ok('s', 'sync.join', { target: { type: 'folder', path: space } })
      expect(joined.people).toBe(1)
      await s.ok('s', 'people.signIn', { personId: plain.admin, pin: plain.pin })
      await expectOrders(s, 's', plain.orders)
      expect((await s.ok('s', 'sync.syncNow')).state).toBe('upToDate')
    },
  )
})
