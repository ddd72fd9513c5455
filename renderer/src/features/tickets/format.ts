import { toCallError } from '@shared/api/envelope'
import type { SlaSummary } from '@shared/api/tickets'
import { overdueMinutes } from '@shared/tickets/first-response'
import type { TFunction } from 'i18next'

/** What a rejected `window.kefu` call carries, whatever the transport. */
export interface CallFailure {
  code: string
  message: string
  fields: Record<string, string>
}

export function failure(err: unknown): CallFailure {
  const e = toCallError(err)
  return { code: e.code, message: e.message, fields: e.fields ?? {} }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** 05-21 14:03 (this year) or 2023-05-21 14:03: what an agent scans in a list. */
export function shortTime(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const md = `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
  return d.getFullYear() === now.getFullYear() ? md : `${d.getFullYear()}-${md}`
}

export function fullTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** ISO → the value an `<input type="datetime-local">` shows (this PC's local time). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** `<input type="datetime-local">` value → ISO (UTC), or undefined when empty or unreadable. */
export function fromLocalInput(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.trim() === '') return undefined
  const d = new Date(v)
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}

export function todayLocal(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** 1小时5分 / 3天2小时 / 45分 — remaining or overdue business time. */
export function durationText(t: TFunction, minutes: number): string {
  const m = Math.round(Math.abs(minutes))
  if (m < 60) return t('tickets:duration.min', { m })
  const h = Math.floor(m / 60)
  if (h < 24) return t('tickets:duration.hourMin', { h, m: m % 60 })
  return t('tickets:duration.dayHour', { d: Math.floor(h / 24), h: h % 24 })
}

/**
 * How late a running clock is: 「超时 N 分钟」 counts whole minutes (never 「超时 0 分钟」); less
 * than a minute late reads 「刚刚超时」.
 */
export function overdueText(t: TFunction, remainingMin: number): string {
  const n = overdueMinutes(remainingMin)
  return n < 1 ? t('tickets:sla.justNow') : durationText(t, n)
}

export const SLA_COLOR: Record<SlaSummary['state'], string> = {
  ok: 'green',
  warning: 'orange',
  breached: 'red',
  paused: 'default',
  done: 'default',
}

export function slaText(t: TFunction, s: Pick<SlaSummary, 'state' | 'kind' | 'remainingMin'>) {
  if (s.state === 'done') return t('tickets:sla.done')
  if (s.state === 'paused') return t('tickets:sla.paused')
  const kind = s.kind ? t(`tickets:slaKindShort.${s.kind}`) : ''
  const left = s.remainingMin ?? 0
  return left < 0
    ? t('tickets:sla.overdue', { kind, time: overdueText(t, left) })
    : t('tickets:sla.left', { kind, time: durationText(t, left) })
}

export const PRIORITY_COLOR = { urgent: 'red', high: 'orange', normal: 'blue', low: 'default' }
export const STATUS_COLOR = {
  new: 'blue',
  processing: 'processing',
  waiting_customer: 'gold',
  waiting_department: 'purple',
  resolved: 'green',
  archived: 'default',
}

/** Reads a File as base64 (without the data: prefix) for `tickets.attach`. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => {
      const s = String(r.result)
      resolve(s.slice(s.indexOf(',') + 1))
    }
    r.onerror = () => reject(r.error ?? new Error('read failed'))
    r.readAsDataURL(file)
  })
}
