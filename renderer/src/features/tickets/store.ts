import { create } from 'zustand'
import type {
  ListSort,
  QueueCounts,
  QueueName,
  SearchResult,
  TicketDetail,
  TicketFilters,
  TicketView,
} from '@shared/api/tickets'
import { kefu } from '../../api'
import { failure } from './format'

/** Rows fetched per request while scrolling: small enough to answer at once, big enough to scroll. */
export const PAGE = 100

export type DialogKind =
  | 'transfer'
  | 'resolve'
  | 'simple_resolve'
  | 'satisfaction'
  | 'department'
  | 'update'
  | 'note'
  | 'followUp'
  | 'wait_customer'
  | 'wait_department'
  | 'resume'
  | 'reopen'
  | 'reassign'

interface DeskState {
  queue: QueueName
  filters: TicketFilters
  sort: ListSort | undefined
  /** Bumped when the store reports ticket changes: everything shown is fetched again. */
  version: number
  counts: QueueCounts | null
  /** The list of the current queue and filters, fetched page by page as it scrolls. */
  total: number | null
  pages: Map<number, TicketView[]>
  /** Pages whose rows were fetched before the latest change: shown, and fetched again. */
  stale: Set<number>
  loading: Set<number>
  listError: string | null
  selectedId: string | null
  /** The selected order in full, as the service last answered. */
  detail: TicketDetail | null
  detailError: string | null
  /** Rows ticked for a bulk action (supervisor reassign). */
  checked: Set<string>
  search: { q: string; result: SearchResult | null; error: string | null; busy: boolean } | null
  dialog: DialogKind | null
  intakeOpen: boolean
  reviewOpen: boolean
  helpOpen: boolean
  customerOf: string | null
  /** Incremented to ask the reply box to take the focus (R). */
  replyFocus: number

  setQueue(q: QueueName): void
  setFilters(f: TicketFilters): void
  setSort(s: ListSort | undefined): void
  refresh(): void
  loadCounts(): Promise<void>
  ensurePage(page: number): Promise<void>
  rowAt(index: number): TicketView | undefined
  select(id: string | null): void
  loadDetail(): Promise<void>
  /** An action answered with the order as it is now: show it, and refetch the lists. */
  acted(detail: TicketDetail): void
  move(delta: number): void
  toggleChecked(id: string, on: boolean): void
  clearChecked(): void
  runSearch(q: string): Promise<void>
  closeSearch(): void
  open(
    part: 'dialog' | 'intake' | 'review' | 'help' | 'customer',
    value?: DialogKind | string,
  ): void
  close(part: 'dialog' | 'intake' | 'review' | 'help' | 'customer'): void
  focusReply(): void
}

function resetList() {
  return {
    total: null,
    pages: new Map<number, TicketView[]>(),
    stale: new Set<number>(),
    loading: new Set<number>(),
    listError: null,
  }
}

let listGeneration = 0

export const useDesk = create<DeskState>((set, get) => ({
  queue: 'mine',
  filters: {},
  sort: undefined,
  version: 0,
  counts: null,
  ...resetList(),
  selectedId: null,
  detail: null,
  detailError: null,
  checked: new Set(),
  search: null,
  dialog: null,
  intakeOpen: false,
  reviewOpen: false,
  helpOpen: false,
  customerOf: null,
  replyFocus: 0,

  setQueue(queue) {
    listGeneration++
    set({ queue, ...resetList(), checked: new Set(), search: null })
    void get().ensurePage(0)
    void get().loadCounts()
  },
  setFilters(filters) {
    listGeneration++
    set({ filters, ...resetList(), checked: new Set() })
    void get().ensurePage(0)
  },
  setSort(sort) {
    listGeneration++
    set({ sort, ...resetList() })
    void get().ensurePage(0)
  },
  refresh() {
    const { pages } = get()
    set((s) => ({ version: s.version + 1, stale: new Set(pages.keys()) }))
    void get().loadCounts()
    for (const p of pages.keys()) void get().ensurePage(p)
    if (pages.size === 0) void get().ensurePage(0)
    const q = get().search?.q
    if (q) void get().runSearch(q)
    void get().loadDetail()
  },
  async loadCounts() {
    try {
      set({ counts: await kefu.tickets.counts({}) })
    } catch {
      // counts are a convenience: the list itself reports what went wrong
    }
  },
  async ensurePage(page) {
    const s = get()
    if (s.loading.has(page)) return
    if (s.pages.has(page) && !s.stale.has(page)) return
    const gen = listGeneration
    set((st) => ({ loading: new Set(st.loading).add(page) }))
    try {
      const res = await kefu.tickets.list({
        queue: s.queue,
        filters: s.filters,
        offset: page * PAGE,
        limit: PAGE,
        ...(s.sort ? { sort: s.sort } : {}),
      })
      if (gen !== listGeneration) return
      set((st) => {
        const pages = new Map(st.pages).set(page, res.items)
        const stale = new Set(st.stale)
        stale.delete(page)
        return { pages, stale, total: res.total, listError: null }
      })
    } catch (err) {
      if (gen === listGeneration) set({ listError: failure(err).message })
    } finally {
      set((st) => {
        const loading = new Set(st.loading)
        loading.delete(page)
        return { loading }
      })
    }
  },
  rowAt(index) {
    return get().pages.get(Math.floor(index / PAGE))?.[index % PAGE]
  },
  select(selectedId) {
    if (selectedId === get().selectedId) return
    set({
      selectedId,
      detail: get().detail?.ticket.id === selectedId ? get().detail : null,
      detailError: null,
    })
    void get().loadDetail()
  },
  async loadDetail() {
    const id = get().selectedId
    if (!id) {
      set({ detail: null })
      return
    }
    try {
      const detail = await kefu.tickets.get({ id })
      if (get().selectedId === id) set({ detail, detailError: null })
    } catch (err) {
      if (get().selectedId === id) set({ detail: null, detailError: failure(err).message })
    }
  },
  acted(detail) {
    if (detail.ticket.id === get().selectedId) set({ detail })
    get().refresh()
  },
  move(delta) {
    const s = get()
    const total = s.total ?? 0
    if (total === 0) return
    let index = -1
    if (s.selectedId) {
      for (const [p, rows] of s.pages) {
        const i = rows.findIndex((r) => r.id === s.selectedId)
        if (i >= 0) index = p * PAGE + i
      }
    }
    const next = Math.min(total - 1, Math.max(0, index < 0 ? 0 : index + delta))
    const row = s.rowAt(next)
    if (row) s.select(row.id)
    else void s.ensurePage(Math.floor(next / PAGE))
  },
  toggleChecked(id, on) {
    set((s) => {
      const checked = new Set(s.checked)
      if (on) checked.add(id)
      else checked.delete(id)
      return { checked }
    })
  },
  clearChecked() {
    set({ checked: new Set() })
  },
  async runSearch(q) {
    const text = q.trim()
    if (!text) {
      set({ search: null })
      return
    }
    set((s) => ({ search: { q: text, result: s.search?.result ?? null, error: null, busy: true } }))
    try {
      const result = await kefu.tickets.search({ q: text, limit: 50 })
      if (get().search?.q === text) set({ search: { q: text, result, error: null, busy: false } })
    } catch (err) {
      if (get().search?.q === text)
        set({ search: { q: text, result: null, error: failure(err).message, busy: false } })
    }
  },
  closeSearch() {
    set({ search: null })
  },
  open(part, value) {
    if (part === 'dialog') set({ dialog: (value as DialogKind) ?? null })
    else if (part === 'intake') set({ intakeOpen: true })
    else if (part === 'review') set({ reviewOpen: true })
    else if (part === 'help') set({ helpOpen: true })
    else set({ customerOf: (value as string) ?? get().selectedId })
  },
  close(part) {
    if (part === 'dialog') set({ dialog: null })
    else if (part === 'intake') set({ intakeOpen: false })
    else if (part === 'review') set({ reviewOpen: false })
    else if (part === 'help') set({ helpOpen: false })
    else set({ customerOf: null })
  },
  focusReply() {
    set((s) => ({ replyFocus: s.replyFocus + 1 }))
  },
}))
