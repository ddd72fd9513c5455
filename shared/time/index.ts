/**
 * The shop's time zone (a shop-wide, synced setting `timeZone`, default Asia/Shanghai) and
 * the one way the app writes a time for people: every time shown on screen or exported goes
 * through `formatInZone`, so the desk, shift summaries, the hour chart and exports agree
 * whatever the PC's own clock zone is. Pure (Intl only): usable by services, the renderer and
 * export models alike.
 */

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

export type TimeLike = string | number | Date

/** A few zones offered in Settings; any IANA zone the runtime knows is accepted. */
export const COMMON_TIME_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Europe/London',
  'America/Los_Angeles',
  'UTC',
] as const

const formatters = new Map<string, Intl.DateTimeFormat>()

function partsFormatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(tz, f)
  }
  return f
}

/** Whether the runtime knows this IANA zone name. */
export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz.trim() === '' || tz.length > 64) return false
  try {
    partsFormatter(tz)
    return true
  } catch {
    return false
  }
}

/** The zone itself, or the default when it is missing or unknown (stray data never breaks a view). */
export function zoneOrDefault(tz: unknown): string {
  return isTimeZone(tz) ? tz : DEFAULT_TIME_ZONE
}

function toMs(t: TimeLike): number {
  return typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime()
}

export interface ZoneParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

/** The wall-clock reading in that zone at an instant. */
export function zoneParts(t: TimeLike, tz: string): ZoneParts {
  const out: Record<string, number> = {}
  for (const p of partsFormatter(zoneOrDefault(tz)).formatToParts(new Date(toMs(t)))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value)
  }
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour! % 24,
    minute: out.minute!,
    second: out.second!,
  }
}

/** Minutes the zone is ahead of UTC at that instant (+480 for China). */
export function zoneOffsetMinutes(tz: string, at: TimeLike = Date.now()): number {
  const ms = toMs(at)
  const p = zoneParts(ms, tz)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return Math.round((asUtc - (ms - (ms % 1000))) / 60_000)
}

/** The instant at which the zone's clock reads that wall time. */
export function fromZoneTime(
  p: Partial<ZoneParts> & { year: number; month: number; day: number },
  tz: string,
): number {
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour ?? 0, p.minute ?? 0, p.second ?? 0)
  // Two passes settle the offset across a DST change.
  let ms = wall - zoneOffsetMinutes(tz, wall) * 60_000
  ms = wall - zoneOffsetMinutes(tz, ms) * 60_000
  return ms
}

const pad = (n: number) => String(n).padStart(2, '0')

export type TimeStyle = 'minute' | 'second' | 'date' | 'short' | 'time'

/**
 * A time as people read it in the shop's zone:
 * - `minute` 2025-03-04 10:05 (default), `second` 2025-03-04 10:05:09, `date` 2025-03-04,
 * - `time` 10:05, `short` 03-04 10:05 within the year of `now`, else as `minute`.
 * Empty string for a missing or unreadable time.
 */
export function formatInZone(
  t: TimeLike | null | undefined,
  tz: string,
  style: TimeStyle = 'minute',
  now: TimeLike = Date.now(),
): string {
  if (t === null || t === undefined || t === '') return ''
  const ms = toMs(t)
  if (Number.isNaN(ms)) return ''
  const p = zoneParts(ms, tz)
  const date = `${p.year}-${pad(p.month)}-${pad(p.day)}`
  const hm = `${pad(p.hour)}:${pad(p.minute)}`
  switch (style) {
    case 'date':
      return date
    case 'time':
      return hm
    case 'second':
      return `${date} ${hm}:${pad(p.second)}`
    case 'short':
      return zoneParts(now, tz).year === p.year
        ? `${pad(p.month)}-${pad(p.day)} ${hm}`
        : `${date} ${hm}`
    default:
      return `${date} ${hm}`
  }
}
