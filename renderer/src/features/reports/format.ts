/** Figures as a report shows them: "—" where a rate has no population (never NaN%). */
export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`
}

export function minutes(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(Math.round(v * 10) / 10).toString()}`
}

export function score(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : String(v)
}

const pad = (n: number) => String(n).padStart(2, '0')

/** An ISO time in the shop's local time: 2025-03-04 09:30. */
export function shopTime(iso: string | null | undefined, offsetMin: number): string {
  if (!iso) return ''
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return ''
  const d = new Date(ms + offsetMin * 60_000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

export function shopDay(iso: string, offsetMin: number): string {
  return shopTime(iso, offsetMin).slice(0, 10)
}

/** Midnight (shop time, +08:00 by default) of a YYYY-MM-DD day, as ISO. */
export function dayStartIso(day: string, offsetMin = 480): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d) - offsetMin * 60_000).toISOString()
}

/** Today's date in shop time. */
export function todayShop(offsetMin = 480, now = Date.now()): string {
  return shopDay(new Date(now).toISOString(), offsetMin)
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const t = new Date(Date.UTC(y, m - 1, d + n))
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`
}
