import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * One benchmark result, as BENCH.md specifies: `id` is `<area>.<what>.<statistic>.<size>`
 * and stays stable across versions; `peer` is what a user would pick instead, measured on
 * the same data in the same run.
 */
export interface BenchResult {
  id: string
  value: number
  unit: string
  better: 'lower' | 'higher'
  target?: number
  peer?: { name: string; value: number }
  /** Why there is no peer (printed in the table). */
  noPeer?: string
  min?: number
  max?: number
  runs?: number
  /** Anything a reader needs to interpret the figure (setup, sizes). */
  note?: string
  /** More peers or setups beside the main peer (e.g. MiniSearch's default setup). */
  others?: Array<{ name: string; value: number }>
}

export interface AreaReport {
  area: string
  machine: { cpus: number; node: string; date: string }
  results: BenchResult[]
}

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results')

/** Collects an area's results; `finish()` writes results/<area>.json and prints the table. */
export class BenchReport {
  readonly results: BenchResult[] = []
  constructor(readonly area: string) {}

  add(result: BenchResult): BenchResult {
    if (!result.id.startsWith(this.area + '.'))
      throw new Error(`result id ${result.id} must start with "${this.area}."`)
    this.results.push(result)
    // Print as we go: a 100k run takes minutes and a crash should not lose what was measured.
    console.log(`  ${result.id} = ${fmt(result.value)} ${result.unit}`)
    return result
  }

  toJSON(): AreaReport {
    return {
      area: this.area,
      machine: { cpus: cpus().length, node: process.version, date: new Date().toISOString() },
      results: this.results.map((r) => roundResult(r)),
    }
  }

  finish(): AreaReport {
    const report = this.toJSON()
    mkdirSync(RESULTS_DIR, { recursive: true })
    writeFileSync(join(RESULTS_DIR, `${this.area}.json`), JSON.stringify(report, null, 2) + '\n')
    console.log(formatTable(report))
    return report
  }
}

function round(v: number): number {
  if (!Number.isFinite(v)) return v
  const a = Math.abs(v)
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3
  const f = 10 ** digits
  return Math.round(v * f) / f
}

function roundResult(r: BenchResult): BenchResult {
  const out: BenchResult = { ...r, value: round(r.value) }
  if (r.peer) out.peer = { name: r.peer.name, value: round(r.peer.value) }
  if (r.min !== undefined) out.min = round(r.min)
  if (r.max !== undefined) out.max = round(r.max)
  if (r.others) out.others = r.others.map((o) => ({ name: o.name, value: round(o.value) }))
  return out
}

function fmt(v: number | undefined): string {
  return v === undefined ? '' : String(round(v))
}

function meets(r: BenchResult): string {
  if (r.target === undefined) return ''
  const ok = r.better === 'lower' ? r.value <= r.target : r.value >= r.target
  return `${r.better === 'lower' ? '≤' : '≥'} ${r.target} ${ok ? 'ok' : 'MISSED'}`
}

/** The table printed after each area (also used by scripts/bench.mjs for the summary). */
export function formatTable(report: AreaReport): string {
  const head = ['id', 'value', 'unit', 'target', 'peer', 'min/max (runs)']
  const rows = report.results.map((r) => {
    const peers = r.peer
      ? [`${r.peer.name}: ${fmt(r.peer.value)}`]
      : [r.noPeer ? `no peer: ${r.noPeer}` : '']
    for (const o of r.others ?? []) peers.push(`${o.name}: ${fmt(o.value)}`)
    const mm =
      r.min !== undefined ? `${fmt(r.min)}/${fmt(r.max)}${r.runs ? ` (${r.runs})` : ''}` : ''
    return [r.id, fmt(r.value), r.unit, meets(r), peers.join('; '), mm]
  })
  const width = (s: string): number => {
    let w = 0
    for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1
    return w
  }
  const cols = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))))
  const line = (cells: string[]): string =>
    cells.map((c, i) => c + ' '.repeat(cols[i]! - width(c))).join(' | ')
  const notes = report.results.filter((r) => r.note).map((r) => `  * ${r.id}: ${r.note}`)
  return [
    '',
    `== ${report.area} (${report.machine.cpus} cpus, node ${report.machine.node}, ${report.machine.date})`,
    line(head),
    cols.map((c) => '-'.repeat(c)).join('-+-'),
    ...rows.map(line),
    ...(notes.length ? ['', ...notes] : []),
    '',
  ].join('\n')
}
