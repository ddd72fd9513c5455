import { describe, expect, it } from 'vitest'
import { firstResponseOf, overdueMinutes } from '../../shared/tickets/first-response'
import { kpiFigures, firstResponseMinutes, shiftSummary } from '../../shared/tickets/kpi'
import { defaultSlaSettings, newSlaBreaches, slaState } from '../../shared/tickets/sla'
import { changeField, takesCases, transition } from '../../shared/tickets/workflow'
import type { Ticket } from '../../shared/tickets/model'
import { act, cst, makeTicket, newId, rec } from './tickets-helpers'

// Default settings: pdd normal = first response within 3 business minutes, 08:00–23:00.
const settings = defaultSlaSettings()
const message = cst('2024-03-04 10:00')
const period = { from: cst('2024-03-04 00:00'), to: cst('2024-03-05 00:00') }

function fresh(over: Partial<Ticket> = {}): Ticket {
  return makeTicket({ messageAt: message, createdAt: message, ...over })
}

/** What the desk shows and what the report counts, for one order. */
function deskAndReport(t: Ticket, now: string) {
  const clock = slaState(t, now, settings).firstResponse
  const figures = kpiFigures([t], period, settings)
  return { clock, figures }
}

describe('first response: each action that reaches the customer stops the clock', () => {
  it('a reply', () => {
    const t = rec(
      act(fresh(), { type: 'start' }, 'agent-a', cst('2024-03-04 10:00')),
      { type: 'reply', text: '您好，马上为您查看' },
      'agent-a',
      cst('2024-03-04 10:02'),
    )
    expect(firstResponseOf(t)).toMatchObject({ kind: 'reply', by: 'agent-a' })
    expect(t.firstReplyAt).toBe(cst('2024-03-04 10:02'))
    const { clock, figures } = deskAndReport(t, cst('2024-03-04 12:00'))
    expect(clock.done).toBe(true)
    expect(clock.elapsedMin).toBe(2)
    expect(figures.firstResponse.count).toBe(1)
    expect(figures.firstResponse.avgMin).toBe(2)
  })

  it('an automatic greeting recorded as not counting leaves the clock running', () => {
    const t = rec(
      fresh(),
      { type: 'reply', text: '亲，在的', firstResponse: false },
      'agent-a',
      cst('2024-03-04 10:01'),
    )
    expect(firstResponseOf(t)).toBeNull()
    expect(slaState(t, cst('2024-03-04 10:02'), settings).firstResponse.done).toBe(false)
  })

  it('a progress update sent through the platform chat', () => {
    const t = rec(
      act(fresh(), { type: 'start' }, 'agent-a', message),
      { type: 'customer_update', channel: 'platform_chat', text: '已联系仓库，今天补发' },
      'agent-a',
      cst('2024-03-04 10:02'),
    )
    expect(firstResponseOf(t)).toMatchObject({ kind: 'customer_update' })
    expect(t.firstReplyAt).toBe(cst('2024-03-04 10:02'))
    expect(deskAndReport(t, cst('2024-03-04 12:00')).figures.firstResponse.avgMin).toBe(2)
  })

  it('a question sent while marking 等待顾客回复', () => {
    const started = act(fresh(), { type: 'start' }, 'agent-a', message)
    const t = act(
      started,
      { type: 'wait_customer', question: '麻烦拍一下外箱的照片' },
      'agent-a',
      cst('2024-03-04 10:01'),
    )
    expect(t.status).toBe('waiting_customer')
    expect(firstResponseOf(t)).toMatchObject({ kind: 'question', by: 'agent-a' })
    expect(t.history.find((h) => h.type === 'reply')).toMatchObject({ question: true })
    expect(deskAndReport(t, cst('2024-03-04 12:00')).figures.firstResponse.avgMin).toBe(1)
  })

  it('marking 等待顾客回复 without a question sent is not a response', () => {
    const started = act(fresh(), { type: 'start' }, 'agent-a', message)
    const t = act(
      started,
      { type: 'wait_customer', reason: '等顾客找快递单' },
      'agent-a',
      cst('2024-03-04 10:01'),
    )
    expect(firstResponseOf(t)).toBeNull()
  })

  it('a simple case resolved with the customer’s confirmation, rated 5 and archived: no overdue clock, one response in the report', () => {
    let t = act(
      fresh(),
      { type: 'simple_resolve', steps: ['告知顾客查看物流的方法'], customerConfirmed: true },
      'agent-a',
      cst('2024-03-04 10:02'),
    )
    t = act(t, { type: 'record_satisfaction', rating: 5 }, 'agent-a', cst('2024-03-04 10:05'))
    t = act(t, { type: 'archive' }, 'agent-a', cst('2024-03-04 10:06'))
    expect(firstResponseOf(t)).toMatchObject({ kind: 'simple_resolve' })
    expect(t.firstReplyAt).toBe(cst('2024-03-04 10:02'))
    // An hour later, the order shows no running or overdue clock.
    const { clock, figures } = deskAndReport(t, cst('2024-03-04 11:00'))
    expect(clock).toMatchObject({ done: true, breached: false, remainingMin: null })
    expect(figures.firstResponse.count).toBe(1)
    expect(figures.firstResponse.avgMin).toBe(2)
    expect(figures.slaBreaches.total).toBe(0)
    expect(newSlaBreaches(t, cst('2024-03-04 11:00'), settings)).toEqual([])
  })

  it('a late simple resolution is late in the desk and in the report alike', () => {
    const t = act(
      fresh(),
      { type: 'simple_resolve', steps: ['补发配件'], customerConfirmed: true },
      'agent-a',
      cst('2024-03-04 10:17'),
    )
    const { clock, figures } = deskAndReport(t, cst('2024-03-04 11:00'))
    expect(clock).toMatchObject({ done: true, breached: true, elapsedMin: 17 })
    expect(figures.slaBreaches.byKind.first_response).toBe(1)
    expect(figures.firstResponse.avgMin).toBe(17)
    expect(firstResponseMinutes(t, settings)).toBe(17)
  })

  it('a contact made on the platform earlier counts at the time it was sent', () => {
    const t = rec(
      fresh(),
      {
        type: 'customer_update',
        channel: 'phone',
        text: '电话告知今天发出',
        sentAt: cst('2024-03-04 10:01'),
      },
      'agent-a',
      cst('2024-03-04 10:30'),
    )
    expect(firstResponseOf(t)?.ms).toBe(Date.parse(cst('2024-03-04 10:01')))
    expect(t.firstReplyAt).toBe(cst('2024-03-04 10:01'))
    const { clock, figures } = deskAndReport(t, cst('2024-03-04 11:00'))
    expect(clock).toMatchObject({ done: true, breached: false, elapsedMin: 1 })
    expect(figures.firstResponse.avgMin).toBe(1)
  })

  it('a send time before the customer’s message or after now is refused with a zh-CN message', () => {
    const t = fresh()
    expect(() =>
      rec(
        t,
        { type: 'reply', text: '您好', sentAt: cst('2024-03-04 09:59') },
        'agent-a',
        cst('2024-03-04 10:30'),
      ),
    ).toThrow('不能早于顾客的消息时间')
    expect(() =>
      rec(
        t,
        { type: 'reply', text: '您好', sentAt: cst('2024-03-04 11:00') },
        'agent-a',
        cst('2024-03-04 10:30'),
      ),
    ).toThrow('不能晚于现在')
  })

  it('the earliest of several responses counts, whoever made it', () => {
    let t = rec(fresh(), { type: 'reply', text: '您好' }, 'agent-b', cst('2024-03-04 10:04'))
    t = rec(
      t,
      {
        type: 'customer_update',
        channel: 'platform_chat',
        text: '已处理',
        sentAt: cst('2024-03-04 10:02'),
      },
      'agent-a',
      cst('2024-03-04 10:05'),
    )
    expect(firstResponseOf(t)).toMatchObject({ by: 'agent-a', kind: 'customer_update' })
    expect(t.firstReplyAt).toBe(cst('2024-03-04 10:02'))
  })
})

describe('an order closed with no contact at all', () => {
  it('shows no clock and is left out of first-response figures', () => {
    let t = act(fresh(), { type: 'start' }, 'agent-a', message)
    t = act(t, { type: 'resolve', resolutionNote: '重复工单' }, 'agent-a', cst('2024-03-04 10:20'))
    const { clock, figures } = deskAndReport(t, cst('2024-03-04 12:00'))
    expect(clock).toMatchObject({
      done: true,
      breached: false,
      noContact: true,
      remainingMin: null,
    })
    expect(figures.firstResponse.count).toBe(0)
    expect(figures.unanswered).toBe(0)
    expect(figures.slaBreaches.total).toBe(0)
    expect(newSlaBreaches(t, cst('2024-03-04 12:00'), settings)).toEqual([])
  })

  it('while open, the same order is unanswered and its clock runs', () => {
    const t = act(fresh(), { type: 'start' }, 'agent-a', message)
    expect(slaState(t, cst('2024-03-04 10:10'), settings).firstResponse.breached).toBe(true)
    expect(kpiFigures([t], period, settings).unanswered).toBe(1)
  })
})

describe('desk and reports agree on the same orders', () => {
  it('every order’s response time on the desk matches the report and the shift summary', () => {
    const orders = [
      rec(fresh(), { type: 'reply', text: '您好' }, 'agent-a', cst('2024-03-04 10:01')),
      rec(
        fresh(),
        { type: 'customer_update', channel: 'sms', text: '已发货' },
        'agent-a',
        cst('2024-03-04 10:05'),
      ),
      act(
        act(fresh(), { type: 'start' }, 'agent-a', message),
        { type: 'wait_customer', question: '请提供订单截图' },
        'agent-a',
        cst('2024-03-04 10:02'),
      ),
      act(
        fresh(),
        { type: 'simple_resolve', steps: ['指导顾客重启设备'], customerConfirmed: true },
        'agent-a',
        cst('2024-03-04 10:04'),
      ),
      act(
        act(fresh(), { type: 'start' }, 'agent-a', message),
        { type: 'resolve', resolutionNote: '误建工单' },
        'agent-a',
        cst('2024-03-04 10:30'),
      ),
    ]
    const now = cst('2024-03-04 18:00')
    const desk = orders.map((t) => slaState(t, now, settings).firstResponse)
    const counted = desk.filter((c) => !c.noContact)
    const deskBreaches = desk.filter((c) => c.breached).length
    expect(counted.map((c) => c.elapsedMin)).toEqual([1, 5, 2, 4])
    const report = kpiFigures(orders, period, settings)
    expect(report.firstResponse.count).toBe(counted.length)
    expect(report.firstResponse.avgMin).toBe(
      counted.reduce((s, c) => s + c.elapsedMin, 0) / counted.length,
    )
    expect(report.slaBreaches.byKind.first_response).toBe(deskBreaches)
    expect(report.firstResponse.within3Min).toBe(counted.filter((c) => c.elapsedMin <= 3).length)
    const shift = shiftSummary(orders, { ...period, personIds: ['agent-a'] }, settings)
    expect(shift.firstResponse).toEqual(report.firstResponse)
    expect(shift.slaBreaches).toEqual(report.slaBreaches)
  })
})

describe('on screen', () => {
  it('「超时 N 分钟」 only from one whole minute on', () => {
    expect(overdueMinutes(-0.4)).toBe(0)
    expect(overdueMinutes(-1)).toBe(1)
    expect(overdueMinutes(-0.6)).toBe(1)
    expect(overdueMinutes(-17.9)).toBe(18)
    expect(overdueMinutes(3)).toBe(0)
    expect(overdueMinutes(null)).toBe(0)
  })
})

describe('after intake', () => {
  const ctx = { by: 'agent-a', dev: 'pc-1', at: cst('2024-03-04 10:30'), newId }

  it('category and priority changes leave a history entry from → to', () => {
    const t = fresh()
    const r = changeField(t, { field: 'category', value: 'logistics' }, ctx)
    expect(r?.patch).toEqual({ category: 'logistics' })
    expect(r?.historyEntries[0]).toMatchObject({
      type: 'field_change',
      field: 'category',
      from: 'quality',
      to: 'logistics',
    })
    expect(changeField(t, { field: 'priority', value: 'normal' }, ctx)).toBeNull()
  })

  it('the follow-up time is recorded when set and when cleared, and cleared on resolution', () => {
    let t = fresh()
    const set = changeField(t, { field: 'nextFollowUpAt', value: cst('2024-03-05 09:00') }, ctx)!
    t = { ...t, ...set.patch, history: [...t.history, ...set.historyEntries] } as Ticket
    expect(set.historyEntries[0]).toMatchObject({
      field: 'nextFollowUpAt',
      to: cst('2024-03-05 09:00'),
    })
    t = act(t, { type: 'start' }, 'agent-a', cst('2024-03-04 10:31'))
    t = act(t, { type: 'resolve', resolutionNote: '已补发' }, 'agent-a', cst('2024-03-04 10:40'))
    expect(t.nextFollowUpAt).toBeUndefined()
    expect(t.history.at(-1)).toMatchObject({
      type: 'field_change',
      field: 'nextFollowUpAt',
      from: cst('2024-03-05 09:00'),
      reason: '工单已解决',
    })
  })

  it('transfers go to people who take cases, never to a trainer or an admin alone', () => {
    expect(takesCases({ roles: ['agent'] })).toBe(true)
    expect(takesCases({ roles: ['specialist'] })).toBe(true)
    expect(takesCases({ roles: ['trainer'] })).toBe(false)
    expect(takesCases({ roles: ['admin'] })).toBe(false)
    expect(takesCases({ roles: ['trainer', 'supervisor'] })).toBe(true)
  })

  it('the follow-up cannot be set on a resolved order', () => {
    const t = act(
      fresh(),
      { type: 'simple_resolve', steps: ['说明'], customerConfirmed: true },
      'agent-a',
      cst('2024-03-04 10:02'),
    )
    expect(() =>
      changeField(t, { field: 'nextFollowUpAt', value: cst('2024-03-05 09:00') }, ctx),
    ).toThrow('已解决')
    expect(() => transition(t, { type: 'wait_customer' }, ctx)).toThrow()
  })
})
