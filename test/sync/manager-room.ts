import fs from 'node:fs'
import { afterAll } from 'vitest'
import type { SyncManager } from '../../electron/sync/manager'
import type { Store } from '../../electron/store'
import { tempRoot } from './sim'

/** safeStorage for tests: nothing to seal with, as on a PC without an OS keychain. */
export const plainStorage = {
  isAvailable: () => false,
  encrypt: (s: string) => s,
  decrypt: (s: string) => s,
}

/**
 * A temp folder for one test file's whole PCs (stores with their sync managers); every manager
 * is stopped, every store closed and the folder removed after the file's tests.
 */
export function managerRoom(label: string): {
  root: string
  stores: Store[]
  managers: SyncManager[]
} {
  const root = tempRoot(label)
  const stores: Store[] = []
  const managers: SyncManager[] = []
  afterAll(async () => {
    for (const m of managers) m.stop()
    for (const s of stores) await s.close()
    fs.rmSync(root, { recursive: true, force: true })
  })
  return { root, stores, managers }
}
