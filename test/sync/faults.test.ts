import fs from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { runSchedule } from './faults/run'
import { tempRoot } from './sim'

/**
 * Issue 13 item 5: seeded fault schedules on a real shared folder, three whole PCs working
 * through the services. `npm run test:sync-faults -- --runs 2000` runs many more
 * (SYNC_FAULT_RUNS, SYNC_FAULT_SEED set by scripts/sync-faults.mjs).
 */

const root = tempRoot('faults13')
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

const runs = Number(process.env.SYNC_FAULT_RUNS ?? 3)
const first = Number(process.env.SYNC_FAULT_SEED ?? 1)

describe('three PCs on a misbehaving share', () => {
  it(
    `converge with nothing lost over ${runs} seeded schedules`,
    async () => {
      const failed: string[] = []
      const totals: Record<string, number> = {}
      let ops = 0
      let failures = 0
      for (let seed = first; seed < first + runs; seed++) {
        const r = await runSchedule(root, seed)
        ops += r.ops
        for (const [k, v] of Object.entries(r.counts)) totals[k] = (totals[k] ?? 0) + v
        totals.landedInStandIn = (totals.landedInStandIn ?? 0) + r.landedInStandIn
        if (r.problems.length) {
          failures++
          console.log(`sync faults: seed ${seed} failed:\n  ${r.problems.join('\n  ')}`)
          // The long mode goes on to count; the details of the first few are enough.
          if (failed.length < 5)
            failed.push(
              `seed ${seed}:\n  ${r.problems.join('\n  ')}\n  faults: ${r.log.join(' | ')}`,
            )
        }
        if (runs > 10 && (seed - first + 1) % 25 === 0)
          console.log(`sync faults: ${seed - first + 1} runs, ${failures} failed`)
      }
      console.log(
        `sync faults: ${runs} schedules, ${failures} failed, ${ops} ops, faults ${JSON.stringify(totals)}`,
      )
      expect(failed).toEqual([])
    },
    runs * 120_000,
  )
})
