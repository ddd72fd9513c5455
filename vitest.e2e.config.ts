import { defineConfig } from 'vitest/config'
import { findElectronBinary } from './scripts/electron-binary.mjs'

process.env.TZ = 'Asia/Shanghai'

// Window-hardening checks can only be made against Electron itself: they join the suite on
// machines where its binary is installed (users' and release machines). Everywhere else the
// same functions are covered by unit tests against fakes (test/unit/security.test.ts).
const electronOnly =
  findElectronBinary() && process.env.KEFU_E2E_SHELL !== 'browser'
    ? ['test/e2e/electron/**/*.e2e.ts']
    : []

// E2E drives real Chromium (or Electron, where its binary exists) against the built app:
// one file at a time, since each starts its own host and browser on a 2-core machine.
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/*.e2e.ts', ...electronOnly],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['test/e2e/global-setup.ts'],
  },
})
