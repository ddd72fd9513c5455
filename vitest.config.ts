import { defineConfig } from 'vitest/config'
import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'

// Dates in tests are read as a shop in China reads them.
process.env.TZ = 'Asia/Shanghai'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'test/unit/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/sync/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [react()],
        resolve: { alias: { '@shared': resolve('shared'), '@renderer': resolve('renderer/src') } },
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          // jsdom renders of long lists take seconds on a loaded 2-core machine; the 5 s default
          // failed them at load average 25 (issue 16 item 8). Sized for that machine, not a race.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
