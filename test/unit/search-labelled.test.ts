import { describe, expect, it } from 'vitest'
import { ticketSchema, type Platform, type Ticket } from '../../shared/tickets/model'
import { labelledOrders } from '../fixtures/search-labelled/orders'
import { QUERIES, relevantIds, type QueryKind } from '../fixtures/search-labelled/queries'

/**
 * The labelled search set (issue 17 item 3) says what it claims: enough orders on every
 * platform in the platform's own number format, enough queries of every kind, and synonym
 * queries that really share no character with the orders they should find.
 */

const orders = labelledOrders()
const byId = new Map(orders.map((o) => [o.ticket.id, o]))

function textOf(t: Ticket): string {
  const parts: string[] = [t.description, t.resolutionNote ?? '']
  for (const h of t.history) if ('text' in h && typeof h.text === 'string') parts.push(h.text)
  return parts.join('\n')
}

const FORMATS: Record<Exclude<Platform, 'other'>, RegExp> = {
  pdd: /^\d{6}-\d{15}$/,
  taobao: /^\d{18,19}$/,
  jd: /^\d{12}$/,
  douyin: /^69\d{17}$/,
  meituan: /^\d{19}$/,
  eleme: /^50\d{17}$/,
}

describe('labelled search set', () => {
  it('holds at least 400 valid orders on all six platforms, numbers in the platform format', () => {
    expect(orders.length).toBeGreaterThanOrEqual(400)
    const per = new Map<string, number>()
    for (const o of orders) {
      expect(ticketSchema.safeParse(o.ticket).success, o.key).toBe(true)
      const fmt = FORMATS[o.platform as keyof typeof FORMATS]
      expect(fmt.test(o.ticket.orderNo ?? ''), `${o.key} ${o.ticket.orderNo}`).toBe(true)
      per.set(o.platform, (per.get(o.platform) ?? 0) + 1)
    }
    expect([...per.keys()].sort()).toEqual(['douyin', 'eleme', 'jd', 'meituan', 'pdd', 'taobao'])
    expect(new Set(orders.map((o) => o.ticket.orderNo)).size).toBe(orders.length)
  })

  it('is the same every time it is built', () => {
    expect(JSON.stringify(labelledOrders())).toBe(JSON.stringify(orders))
  })

  it('has at least 150 queries, each with relevant orders, and the quota of every kind', () => {
    expect(QUERIES.length).toBeGreaterThanOrEqual(150)
    const count = new Map<QueryKind, number>()
    for (const q of QUERIES) {
      expect(relevantIds(q, orders).size, q.q).toBeGreaterThan(0)
      count.set(q.kind, (count.get(q.kind) ?? 0) + 1)
    }
    expect(count.get('synonym')! / QUERIES.length).toBeGreaterThanOrEqual(0.2)
    for (const kind of ['typo', 'phone', 'orderNo', 'multi'] as const)
      expect(count.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(10)
    expect(new Set(QUERIES.map((q) => q.q)).size).toBe(QUERIES.length)
  })

  it('synonym queries share no character with the text of the orders they should find', () => {
    for (const q of QUERIES.filter((x) => x.kind === 'synonym')) {
      for (const id of relevantIds(q, orders)) {
        const text = textOf(byId.get(id)!.ticket)
        const shared = [...q.q].filter((ch) => text.includes(ch))
        expect(shared, `${q.q} / ${byId.get(id)!.key}: ${text}`).toEqual([])
      }
    }
  })

  it('partial order numbers and phone ends are true parts of the labelled order', () => {
    for (const q of QUERIES.filter((x) => x.kind === 'orderNo' || x.kind === 'phone')) {
      const typed = q.q.replace(/[\uFF10-\uFF19]/g, (c) => String(c.charCodeAt(0) - 0xff10))
      let digits = typed.replace(/\D/g, '')
      if (q.kind === 'phone' && digits.length === 13 && digits.startsWith('86'))
        digits = digits.slice(2)
      for (const id of relevantIds(q, orders)) {
        const t = byId.get(id)!.ticket
        const hay = (q.kind === 'phone' ? t.contact : t.orderNo)!.replace(/\D/g, '')
        expect(hay.includes(digits), `${q.q} in ${hay}`).toBe(true)
      }
    }
  })
})
