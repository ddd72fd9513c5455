import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SlaSummary, TicketView } from '../../shared/api/tickets'
import { defaultSlaSettings } from '../../shared/tickets/sla'
import { listViewport, ticketView } from './desk-fixtures'

// Nothing here may reach the service: the countdown must move without asking again.
vi.mock('../../renderer/src/api', () => ({
  kefu: new Proxy(
    {},
    {
      get: (_t, ns) => {
        throw new Error(`the countdown test must not call kefu.${String(ns)}`)
      },
    },
  ),
}))

import '../../renderer/src/i18n'
import { remainingAt } from '../../renderer/src/features/tickets/live-sla'
import { useLookups } from '../../renderer/src/features/tickets/lookups'
import { useDesk } from '../../renderer/src/features/tickets/store'
import { TicketList } from '../../renderer/src/features/tickets/TicketList'

/**
 * Issue 6 item 4: "a countdown on every order". The row's countdown runs on between fetches,
 * on the shop's business hours (default 08:00–23:00 China time, the test runs in Asia/Shanghai).
 */

const MIN = 60_000

function row(sla: SlaSummary): TicketView {
  const at = new Date(Date.now() - 5 * MIN).toISOString()
  return ticketView(1, { status: 'new', messageAt: at, createdAt: at, firstReplyAt: null, sla })
}

listViewport(600)

function show(sla: SlaSummary) {
  useDesk.setState({
    total: 1,
    pages: new Map([[0, [row(sla)]]]),
    stale: new Set(),
    loading: new Set(),
    listError: null,
    selectedId: null,
    ensurePage: async () => {},
  })
  render(<TicketList selectable={false} />)
}

const tag = () => screen.getByTestId('row-sla')
const advance = (ms: number) => act(() => vi.advanceTimersByTime(ms))

beforeEach(() => {
  useLookups.setState({
    shop: {
      platforms: ['pdd'],
      shops: [],
      categories: [],
      sla: defaultSlaSettings(),
      timeZone: 'Asia/Shanghai',
      lowRatingReasons: [],
    },
    people: [],
  })
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('a list row counts down on its own', () => {
  it('first response: 2 minutes left turns to a warning, then overdue, without a refetch', () => {
    vi.useFakeTimers({ now: new Date('2025-05-06T10:00:00+08:00') })
    show({
      state: 'ok',
      kind: 'first_response',
      dueAt: new Date(Date.now() + 2 * MIN).toISOString(),
      remainingMin: 2,
      breached: [],
    })
    expect(tag().textContent).toBe('首响剩 2 分钟')
    expect(tag().dataset.slaState).toBe('ok')

    // 拼多多, normal: a 3-minute target warns with 1.5 minutes left.
    advance(31_000)
    expect(tag().dataset.slaState).toBe('warning')
    expect(tag().textContent).toBe('首响剩 1 分钟')

    advance(2 * MIN)
    expect(tag().dataset.slaState).toBe('breached')
    expect(tag().textContent).toBe('首响超时 1 分钟')
  })

  it('resolution near closing time: the night does not count', () => {
    // 22:50, 30 business minutes left: 10 tonight, 20 from 08:00 tomorrow.
    vi.useFakeTimers({ now: new Date('2025-05-06T22:50:00+08:00') })
    show({
      // A 24-hour target warns from 288 minutes left.
      state: 'warning',
      kind: 'resolution',
      dueAt: new Date('2025-05-07T08:20:00+08:00').toISOString(),
      remainingMin: 30,
      breached: [],
    })
    expect(tag().textContent).toBe('处理剩 30 分钟')
    advance(5 * MIN)
    expect(tag().textContent).toBe('处理剩 25 分钟')
    // 23:05, closed: still 20 minutes, and still 20 at 07:00.
    advance(10 * MIN)
    expect(tag().textContent).toBe('处理剩 20 分钟')
    advance(7 * 60 * MIN + 55 * MIN)
    expect(tag().textContent).toBe('处理剩 20 分钟')
    expect(tag().dataset.slaState).toBe('warning')
  })

  it('the platform deadline runs on the wall clock, day and night', () => {
    vi.useFakeTimers({ now: new Date('2025-05-06T22:50:00+08:00') })
    show({
      state: 'ok',
      kind: 'platform_deadline',
      dueAt: new Date('2025-05-07T02:50:00+08:00').toISOString(),
      remainingMin: 240,
      breached: [],
    })
    expect(tag().textContent).toBe('平台时限剩 4 小时 0 分')
    expect(tag().dataset.slaState).toBe('ok')
    advance(2 * 60 * MIN + MIN)
    // 120 minutes left: the default platform warning.
    expect(tag().textContent).toBe('平台时限剩 1 小时 59 分')
    expect(tag().dataset.slaState).toBe('warning')
  })

  it('a paused clock stays paused', () => {
    vi.useFakeTimers({ now: new Date('2025-05-06T10:00:00+08:00') })
    show({ state: 'paused', kind: 'resolution', dueAt: null, remainingMin: null, breached: [] })
    advance(10 * MIN)
    expect(tag().textContent).toBe('已暂停计时')
  })
})

describe('remainingAt', () => {
  const calendar = defaultSlaSettings().calendar
  const at = (s: string) => Date.parse(s)

  it('once overdue, counts on from the service’s answer (a wait in between is not counted)', () => {
    // Due at 09:00, then the order waited for the customer 09:30–11:00: at 12:00 the service
    // said 90 minutes overdue (30 before the wait + 60 after), not the 180 since 09:00.
    const clock = {
      kind: 'resolution' as const,
      dueAt: '2025-05-06T09:00:00+08:00',
      remainingMin: -90,
    }
    const received = at('2025-05-06T12:00:00+08:00')
    expect(remainingAt(clock, received, received, calendar)).toBe(-90)
    expect(remainingAt(clock, received + 10 * MIN, received, calendar)).toBe(-100)
  })

  it('before due, is the business time to the due time', () => {
    const clock = {
      kind: 'first_response' as const,
      dueAt: '2025-05-07T08:10:00+08:00',
      remainingMin: 40,
    }
    expect(remainingAt(clock, at('2025-05-06T22:30:00+08:00'), 0, calendar)).toBe(40)
    expect(remainingAt(clock, at('2025-05-07T03:00:00+08:00'), 0, calendar)).toBe(10)
  })
})
