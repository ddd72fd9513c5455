import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { browserAdapters } from '../../electron/adapters/browser'
import { createCore, type Core } from '../../electron/core'
import type { Role } from '../../shared/auth'

// Tests read answers loosely: each assertion states the shape it expects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any

/** A core on a fresh temp data folder, called the way both transports call it. */
export type { Loose }

export interface Shop {
  core: Core
  dir: string
  /** Calls a method as the window `session`; resolves to the envelope. */
  call(
    session: string,
    name: string,
    input?: unknown,
  ): Promise<{ ok: boolean; value?: Loose; error?: Loose }>
  /** The value, or throws with the error's code and message. */
  ok(session: string, name: string, input?: unknown): Promise<Loose>
  ids: Record<string, string>
  close(): Promise<void>
}

export const PINS = {
  admin: '246810',
  agent: '1357',
  agent2: '2468',
  specialist: '8642',
  supervisor: '9753',
  trainer: '1122',
}

export async function openShop(
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-people-')),
): Promise<Shop> {
  const core = await createCore({
    dataDir: dir,
    shell: 'browser',
    version: 'test',
    adapters: browserAdapters,
  })
  const call: Shop['call'] = (session, name, input = {}) => core.call(name, input, session) as never
  const ok: Shop['ok'] = async (session, name, input = {}) => {
    const env = await call(session, name, input)
    if (!env.ok)
      throw Object.assign(new Error(`${name}: ${env.error.code} ${env.error.message}`), env.error)
    return env.value
  }
  return {
    core,
    dir,
    call,
    ok,
    ids: {},
    async close() {
      await core.close()
    },
  }
}

/**
 * A shop with an admin (signed in as session 'admin'), a team 售后组, and one person of each
 * role, each signed in on a session named after them.
 */
export async function staffedShop(): Promise<Shop & { recoveryCode: string }> {
  const shop = await openShop()
  const { me, recoveryCode } = await shop.ok('admin', 'people.setupAdmin', {
    name: '店长',
    pin: PINS.admin,
  })
  shop.ids.admin = me.id
  const team = await shop.ok('admin', 'people.saveTeam', { name: '售后组' })
  shop.ids.team = team.id
  const add = async (key: string, name: string, roles: Role[]) => {
    const p = await shop.ok('admin', 'people.create', {
      name,
      pin: PINS[key as keyof typeof PINS],
      roles,
      teams: [team.id],
    })
    shop.ids[key] = p.id
    await shop.ok(key, 'people.signIn', { personId: p.id, pin: PINS[key as keyof typeof PINS] })
  }
  await add('agent', '小李', ['agent'])
  await add('agent2', '小张', ['agent'])
  await add('specialist', '老王', ['specialist'])
  await add('supervisor', '陈主管', ['supervisor'])
  await add('trainer', '周老师', ['trainer'])
  return Object.assign(shop, { recoveryCode })
}

/** Commits an order the way the ticket desk stores one (entity 'ticket'), as ops. */
export async function seedTicket(
  shop: Shop,
  id: string,
  fields: Record<string, unknown>,
  history: Record<string, unknown>[] = [],
): Promise<void> {
  const by = shop.ids.admin ?? 'seed'
  await shop.core.store.commit(by, [
    ...Object.entries(fields).map(([field, value]) => ({
      entity: 'ticket',
      id,
      kind: 'set' as const,
      field,
      value,
    })),
    ...history.map((value) => ({
      entity: 'ticket',
      id,
      kind: 'add' as const,
      field: 'history',
      value,
    })),
  ])
}
