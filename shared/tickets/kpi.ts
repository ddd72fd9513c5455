import {
  CATEGORIES,
  OPEN_STATUSES,
  PLATFORMS,
  SLA_KINDS,
  type Category,
  type Platform,
  type Priority,
  type SlaKind,
  type Ticket,
  type TicketStatus,
} from './model'
import {
  businessTimer,
  defaultSlaSettings,
  isoMs,
  slaTargetFor,
  toMs,
  type BusinessTimer,
  type SlaSettings,
  type TimeInput,
} from './sla'
import { responseOf } from './first-response'

/**
 * KPI maths (issue 9 item 5) over tickets and their history, as pure functions.
 *
 * Definitions, for a period [from, to) (start included, end excluded) and, optionally, a set
 * of people. Each event is counted in the period (and for the person) in which it happened:
 * - received (接收): orders created in the period, by the person who created them.
 * - resolved (解决): orders with a transition to 已解决 in the period by the person; an order
 *   resolved twice in one period counts once, at its last resolution.
 * - transferred (转办): orders the person transferred out in the period; `transferredIn`
 *   counts orders transferred to them.
 * - first response (首次响应): message time → the first response as first-response.ts defines
 *   it (a reply, a progress update, a question sent while waiting for the customer, a simple
 *   case settled with the customer's confirmation; at the time it was sent), for orders whose
 *   first response fell in the period, attributed to who made it. Measured in business
 *   minutes (an overnight message answered at opening is not a 9-hour delay); average and
 *   p90 (nearest rank). The 3-minute reply rate is the share answered within 3 business
 *   minutes. `unanswered`: orders received in the period with no response by `to` that are
 *   still open then; an order closed with no contact at all is left out of every figure here.
 * - handling time (处理时长): created → resolved (that resolution), business minutes, waiting
 *   included: the customer lived through it; the SLA is where waiting is excused.
 * - resolution rate (解决率): among orders received in the period, the share that are 已解决 or
 *   已归档 at `to`. An order reopened after a low rating is not resolved until resolved again.
 * - satisfaction (满意度): orders whose latest answer up to `to` was given in the period; the
 *   share of those rated 4–5. An order rated 2, reopened, remedied and rated 5 counts once,
 *   as satisfied; its low answer shows in `reopenedAfterLowRating` (orders with a 1–3 answer
 *   in the period). Answers are attributed to the person who last resolved the order.
 * - answer rate (评价率): among orders resolved in the period, the share with an answer given
 *   after that resolution and before `to`.
 * - SLA breaches (超时): distinct (order, kind) recorded by `sla_breach` entries in the period,
 *   attributed to the order's assignee, plus late first replies and late resolutions made in
 *   the period that had no breach recorded (the app may have been closed when the time ran
 *   out), attributed to who replied / resolved.
 * - volume by hour (时段分布): orders received in the period, by the hour of the customer's
 *   message in the shop's local time.
 * Empty populations give null, never NaN.
 */

export interface Period {
  from: TimeInput
  to: TimeInput
}

export interface DurationStats {
  count: number
  avgMin: number | null
  p50Min: number | null
  p90Min: number | null
}

export interface Breakdown {
  received: number
  resolved: number
}

export interface KpiFigures {
  received: number
  resolved: number
  transferred: number
  transferredIn: number
  firstResponse: DurationStats & { within3Min: number; within3MinRate: number | null }
  unanswered: number
  handling: DurationStats
  resolvedOfReceived: number
  resolutionRate: number | null
  satisfaction: {
    answered: number
    satisfied: number
    rate: number | null
    /** Orders with a 1–3 answer in the period (each such answer reopened the order). */
    reopenedAfterLowRating: number
  }
  answeredOfResolved: number
  answerRate: number | null
  slaBreaches: { total: number; byKind: Record<SlaKind, number> }
  byCategory: Record<Category, Breakdown>
  byPlatform: Record<Platform, Breakdown>
  byShop: Record<string, Breakdown>
  /** 24 counts, index = local hour of the customer's message. */
  volumeByHour: number[]
  /** Reply scripts used in the period, most used first. */
  scriptsUsed: Array<{ scriptId: string; count: number }>
}

/** The minute threshold of the "3-minute reply rate" (3分钟回复率). */
export const REPLY_RATE_MINUTES = 3

// ---- per-ticket facts, parsed once -----------------------------------------------------------

interface Stamp {
  ms: number
  by: string
}

interface Facts {
  historyLength: number
  status: TicketStatus
  messageMs: number
  createdMs: number
  firstReplyMs: number
  firstReplyBy: string
  /** Transitions sorted by time. */
  transitions: Array<Stamp & { to: TicketStatus }>
  resolves: Stamp[]
  answers: Array<Stamp & { rating: number }>
  transfers: Array<Stamp & { to: string; note: string }>
  breaches: Array<Stamp & { kind: SlaKind }>
  recordedKinds: number
  scripts: Array<Stamp & { scriptId: string }>
  lastActivityMs: number
}

// Most orders have no transfers, breaches or scripts: they share one frozen empty list
// instead of allocating their own (GC time dominated over 100 000 orders).
const NONE: never[] = Object.freeze([]) as unknown as never[]

// Parsed facts are cached per ticket object: services hand out immutable snapshots, and a
// changed status or history length (the only ways an order changes what KPI reads) refreshes.
const factsCache = new WeakMap<Ticket, Facts>()

const KIND_BIT: Record<SlaKind, number> = { first_response: 1, resolution: 2, platform_deadline: 4 }

function factsOf(t: Ticket): Facts {
  const hit = factsCache.get(t)
  if (hit && hit.historyLength === t.history.length && hit.status === t.status) return hit
  const createdMs = isoMs(t.createdAt)
  const f: Facts = {
    historyLength: t.history.length,
    status: t.status,
    messageMs: isoMs(t.messageAt),
    createdMs,
    firstReplyMs: Infinity,
    firstReplyBy: '',
    transitions: NONE,
    resolves: NONE,
    answers: NONE,
    transfers: NONE,
    breaches: NONE,
    recordedKinds: 0,
    scripts: NONE,
    lastActivityMs: createdMs,
  }
  const add = <
    K extends 'transitions' | 'resolves' | 'answers' | 'transfers' | 'breaches' | 'scripts',
  >(
    k: K,
    v: Facts[K][number],
  ) => {
    if (f[k] === NONE) (f[k] as unknown[]) = [v]
    else (f[k] as unknown[]).push(v)
  }
  let firstId = ''
  for (const h of t.history) {
    const ms = isoMs(h.at)
    if (ms > f.lastActivityMs) f.lastActivityMs = ms
    const r = responseOf(h)
    if (r && (r.ms < f.firstReplyMs || (r.ms === f.firstReplyMs && h.id < firstId))) {
      f.firstReplyMs = r.ms
      f.firstReplyBy = h.by
      firstId = h.id
    }
    switch (h.type) {
      case 'transition':
        add('transitions', { ms, by: h.by, to: h.to })
        if (h.to === 'resolved') add('resolves', { ms, by: h.by })
        break
      case 'reply':
        if (h.scriptId) add('scripts', { ms, by: h.by, scriptId: h.scriptId })
        break
      case 'satisfaction':
        add('answers', { ms, by: h.by, rating: h.rating })
        break
      case 'transfer':
        add('transfers', { ms, by: h.by, to: h.to, note: h.handoverNote })
        break
      case 'sla_breach':
        add('breaches', { ms, by: h.by, kind: h.kind })
        f.recordedKinds |= KIND_BIT[h.kind]
        break
    }
  }
  // History arrives in append order, which sync may interleave; time order is what counts.
  if (f.transitions.length > 1) f.transitions.sort(byMs)
  if (f.resolves.length > 1) f.resolves.sort(byMs)
  if (f.answers.length > 1) f.answers.sort(byMs)
  if (f.firstReplyMs === Infinity && t.firstReplyAt) {
    f.firstReplyMs = isoMs(t.firstReplyAt)
    f.firstReplyBy = t.assignee
  }
  factsCache.set(t, f)
  return f
}

function byMs(a: Stamp, b: Stamp): number {
  return a.ms - b.ms
}

function statusAt(f: Facts, ms: number): TicketStatus | null {
  if (f.createdMs >= ms) return null
  for (let i = f.transitions.length - 1; i >= 0; i--) {
    if (f.transitions[i]!.ms < ms) return f.transitions[i]!.to
  }
  return 'new'
}

/** Who last resolved the order before `ms` (satisfaction belongs to them). */
function resolverBefore(f: Facts, ms: number): string | null {
  for (let i = f.resolves.length - 1; i >= 0; i--) {
    if (f.resolves[i]!.ms <= ms) return f.resolves[i]!.by
  }
  return null
}

/** Resolution-clock pauses (waiting for the customer, resolved) before `untilMs`. */
function pausesOf(f: Facts, untilMs: number): Array<{ s: number; e: number }> {
  const out: Array<{ s: number; e: number }> = []
  let status: TicketStatus = 'new'
  let start = f.createdMs
  const close = (end: number) => {
    if (
      end > start &&
      (status === 'waiting_customer' || status === 'resolved' || status === 'archived')
    ) {
      const last = out[out.length - 1]
      if (last && last.e >= start) last.e = end
      else out.push({ s: start, e: end })
    }
  }
  for (const tr of f.transitions) {
    if (tr.ms >= untilMs) break
    const at = Math.max(tr.ms, start)
    close(at)
    status = tr.to
    start = at
  }
  close(untilMs)
  return out
}

// ---- accumulation ------------------------------------------------------------------------------

class Acc {
  received = 0
  resolved = 0
  transferred = 0
  transferredIn = 0
  unanswered = 0
  fr: number[] = []
  within3 = 0
  handling: number[] = []
  resolvedOfReceived = 0
  answered = 0
  satisfied = 0
  reopenedAfterLow = 0
  answeredOfResolved = 0
  breaches: Record<SlaKind, number> = { first_response: 0, resolution: 0, platform_deadline: 0 }
  byCategory = Object.fromEntries(
    CATEGORIES.map((c) => [c, { received: 0, resolved: 0 }]),
  ) as Record<Category, Breakdown>
  byPlatform = Object.fromEntries(
    PLATFORMS.map((p) => [p, { received: 0, resolved: 0 }]),
  ) as Record<Platform, Breakdown>
  byShop: Record<string, Breakdown> = {}
  hours: number[] = new Array<number>(24).fill(0)
  scripts = new Map<string, number>()

  shop(id: string): Breakdown {
    let b = this.byShop[id]
    if (!b) {
      b = { received: 0, resolved: 0 }
      this.byShop[id] = b
    }
    return b
  }

  figures(): KpiFigures {
    const frStats = durationStats(this.fr)
    return {
      received: this.received,
      resolved: this.resolved,
      transferred: this.transferred,
      transferredIn: this.transferredIn,
      firstResponse: {
        ...frStats,
        within3Min: this.within3,
        within3MinRate: ratio(this.within3, this.fr.length),
      },
      unanswered: this.unanswered,
      handling: durationStats(this.handling),
      resolvedOfReceived: this.resolvedOfReceived,
      resolutionRate: ratio(this.resolvedOfReceived, this.received),
      satisfaction: {
        answered: this.answered,
        satisfied: this.satisfied,
        rate: ratio(this.satisfied, this.answered),
        reopenedAfterLowRating: this.reopenedAfterLow,
      },
      answeredOfResolved: this.answeredOfResolved,
      answerRate: ratio(this.answeredOfResolved, this.resolved),
      slaBreaches: {
        total: SLA_KINDS.reduce((n, k) => n + this.breaches[k], 0),
        byKind: { ...this.breaches },
      },
      byCategory: this.byCategory,
      byPlatform: this.byPlatform,
      byShop: this.byShop,
      volumeByHour: this.hours,
      scriptsUsed: [...this.scripts]
        .map(([scriptId, count]) => ({ scriptId, count }))
        .sort((a, b) => b.count - a.count || (a.scriptId < b.scriptId ? -1 : 1)),
    }
  }
}

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d
}

/** Nearest-rank percentile of ascending values; null for none. */
export function percentile(sortedAsc: readonly number[], p: number): number | null {
  if (sortedAsc.length === 0) return null
  const rank = Math.max(1, Math.ceil((p / 100) * sortedAsc.length))
  return sortedAsc[Math.min(rank, sortedAsc.length) - 1]!
}

function durationStats(values: number[]): DurationStats {
  if (values.length === 0) return { count: 0, avgMin: null, p50Min: null, p90Min: null }
  const sorted = Float64Array.from(values).sort()
  let sum = 0
  for (const v of values) sum += v
  const arr = Array.from(sorted)
  return {
    count: values.length,
    avgMin: sum / values.length,
    p50Min: percentile(arr, 50),
    p90Min: percentile(arr, 90),
  }
}

/**
 * Routes an event to a group: the event's time and the person it belongs to in, a group key
 * (or null to leave it out) out.
 */
export type GroupBy = (ms: number, person: string) => string | null

interface Scope {
  fromMs: number
  fromIso: string
  toIso: string
  toMs: number
  group: GroupBy
  settings: SlaSettings
  timer: BusinessTimer
}

/** Adds one key per (ticket, group) at most: `seen` is local to one ticket and one measure. */
function once(seen: Set<string> | null, key: string): Set<string> | null {
  if (seen?.has(key)) return null
  const s = seen ?? new Set<string>()
  s.add(key)
  return s
}

function accumulate(t: Ticket, f: Facts, scope: Scope, accOf: (key: string) => Acc): void {
  const { fromMs, toMs: endMs, group, timer } = scope
  const inRange = (ms: number) => ms >= fromMs && ms < endMs
  let target: { firstResponseMin: number; resolutionMin: number } | null = null
  const targetOf = () =>
    (target ??= slaTargetFor(scope.settings, t.platform, t.priority as Priority))

  // Received.
  if (inRange(f.createdMs)) {
    const g = group(f.createdMs, t.createdBy)
    if (g !== null) {
      const a = accOf(g)
      a.received++
      a.byCategory[t.category].received++
      a.byPlatform[t.platform].received++
      a.shop(t.shopId).received++
      const localHour = Math.floor(
        ((((f.messageMs + timer.utcOffsetMs) % 86_400_000) + 86_400_000) % 86_400_000) / 3_600_000,
      )
      a.hours[localHour]!++
      const st = statusAt(f, endMs)
      if (st === 'resolved' || st === 'archived') a.resolvedOfReceived++
      // Closed by `to` without any contact (a duplicate, a mistake): not waiting for an answer.
      if (!(f.firstReplyMs < endMs) && st !== 'resolved' && st !== 'archived') a.unanswered++
    }
  }

  // First response.
  if (inRange(f.firstReplyMs)) {
    const g = group(f.firstReplyMs, f.firstReplyBy)
    if (g !== null) {
      const a = accOf(g)
      const min = timer.minutes(f.messageMs, f.firstReplyMs)
      a.fr.push(min)
      if (min <= REPLY_RATE_MINUTES) a.within3++
      if (!(f.recordedKinds & KIND_BIT.first_response) && min > targetOf().firstResponseMin) {
        a.breaches.first_response++
      }
    }
  }

  // Resolutions: the last one per group.
  if (f.resolves.length) {
    let seen: Set<string> | null = null
    for (let i = f.resolves.length - 1; i >= 0; i--) {
      const r = f.resolves[i]!
      if (!inRange(r.ms)) continue
      const g = group(r.ms, r.by)
      if (g === null) continue
      const next = once(seen, g)
      if (!next) continue
      seen = next
      const a = accOf(g)
      a.resolved++
      a.byCategory[t.category].resolved++
      a.byPlatform[t.platform].resolved++
      a.shop(t.shopId).resolved++
      a.handling.push(timer.minutes(f.createdMs, r.ms))
      if (f.answers.some((x) => x.ms >= r.ms && x.ms < endMs)) a.answeredOfResolved++
      if (!(f.recordedKinds & KIND_BIT.resolution)) {
        const used = timer.minutes(f.createdMs, r.ms, pausesOf(f, r.ms))
        if (used > targetOf().resolutionMin) a.breaches.resolution++
      }
      if (!(f.recordedKinds & KIND_BIT.platform_deadline) && t.platformDeadline) {
        if (r.ms > isoMs(t.platformDeadline)) a.breaches.platform_deadline++
      }
    }
  }

  // Satisfaction: the latest answer up to `to`, if given in the period; low answers separately.
  if (f.answers.length) {
    let latest: (typeof f.answers)[number] | undefined
    for (const x of f.answers) if (x.ms < endMs) latest = x
    if (latest && latest.ms >= fromMs) {
      const g = group(latest.ms, resolverBefore(f, latest.ms) ?? latest.by)
      if (g !== null) {
        const a = accOf(g)
        a.answered++
        if (latest.rating >= 4) a.satisfied++
      }
    }
    let seen: Set<string> | null = null
    for (const x of f.answers) {
      if (x.rating > 3 || !inRange(x.ms)) continue
      const g = group(x.ms, resolverBefore(f, x.ms) ?? x.by)
      if (g === null) continue
      const next = once(seen, g)
      if (!next) continue
      seen = next
      accOf(g).reopenedAfterLow++
    }
  }

  // Transfers out and in.
  if (f.transfers.length) {
    let out: Set<string> | null = null
    let into: Set<string> | null = null
    for (const x of f.transfers) {
      if (!inRange(x.ms)) continue
      const g = group(x.ms, x.by)
      const o: Set<string> | null = g === null ? null : once(out, g)
      if (g !== null && o) {
        out = o
        accOf(g).transferred++
      }
      const gi = group(x.ms, x.to)
      const i: Set<string> | null = gi === null ? null : once(into, gi)
      if (gi !== null && i) {
        into = i
        accOf(gi).transferredIn++
      }
    }
  }

  // Recorded breaches: once per (kind, group).
  if (f.breaches.length) {
    let seen: Set<string> | null = null
    for (const x of f.breaches) {
      if (!inRange(x.ms)) continue
      const g = group(x.ms, t.assignee)
      if (g === null) continue
      const next = once(seen, `${x.kind}\u0000${g}`)
      if (!next) continue
      seen = next
      accOf(g).breaches[x.kind]++
    }
  }

  for (const x of f.scripts) {
    if (!inRange(x.ms)) continue
    const g = group(x.ms, x.by)
    if (g === null) continue
    const m = accOf(g).scripts
    m.set(x.scriptId, (m.get(x.scriptId) ?? 0) + 1)
  }
}

/**
 * Whether the order was created before `to` and has anything (its creation or an entry) at or
 * after `from`: the cheap test that keeps a month or a shift from parsing a whole store.
 */
function activeIn(t: Ticket, scope: Scope): boolean {
  const f = factsCache.get(t)
  if (f && f.historyLength === t.history.length && f.status === t.status) {
    return f.createdMs < scope.toMs && f.lastActivityMs >= scope.fromMs
  }
  const created = t.createdAt
  if (created.length === 24 && created.charCodeAt(23) === 90) {
    if (created >= scope.toIso) return false
    if (created >= scope.fromIso) return true
  } else {
    const ms = isoMs(created)
    if (ms >= scope.toMs) return false
    if (ms >= scope.fromMs) return true
  }
  // Newest entries are usually last.
  for (let i = t.history.length - 1; i >= 0; i--) {
    if (atOrAfter(t.history[i]!.at, scope)) return true
  }
  return false
}

function atOrAfter(at: string, scope: Scope): boolean {
  // Canonical UTC times compare as text, far cheaper than parsing them.
  return at.length === 24 && at.charCodeAt(23) === 90
    ? at >= scope.fromIso
    : isoMs(at) >= scope.fromMs
}

function scopeOf(period: Period, group: GroupBy, settings: SlaSettings | undefined): Scope {
  const s = settings ?? defaultSlaSettings()
  const fromMs = toMs(period.from)
  const endMs = toMs(period.to)
  return {
    fromMs,
    fromIso: new Date(fromMs).toISOString(),
    toMs: endMs,
    toIso: new Date(endMs).toISOString(),
    group,
    settings: s,
    timer: businessTimer(s.calendar),
  }
}

/**
 * KPI figures per group in one pass over the tickets. `groupBy` receives each event's time
 * and person; see the module comment for which person each event belongs to.
 */
export function kpiByGroup(
  tickets: Iterable<Ticket>,
  period: Period,
  groupBy: GroupBy,
  settings?: SlaSettings,
): Map<string, KpiFigures> {
  const scope = scopeOf(period, groupBy, settings)
  const accs = new Map<string, Acc>()
  const accOf = (k: string) => {
    let a = accs.get(k)
    if (!a) {
      a = new Acc()
      accs.set(k, a)
    }
    return a
  }
  for (const t of tickets) {
    if (!activeIn(t, scope)) continue
    accumulate(t, factsOf(t), scope, accOf)
  }
  const out = new Map<string, KpiFigures>()
  for (const [k, a] of accs) out.set(k, a.figures())
  return out
}

/** KPI figures for a period, for everyone or for the given people. */
export function kpiFigures(
  tickets: Iterable<Ticket>,
  period: Period & { personIds?: readonly string[] },
  settings?: SlaSettings,
): KpiFigures {
  const people = period.personIds ? new Set(period.personIds) : null
  const group: GroupBy = people ? (_ms, p) => (people.has(p) ? '' : null) : () => ''
  return kpiByGroup(tickets, period, group, settings).get('') ?? new Acc().figures()
}

/** Per-person figures (the monthly assessment table's volume, response, resolution, satisfaction). */
export function kpiByPerson(
  tickets: Iterable<Ticket>,
  period: Period,
  settings?: SlaSettings,
): Map<string, KpiFigures> {
  return kpiByGroup(tickets, period, (_ms, p) => p, settings)
}

export type TrendBucket = 'day' | 'week' | 'month'

/**
 * Figures per day, week (Monday first, as Chinese calendars) or month, in the shop's local
 * time; every bucket of the period is present, empty ones with zero counts and null rates.
 */
export function kpiTrend(
  tickets: Iterable<Ticket>,
  period: Period,
  bucket: TrendBucket,
  settings?: SlaSettings,
): Array<{ start: string; figures: KpiFigures }> {
  const s = settings ?? defaultSlaSettings()
  const offset = s.calendar.utcOffsetMinutes * 60_000
  const keyOf = (ms: number) => localBucketStart(ms + offset, bucket)
  const byKey = kpiByGroup(tickets, period, (ms) => String(keyOf(ms)), s)
  const out: Array<{ start: string; figures: KpiFigures }> = []
  const fromMs = toMs(period.from)
  const endMs = toMs(period.to)
  for (let k = keyOf(fromMs); k - offset < endMs; k = nextBucket(k, bucket)) {
    out.push({
      start: new Date(k - offset).toISOString(),
      figures: byKey.get(String(k)) ?? new Acc().figures(),
    })
  }
  return out
}

const DAY = 86_400_000

/** Start of the bucket holding a local time, as local ms (a UTC-clock view of local time). */
function localBucketStart(localMs: number, bucket: TrendBucket): number {
  const day = Math.floor(localMs / DAY) * DAY
  if (bucket === 'day') return day
  if (bucket === 'week') {
    const weekday = (new Date(day).getUTCDay() + 6) % 7 // Monday = 0
    return day - weekday * DAY
  }
  const d = new Date(day)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
}

function nextBucket(localStart: number, bucket: TrendBucket): number {
  if (bucket === 'day') return localStart + DAY
  if (bucket === 'week') return localStart + 7 * DAY
  const d = new Date(localStart)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
}

// ---- shift summary -----------------------------------------------------------------------------

export interface OpenOrder {
  id: string
  status: TicketStatus
  assignee: string
  priority: Priority
  category: Category
  platform: Platform
  shopId: string
  orderNo?: string
  /** The latest handover note (交接说明) before the shift's end, if the order was transferred. */
  handoverNote?: string
  nextFollowUpAt?: string
}

export interface ShiftSummary extends KpiFigures {
  from: string
  to: string
  personIds: string[] | null
  /** Orders still open at the shift's end that the shift touched (or, for people, that are theirs). */
  stillOpen: OpenOrder[]
}

/**
 * Everything an end-of-shift summary shows (issue 9 item 1) for one person, several, or the
 * whole team. "Still open" lists orders open at `to` that were received or worked on during
 * the shift (by the people, when given), plus, for people, open orders assigned to them now.
 */
export function shiftSummary(
  tickets: Iterable<Ticket>,
  shift: Period & { personIds?: readonly string[] },
  settings?: SlaSettings,
): ShiftSummary {
  const people = shift.personIds ? new Set(shift.personIds) : null
  const group: GroupBy = people ? (_ms, p) => (people.has(p) ? '' : null) : () => ''
  const scope = scopeOf(shift, group, settings)
  const acc = new Acc()
  const accOf = () => acc
  const stillOpen: OpenOrder[] = []
  const { fromMs, toMs: endMs } = scope
  for (const t of tickets) {
    const assignedOpen = people !== null && OPEN_STATUSES.has(t.status) && people.has(t.assignee)
    if (!assignedOpen && !activeIn(t, scope)) continue
    const f = factsOf(t)
    if (f.createdMs >= endMs) continue
    accumulate(t, f, scope, accOf)
    const st = statusAt(f, endMs)
    if (st === null || !OPEN_STATUSES.has(st)) continue
    if (assignedOpen || touched(t, f, fromMs, endMs, people))
      stillOpen.push(openOrder(t, f, st, endMs))
  }
  stillOpen.sort(
    (a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || (a.id < b.id ? -1 : 1),
  )
  return {
    ...acc.figures(),
    from: new Date(fromMs).toISOString(),
    to: new Date(endMs).toISOString(),
    personIds: shift.personIds ? [...shift.personIds] : null,
    stillOpen,
  }
}

const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 }

function touched(
  t: Ticket,
  f: Facts,
  fromMs: number,
  endMs: number,
  people: Set<string> | null,
): boolean {
  if (f.createdMs >= fromMs && f.createdMs < endMs && (!people || people.has(t.createdBy)))
    return true
  if (f.lastActivityMs < fromMs) return false
  for (const h of t.history) {
    if (people && !people.has(h.by)) continue
    const ms = isoMs(h.at)
    if (ms >= fromMs && ms < endMs) return true
  }
  return false
}

function openOrder(t: Ticket, f: Facts, status: TicketStatus, endMs: number): OpenOrder {
  const o: OpenOrder = {
    id: t.id,
    status,
    assignee: t.assignee,
    priority: t.priority,
    category: t.category,
    platform: t.platform,
    shopId: t.shopId,
  }
  if (t.orderNo) o.orderNo = t.orderNo
  let note: { ms: number; note: string } | null = null
  for (const x of f.transfers) if (x.ms < endMs && (!note || x.ms >= note.ms)) note = x
  if (note) o.handoverNote = note.note
  if (t.nextFollowUpAt) o.nextFollowUpAt = t.nextFollowUpAt
  return o
}

/** First-response time of one order in business minutes, or null before the first response. */
export function firstResponseMinutes(ticket: Ticket, settings?: SlaSettings): number | null {
  const f = factsOf(ticket)
  if (f.firstReplyMs === Infinity) return null
  return businessTimer((settings ?? defaultSlaSettings()).calendar).minutes(
    f.messageMs,
    f.firstReplyMs,
  )
}
