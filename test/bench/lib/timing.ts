/**
 * Timing for benchmarks: warm up, then repeat; report percentiles over every sample.
 * A shared 2-core machine is noisy, so single runs mean nothing (BENCH.md).
 */

export interface Stats {
  /** Number of samples. */
  runs: number
  median: number
  p50: number
  p95: number
  min: number
  max: number
  mean: number
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

export function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b)
  const p50 = percentile(s, 50)
  return {
    runs: s.length,
    median: p50,
    p50,
    p95: percentile(s, 95),
    min: s[0] ?? NaN,
    max: s[s.length - 1] ?? NaN,
    mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length),
  }
}

export interface MeasureOptions {
  /** Untimed calls first (JIT, caches). Default 2. */
  warmup?: number
  /** Timed calls; at least 5. Default 7. */
  runs?: number
}

/** Times `fn` (ms per call) after a warm-up. */
export async function measure(
  fn: () => unknown | Promise<unknown>,
  options: MeasureOptions = {},
): Promise<Stats> {
  const warmup = options.warmup ?? 2
  const runs = Math.max(5, options.runs ?? 7)
  for (let i = 0; i < warmup; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    samples.push(performance.now() - t0)
  }
  return stats(samples)
}

/**
 * Times `fn` once per item per round (ms per call), e.g. each query of a query set, over
 * `rounds` (≥ 5) rounds after one warm-up round; percentiles are over all calls.
 */
export function measureEach<T>(
  items: readonly T[],
  fn: (item: T) => unknown,
  options: { rounds?: number; warmupRounds?: number } = {},
): Stats {
  const rounds = Math.max(5, options.rounds ?? 5)
  for (let r = 0; r < (options.warmupRounds ?? 1); r++) for (const it of items) fn(it)
  const samples: number[] = []
  for (let r = 0; r < rounds; r++) {
    for (const it of items) {
      const t0 = performance.now()
      fn(it)
      samples.push(performance.now() - t0)
    }
  }
  return stats(samples)
}

/** Milliseconds of one call, for things too slow to repeat (a 100k build). */
export async function timeOnce<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now()
  const value = await fn()
  return { ms: performance.now() - t0, value }
}

/** Collects garbage when node runs with --expose-gc (scripts/bench.mjs does). */
export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc
  if (g) g()
}

/** JS heap plus ArrayBuffer memory (typed arrays live outside the heap), after a GC. */
export function retainedMb(): number {
  gc()
  const m = process.memoryUsage()
  return (m.heapUsed + m.arrayBuffers) / 1048576
}

export function rssMb(): number {
  return process.memoryUsage().rss / 1048576
}
