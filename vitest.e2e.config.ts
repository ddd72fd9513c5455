import { defineConfig } from 'vitest/config'

process.env.TZ = 'Asia/Shanghai'

// E2E drives real Chromium (or Electron, where its binary exists) against the built app:
// one file at a time, since each starts its own host and browser on a 2-core machine.
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['test/e2e/global-setup.ts'],
  },
})
