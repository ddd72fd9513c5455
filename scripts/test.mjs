#!/usr/bin/env node
// `npm test`: every check a change must pass, in the order that fails fastest.
import { spawnSync } from 'node:child_process'

const steps = [
  ['类型检查 typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['代码规范 lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['格式 format', 'npx', ['prettier', '--check', '.']],
  ['单元与集成测试 unit + integration', 'npx', ['vitest', 'run']],
  ['构建 build', 'npx', ['electron-vite', 'build']],
  ['端到端测试 E2E', 'npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts']],
  ['安全检查 electronegativity', 'node', ['scripts/electronegativity.mjs']],
]

const only = process.argv.slice(2)
let failed = 0
let passed = 0
for (const [label, cmd, args] of steps) {
  if (only.length && !only.some((o) => label.includes(o))) continue
  console.log(`\n=== ${label} ===`)
  const t0 = Date.now()
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' })
  const secs = ((Date.now() - t0) / 1000).toFixed(1)
  if (r.status === 0) {
    passed++
    console.log(`--- ${label}: ok (${secs} s)`)
  } else {
    failed++
    console.log(`--- ${label}: FAILED (${secs} s)`)
    break
  }
}
console.log(`\nsteps: ${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
