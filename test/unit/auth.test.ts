import { describe, expect, it } from 'vitest'
import {
  afterFailure,
  applyRedactions,
  can,
  canOn,
  canRevealContact,
  lockRemaining,
  maskAddress,
  maskContact,
  maskForViewer,
  maskName,
  maskPhone,
  pastRetention,
  PERMISSIONS,
  permissionsOf,
  planTicketErasure,
  REDACTED,
  ROLES,
  sameContact,
  scopeOf,
  strikeOut,
  ticketMatches,
  type Person,
  type Redaction,
} from '../../shared/auth'

const agent: Person = { id: 'a1', name: '小李', roles: ['agent'], teams: ['t-after'] }
const specialist: Person = { id: 's1', name: '老王', roles: ['specialist'], teams: ['t-after'] }
const supervisor: Person = { id: 'm1', name: '陈主管', roles: ['supervisor'], teams: [] }
const trainer: Person = { id: 'r1', name: '周老师', roles: ['trainer'], teams: [] }
const admin: Person = { id: 'x1', name: '店长', roles: ['admin'], teams: [] }

describe('masking customer data', () => {
  it('masks a mainland mobile number as the platforms do', () => {
    expect(maskPhone('13812341234')).toBe('138****1234')
    expect(maskPhone('138 1234 1234')).toBe('138****1234')
    expect(maskPhone('+86 13812341234')).toBe('+86 138****1234')
    expect(maskPhone('021-12345678')).toBe('021-****5678')
  })
  it('masks names after the family name: 张** ', () => {
    expect(maskName('张三丰')).toBe('张**')
    expect(maskName('张三')).toBe('张*')
    expect(maskName('欧阳娜娜')).toBe('欧***')
    expect(maskName('李')).toBe('*')
  })
  it('keeps the district of an address, never the street or house number', () => {
    expect(maskAddress('浙江省杭州市西湖区文三路90号东部软件园')).toBe('浙江省杭州市西湖区****')
    expect(maskAddress('上海市浦东新区张江路88弄3号')).toBe('上海市浦东新区****')
    expect(maskAddress('广西壮族自治区南宁市青秀区民族大道1号')).toBe(
      '广西壮族自治区南宁市青秀区****',
    )
    const masked = maskAddress('幸福小区3栋502')
    expect(masked).not.toContain('502')
  })
  it('masks other contacts without giving them away', () => {
    expect(maskContact('13812341234')).toBe('138****1234')
    expect(maskContact('buyer@qq.com')).toBe('b***@qq.com')
    expect(maskContact('wx_zhangsan88')).toBe('w****8')
    expect(maskContact('')).toBe('')
  })
})

describe('the permission table', () => {
  it('names every permission with a role that holds it, in roles that exist', () => {
    for (const [name, rule] of Object.entries(PERMISSIONS)) {
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/)
      expect(rule.label.length).toBeGreaterThan(1)
      for (const role of Object.keys(rule.roles)) expect(ROLES).toContain(role)
    }
  })
  it('gives people management to admins only, and the audit trail to supervisors and admins', () => {
    expect(can(admin, 'people.manage')).toBe(true)
    for (const p of [agent, specialist, supervisor, trainer])
      expect(can(p, 'people.manage')).toBe(false)
    expect(can(supervisor, 'audit.view')).toBe(true)
    expect(can(admin, 'audit.view')).toBe(true)
    expect(can(agent, 'audit.view')).toBe(false)
    expect(can(trainer, 'audit.view')).toBe(false)
  })
  it('never grants an unknown permission or a person without roles', () => {
    expect(can(admin, 'tickets.fly')).toBe(false)
    expect(can(null, 'tickets.create')).toBe(false)
    expect(can({ roles: [] }, 'tickets.create')).toBe(false)
  })
  it('takes the widest reach of all the roles a person holds', () => {
    const both: Person = { ...agent, roles: ['agent', 'supervisor'] }
    expect(scopeOf(agent, 'tickets.handle')).toBe('own')
    expect(scopeOf(both, 'tickets.handle')).toBe('all')
    expect(permissionsOf(both)).toContain('audit.view')
  })
  it('own reach covers orders assigned or transferred to the person, nothing else', () => {
    expect(canOn(agent, 'tickets.handle', { people: ['a1'] })).toBe(true)
    expect(canOn(agent, 'tickets.handle', { people: ['zz', 'a1'] })).toBe(true)
    expect(canOn(agent, 'tickets.handle', { people: ['zz'], team: 't-after' })).toBe(false)
    expect(canOn(supervisor, 'tickets.handle', { people: ['zz'] })).toBe(true)
  })
})

describe('revealing a contact', () => {
  const mine = { id: 'T1', assignee: 'a1', contact: '13812341234' }
  const transferred = { id: 'T2', assignee: 'zz', transferredTo: 's1', contact: '13912341234' }
  const others = { id: 'T3', assignee: 'zz', contact: '13712341234' }
  it('agents and specialists only for an order assigned or transferred to them', () => {
    expect(canRevealContact(agent, mine)).toBe(true)
    expect(canRevealContact(agent, others)).toBe(false)
    expect(canRevealContact(specialist, transferred)).toBe(true)
    expect(canRevealContact(specialist, others)).toBe(false)
  })
  it('supervisors and admins any; trainers none', () => {
    expect(canRevealContact(supervisor, others)).toBe(true)
    expect(canRevealContact(admin, others)).toBe(true)
    expect(canRevealContact(trainer, mine)).toBe(false)
    expect(canRevealContact(null, mine)).toBe(false)
  })
  it('a list shows masked values and whether this viewer may reveal', () => {
    const row = maskForViewer(
      { ...mine, customerName: '张三丰', address: '浙江省杭州市西湖区文三路90号' },
      agent,
    )
    expect(row).toMatchObject({
      customerName: '张**',
      contact: '138****1234',
      address: '浙江省杭州市西湖区****',
      canReveal: true,
    })
    expect(maskForViewer(others, agent).canReveal).toBe(false)
    expect(JSON.stringify(maskForViewer(others, supervisor))).not.toContain('13712341234')
  })
})

describe('erasure and retention', () => {
  const ticket = {
    id: 'T9',
    orderNo: '240501-123',
    customerName: '张三丰',
    contact: '13812341234',
    address: '浙江省杭州市西湖区文三路90号',
    buyerId: 'zsf_88',
    description: '张三丰说快递没到，电话 138 1234 1234',
    history: [
      {
        id: 'h1',
        type: 'note',
        at: '2024-05-01T10:00:00+08:00',
        by: 'a1',
        dev: 'd1',
        text: '已联系张三丰，地址浙江省杭州市西湖区文三路90号',
      },
      {
        id: 'h2',
        type: 'reply',
        at: '2024-05-01T10:05:00+08:00',
        by: 'a1',
        dev: 'd1',
        text: '您好，已为您催件',
      },
    ],
  }
  it('matches a customer by contact digits or by buyer id', () => {
    expect(sameContact('138-1234-1234', '13812341234')).toBe(true)
    expect(sameContact('+86 13812341234', '13812341234')).toBe(true)
    expect(sameContact('13812341235', '13812341234')).toBe(false)
    expect(ticketMatches(ticket, { contact: '138 1234 1234' })).toBe(true)
    expect(ticketMatches(ticket, { buyerId: 'zsf_88' })).toBe(true)
    expect(ticketMatches(ticket, { buyerId: 'other' })).toBe(false)
  })
  it('strikes phone numbers out however they were typed', () => {
    expect(strikeOut('电话 138-1234-1234 请回电', ['13812341234'])).toBe(`电话 ${REDACTED} 请回电`)
    expect(strikeOut('没有个人信息', ['13812341234'])).toBeNull()
  })
  it('plans ops that redact the fields, the free text and each history text that holds personal data', () => {
    const changes = planTicketErasure(ticket, { now: '2024-06-01T00:00:00Z', tag: 'e1' })
    const sets = Object.fromEntries(
      changes.filter((c) => c.kind === 'set').map((c) => [c.field, c.value]),
    )
    expect(sets).toMatchObject({
      customerName: REDACTED,
      contact: REDACTED,
      address: REDACTED,
      buyerId: REDACTED,
    })
    expect(sets.description).toBe(`${REDACTED}说快递没到，电话 ${REDACTED}`)
    const adds = changes.filter((c) => c.kind === 'add')
    expect(adds).toHaveLength(1)
    expect(adds[0]!.value).toMatchObject({
      entry: 'h1',
      prop: 'text',
      value: `已联系${REDACTED}，地址${REDACTED}`,
    })
    expect(JSON.stringify(changes)).not.toMatch(/13812341234|张三丰|文三路/)
  })
  it('a redacted order reads with the redactions applied; two erasures at once blank the whole text', () => {
    const r1: Redaction = {
      id: 'h1.text.a',
      set: 'history',
      entry: 'h1',
      prop: 'text',
      value: '已联系〔已删除〕，地址浙江',
      after: [],
    }
    const one = applyRedactions({ ...ticket, redactions: [r1] })
    expect(one.history[0]!.text).toBe('已联系〔已删除〕，地址浙江')
    expect(one.history[1]!.text).toBe('您好，已为您催件')
    const r2: Redaction = { ...r1, id: 'h1.text.b', value: '已联系张三丰，地址〔已删除〕' }
    expect(applyRedactions({ ...ticket, redactions: [r1, r2] }).history[0]!.text).toBe(REDACTED)
    const r3: Redaction = {
      ...r1,
      id: 'h1.text.c',
      value: '已联系〔已删除〕，地址〔已删除〕',
      after: ['h1.text.a', 'h1.text.b'],
    }
    expect(applyRedactions({ ...ticket, redactions: [r1, r2, r3] }).history[0]!.text).toBe(r3.value)
  })
  it('an erased order plans nothing more', () => {
    const changes = planTicketErasure(ticket, { now: 'n', tag: 'e1' })
    const after: Record<string, unknown> = { ...ticket, redactions: [] as Redaction[] }
    for (const c of changes) {
      if (c.kind === 'set') after[c.field!] = c.value
      else (after.redactions as Redaction[]).push(c.value as Redaction)
    }
    const again = planTicketErasure(after as typeof ticket, { now: 'n', tag: 'e2' })
    expect(again.filter((c) => c.field !== 'redactedAt')).toEqual([])
  })
  it('retention counts months from the archive date', () => {
    const now = new Date('2025-06-15T12:00:00+08:00')
    expect(pastRetention({ id: 'a', archivedAt: '2024-12-01T00:00:00+08:00' }, 6, now)).toBe(true)
    expect(pastRetention({ id: 'b', archivedAt: '2025-01-01T00:00:00+08:00' }, 6, now)).toBe(false)
    expect(pastRetention({ id: 'c' }, 6, now)).toBe(false)
  })
})

describe('wrong PINs', () => {
  it('three wrong leave the person free to try; the fifth locks them out for 30 s, then longer', () => {
    let s = afterFailure(undefined, 0)
    s = afterFailure(s, 0)
    s = afterFailure(s, 0)
    expect(lockRemaining(s, 0)).toBe(0)
    s = afterFailure(s, 0)
    expect(lockRemaining(s, 0)).toBe(0)
    s = afterFailure(s, 1000)
    expect(lockRemaining(s, 1000)).toBe(30_000)
    s = afterFailure(s, 40_000)
    expect(lockRemaining(s, 40_000)).toBe(60_000)
    for (let i = 0; i < 20; i++) s = afterFailure(s, 0)
    expect(lockRemaining(s, 0)).toBe(60 * 60_000)
  })
})
