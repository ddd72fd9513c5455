/** PIN rules shared by the forms and the services. */
export const PIN_MIN = 4
export const PIN_MAX = 12
export const PIN_PATTERN = /^\d{4,12}$/
export const PIN_MESSAGE = `PIN 须为 ${PIN_MIN} 到 ${PIN_MAX} 位数字`

/** Sign-in rate limit: the first lockout comes after this many wrong PINs in a row. */
export const LOCK_AFTER = 5
export const FIRST_LOCK_MS = 30_000
export const MAX_LOCK_MS = 60 * 60_000

/** Wrong PINs so far for one person on this PC, and until when they are locked out. */
export interface FailureState {
  failures: number
  lockedUntil: number
}

/**
 * After a wrong PIN: from the fifth in a row the person is locked out, 30 s the first time,
 * doubling with each further wrong PIN (up to an hour), so guessing a 4-digit PIN takes days.
 */
export function afterFailure(state: FailureState | undefined, now: number): FailureState {
  const failures = (state?.failures ?? 0) + 1
  if (failures < LOCK_AFTER) return { failures, lockedUntil: 0 }
  const ms = Math.min(FIRST_LOCK_MS * 2 ** (failures - LOCK_AFTER), MAX_LOCK_MS)
  return { failures, lockedUntil: now + ms }
}

/** Milliseconds still to wait, or 0 when the person may try. */
export function lockRemaining(state: FailureState | undefined, now: number): number {
  return state ? Math.max(0, state.lockedUntil - now) : 0
}

/** 「请 30 秒后再试」/「请 2 分钟后再试」 */
export function waitMessage(ms: number): string {
  const s = Math.ceil(ms / 1000)
  if (s < 60) return `请 ${s} 秒后再试`
  return `请 ${Math.ceil(s / 60)} 分钟后再试`
}
