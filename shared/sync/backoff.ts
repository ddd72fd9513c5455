/**
 * When to try again. One loop per transport (DESIGN §5): a change schedules a round after a
 * short debounce, an idle loop runs on an interval, and a target that cannot be reached is
 * retried with exponential backoff (with jitter, so a room of PCs does not knock at once).
 */
export interface Schedule {
  /** Wait after a local change before pushing, so a burst of edits goes as one segment. */
  debounceMs: number
  /** Round interval while everything is fine (pulls what other PCs wrote). */
  intervalMs: number
  /** First retry after a failure, doubled each time up to maxBackoffMs. */
  baseBackoffMs: number
  maxBackoffMs: number
}

export const DEFAULT_SCHEDULE: Schedule = {
  debounceMs: 1500,
  intervalMs: 30_000,
  baseBackoffMs: 5_000,
  maxBackoffMs: 5 * 60_000,
}

/** Delay before retry number `failures` (1 = first failure). `random` in [0, 1). */
export function backoffDelay(failures: number, s: Schedule, random: number): number {
  if (failures <= 0) return s.intervalMs
  const exp = Math.min(s.maxBackoffMs, s.baseBackoffMs * 2 ** Math.min(failures - 1, 30))
  // ±20 % jitter, never past the cap.
  const jittered = exp * (0.8 + 0.4 * random)
  return Math.round(Math.min(s.maxBackoffMs, Math.max(0, jittered)))
}

/** The delay of the next round given what happened in the last one. */
export function nextRoundDelay(
  outcome: { ok: boolean; failures: number; pendingChange: boolean },
  s: Schedule,
  random: number,
): number {
  if (!outcome.ok) return backoffDelay(outcome.failures, s, random)
  if (outcome.pendingChange) return s.debounceMs
  return s.intervalMs
}
