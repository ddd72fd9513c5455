#!/usr/bin/env node
// Runs the benchmarks (shared/BENCH.md): `npm run bench` runs every area, `npm run bench --
// search` one (or several), `--quick` only the 1k and 10k sizes. Each area runs in its own
// node process so one area's memory (a 100k index, a store) does not weigh on the next,
// with --expose-gc so areas can measure memory after a collection.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const benchDir = join(root, 'test', 'bench')
const resultsDir = join(benchDir, 'results')

const args = process.argv.slice(2)
const passThrough = []
const wanted = []
for (let i = 0; i < args.length; i++) {
  const a = args[i]
  if (a === '--quick') passThrough.push(a)
  else if (a === '--sizes') passThrough.push(a, args[++i] ?? '')
  else if (a === '--help' || a === '-h') {
    console.log('usage: npm run bench -- [area ...] [--quick] [--sizes 1000,10000]')
    process.exit(0)
  } else if (a.startsWith('-')) {
    console.error(`unknown option ${a}`)
    process.exit(2)
  } else wanted.push(a)
}

const available = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort()
const unknown = wanted.filter((a) => !available.includes(a))
if (unknown.length > 0) {
  console.error(
    `no benchmark for ${unknown.join(', ')}; areas: ${available.join(', ') || '(none)'}`,
  )
  process.exit(2)
}
const areas = wanted.length > 0 ? wanted : available

const summary = []
for (const area of areas) {
  console.log(`\n### bench ${area}${passThrough.length ? ' ' + passThrough.join(' ') : ''}`)
  const started = Date.now()
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(benchDir, `${area}.bench.ts`), ...passThrough],
    { cwd: root, stdio: 'inherit' },
  )
  const seconds = Math.round((Date.now() - started) / 1000)
  const file = join(resultsDir, `${area}.json`)
  let missed = 0
  let count = 0
  if (run.status === 0 && existsSync(file)) {
    const report = JSON.parse(readFileSync(file, 'utf8'))
    count = report.results.length
    for (const r of report.results) {
      if (r.target === undefined) continue
      if (r.better === 'lower' ? r.value > r.target : r.value < r.target) missed++
    }
  }
  summary.push({ area, ok: run.status === 0, seconds, count, missed, file })
}

console.log('\n### summary')
for (const s of summary) {
  const what = s.ok
    ? `${s.count} results, ${s.missed === 0 ? 'all targets met' : `${s.missed} target(s) missed`}`
    : 'FAILED'
  console.log(`${s.area.padEnd(10)} ${what} (${s.seconds} s) → ${s.ok ? s.file : ''}`)
}
process.exit(summary.every((s) => s.ok) ? 0 : 1)
