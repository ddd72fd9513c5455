import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Store, type StoreOptions } from '../../electron/store'

export async function tempDir(prefix = 'kefu-store-'): Promise<string> {
  return fs.promises.mkdtemp(path.join(os.tmpdir(), prefix))
}

export function openStore(dataDir: string, extra: Partial<StoreOptions> = {}): Promise<Store> {
  return Store.open({ dataDir, deviceId: 'pc1', autoBackup: false, flushDelayMs: 50, ...extra })
}

/** A ticket as the desk would write it (the fields a person types). */
export function ticketChanges(id: string, fields: Record<string, unknown>) {
  return Object.entries(fields).map(([field, value]) => ({
    entity: 'ticket',
    id,
    kind: 'set',
    field,
    value,
  }))
}

export function rmrf(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true })
}
