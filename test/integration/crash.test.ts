import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { crashRuns } from '../fixtures/crash-harness'

// `npm run test:crash -- --runs 2000` sets KEFU_CRASH_RUNS for the long mode.
const runs = Number(process.env.KEFU_CRASH_RUNS ?? 110)
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

it(
  `a store SIGKILLed ${runs} times at random moments loses no acknowledged op and leaves every file readable`,
  async () => {
    const work = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'kefu-crash-'))
    dirs.push(work)
    const dataDir = path.join(work, 'data')
    const report = await crashRuns({
      dataDir,
      workDir: work,
      runs,
      seed: Number(process.env.KEFU_CRASH_SEED ?? 20250601),
      log: runs > 200 ? (s) => console.log(s) : undefined,
    })
    expect(report.runs).toBe(runs)
    // the kills must land while work is going on, not only before the first commit
    expect(report.acked).toBeGreaterThan(runs * 5)
  },
  // Sized by work, for a loaded machine: each run is a process start, up to 60 commits and an
  // open; nothing here is a speed target (those are in npm run bench).
  runs * 20_000,
)
