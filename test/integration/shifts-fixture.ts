import type { Envelope } from '../../shared/api'
import type { Person, Role } from '../../shared/auth/roles'
import { checkAccess } from '../../electron/access'
import type { PrintAdapter } from '../../electron/adapters/types'
import type { CallContext } from '../../electron/context'
import { dispatch, type Implementations } from '../../electron/dispatch'
import { createQcService } from '../../electron/services/qc'
import { createReports } from '../../electron/services/reports'
import { createShifts } from '../../electron/services/shifts'
import { shopService } from '../../electron/services/shop'
import { cst, intake, openDesk, PEOPLE, tempDir, type Desk } from './tickets-desk'

export { cst, intake, tempDir }

/** The handbook's people plus an admin (who may export contacts in clear). */
export const STAFF: Record<string, { name: string; roles: Role[]; teams: string[] }> = {
  ...PEOPLE,
  admin: { name: '店长', roles: ['admin'], teams: [] },
}
export type Staff = keyof typeof STAFF

export interface ShiftDesk extends Desk {
  prints: string[]
  auditLog: { action: string; target: string; detail: string; by: string }[]
  call<T = unknown>(name: string, input: unknown, who: Staff): Promise<Envelope<T>>
  ok<T = unknown>(name: string, input: unknown, who: Staff): Promise<T>
}

export function staff(who: Staff): Person {
  const p = STAFF[who]!
  return { id: who, name: p.name, roles: p.roles, teams: p.teams }
}

/**
 * The ticket desk with shifts, reports and quality checks on the same data folder and clock,
 * called through the real dispatch (contract parse, access check, envelope).
 */
export async function openShiftDesk(
  dir: string,
  start: string,
  print: PrintAdapter = {},
): Promise<ShiftDesk> {
  const desk = await openDesk(dir, start)
  if (!desk.store.get('person', 'admin')) {
    await desk.store.commit('setup', [
      { entity: 'person', id: 'admin', kind: 'set', field: 'name', value: '店长' },
      { entity: 'person', id: 'admin', kind: 'set', field: 'roles', value: ['admin'] },
    ])
  }
  const deps = {
    store: desk.store,
    device: { id: 'pc1', name: '前台1号机' },
    now: () => desk.clock.now,
  }
  const shifts = createShifts({ ...deps, adapters: { print } })
  let seed = 1
  const impls = {
    tickets: desk.desk.service,
    shop: shopService(desk.store),
    shifts: shifts.service,
    reports: createReports(deps, shifts),
    qc: createQcService(deps, () => seed++),
  } as unknown as Implementations
  const prints: string[] = []
  const auditLog: ShiftDesk['auditLog'] = []
  const call = <T>(name: string, input: unknown, who: Staff) => {
    const ctx: CallContext = {
      session: { id: `s-${who}`, personId: who, signedInAt: null, lastActiveAt: 0 },
      deviceId: 'pc1',
      deviceName: '前台1号机',
      person: staff(who),
      audit: async (action, target, detail) => {
        auditLog.push({ action, target, detail, by: who })
      },
    }
    return dispatch(impls, checkAccess, name, input, ctx) as Promise<Envelope<T>>
  }
  return {
    ...desk,
    prints,
    auditLog,
    call,
    async ok<T>(name: string, input: unknown, who: Staff): Promise<T> {
      const env = await call<T>(name, input, who)
      if (!env.ok) throw new Error(`${name} refused: ${JSON.stringify(env.error)}`)
      return env.value
    },
  }
}

export const EVIL = '=HYPERLINK("http://evil.example/refund","点此退款")'

interface Created {
  status: string
  ticket?: { ticket: { id: string } }
}

/** Records an order at the desk's clock, as the intake form does (warnings accepted). */
export async function create(
  d: ShiftDesk,
  who: Staff,
  over: Record<string, unknown>,
): Promise<string> {
  const out = await d.ok<Created>(
    'tickets.create',
    { intake: intake(over), acceptWarnings: true, confirmNew: true },
    who,
  )
  if (out.status !== 'created' || !out.ticket)
    throw new Error(`not created: ${JSON.stringify(out)}`)
  return out.ticket.ticket.id
}

export const at = (d: ShiftDesk, local: string) => {
  d.clock.now = Date.parse(cst(local))
}

/**
 * 小王's early shift on 2025-03-04, every figure of its summary worked out by hand:
 * - T1 message 08:08, recorded 08:10, replied 08:10 with script 'greet' (2 min), resolved 08:40
 *   (30 business minutes), rated 5 at 09:00;
 * - T2 message 09:00, recorded 09:02, replied 09:06 with 'greet' (6 min: past the 3-minute
 *   target), transferred to 老陈 at 09:20 with a handover note: still open;
 * - T3 (refund) message 10:00, recorded 10:01, description a formula, never replied: still open;
 * - T4 recorded by 小李 at 10:30: not 小王's, but the team's.
 * The shift was started at 07:55 for 早班 and ended at 12:00 with a handover note.
 */
export async function seedEarlyShift(
  d: ShiftDesk,
): Promise<{ shiftId: string; t1: string; t2: string; t3: string; t4: string }> {
  at(d, '2025-03-04 07:55')
  const shift = await d.ok<{ id: string }>('shifts.start', { slotKey: 'early' }, 'agent')
  at(d, '2025-03-04 08:10')
  const t1 = await create(d, 'agent', {
    messageAt: cst('2025-03-04 08:08'),
    orderNo: '250301-100000000000001',
  })
  await d.ok(
    'tickets.reply',
    { id: t1, text: '您好，我是客服小王，很高兴为您服务', scriptId: 'greet' },
    'agent',
  )
  await d.ok('tickets.act', { id: t1, action: { type: 'start' } }, 'agent')
  at(d, '2025-03-04 08:40')
  await d.ok(
    'tickets.act',
    { id: t1, action: { type: 'resolve', resolutionNote: '已告知物流进度，顾客确认' } },
    'agent',
  )
  at(d, '2025-03-04 09:00')
  await d.ok('tickets.act', { id: t1, action: { type: 'record_satisfaction', rating: 5 } }, 'agent')

  at(d, '2025-03-04 09:02')
  const t2 = await create(d, 'agent', {
    messageAt: cst('2025-03-04 09:00'),
    orderNo: '250301-100000000000002',
  })
  at(d, '2025-03-04 09:06')
  await d.ok('tickets.reply', { id: t2, text: '您好，马上为您查询', scriptId: 'greet' }, 'agent')
  await d.ok('tickets.act', { id: t2, action: { type: 'start' } }, 'agent')
  at(d, '2025-03-04 09:20')
  await d.ok(
    'tickets.act',
    {
      id: t2,
      action: {
        type: 'transfer',
        to: 'specialist',
        handoverNote: '包裹疑似丢失，需仓库确认能否补发',
      },
    },
    'agent',
  )

  at(d, '2025-03-04 10:01')
  const t3 = await create(d, 'agent', {
    messageAt: cst('2025-03-04 10:00'),
    orderNo: '250301-100000000000003',
    category: 'refund',
    description: EVIL,
  })
  at(d, '2025-03-04 10:30')
  const t4 = await create(d, 'agent2', {
    messageAt: cst('2025-03-04 10:29'),
    orderNo: '250301-100000000000004',
  })

  at(d, '2025-03-04 12:00')
  await d.ok(
    'shifts.end',
    { id: shift.id, handoverNote: '3号单顾客下午会再来电，请接班同事留意' },
    'agent',
  )
  return { shiftId: shift.id, t1, t2, t3, t4 }
}
