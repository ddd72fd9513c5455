import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Envelope } from '../../shared/api'
import type { Person, Role } from '../../shared/auth/roles'
import { checkAccess } from '../../electron/access'
import type { CallContext } from '../../electron/context'
import { dispatch, type Implementations } from '../../electron/dispatch'
import { shopService } from '../../electron/services/shop'
import { openTicketDesk, type TicketDesk } from '../../electron/services/tickets'
import { Store } from '../../electron/store'

/** Shanghai wall-clock time "2025-03-04 10:00" as an ISO instant. */
export function cst(local: string): string {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString()
}

export const PEOPLE: Record<string, { name: string; roles: Role[]; teams: string[] }> = {
  agent: { name: '小王', roles: ['agent'], teams: ['after'] },
  agent2: { name: '小李', roles: ['agent'], teams: ['after'] },
  specialist: { name: '老陈', roles: ['specialist'], teams: ['after'] },
  supervisor: { name: '刘主管', roles: ['supervisor'], teams: [] },
}
export type Who = keyof typeof PEOPLE

export interface Desk {
  dir: string
  store: Store
  desk: TicketDesk
  clock: { now: number }
  notifications: { title: string; body: string; tag?: string }[]
  audits: string[]
  signedIn: string[]
  /** Calls `service.method` as a transport would: contract parse, access check, envelope. */
  call<T = unknown>(name: string, input: unknown, who: Who): Promise<Envelope<T>>
  /** The same, expecting success. */
  ok<T = unknown>(name: string, input: unknown, who: Who): Promise<T>
  close(): Promise<void>
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-tickets-'))
}

export function person(who: Who): Person {
  const p = PEOPLE[who]!
  return { id: who, name: p.name, roles: p.roles, teams: p.teams }
}

/** Opens the store and the desk on a data folder, with the four people of the handbook in it. */
export async function openDesk(dir: string, start = cst('2025-03-04 10:00')): Promise<Desk> {
  const clock = { now: Date.parse(start) }
  const store = await Store.open({
    dataDir: dir,
    deviceId: 'pc1',
    autoBackup: false,
    flushDelayMs: 50,
  })
  if (!store.get('person', 'agent')) {
    for (const [id, p] of Object.entries(PEOPLE)) {
      await store.commit('setup', [
        { entity: 'person', id, kind: 'set', field: 'name', value: p.name },
        { entity: 'person', id, kind: 'set', field: 'roles', value: p.roles },
        { entity: 'person', id, kind: 'set', field: 'teams', value: p.teams },
      ])
    }
  }
  const notifications: Desk['notifications'] = []
  const audits: string[] = []
  const signedIn: string[] = []
  const desk = await openTicketDesk(
    {
      dataDir: dir,
      device: { id: 'pc1', name: '前台1号机' },
      store,
      adapters: { notifications: { show: (n) => notifications.push(n) } },
      signedIn: () => signedIn,
      now: () => clock.now,
    },
    { slaIntervalMs: 0, indexPersistMs: -1 },
  )
  const impls = { tickets: desk.service, shop: shopService(store) } as unknown as Implementations
  const call = <T>(name: string, input: unknown, who: Who) => {
    const ctx: CallContext = {
      session: { id: `s-${who}`, personId: who, signedInAt: null, lastActiveAt: 0 },
      deviceId: 'pc1',
      deviceName: '前台1号机',
      person: person(who),
      audit: async (action) => {
        audits.push(action)
      },
    }
    return dispatch(impls, checkAccess, name, input, ctx) as Promise<Envelope<T>>
  }
  return {
    dir,
    store,
    desk,
    clock,
    notifications,
    audits,
    signedIn,
    call,
    async ok<T>(name: string, input: unknown, who: Who): Promise<T> {
      const env = await call<T>(name, input, who)
      if (!env.ok) throw new Error(`${name} refused: ${JSON.stringify(env.error)}`)
      return env.value
    },
    async close() {
      await desk.close()
      await store.close()
    },
  }
}

/** An order as an agent types it from the platform chat: complete, nothing to warn about. */
export function intake(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    platform: 'pdd',
    shopId: '旗舰店',
    channel: 'chat',
    messageAt: cst('2025-03-04 09:58'),
    orderNo: '250301-123456789012345',
    purchasedAt: cst('2025-03-01 20:15'),
    amount: 5990,
    buyerId: 'pdd_buyer_88',
    customerName: '王芳',
    contact: '13812345678',
    trackingNo: 'YT1234567890123',
    description: '快递三天没有更新物流信息，顾客想知道包裹到哪里了',
    category: 'logistics',
    priority: 'normal',
    ...over,
  }
}
