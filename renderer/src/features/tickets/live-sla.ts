import { useSyncExternalStore } from 'react'
import type { SlaSummary } from '@shared/api/tickets'
import type { Platform, Priority, SlaKind } from '@shared/tickets/model'
import {
  businessMinutesBetween,
  slaTargetFor,
  warningThresholdMin,
  type SlaSettings,
} from '@shared/tickets/sla'
import { useShopSettings } from './lookups'

/**
 * Countdowns that tick on screen between fetches. The service answers with where each clock
 * stood when it was asked; from then on the remaining time is worked out here, on the same
 * business-hours calendar, so "剩 3 分钟" turns into "超时 1 分钟" on time without asking again.
 */

const SECOND = 1000
const MINUTE = 60 * SECOND
/** Closer than this to the due time, the countdown is redrawn every second; else every minute. */
const NEAR_MIN = 60

// ---- one shared clock --------------------------------------------------------------------------

let now = Date.now()
let timer: ReturnType<typeof setInterval> | null = null
const listeners = new Set<() => void>()

/** Between mounts nothing ticks: the first render after a pause reads the time afresh. */
function current(): number {
  if (!timer) now = Date.now()
  return now
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (!timer) {
    now = Date.now()
    timer = setInterval(() => {
      now = Date.now()
      for (const l of listeners) l()
    }, SECOND)
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer) {
      clearInterval(timer)
      timer = null
    }
  }
}

/**
 * The time, moving on every `periodMs`: a component re-renders only when its period turns
 * over, so a list of rows far from due redraws once a minute, not every second.
 */
export function useNow(periodMs: number): number {
  const period = Math.max(SECOND, periodMs)
  return useSyncExternalStore(
    subscribe,
    () => Math.floor(current() / period) * period,
    () => Math.floor(current() / period) * period,
  )
}

// ---- when an answer arrived --------------------------------------------------------------------

const receivedAt = new WeakMap<object, number>()

/**
 * When this answer from the service was first shown. Every fetch brings new objects, so the
 * first sighting is the moment the service's numbers were true (to within a render).
 */
export function firstSeen(answer: object, at = Date.now()): number {
  let t = receivedAt.get(answer)
  if (t === undefined) {
    t = at
    receivedAt.set(answer, t)
  }
  return t
}

// ---- the arithmetic ----------------------------------------------------------------------------

export interface ClockReading {
  kind: SlaKind
  dueAt: string | null
  /** As the service said at `receivedAt`; null once the clock is done. */
  remainingMin: number | null
}

/**
 * Minutes left on a running clock at `nowMs` (negative once overdue). Before the due time it
 * is the business time from now to `dueAt` (a running clock has no pause ahead of it); after,
 * it counts on from what the service said, since an overdue order that waited for the
 * customer in between must not count that wait.
 */
export function remainingAt(
  clock: ClockReading,
  nowMs: number,
  receivedAtMs: number,
  calendar: SlaSettings['calendar'] | null,
): number | null {
  if (clock.remainingMin === null) return null
  // The platform's own deadline runs on the wall clock, ignoring our opening hours.
  const wall = clock.kind === 'platform_deadline' || !calendar
  const between = (a: number, b: number) =>
    wall ? (b - a) / MINUTE : businessMinutesBetween(a, b, calendar)
  const due = clock.dueAt ? Date.parse(clock.dueAt) : NaN
  if (!Number.isNaN(due) && nowMs < due) return between(nowMs, due)
  return clock.remainingMin - Math.max(0, between(receivedAtMs, nowMs))
}

/** Minutes left at which this clock warns, as the service decides it; null if unknown. */
export function warnAtMin(
  settings: SlaSettings | null,
  kind: SlaKind,
  platform: Platform,
  priority: Priority,
  targetMin?: number,
): number | null {
  if (!settings) return null
  if (kind === 'platform_deadline') return settings.platformWarnMinutes
  const target =
    targetMin ??
    (kind === 'first_response'
      ? slaTargetFor(settings, platform, priority).firstResponseMin
      : slaTargetFor(settings, platform, priority).resolutionMin)
  return warningThresholdMin(settings, target)
}

/** How often a countdown with this much time left needs redrawing. */
export function tickPeriod(remainingMin: number | null): number {
  if (remainingMin === null) return 60 * MINUTE
  return Math.abs(remainingMin) < NEAR_MIN ? SECOND : MINUTE
}

type LiveState = 'ok' | 'warning' | 'breached'

/** The next state of a running clock: warnings and breaches only ever arrive, never leave. */
export function liveState(
  served: LiveState,
  remainingMin: number,
  warnAt: number | null,
): LiveState {
  if (remainingMin < 0 || served === 'breached') return 'breached'
  if (served === 'warning' || (warnAt !== null && remainingMin <= warnAt)) return 'warning'
  return 'ok'
}

// ---- hooks -------------------------------------------------------------------------------------

/**
 * A list row's countdown, live. Paused and finished clocks are returned as served; running
 * ones get the remaining time and state for now, redrawn every second near the due time.
 */
export function useLiveSummary(
  sla: SlaSummary,
  platform: Platform,
  priority: Priority,
): SlaSummary {
  const settings = useShopSettings()?.sla ?? null
  const running = sla.state !== 'paused' && sla.state !== 'done' && sla.kind !== null
  const since = firstSeen(sla)
  // The period follows the served value; a row crossing the hour mark redraws at most a minute late.
  const nowMs = useNow(running ? tickPeriod(sla.remainingMin) : 60 * MINUTE)
  if (!running || sla.kind === null) return sla
  const left = remainingAt(
    { kind: sla.kind, dueAt: sla.dueAt, remainingMin: sla.remainingMin },
    Math.max(nowMs, since),
    since,
    settings?.calendar ?? null,
  )
  if (left === null) return sla
  const state = liveState(
    sla.state as LiveState,
    left,
    warnAtMin(settings, sla.kind, platform, priority),
  )
  return {
    ...sla,
    state,
    remainingMin: left,
    breached:
      state === 'breached' && !sla.breached.includes(sla.kind)
        ? [...sla.breached, sla.kind]
        : sla.breached,
  }
}

/** The same for one of an order's clocks in the detail (first response, resolution, platform). */
export function useLiveClock<
  C extends {
    dueAt: string | null
    remainingMin: number | null
    breached: boolean
    warning: boolean
    done: boolean
    paused?: boolean
    targetMin?: number
  },
>(clock: C, kind: SlaKind, platform: Platform, priority: Priority): C {
  const settings = useShopSettings()?.sla ?? null
  const running = !clock.done && !clock.paused && clock.remainingMin !== null
  const since = firstSeen(clock)
  const nowMs = useNow(running ? tickPeriod(clock.remainingMin) : 60 * MINUTE)
  if (!running) return clock
  const left = remainingAt(
    { kind, dueAt: clock.dueAt, remainingMin: clock.remainingMin },
    Math.max(nowMs, since),
    since,
    settings?.calendar ?? null,
  )
  if (left === null) return clock
  const served: LiveState = clock.breached ? 'breached' : clock.warning ? 'warning' : 'ok'
  const state = liveState(
    served,
    left,
    warnAtMin(settings, kind, platform, priority, clock.targetMin),
  )
  return {
    ...clock,
    remainingMin: left,
    breached: state === 'breached',
    warning: state === 'warning',
  }
}
