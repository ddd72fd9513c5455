import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TicketView } from '../../shared/api/tickets'
import { defaultSlaSettings } from '../../shared/tickets/sla'
import { listViewport, ticketView } from './desk-fixtures'

// The list reads its rows from the desk's store; nothing here may reach the service, so the
// bridge is a stub that fails loudly if anything tries.
vi.mock('../../renderer/src/api', () => ({
  kefu: new Proxy(
    {},
    {
      get: (_t, ns) => {
        throw new Error(`the list test must not call kefu.${String(ns)}`)
      },
    },
  ),
}))

import '../../renderer/src/i18n'
import { useLookups } from '../../renderer/src/features/tickets/lookups'
import { PAGE, useDesk } from '../../renderer/src/features/tickets/store'
import { ROW_HEIGHT, TicketList } from '../../renderer/src/features/tickets/TicketList'

/**
 * Issue 6: "the order list is virtualised so 100 000 orders scroll smoothly". The store holds
 * 100 000 rows; the page must hold only the few dozen on screen, and scrolling must swap them.
 */

const TOTAL = 100_000
const VIEWPORT = 600

/** All 100 000 rows, as the store keeps them once every page has been fetched. */
function allPages(): Map<number, TicketView[]> {
  const pages = new Map<number, TicketView[]>()
  for (let p = 0; p * PAGE < TOTAL; p++) {
    pages.set(
      p,
      Array.from({ length: Math.min(PAGE, TOTAL - p * PAGE) }, (_, k) => ticketView(p * PAGE + k)),
    )
  }
  return pages
}

listViewport(VIEWPORT)

const ensurePage = vi.fn(async () => {})

beforeEach(() => {
  ensurePage.mockClear()
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
  useDesk.setState({
    total: TOTAL,
    pages: allPages(),
    stale: new Set(),
    loading: new Set(),
    listError: null,
    selectedId: null,
    checked: new Set(),
    ensurePage,
  })
})
afterEach(cleanup)

const rowIds = () => screen.queryAllByTestId('ticket-row').map((r) => r.dataset.id)

function scrollTo(list: HTMLElement, top: number) {
  act(() => {
    list.scrollTop = top
    fireEvent.scroll(list)
  })
}

describe('the order list with 100 000 orders', () => {
  it('puts only the rows on screen (and a small margin) in the page', () => {
    render(<TicketList selectable={false} />)
    const list = screen.getByTestId('ticket-list')
    expect(list.dataset.total).toBe(String(TOTAL))
    // The scroll box is as tall as all rows together, so the scrollbar tells the truth…
    const inner = list.firstElementChild as HTMLElement
    expect(inner.style.height).toBe(`${TOTAL * ROW_HEIGHT}px`)
    // …but only a screenful of rows exists.
    const ids = rowIds()
    const onScreen = Math.ceil(VIEWPORT / ROW_HEIGHT)
    expect(ids.length).toBeGreaterThanOrEqual(onScreen)
    expect(ids.length).toBeLessThan(50)
    expect(ids[0]).toBe('t0')
    expect(document.querySelectorAll('[role="option"]').length).toBe(ids.length)
    // What a row shows comes from the store's data: the masked contact, never more.
    expect(screen.getAllByTestId('row-contact')[0]!.textContent).toBe('138****1234')
  })

  it('swaps the rows when scrolled, deep into the list and back', () => {
    render(<TicketList selectable={false} />)
    const list = screen.getByTestId('ticket-list')
    const before = rowIds()

    const target = 73_456
    scrollTo(list, target * ROW_HEIGHT)
    const deep = rowIds()
    expect(deep.length).toBeLessThan(50)
    expect(deep).toContain(`t${target}`)
    expect(deep).toContain(`t${target + Math.floor(VIEWPORT / ROW_HEIGHT) - 1}`)
    expect(deep.some((id) => before.includes(id))).toBe(false)
    // Each row sits where its index puts it in the tall scroll box.
    const slot = screen
      .getAllByTestId('ticket-row')
      .find((r) => r.dataset.id === `t${target}`)!.parentElement!
    expect(slot.style.transform).toBe(`translateY(${target * ROW_HEIGHT}px)`)
    // The store is asked for the pages now on screen (it holds them already: nothing refetched).
    expect(ensurePage).toHaveBeenCalledWith(Math.floor(target / PAGE))

    scrollTo(list, (TOTAL - 1) * ROW_HEIGHT)
    expect(rowIds()).toContain(`t${TOTAL - 1}`)
    expect(rowIds().length).toBeLessThan(50)

    scrollTo(list, 0)
    expect(rowIds()[0]).toBe('t0')
  })
})
