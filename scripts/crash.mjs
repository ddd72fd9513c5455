// Long crash mode: `npm run test:crash -- --runs 2000 [--seed N]`.
// Runs the suite's crash test (test/integration/crash.test.ts) with more SIGKILLs than the
// default 110; each kill is followed by an open that must find every acknowledged op.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
function opt(name, fallback) {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  if (i === -1) return fallback
  const a = args[i]
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1]
}
const runs = Number(opt('runs', '2000'))
if (!Number.isInteger(runs) || runs < 1) {
  console.error('用法：npm run test:crash -- --runs 2000 [--seed 123]')
  process.exit(2)
}
const seed = opt('seed', String(Date.now() % 1_000_000))
console.log(`crash test: ${runs} kills, seed ${seed}`)
const child = spawn(
  process.execPath,
  [
    path.join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--project',
    'node',
    'test/integration/crash.test.ts',
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KEFU_CRASH_RUNS: String(runs), KEFU_CRASH_SEED: seed },
  },
)
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
