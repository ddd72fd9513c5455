import fs from 'node:fs'
import path from 'node:path'
import { stateHash } from '../../shared/data/merge'
import type { Change, Doc, Op } from '../../shared/data/ops'
import { Store } from '../../electron/store'
import type { SyncStore } from '../../electron/sync/engine'
import { MemoryStore } from './sim'

/** One PC's data as the sync tests see it: the real store on a temp folder, or the in-memory double. */
export interface Replica {
  store: SyncStore
  commit(by: string, changes: Change[]): Promise<Op[]>
  hash(): string
  hlcs(): Set<string>
  close(): Promise<void>
}

const ENTITIES = ['ticket', 'script', 'person', 'setting']

export async function realReplica(
  dir: string,
  deviceId: string,
  now: () => number,
): Promise<Replica> {
  fs.mkdirSync(dir, { recursive: true })
  const store = await Store.open({
    dataDir: path.join(dir, 'data'),
    deviceId,
    now,
    autoBackup: false,
    flushDelayMs: 60_000,
  })
  return {
    store,
    commit: (by, changes) => store.commit(by, changes),
    hash: () => {
      const docs: Doc[] = []
      for (const e of ENTITIES) for (const d of store.all(e)) docs.push(d)
      return stateHash(docs)
    },
    hlcs: () => new Set(store.opsAfter(null, 1e9).map((o) => o.hlc)),
    close: () => store.close(),
  }
}

export function memoryReplica(deviceId: string, now: () => number): Replica {
  const store = new MemoryStore(deviceId, now)
  return {
    store,
    commit: (by, changes) => store.commit(by, changes),
    hash: () => store.hash(),
    hlcs: () => store.hlcs(),
    close: async () => undefined,
  }
}
