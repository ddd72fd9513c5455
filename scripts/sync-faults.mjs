#!/usr/bin/env node
// `npm run test:sync-faults -- --runs 2000 [--seed 1]`: the sync fault harness's long mode
// (issue 13 item 5). Runs that many seeded schedules of three PCs on a misbehaving share;
// a failing seed is printed with its fault log and can be replayed with --seed N --runs 1.
import { spawnSync } from 'node:child_process'

const args = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt
}
const runs = Number(opt('runs', '200'))
const seed = Number(opt('seed', '1000'))
if (!Number.isSafeInteger(runs) || runs < 1 || !Number.isSafeInteger(seed)) {
  console.error('用法：npm run test:sync-faults -- --runs 2000 [--seed 1000]')
  process.exit(2)
}
console.log(`sync faults: ${runs} schedules from seed ${seed}`)
const r = spawnSync('npx', ['vitest', 'run', 'test/sync/faults.test.ts'], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: { ...process.env, SYNC_FAULT_RUNS: String(runs), SYNC_FAULT_SEED: String(seed) },
})
process.exit(r.status ?? 1)
