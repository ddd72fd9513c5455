import type {
  Department,
  HistoryEntry,
  HistoryEntryInput,
  Platform,
  Priority,
  Ticket,
  TicketStatus,
} from '../../../shared/tickets/model'
import {
  COURIERS,
  DEFECTS,
  DEPARTMENT_TALKS,
  DISHES,
  ESTATES,
  FOLLOW_UPS,
  FOOD_TEMPLATES,
  GENERIC_UPDATES,
  GIVEN_NAMES,
  GOODS_TEMPLATES,
  GREETINGS,
  NICK_PARTS,
  NICK_TAILS,
  PLATFORM_GROUPS,
  PRODUCTS,
  PROVINCES,
  RESOLUTIONS,
  SATISFACTION_COMMENTS,
  STREETS,
  SURNAMES,
  isFoodPlatform,
  orderNo,
  trackingNo,
  type Courier,
  type Slots,
} from './content'
import { Rng } from './random'

/**
 * Seeded generator of a shop's after-sales history, shared by every benchmark area.
 *
 * `generateTickets(n, seed)` returns `n` plain `Ticket` objects (shared/tickets/model.ts, they
 * pass `ticketSchema`), oldest first, as a shop accumulates them over 24 months:
 * - `id` 'tk-000001'…; `platform` pdd 35% / taobao 30% / jd 13% / douyin 12% / meituan 10%,
 *   `shopId` 'shop-<platform>-<k>'; `orderNo` in the platform's format (拼多多 `YYMMDD-` +
 *   15 digits, 淘宝 18–19 digits, 京东 12, 抖音 19, 美团 19); `trackingNo` in the courier's
 *   format ('SF…', 'YT…', 'JDVC…', digits) except for food delivery;
 * - `customerName` (common surnames and given names), `buyerId` nickname, `contact` a mobile
 *   number (mask it where shown), `address`; customers recur (~2.5 orders each);
 * - `description` in the customer's words from templates with many variations, `category`,
 *   `priority`, `amount` in fen, `messageAt`/`purchasedAt`/`createdAt` ISO UTC strings;
 * - `status`: about 5% open (the newest: new, processing, waiting_*, a few resolved), the
 *   rest `archived` with `archivedAt` a few days after creation;
 * - `history`: about 8 entries each — transitions, replies, customer updates, notes,
 *   transfers with handover notes, department contacts, satisfaction answers.
 *
 * `generateDataset(n, seed)` also returns `truth[i]`, how ticket i was written (template
 * intent and tags, product, defect, dish, courier): labelled queries are derived from it.
 * The same (n, seed) always gives the same data; a smaller n is not a prefix of a larger one.
 */

export interface TicketTruth {
  intent: string
  tags: readonly string[]
  product?: string
  defect?: string
  dish?: string
  courier?: Courier
}

export interface Dataset {
  tickets: Ticket[]
  truth: TicketTruth[]
}

/** The benchmarks' "now": 2026-11-25 12:00 in China. */
export const BENCH_NOW = Date.UTC(2026, 10, 25, 4, 0, 0)
const DAY = 86_400_000
const SPAN_DAYS = 730
export const OPEN_SHARE = 0.05

const PLATFORM_WEIGHTS: ReadonlyArray<readonly [Platform, number]> = [
  ['pdd', 35],
  ['taobao', 30],
  ['jd', 13],
  ['douyin', 12],
  ['meituan', 10],
]
const PRIORITY_WEIGHTS: ReadonlyArray<readonly [Priority, number]> = [
  ['normal', 70],
  ['high', 18],
  ['low', 8],
  ['urgent', 4],
]
const OPEN_STATUS_WEIGHTS: ReadonlyArray<readonly [TicketStatus, number]> = [
  ['new', 15],
  ['processing', 40],
  ['waiting_customer', 20],
  ['waiting_department', 15],
  ['resolved', 10],
]
const AGENTS = Array.from({ length: 12 }, (_, i) => `p-agent-${String(i + 1).padStart(2, '0')}`)
const SPECIALISTS = ['p-spec-01', 'p-spec-02', 'p-spec-03', 'p-spec-04']
const DEVICES = ['pc-01', 'pc-02', 'pc-03', 'pc-04']
const DEPT_KEYS: Department[] = ['warehouse', 'logistics', 'finance', 'qc']
const OTHER_COURIERS = COURIERS.filter((c) => c !== '京东物流')

interface Customer {
  name: string
  buyerId: string
  contact: string
  address: string
}

function makeCustomer(rng: Rng): Customer {
  const name = rng.weighted(SURNAMES) + rng.pick(GIVEN_NAMES)
  const [province, cities] = rng.pick(PROVINCES)
  const address = `${province}${rng.pick(cities)}${rng.pick(STREETS)}${rng.int(1, 399)}号${rng.pick(ESTATES)}${rng.int(1, 30)}栋${rng.int(1, 32)}0${rng.int(1, 4)}`
  return {
    name,
    buyerId: rng.pick(NICK_PARTS) + rng.pick(NICK_TAILS) + rng.int(10, 9999),
    contact: '1' + rng.pick(['3', '5', '7', '8', '9']) + rng.digits(9),
    address,
  }
}

const iso = (ms: number): string => new Date(ms).toISOString()

export function generateTickets(n: number, seed = 20261125): Ticket[] {
  return generateDataset(n, seed).tickets
}

export function generateDataset(n: number, seed = 20261125): Dataset {
  const rng = new Rng(seed)
  const customers = Array.from({ length: Math.max(20, Math.round(n * 0.4)) }, () =>
    makeCustomer(rng),
  )
  const tickets: Ticket[] = []
  const truth: TicketTruth[] = []
  const firstOpen = Math.floor(n * (1 - OPEN_SHARE))
  for (let i = 0; i < n; i++) {
    const createdMs =
      BENCH_NOW - SPAN_DAYS * DAY + Math.floor(((i + rng.next()) / n) * (SPAN_DAYS * DAY - DAY))
    const open = i >= firstOpen
    const { ticket, truth: tr } = makeTicket(rng, i, createdMs, open, rng.pick(customers))
    tickets.push(ticket)
    truth.push(tr)
  }
  return { tickets, truth }
}

function makeTicket(
  rng: Rng,
  i: number,
  createdMs: number,
  open: boolean,
  customer: Customer,
): { ticket: Ticket; truth: TicketTruth } {
  const id = `tk-${String(i + 1).padStart(6, '0')}`
  const platform = rng.weighted(PLATFORM_WEIGHTS)
  const food = isFoodPlatform(platform)
  const group = food ? undefined : rng.pick(PLATFORM_GROUPS[platform])
  const courier = food ? undefined : platform === 'jd' ? '京东物流' : rng.pick(OTHER_COURIERS)
  const slots: Slots = {
    product: group ? rng.pick(PRODUCTS[group]) : '',
    defect: group ? rng.pick(DEFECTS[group]) : '',
    dish: rng.pick(DISHES),
    courier: courier ?? '顺丰',
    days: rng.int(2, 15),
    tracking: courier ? trackingNo(rng, courier) : '',
  }
  const tpl = rng.pick(food ? FOOD_TEMPLATES : GOODS_TEMPLATES)
  const description = tpl.text(slots)
  const messageMs = createdMs - rng.int(1, 120) * 60_000
  const purchasedMs = messageMs - (food ? rng.int(1, 3) * 3_600_000 : rng.int(1, 12) * DAY)
  const agent = rng.pick(AGENTS)
  const dev = rng.pick(DEVICES)
  const status: TicketStatus = open ? rng.weighted(OPEN_STATUS_WEIGHTS) : 'archived'

  const history: HistoryEntry[] = []
  let at = createdMs
  let by = agent
  const push = (e: HistoryEntryInput, gapMin: number): void => {
    at += gapMin * 60_000
    history.push({ ...e, id: `${id}-h${history.length + 1}`, at: iso(at), by, dev } as HistoryEntry)
  }
  const follow = FOLLOW_UPS[tpl.intent] ?? FOLLOW_UPS.other!
  let transferredTo: string | undefined
  let firstReplyAt: string | undefined
  let resolvedAt: string | undefined
  let resolutionNote: string | undefined
  let satisfaction: number | undefined

  if (status !== 'new') {
    push({ type: 'transition', action: 'start', from: 'new', to: 'processing' }, rng.int(1, 20))
    push({ type: 'reply', text: rng.pick(GREETINGS) + rng.pick(follow.replies) }, rng.int(1, 10))
    firstReplyAt = history[history.length - 1]!.at
    if (rng.chance(0.7)) push({ type: 'note', text: rng.pick(follow.notes) }, rng.int(5, 90))
    if (rng.chance(0.3)) {
      const to = rng.pick(SPECIALISTS)
      push(
        {
          type: 'transfer',
          from: agent,
          to,
          handoverNote: `顾客反映：${description}。已告知顾客会在24小时内给答复。`,
        },
        rng.int(5, 60),
      )
      by = to
      transferredTo = to
    }
    if (rng.chance(0.45)) {
      const department = rng.pick(DEPT_KEYS)
      const talk = DEPARTMENT_TALKS[department]!
      push(
        {
          type: 'department_contact',
          department,
          contactAt: iso(at + 10 * 60_000),
          discussed: talk.discussed,
          agreed: talk.agreed,
          measure: talk.measure,
        },
        rng.int(20, 240),
      )
    }
    push(
      {
        type: 'customer_update',
        channel: rng.pick(['platform_chat', 'sms', 'phone'] as const),
        text: rng.chance(0.5) ? rng.pick(GENERIC_UPDATES) : rng.pick(follow.replies),
      },
      rng.int(30, 600),
    )
    if (status === 'resolved' || status === 'archived') {
      push({ type: 'reply', text: rng.pick(follow.replies) }, rng.int(30, 900))
      resolutionNote = rng.pick(RESOLUTIONS)
      push({ type: 'transition', action: 'resolve', from: 'processing', to: 'resolved' }, 5)
      resolvedAt = history[history.length - 1]!.at
      if (rng.chance(0.8)) {
        satisfaction = rng.weighted([
          [5, 60],
          [4, 25],
          [3, 8],
          [2, 4],
          [1, 3],
        ] as const)
        push(
          rng.chance(0.5)
            ? {
                type: 'satisfaction',
                rating: satisfaction,
                comment: rng.pick(SATISFACTION_COMMENTS),
              }
            : { type: 'satisfaction', rating: satisfaction },
          rng.int(60, 1440),
        )
      }
    } else if (status !== 'processing') {
      push(
        {
          type: 'transition',
          action: status === 'waiting_customer' ? 'wait_customer' : 'wait_department',
          from: 'processing',
          to: status,
        },
        rng.int(1, 30),
      )
    }
  }
  let archivedAt: string | undefined
  if (status === 'archived') {
    push(
      { type: 'transition', action: 'archive', from: 'resolved', to: 'archived' },
      rng.int(60, 4 * 1440),
    )
    archivedAt = history[history.length - 1]!.at
  }

  const ticket: Ticket = {
    id,
    platform,
    shopId: `shop-${platform}-${rng.int(1, 2)}`,
    channel: rng.weighted([
      ['chat', 70],
      ['platform_ticket', 20],
      ['phone', 6],
      ['review', 4],
    ] as const),
    messageAt: iso(messageMs),
    orderNo: orderNo(rng, platform, new Date(purchasedMs + 8 * 3_600_000)),
    purchasedAt: iso(purchasedMs),
    amount: food ? rng.int(15, 120) * 100 : rng.int(9, 1999) * 100 + rng.pick([0, 0, 50, 90]),
    buyerId: customer.buyerId,
    customerName: customer.name,
    contact: customer.contact,
    description,
    category: tpl.category,
    priority: rng.weighted(PRIORITY_WEIGHTS),
    status,
    assignee: transferredTo ?? agent,
    createdBy: agent,
    createdAt: iso(createdMs),
    history,
  }
  if (rng.chance(0.6)) ticket.address = customer.address
  if (slots.tracking) ticket.trackingNo = slots.tracking
  if (tpl.intent === 'return.pickup' && courier) ticket.returnTrackingNo = slots.tracking
  if (transferredTo) ticket.transferredTo = transferredTo
  if (firstReplyAt) ticket.firstReplyAt = firstReplyAt
  if (resolvedAt) ticket.resolvedAt = resolvedAt
  if (resolutionNote) ticket.resolutionNote = resolutionNote
  if (archivedAt) ticket.archivedAt = archivedAt
  if (satisfaction !== undefined) ticket.satisfaction = satisfaction

  const tr: TicketTruth = { intent: tpl.intent, tags: tpl.tags }
  if (group) {
    tr.product = slots.product
    tr.defect = slots.defect
  }
  if (food) tr.dish = slots.dish
  if (courier) tr.courier = courier
  return { ticket, truth: tr }
}

/** The searchable text of a ticket, as the desk indexes it (description, history, numbers, names). */
export function ticketSearchFields(t: Ticket): {
  orderNo: string
  trackingNo: string
  customer: string
  description: string
  history: string[]
} {
  const history: string[] = []
  for (const e of t.history) {
    switch (e.type) {
      case 'reply':
      case 'note':
      case 'customer_update':
        history.push(e.text)
        break
      case 'transfer':
        history.push(e.handoverNote)
        break
      case 'department_contact':
        history.push(`${e.discussed}；${e.agreed}；${e.measure}`)
        break
      case 'satisfaction':
        if (e.comment) history.push(e.comment)
        break
      default:
        break
    }
  }
  if (t.resolutionNote) history.push(t.resolutionNote)
  return {
    orderNo: t.orderNo ?? '',
    trackingNo: [t.trackingNo, t.returnTrackingNo].filter(Boolean).join(' '),
    customer: [t.customerName, t.buyerId].filter(Boolean).join(' '),
    description: t.description,
    history,
  }
}
