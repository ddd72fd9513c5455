import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkAccess, requirePerm } from '../../electron/access'
import type { CallContext } from '../../electron/context'
import { contract } from '../../shared/api'
import { can, PERMISSIONS, ROLES, type Person, type Role } from '../../shared/auth'
import { seedTicket, staffedShop } from './people.fixture'

let shop: Awaited<ReturnType<typeof staffedShop>>

beforeAll(async () => {
  shop = await staffedShop()
  await seedTicket(shop, 'T-agent', {
    orderNo: 'A-1',
    status: 'processing',
    assignee: shop.ids.agent,
    contact: '13812341234',
  })
  await seedTicket(shop, 'T-agent2', {
    orderNo: 'A-2',
    status: 'processing',
    assignee: shop.ids.agent2,
    contact: '13900001111',
  })
})
afterAll(async () => {
  await shop.close()
  fs.rmSync(shop.dir, { recursive: true, force: true })
})

async function refused(
  session: string,
  name: string,
  input: unknown,
  code: 'forbidden' | 'not_signed_in',
) {
  const env = await shop.call(session, name, input)
  expect(env, `${session} → ${name}`).toMatchObject({ ok: false, error: { code } })
  return env.error as { code: string; message: string }
}

describe('denied: an agent managing people', () => {
  it('cannot list, add, change, reset or disable people, nor touch teams', async () => {
    const err = await refused(
      'agent',
      'people.create',
      { name: '小赵', pin: '1234', roles: ['admin'] },
      'forbidden',
    )
    expect(err.message).toBe('没有权限：管理人员与班组。如需此权限请联系管理员')
    await refused('agent', 'people.list', {}, 'forbidden')
    await refused('agent', 'people.update', { id: shop.ids.agent, roles: ['admin'] }, 'forbidden')
    await refused('agent', 'people.update', { id: shop.ids.agent2, disabled: true }, 'forbidden')
    await refused('agent', 'people.resetPin', { id: shop.ids.admin, pin: '0000' }, 'forbidden')
    await refused('agent', 'people.saveTeam', { name: '黑客组' }, 'forbidden')
    await refused('agent', 'people.removeTeam', { id: shop.ids.team }, 'forbidden')
    // and nothing changed
    expect(await shop.ok('agent', 'people.me')).toMatchObject({ roles: ['agent'] })
    expect(
      (await shop.ok('admin', 'people.list')).map((p: { name: string }) => p.name),
    ).not.toContain('小赵')
  })
  it('supervisors and trainers cannot either', async () => {
    await refused(
      'supervisor',
      'people.create',
      { name: '小赵', pin: '1234', roles: ['agent'] },
      'forbidden',
    )
    await refused(
      'trainer',
      'people.update',
      { id: shop.ids.trainer, roles: ['admin'] },
      'forbidden',
    )
  })
})

describe('denied: the audit trail', () => {
  it('agents, specialists and trainers cannot read it', async () => {
    for (const who of ['agent', 'specialist', 'trainer']) {
      const err = await refused(who, 'audit.list', {}, 'forbidden')
      expect(err.message).toContain('查看审计日志')
      await refused(who, 'audit.actions', {}, 'forbidden')
    }
  })
})

describe('denied: customer contacts', () => {
  it('a trainer cannot reveal any contact', async () => {
    const err = await refused(
      'trainer',
      'privacy.revealContact',
      { entity: 'ticket', id: 'T-agent' },
      'forbidden',
    )
    expect(err.message).toMatch(/没有权限/)
  })
  it('an agent cannot reveal the contact of another agent\u2019s order', async () => {
    const err = await refused(
      'agent',
      'privacy.revealContact',
      { entity: 'ticket', id: 'T-agent2' },
      'forbidden',
    )
    expect(err.message).toContain('指派或转办给你')
    // the refusal is not a reveal: nothing in the audit trail
    const trail = await shop.ok('admin', 'audit.list', { action: 'contact.reveal' })
    expect(trail.entries.filter((e: { target: string }) => e.target === 'ticket/T-agent2')).toEqual(
      [],
    )
  })
  it('only an admin erases a customer or runs retention; only supervisors and admins set it', async () => {
    for (const who of ['agent', 'specialist', 'supervisor', 'trainer']) {
      await refused(who, 'privacy.eraseCustomer', { contact: '13812341234' }, 'forbidden')
      await refused(who, 'privacy.applyRetention', {}, 'forbidden')
    }
    await refused('agent', 'privacy.setRetention', { months: 1 }, 'forbidden')
    await refused('trainer', 'privacy.setRetention', { months: 1 }, 'forbidden')
  })
  it('an agent cannot export unmasked contacts (checked by the same access check dispatch runs)', () => {
    const agent: Person = { id: shop.ids.agent!, name: '小李', roles: ['agent'], teams: [] }
    const ctx = { person: agent } as CallContext
    expect(() => checkAccess('perm:export.unmasked', ctx, 'export.tickets')).toThrow(
      /没有权限：导出未打码的顾客联系方式/,
    )
    expect(() => requirePerm(ctx, 'export.unmasked')).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    )
    for (const role of ['agent', 'specialist', 'trainer', 'supervisor'] as Role[])
      expect(can({ roles: [role] }, 'export.unmasked')).toBe(false)
  })
})

describe('denied: anyone acting while signed out', () => {
  it('is asked to sign in first, for every method that is not public', async () => {
    const valid: Record<string, unknown> = {
      'people.directory': {},
      'people.list': {},
      'people.create': { name: '小赵', pin: '1234', roles: ['admin'] },
      'people.update': { id: shop.ids.admin, disabled: true },
      'people.resetPin': { id: shop.ids.admin, pin: '0000' },
      'people.changePin': { currentPin: '0000', newPin: '1111' },
      'people.listTeams': {},
      'people.saveTeam': { name: '黑客组' },
      'people.removeTeam': { id: shop.ids.team },
      'audit.list': {},
      'audit.actions': {},
      'privacy.revealContact': { entity: 'ticket', id: 'T-agent' },
      'privacy.eraseCustomer': { contact: '13812341234' },
      'privacy.getRetention': {},
      'privacy.setRetention': { months: 1 },
      'privacy.applyRetention': {},
    }
    for (const [name, input] of Object.entries(valid)) {
      const err = await refused('nobody-here', name, input, 'not_signed_in')
      expect(err.message).toBe('请先登录')
    }
  })
  it('a person who signed out is nobody again', async () => {
    await shop.ok('agent2', 'people.signOut')
    await refused(
      'agent2',
      'privacy.revealContact',
      { entity: 'ticket', id: 'T-agent2' },
      'not_signed_in',
    )
    await refused('agent2', 'people.directory', {}, 'not_signed_in')
  })
  it('identity never comes from the payload', async () => {
    const env = await shop.call('nobody-here', 'people.directory', {
      personId: shop.ids.admin,
      by: shop.ids.admin,
    })
    expect(env.ok).toBe(false)
  })
})

describe('every permission-guarded method in the contract', () => {
  const methods = Object.entries(contract).flatMap(([svc, ms]) =>
    Object.entries(ms as Record<string, { access: string }>).map(([m, spec]) => ({
      name: `${svc}.${m}`,
      access: spec.access,
    })),
  )

  it('names a permission that exists in the table (a typo would lock everyone out or in)', () => {
    for (const m of methods.filter((x) => x.access.startsWith('perm:'))) {
      expect(Object.keys(PERMISSIONS), m.name).toContain(m.access.slice(5))
    }
  })

  it('is refused to each role that does not hold its permission, and to nobody', () => {
    for (const m of methods.filter((x) => x.access.startsWith('perm:'))) {
      const perm = m.access.slice(5)
      for (const role of ROLES) {
        const ctx = {
          person: { id: 'p', name: 'p', roles: [role], teams: [] },
        } as unknown as CallContext
        if (can({ roles: [role] }, perm))
          expect(() => checkAccess(m.access, ctx, m.name)).not.toThrow()
        else
          expect(() => checkAccess(m.access, ctx, m.name), `${role} → ${m.name}`).toThrow(
            expect.objectContaining({ code: 'forbidden' }),
          )
      }
      expect(() => checkAccess(m.access, { person: null } as CallContext, m.name)).toThrow(
        expect.objectContaining({ code: 'not_signed_in' }),
      )
    }
  })

  it('fails closed on an access value it does not know', () => {
    const ctx = {
      person: { id: 'p', name: 'p', roles: ['admin'], teams: [] },
    } as unknown as CallContext
    expect(() => checkAccess('admin-only', ctx, 'x.y')).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    )
  })
})
