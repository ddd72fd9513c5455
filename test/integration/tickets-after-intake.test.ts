import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { CreateResult, TicketDetail } from '../../shared/api/tickets'
import { cst, intake, openDesk, tempDir, type Desk } from './tickets-desk'

/** Issue 18: what happens to an order after intake, through the service as the UI calls it. */

const dirs: string[] = []
const open: Desk[] = []

async function desk(): Promise<Desk> {
  const dir = tempDir()
  dirs.push(dir)
  const d = await openDesk(dir)
  open.push(d)
  return d
}

afterEach(async () => {
  for (const d of open.splice(0)) await d.close().catch(() => undefined)
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

async function create(d: Desk, over: Record<string, unknown> = {}) {
  const r = await d.ok<CreateResult>('tickets.create', { intake: intake(over) }, 'agent')
  if (r.status !== 'created') throw new Error(`not created: ${JSON.stringify(r)}`)
  return r.ticket.ticket.id
}

describe('after intake', () => {
  it('a progress update sent earlier on the platform chat is the first response at its send time, audited', async () => {
    const d = await desk()
    const id = await create(d, { messageAt: cst('2025-03-04 09:58') })
    d.clock.now = Date.parse(cst('2025-03-04 10:20'))
    const refused = await d.call(
      'tickets.addUpdate',
      { id, channel: 'platform_chat', text: '已催促快递', sentAt: cst('2025-03-04 09:50') },
      'agent',
    )
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.message).toBe('发送时间不能早于顾客的消息时间')
    const done = await d.ok<TicketDetail>(
      'tickets.addUpdate',
      { id, channel: 'platform_chat', text: '已催促快递', sentAt: cst('2025-03-04 10:00') },
      'agent',
    )
    expect(done.ticket.firstReplyAt).toBe(cst('2025-03-04 10:00'))
    expect(done.sla.firstResponse).toMatchObject({ done: true, breached: false, elapsedMin: 2 })
    expect(done.view.firstReplyAt).toBe(cst('2025-03-04 10:00'))
    expect(d.audits).toContain('ticket.sentAt')
  })

  it('category and priority can be changed after intake, each with a history entry', async () => {
    const d = await desk()
    const id = await create(d, { category: 'return_exchange', priority: 'normal' })
    await d.ok<TicketDetail>(
      'tickets.changeField',
      { id, change: { field: 'category', value: 'logistics' } },
      'agent',
    )
    const t = await d.ok<TicketDetail>(
      'tickets.changeField',
      { id, change: { field: 'priority', value: 'high' } },
      'agent',
    )
    expect(t.ticket.category).toBe('logistics')
    expect(t.ticket.priority).toBe('high')
    const changes = t.history.filter((h) => h.type === 'field_change')
    expect(changes).toMatchObject([
      { field: 'category', from: 'return_exchange', to: 'logistics', byName: '小王' },
      { field: 'priority', from: 'normal', to: 'high' },
    ])
    // Higher priority, shorter first-response target.
    expect(t.sla.firstResponse.targetMin).toBe(2)
    expect(d.audits.filter((a) => a === 'ticket.change')).toHaveLength(2)
  })

  it('下次跟进 changes are in the history, and resolving the order clears it', async () => {
    const d = await desk()
    const id = await create(d)
    await d.ok('tickets.setFollowUp', { id, at: cst('2025-03-05 09:00') }, 'agent')
    let t = await d.ok<TicketDetail>(
      'tickets.setFollowUp',
      { id, at: cst('2025-03-05 14:00') },
      'agent',
    )
    expect(t.history.filter((h) => h.type === 'field_change')).toMatchObject([
      { field: 'nextFollowUpAt', to: cst('2025-03-05 09:00') },
      { field: 'nextFollowUpAt', from: cst('2025-03-05 09:00'), to: cst('2025-03-05 14:00') },
    ])
    await d.ok('tickets.act', { id, action: { type: 'start' } }, 'agent')
    t = await d.ok<TicketDetail>(
      'tickets.act',
      { id, action: { type: 'resolve', resolutionNote: '快递已送达' } },
      'agent',
    )
    expect(t.ticket.nextFollowUpAt).toBeUndefined()
    expect(t.view.nextFollowUpAt).toBeNull()
    expect(t.history.at(-1)).toMatchObject({ type: 'field_change', reason: '工单已解决' })
  })

  it('transfers go only to people who take cases; the agent may still add an internal note after transferring', async () => {
    const d = await desk()
    for (const [pid, name, roles] of [
      ['trainer', '周老师', ['trainer']],
      ['admin', '管理员', ['admin']],
    ] as const) {
      await d.store.commit('setup', [
        { entity: 'person', id: pid, kind: 'set', field: 'name', value: name },
        { entity: 'person', id: pid, kind: 'set', field: 'roles', value: roles },
        { entity: 'person', id: pid, kind: 'set', field: 'teams', value: [] },
      ])
    }
    const id = await create(d)
    const handover = '顾客要求换货，已道歉，待确认库存'
    for (const to of ['trainer', 'admin']) {
      const r = await d.call(
        'tickets.act',
        { id, action: { type: 'transfer', to, handoverNote: handover } },
        'agent',
      )
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error.message).toContain('没有处理工单的权限')
    }
    await d.ok(
      'tickets.act',
      { id, action: { type: 'transfer', to: 'specialist', handoverNote: handover } },
      'agent',
    )
    const noted = await d.ok<TicketDetail>(
      'tickets.addNote',
      { id, text: '顾客刚在聊天里补充：希望换成蓝色' },
      'agent',
    )
    expect(noted.history.at(-1)).toMatchObject({ type: 'note', byName: '小王' })
    expect(noted.canAct).toBe(false)
    expect(noted.canNote).toBe(true)
    // A reply still needs the order in hand.
    const reply = await d.call('tickets.reply', { id, text: '您好' }, 'agent')
    expect(reply.ok).toBe(false)
    // Someone who never touched it may not add notes either.
    const other = await d.call('tickets.addNote', { id, text: '路过看看' }, 'agent2')
    expect(other.ok).toBe(false)
  })

  it('the shop time zone and the low-rating reasons are shop-wide settings a supervisor edits', async () => {
    const d = await desk()
    const before = await d.ok<{ timeZone: string; lowRatingReasons: string[] }>(
      'shop.get',
      {},
      'agent',
    )
    expect(before.timeZone).toBe('Asia/Shanghai')
    expect(before.lowRatingReasons).toContain('处理太慢')
    const bad = await d.call('shop.setTimeZone', { timeZone: 'Mars/Olympus' }, 'supervisor')
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.message).toContain('不认识这个时区')
    expect((await d.call('shop.setTimeZone', { timeZone: 'Asia/Tokyo' }, 'agent')).ok).toBe(false)
    const after = await d.ok<{ timeZone: string; sla: { calendar: { utcOffsetMinutes: number } } }>(
      'shop.setTimeZone',
      { timeZone: 'Asia/Tokyo' },
      'supervisor',
    )
    expect(after.timeZone).toBe('Asia/Tokyo')
    expect(after.sla.calendar.utcOffsetMinutes).toBe(540)
    const reasons = await d.ok<{ lowRatingReasons: string[] }>(
      'shop.setLowRatingReasons',
      { reasons: ['发货太慢', '客服回复慢'] },
      'supervisor',
    )
    expect(reasons.lowRatingReasons).toEqual(['发货太慢', '客服回复慢'])
  })
})
