import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import type { Ticket, TransitionEntry } from '../../shared/tickets/model'
import { allowedTransitions, transition, type TicketAction } from '../../shared/tickets/workflow'
import { act, cst, makeTicket, newId, rec } from './tickets-helpers'

function refusal(
  t: Ticket,
  action: TicketAction,
  extra: { isSupervisor?: boolean; at?: string } = {},
) {
  try {
    transition(t, action, {
      by: 'agent-a',
      dev: 'pc-1',
      at: extra.at ?? cst('2024-03-04 12:00'),
      newId,
      ...extra,
    })
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('the action was accepted')
}

const transitions = (t: Ticket) =>
  t.history.filter((h): h is TransitionEntry => h.type === 'transition')

describe('the work order state machine', () => {
  it('lists what each status allows', () => {
    expect(allowedTransitions('new')).toEqual(['start', 'transfer', 'simple_resolve'])
    expect(allowedTransitions('resolved')).toEqual(['record_satisfaction', 'archive'])
    expect(allowedTransitions('archived')).toEqual(['reopen_archived'])
  })

  it('a simple logistics query is handled and resolved in one step with its steps and the customer confirmation', () => {
    let t = makeTicket({ category: 'logistics' })
    t = rec(
      t,
      { type: 'reply', text: '亲，您的包裹已到达本地网点，预计今天送达' },
      'agent-a',
      cst('2024-03-04 10:01'),
    )
    expect(t.firstReplyAt).toBe(cst('2024-03-04 10:01'))
    t = act(
      t,
      {
        type: 'simple_resolve',
        steps: ['查询物流：包裹已到本地网点', '告知顾客预计今日送达'],
        customerConfirmed: true,
        confirmation: '顾客回复：好的，谢谢',
      },
      'agent-a',
      cst('2024-03-04 10:05'),
    )
    expect(t.status).toBe('resolved')
    expect(t.resolvedAt).toBe(cst('2024-03-04 10:05'))
    expect(t.resolutionNote).toBe('查询物流：包裹已到本地网点；告知顾客预计今日送达')
    const steps = t.history.find((h) => h.type === 'steps')
    expect(steps).toMatchObject({
      customerConfirmed: true,
      confirmation: '顾客回复：好的，谢谢',
      by: 'agent-a',
      dev: 'pc-1',
    })
    expect(transitions(t)).toEqual([
      expect.objectContaining({
        from: 'new',
        to: 'resolved',
        action: 'simple_resolve',
        by: 'agent-a',
        dev: 'pc-1',
        at: cst('2024-03-04 10:05'),
      }),
    ])
  })

  it('a simple case is not closed without the customer confirmation', () => {
    const e = refusal(makeTicket(), {
      type: 'simple_resolve',
      steps: ['告知退货地址'],
      customerConfirmed: false,
    })
    expect(e.message).toBe('简单问题直接解决前，请先记录顾客的确认')
  })

  it('a complex case transferred to a specialist keeps the handover note and makes the specialist the assignee', () => {
    let t = act(makeTicket(), { type: 'start' }, 'agent-a', cst('2024-03-04 10:02'))
    t = act(
      t,
      { type: 'transfer', to: 'spec-b', handoverNote: '杯子裂痕，已安抚顾客并承诺今天内联系换货' },
      'agent-a',
      cst('2024-03-04 10:10'),
    )
    expect(t.status).toBe('processing')
    expect(t.assignee).toBe('spec-b')
    expect(t.transferredTo).toBe('spec-b')
    expect(t.history.at(-1)).toMatchObject({
      type: 'transfer',
      from: 'agent-a',
      to: 'spec-b',
      handoverNote: '杯子裂痕，已安抚顾客并承诺今天内联系换货',
      by: 'agent-a',
    })
    // Processing stays processing: no empty transition entry.
    expect(transitions(t)).toHaveLength(1)
  })

  it('a transfer without a handover note is refused with a zh-CN message', () => {
    const t = makeTicket({ status: 'processing' })
    const missing = refusal(t, { type: 'transfer', to: 'spec-b', handoverNote: '   ' })
    expect(missing.code).toBe('invalid_input')
    expect(missing.message).toBe('请填写交接说明')
    expect(missing.fields).toEqual({ handoverNote: '请填写交接说明' })
    const short = refusal(t, { type: 'transfer', to: 'spec-b', handoverNote: '见上' })
    expect(short.message).toBe('交接说明太简略，请至少写 5 个字')
  })

  it('illegal moves are refused with a zh-CN message naming the status', () => {
    const fresh = makeTicket()
    expect(refusal(fresh, { type: 'resolve', resolutionNote: '已换货' }).message).toBe(
      '工单当前为“新建”，不能标记已解决',
    )
    expect(refusal(fresh, { type: 'archive' }).code).toBe('ticket_illegal_transition')
    const resolved = makeTicket({ status: 'resolved', resolvedAt: cst('2024-03-04 11:00') })
    expect(refusal(resolved, { type: 'wait_customer' }).message).toBe(
      '工单当前为“已解决”，不能转为待顾客回复',
    )
    const archived = makeTicket({ status: 'archived' })
    expect(refusal(archived, { type: 'record_satisfaction', rating: 5 }).message).toBe(
      '工单当前为“已归档”，不能记录满意度',
    )
    expect(refusal(makeTicket({ status: 'processing' }), { type: 'start' }).message).toBe(
      '工单当前为“处理中”，不能开始处理',
    )
  })

  it('resolving needs a resolution note', () => {
    const e = refusal(makeTicket({ status: 'processing' }), { type: 'resolve', resolutionNote: '' })
    expect(e.message).toBe('请填写处理结果')
  })

  it('a 2-star answer reopens the order with the reason; 5 stars later keeps it resolved', () => {
    let t = act(makeTicket(), { type: 'start' }, 'spec-b', cst('2024-03-04 10:05'))
    t = act(
      t,
      { type: 'resolve', resolutionNote: '已补发新杯子' },
      'spec-b',
      cst('2024-03-04 11:00'),
    )
    expect(refusal(t, { type: 'record_satisfaction', rating: 2 }).message).toBe(
      '顾客不满意（1–3 星）时，请记录不满意的原因',
    )
    t = act(
      t,
      { type: 'record_satisfaction', rating: 2, comment: '补发太慢' },
      'spec-b',
      cst('2024-03-04 12:00'),
    )
    expect(t.status).toBe('processing')
    expect(t.resolvedAt).toBeUndefined()
    expect(t.satisfaction).toBe(2)
    expect(transitions(t).at(-1)).toMatchObject({
      from: 'resolved',
      to: 'processing',
      reason: '顾客评价 2 星：补发太慢',
    })
    t = act(
      t,
      { type: 'resolve', resolutionNote: '补偿 5 元无门槛券' },
      'spec-b',
      cst('2024-03-04 13:00'),
    )
    t = act(t, { type: 'record_satisfaction', rating: 5 }, 'spec-b', cst('2024-03-04 13:30'))
    expect(t.status).toBe('resolved')
    expect(t.satisfaction).toBe(5)
    expect(t.history.filter((h) => h.type === 'satisfaction').map((h) => h.rating)).toEqual([2, 5])
    // Rated after the last resolution: may be archived at once.
    t = act(t, { type: 'archive' }, 'spec-b', cst('2024-03-04 22:00'))
    expect(t.status).toBe('archived')
    expect(t.archivedUnrated).toBeUndefined()
  })

  it('an unrated order is archived as 未评价 only after the set number of days', () => {
    let t = act(
      makeTicket({ status: 'processing' }),
      { type: 'resolve', resolutionNote: '已退款' },
      'agent-a',
      cst('2024-03-04 11:00'),
    )
    const early = refusal(t, { type: 'archive' }, { at: cst('2024-03-06 11:00') })
    expect(early.code).toBe('ticket_not_yet_archivable')
    expect(early.message).toBe('顾客尚未评价：已解决满 3 天仍无评价时才可按“未评价”归档')
    t = act(t, { type: 'archive' }, 'agent-a', cst('2024-03-07 11:00'))
    expect(t.status).toBe('archived')
    expect(t.archivedUnrated).toBe(true)
    expect(transitions(t).at(-1)).toMatchObject({
      from: 'resolved',
      to: 'archived',
      reason: '未评价',
    })
  })

  it('a low answer given before a later resolution does not count as answered', () => {
    let t = act(
      makeTicket({ status: 'processing' }),
      { type: 'resolve', resolutionNote: '已补发' },
      'a',
      cst('2024-03-04 11:00'),
    )
    t = act(
      t,
      { type: 'record_satisfaction', rating: 1, comment: '态度差' },
      'a',
      cst('2024-03-04 12:00'),
    )
    t = act(t, { type: 'resolve', resolutionNote: '主管致歉并补偿' }, 'a', cst('2024-03-04 13:00'))
    expect(refusal(t, { type: 'archive' }, { at: cst('2024-03-04 20:00') }).code).toBe(
      'ticket_not_yet_archivable',
    )
  })

  it('only a supervisor reopens an archived order, with a reason', () => {
    const t = makeTicket({
      status: 'archived',
      archivedAt: cst('2024-03-05 09:00'),
      resolvedAt: cst('2024-03-04 11:00'),
    })
    const e = refusal(t, { type: 'reopen_archived', reason: '顾客再次投诉' })
    expect(e.code).toBe('forbidden')
    expect(e.message).toBe('只有客服主管可以重新打开已归档的工单')
    expect(
      refusal(t, { type: 'reopen_archived', reason: '' }, { isSupervisor: true }).message,
    ).toBe('请填写重新打开的原因')
    const reopened = act(
      t,
      { type: 'reopen_archived', reason: '顾客再次投诉' },
      'boss',
      cst('2024-03-06 09:00'),
      { isSupervisor: true },
    )
    expect(reopened.status).toBe('processing')
    expect(reopened.archivedAt).toBeUndefined()
    expect(transitions(reopened).at(-1)).toMatchObject({
      from: 'archived',
      to: 'processing',
      by: 'boss',
      reason: '顾客再次投诉',
    })
  })

  it('waiting for the customer or a department and back, each move a history entry', () => {
    let t = act(makeTicket(), { type: 'start' }, 'a', cst('2024-03-04 10:01'))
    t = act(t, { type: 'wait_customer', reason: '等顾客提供照片' }, 'a', cst('2024-03-04 10:02'))
    t = act(t, { type: 'wait_department' }, 'a', cst('2024-03-04 10:30'))
    t = act(t, { type: 'resume' }, 'a', cst('2024-03-04 11:00'))
    expect(transitions(t).map((e) => `${e.from}>${e.to}`)).toEqual([
      'new>processing',
      'processing>waiting_customer',
      'waiting_customer>waiting_department',
      'waiting_department>processing',
    ])
    expect(transitions(t)[1]!.reason).toBe('等顾客提供照片')
    expect(new Set(t.history.map((h) => h.id)).size).toBe(t.history.length)
  })

  it('records are refused on an archived order and validated in zh-CN', () => {
    expect(() =>
      rec(
        makeTicket({ status: 'archived' }),
        { type: 'note', text: '补充' },
        'a',
        cst('2024-03-05 09:00'),
      ),
    ).toThrow('工单已归档，不能再添加记录；如需继续处理请由主管重新打开')
    expect(() =>
      rec(
        makeTicket(),
        {
          type: 'department_contact',
          department: 'warehouse',
          contactAt: cst('2024-03-04 10:20'),
          discussed: '有无现货',
          agreed: '',
          measure: '',
        },
        'a',
        cst('2024-03-04 10:21'),
      ),
    ).toThrow('请填写商定结果')
  })
})
