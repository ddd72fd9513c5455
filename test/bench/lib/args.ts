/**
 * What scripts/bench.mjs asks of an area: `--quick` (or BENCH_QUICK=1) means 1k and 10k only.
 * `--sizes 1000,5000` overrides for a one-off run.
 */
export interface BenchSize {
  n: number
  label: string
}

const LABELS: Record<number, string> = { 1000: '1k', 10000: '10k', 100000: '100k' }

export function label(n: number): string {
  return LABELS[n] ?? (n % 1000 === 0 ? `${n / 1000}k` : String(n))
}

export function isQuick(argv: readonly string[] = process.argv): boolean {
  return argv.includes('--quick') || process.env.BENCH_QUICK === '1'
}

export function benchSizes(argv: readonly string[] = process.argv): BenchSize[] {
  const i = argv.indexOf('--sizes')
  const custom = i >= 0 ? argv[i + 1] : undefined
  const ns = custom
    ? custom.split(',').map((s) => Number(s.trim()))
    : isQuick(argv)
      ? [1000, 10000]
      : [1000, 10000, 100000]
  return ns.filter((n) => Number.isInteger(n) && n > 0).map((n) => ({ n, label: label(n) }))
}
