import { z } from 'zod'

/**
 * The shop's shift schedule (排班): a few named slots with times in the shop's local time. A
 * slot whose end is at or before its start runs past midnight (夜班 23:00–08:00).
 */

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '时间格式应为 HH:MM，例如 08:00' })

export const shiftSlotSchema = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9_-]{1,20}$/, { error: '班次代号只能用小写字母、数字、- 和 _' }),
  label: z
    .string()
    .trim()
    .min(1, { error: '请填写班次名称' })
    .max(10, { error: '班次名称不能超过 10 个字' }),
  start: hhmm,
  end: hhmm,
})
export type ShiftSlot = z.infer<typeof shiftSlotSchema>

export const scheduleSchema = z
  .array(shiftSlotSchema)
  .min(1, { error: '请至少设置一个班次' })
  .max(8, { error: '最多设置 8 个班次' })
  .refine((slots) => new Set(slots.map((s) => s.key)).size === slots.length, {
    error: '班次代号不能重复',
  })

export const DEFAULT_SCHEDULE: ShiftSlot[] = [
  { key: 'early', label: '早班', start: '08:00', end: '13:00' },
  { key: 'middle', label: '中班', start: '13:00', end: '18:00' },
  { key: 'late', label: '晚班', start: '18:00', end: '23:00' },
  { key: 'night', label: '夜班', start: '23:00', end: '08:00' },
]

function minutesOf(t: string): number {
  return Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))
}

const DAY = 86_400_000

/**
 * The occurrence of a slot that contains `nowMs`, or else the next one to start after it (a
 * person signing in a little early for 早班 gets today's 早班), as UTC ms.
 */
export function slotWindow(
  slot: ShiftSlot,
  nowMs: number,
  utcOffsetMinutes: number,
): { fromMs: number; toMs: number } {
  const offset = utcOffsetMinutes * 60_000
  const localDay = Math.floor((nowMs + offset) / DAY) * DAY
  const s = minutesOf(slot.start) * 60_000
  let e = minutesOf(slot.end) * 60_000
  if (e <= s) e += DAY
  // Yesterday's occurrence may still be running (a night slot), then today's, then tomorrow's.
  for (const day of [localDay - DAY, localDay, localDay + DAY]) {
    const from = day + s - offset
    const to = day + e - offset
    if (nowMs < to) return { fromMs: from, toMs: to }
  }
  return { fromMs: localDay + DAY + s - offset, toMs: localDay + DAY + e - offset }
}

/** The slot running at `nowMs`, if any (the sign-in screen suggests it). */
export function slotAt(
  slots: readonly ShiftSlot[],
  nowMs: number,
  utcOffsetMinutes: number,
): ShiftSlot | null {
  for (const slot of slots) {
    const w = slotWindow(slot, nowMs, utcOffsetMinutes)
    if (w.fromMs <= nowMs && nowMs < w.toMs) return slot
  }
  return null
}
