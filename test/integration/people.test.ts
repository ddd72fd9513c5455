import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyRedactions, REDACTED, type TicketLike } from '../../shared/auth'
import { materialize } from '../../shared/data/merge'
import { Store } from '../../electron/store'
import { openShop, PINS, seedTicket, staffedShop, type Shop } from './people.fixture'

describe('first start', () => {
  let shop: Shop
  beforeAll(async () => {
    shop = await openShop()
  })
  afterAll(async () => {
    await shop.close()
    fs.rmSync(shop.dir, { recursive: true, force: true })
  })

  it('offers to create the first admin, once, with a recovery code', async () => {
    expect(await shop.ok('w1', 'people.status')).toMatchObject({
      hasPeople: false,
      joinedSpace: false,
    })
    const { me, recoveryCode } = await shop.ok('w1', 'people.setupAdmin', {
      name: '店长',
      pin: '246810',
    })
    expect(me).toMatchObject({ name: '店长', roles: ['admin'] })
    expect(me.permissions).toContain('people.manage')
    expect(recoveryCode).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/)
    expect(await shop.ok('w1', 'people.me')).toMatchObject({ id: me.id })
    expect(await shop.ok('w1', 'people.status')).toMatchObject({ hasPeople: true })

    const again = await shop.call('w2', 'people.setupAdmin', { name: '冒充者', pin: '1111' })
    expect(again).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('keeps neither the PIN nor the recovery code in clear', async () => {
    const doc = shop.core.store.all('person')
    const text = JSON.stringify([...doc])
    expect(text).not.toContain('246810')
    expect(text).toContain('scrypt')
  })

  it('a lockout survives restarting the app', async () => {
    const [admin] = await shop.ok('w3', 'people.signInChoices')
    for (let i = 0; i < 5; i++)
      await shop.call('w3', 'people.signIn', { personId: admin.id, pin: '0000' })
    await shop.close()
    shop = await openShop(shop.dir)
    const r = await shop.call('w3', 'people.signIn', { personId: admin.id, pin: '246810' })
    expect(r).toMatchObject({ ok: false, error: { code: 'locked' } })
  })

  it('two first-start windows racing make one admin', async () => {
    const other = await openShop()
    const results = await Promise.all([
      other.call('a', 'people.setupAdmin', { name: '甲', pin: '1111' }),
      other.call('b', 'people.setupAdmin', { name: '乙', pin: '2222' }),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect([...other.core.store.all('person')]).toHaveLength(1)
    await other.close()
    fs.rmSync(other.dir, { recursive: true, force: true })
  })
})

describe('people, teams and sign-in', () => {
  let shop: Awaited<ReturnType<typeof staffedShop>>
  beforeAll(async () => {
    shop = await staffedShop()
  })
  afterAll(async () => {
    await shop.close()
    fs.rmSync(shop.dir, { recursive: true, force: true })
  })

  it('the admin sees everyone; each signed-in window is its own person', async () => {
    const list = await shop.ok('admin', 'people.list')
    expect(list.map((p: { name: string }) => p.name).sort()).toEqual(
      ['周老师', '小张', '小李', '店长', '老王', '陈主管'].sort(),
    )
    expect(await shop.ok('agent', 'people.me')).toMatchObject({
      name: '小李',
      roles: ['agent'],
      teams: [shop.ids.team],
    })
    expect(await shop.ok('supervisor', 'people.me')).toMatchObject({ name: '陈主管' })
    expect(await shop.ok('nobody', 'people.me')).toBeNull()
    expect(JSON.stringify(list)).not.toMatch(/scrypt|salt|hash/)
  })

  it('the sign-in list puts the people who signed in on this PC lately first', async () => {
    const choices = await shop.ok('x', 'people.signInChoices')
    expect(choices[0]).toMatchObject({ name: '周老师', recent: true })
    expect(choices).toHaveLength(6)
  })

  it('refuses a second person with the same name, and an unknown team', async () => {
    expect(
      await shop.call('admin', 'people.create', { name: '小李', pin: '1234', roles: ['agent'] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    })
    expect(
      await shop.call('admin', 'people.create', {
        name: '小赵',
        pin: '1234',
        roles: ['agent'],
        teams: ['nope'],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
  })

  it('three wrong PINs then the right one works; five lock out', async () => {
    const id = shop.ids.agent2
    for (let i = 0; i < 3; i++) {
      const r = await shop.call('w-agent2', 'people.signIn', { personId: id, pin: '0000' })
      expect(r).toMatchObject({ ok: false, error: { code: 'wrong_pin' } })
    }
    expect(
      await shop.ok('w-agent2', 'people.signIn', { personId: id, pin: PINS.agent2 }),
    ).toMatchObject({ name: '小张' })
    const answers = []
    for (let i = 0; i < 5; i++)
      answers.push(await shop.call('w-agent2', 'people.signIn', { personId: id, pin: '0000' }))
    expect(answers.slice(0, 3).map((a) => a.error.code)).toEqual([
      'wrong_pin',
      'wrong_pin',
      'wrong_pin',
    ])
    expect(answers[3]!.error.message).toMatch(/再错 1 次/)
    expect(answers[4]!.error).toMatchObject({ code: 'locked' })
    expect(answers[4]!.error.message).toMatch(/请 30 秒后再试/)
    const right = await shop.call('w-agent2', 'people.signIn', { personId: id, pin: PINS.agent2 })
    expect(right).toMatchObject({ ok: false, error: { code: 'locked' } })

    const audit = await shop.ok('supervisor', 'audit.list', { action: 'person.lockout' })
    expect(audit.entries[0]).toMatchObject({ target: `person/${id}` })
  })

  it('disabling a person ends their session at their next call', async () => {
    expect(await shop.ok('specialist', 'people.me')).toMatchObject({ name: '老王' })
    await shop.ok('admin', 'people.update', { id: shop.ids.specialist, disabled: true })
    expect(await shop.ok('specialist', 'people.me')).toBeNull()
    expect(await shop.call('specialist', 'people.directory')).toMatchObject({
      ok: false,
      error: { code: 'not_signed_in' },
    })
    expect(
      await shop.call('specialist', 'people.signIn', {
        personId: shop.ids.specialist,
        pin: PINS.specialist,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'disabled' },
    })
    await shop.ok('admin', 'people.update', { id: shop.ids.specialist, disabled: false })
    await shop.ok('specialist', 'people.signIn', {
      personId: shop.ids.specialist,
      pin: PINS.specialist,
    })
  })

  it('keeps at least one admin, and an admin cannot disable themself', async () => {
    expect(
      await shop.call('admin', 'people.update', { id: shop.ids.admin, roles: ['supervisor'] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    })
    expect(
      await shop.call('admin', 'people.update', { id: shop.ids.admin, disabled: true }),
    ).toMatchObject({ ok: false })
  })

  it('changes roles and teams; the person holds the new permissions at once', async () => {
    const night = await shop.ok('admin', 'people.saveTeam', { name: '夜班' })
    await shop.ok('admin', 'people.update', {
      id: shop.ids.trainer,
      roles: ['trainer', 'supervisor'],
      teams: [night.id],
    })
    const me = await shop.ok('trainer', 'people.me')
    expect(me.permissions).toContain('audit.view')
    expect(me.teams).toEqual([night.id])
    const teams = await shop.ok('agent', 'people.listTeams')
    expect(teams.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['售后组', '夜班']),
    )
    await shop.ok('admin', 'people.removeTeam', { id: night.id })
    expect(
      (await shop.ok('agent', 'people.listTeams')).map((t: { name: string }) => t.name),
    ).not.toContain('夜班')
  })

  it('an admin resets a PIN; a person changes their own', async () => {
    await shop.ok('admin', 'people.resetPin', { id: shop.ids.agent2, pin: '5555' })
    expect(
      await shop.ok('w9', 'people.signIn', { personId: shop.ids.agent2, pin: '5555' }),
    ).toMatchObject({ name: '小张' })
    await shop.ok('w9', 'people.changePin', { currentPin: '5555', newPin: '6666' })
    expect(
      await shop.call('w9', 'people.changePin', { currentPin: '5555', newPin: '7777' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'wrong_pin' },
    })
    expect(
      await shop.ok('w10', 'people.signIn', { personId: shop.ids.agent2, pin: '6666' }),
    ).toMatchObject({ name: '小张' })
  })

  it('the recovery code sets a new admin PIN once and is replaced', async () => {
    const { me, recoveryCode } = await shop.ok('w-rec', 'people.recoverAdmin', {
      code: shop.recoveryCode.toLowerCase().replace(/-/g, ' '),
      newPin: '13579',
    })
    expect(me).toMatchObject({ id: shop.ids.admin })
    expect(recoveryCode).not.toBe(shop.recoveryCode)
    expect(
      await shop.call('w-rec2', 'people.recoverAdmin', { code: shop.recoveryCode, newPin: '1111' }),
    ).toMatchObject({ ok: false })
    expect(
      await shop.ok('w-rec3', 'people.signIn', { personId: shop.ids.admin, pin: '13579' }),
    ).toMatchObject({ name: '店长' })
  })

  it('signing out leaves the window with nobody', async () => {
    await shop.ok('w10', 'people.signOut')
    expect(await shop.ok('w10', 'people.me')).toBeNull()
  })

  it('the audit trail records who did what, on which PC, and filters', async () => {
    const all = await shop.ok('supervisor', 'audit.list', {})
    const actions = new Set(all.entries.map((e: { action: string }) => e.action))
    for (const a of [
      'person.setupAdmin',
      'person.create',
      'person.update',
      'person.resetPin',
      'team.save',
      'person.signIn',
    ]) {
      expect(actions).toContain(a)
    }
    const e = all.entries.find((x: { action: string }) => x.action === 'person.create')
    expect(e).toMatchObject({ by: shop.ids.admin, byName: '店长', dev: shop.core.device.id })
    const byAdmin = await shop.ok('supervisor', 'audit.list', {
      by: shop.ids.admin,
      action: 'person.create',
    })
    expect(byAdmin.total).toBe(5)
    const future = await shop.ok('supervisor', 'audit.list', {
      from: new Date(Date.now() + 3600_000).toISOString(),
    })
    expect(future.total).toBe(0)
    expect(await shop.ok('admin', 'audit.actions')).toEqual(
      expect.arrayContaining(['person.create']),
    )
  })
})

describe('customer privacy on orders', () => {
  let shop: Awaited<ReturnType<typeof staffedShop>>
  const customer = {
    customerName: '张三丰',
    contact: '13812341234',
    address: '浙江省杭州市西湖区文三路90号',
  }
  beforeAll(async () => {
    shop = await staffedShop()
    await seedTicket(
      shop,
      'T-mine',
      {
        orderNo: '240501-001',
        status: 'processing',
        assignee: shop.ids.agent,
        ...customer,
        buyerId: 'zsf_88',
        description: '张三丰：快递三天没动，电话13812341234',
      },
      [
        {
          id: 'h1',
          type: 'note',
          at: '2024-05-01T10:00:00+08:00',
          by: shop.ids.agent,
          dev: 'd',
          text: '已联系张三丰（138-1234-1234），确认地址浙江省杭州市西湖区文三路90号',
        },
        {
          id: 'h2',
          type: 'reply',
          at: '2024-05-01T10:05:00+08:00',
          by: shop.ids.agent,
          dev: 'd',
          text: '您好，已为您催件',
        },
      ],
    )
    await seedTicket(shop, 'T-other', {
      orderNo: '240501-002',
      status: 'processing',
      assignee: shop.ids.agent2,
      customerName: '李四',
      contact: '13900001111',
      address: '上海市浦东新区张江路1号',
    })
    await seedTicket(shop, 'T-transferred', {
      orderNo: '240501-003',
      status: 'transferred',
      assignee: shop.ids.agent2,
      transferredTo: shop.ids.specialist,
      ...customer,
    })
    await seedTicket(shop, 'T-old', {
      orderNo: '230101-009',
      status: 'archived',
      assignee: shop.ids.agent,
      archivedAt: '2023-01-05T18:00:00+08:00',
      customerName: '王五',
      contact: '13700002222',
      address: '北京市朝阳区建国路1号',
    })
  })
  afterAll(async () => {
    await shop.close()
    fs.rmSync(shop.dir, { recursive: true, force: true })
  })

  it('an agent reveals the contact of an order assigned to them, and the audit trail shows it', async () => {
    const revealed = await shop.ok('agent', 'privacy.revealContact', {
      entity: 'ticket',
      id: 'T-mine',
    })
    // The free text that lists show masked comes back in clear through the same audited reveal.
    expect(revealed).toEqual({
      ...customer,
      texts: {
        description: '张三丰：快递三天没动，电话13812341234',
        history: {
          h1: { text: '已联系张三丰（138-1234-1234），确认地址浙江省杭州市西湖区文三路90号' },
        },
      },
    })
    const audit = await shop.ok('supervisor', 'audit.list', { action: 'contact.reveal' })
    expect(audit.entries[0]).toMatchObject({
      by: shop.ids.agent,
      byName: '小李',
      target: 'ticket/T-mine',
    })
    expect(audit.entries[0].detail).toContain('240501-001')
    expect(JSON.stringify(audit)).not.toContain('13812341234')
  })

  it('but not of another agent\u2019s order; a specialist may for an order transferred to them', async () => {
    expect(
      await shop.call('agent', 'privacy.revealContact', { entity: 'ticket', id: 'T-other' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
    expect(
      await shop.ok('specialist', 'privacy.revealContact', {
        entity: 'ticket',
        id: 'T-transferred',
      }),
    ).toMatchObject({
      contact: '13812341234',
    })
    expect(
      await shop.ok('supervisor', 'privacy.revealContact', { entity: 'ticket', id: 'T-other' }),
    ).toMatchObject({
      contact: '13900001111',
    })
  })

  it('erasure redacts the customer in every order and its history, as ops that reach another PC', async () => {
    const result = await shop.ok('admin', 'privacy.eraseCustomer', { contact: '138 1234 1234' })
    expect(result).toEqual({ tickets: 2, entries: 1 })

    const mine = applyRedactions(
      materialize<TicketLike & Record<string, string>>(shop.core.store.get('ticket', 'T-mine')!),
    )
    expect(mine).toMatchObject({
      customerName: REDACTED,
      contact: REDACTED,
      address: REDACTED,
      buyerId: REDACTED,
    })
    expect(mine.description).toBe(`${REDACTED}：快递三天没动，电话${REDACTED}`)
    expect(mine.history![0]!.text).toBe(`已联系${REDACTED}（${REDACTED}），确认地址${REDACTED}`)
    expect(mine.history![1]!.text).toBe('您好，已为您催件')
    const other = materialize<Record<string, unknown>>(shop.core.store.get('ticket', 'T-other')!)
    expect(other.contact).toBe('13900001111')

    // Revealing now gives nothing personal, and the erasure is in the audit trail without the number.
    expect(
      await shop.ok('agent', 'privacy.revealContact', { entity: 'ticket', id: 'T-mine' }),
    ).toEqual({
      customerName: REDACTED,
      contact: REDACTED,
      address: REDACTED,
    })
    const audit = await shop.ok('admin', 'audit.list', { action: 'customer.erase' })
    expect(audit.entries[0].detail).toContain('138****1234')
    expect(JSON.stringify(audit)).not.toContain('13812341234')

    // Another PC that receives this PC's ops ends with the same redacted order.
    const ops = shop.core.store.opsAfter(null, 100_000)
    const otherPc = await Store.open({
      dataDir: `${shop.dir}-pc2`,
      deviceId: 'pc2pc2pc2',
      autoBackup: false,
    })
    await otherPc.applyRemote(ops)
    const there = applyRedactions(materialize<TicketLike>(otherPc.get('ticket', 'T-mine')!))
    expect(there.contact).toBe(REDACTED)
    expect(JSON.stringify(there.history)).not.toMatch(/13812341234|138-1234-1234|张三丰|文三路/)
    await otherPc.close()
    fs.rmSync(`${shop.dir}-pc2`, { recursive: true, force: true })
  })

  it('retention redacts orders archived longer ago than the shop keeps personal data', async () => {
    expect(await shop.ok('agent', 'privacy.getRetention')).toEqual({ months: null })
    await shop.ok('admin', 'privacy.setRetention', { months: 12 })
    expect(await shop.ok('admin', 'privacy.applyRetention')).toEqual({ tickets: 1 })
    const old = materialize<Record<string, unknown>>(shop.core.store.get('ticket', 'T-old')!)
    expect(old).toMatchObject({ customerName: REDACTED, contact: REDACTED, address: REDACTED })
    expect(
      materialize<Record<string, unknown>>(shop.core.store.get('ticket', 'T-other')!).contact,
    ).toBe('13900001111')
    expect(await shop.ok('admin', 'privacy.applyRetention')).toEqual({ tickets: 0 })
  })
})
