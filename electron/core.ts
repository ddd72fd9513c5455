import fs from 'node:fs'
import { AppError } from '../shared/errors'
import type { Adapters } from './adapters/types'
import { checkAccess } from './access'
import type { CallContext } from './context'
import { loadOrCreateDevice, defaultDeviceName } from './device'
import { dispatch } from './dispatch'
import { EventHub } from './events'
import { LocalSettingsStore } from './local-settings'
import { asImplementations, createServices, type Services } from './services'
import { createAuditWriter } from './services/audit'
import { resolvePerson } from './services/people'
import { SessionRegistry } from './sessions'
import { Store } from './store'
import { closeTicketDesk } from './services/tickets'
import { closeSync } from './services/sync'
import { closeEraser } from './services/privacy-erasure'

export interface CoreOptions {
  dataDir: string
  shell: 'electron' | 'browser'
  version: string
  /** Builds the adapters once the event hub exists (the browser ones forward through it). */
  adapters: (events: EventHub) => Adapters
}

export interface Core {
  dataDir: string
  store: Store
  events: EventHub
  sessions: SessionRegistry
  services: Services
  device: { id: string; name: string }
  call(name: unknown, input: unknown, sessionId: string): ReturnType<typeof dispatch>
  close(): Promise<void>
}

/** Methods that take a file in (not their previews). */
function isImport(name: unknown): boolean {
  return typeof name === 'string' && /\.import[A-Z]?\w*$/.test(name) && !/Preview$/.test(name)
}

function fileNameOf(input: unknown): string {
  const n = (input as { name?: unknown } | null)?.name
  return typeof n === 'string' ? n.slice(0, 80) : ''
}

/** Everything behind the contract, the same for Electron and the browser build. */
export async function createCore(opts: CoreOptions): Promise<Core> {
  fs.mkdirSync(opts.dataDir, { recursive: true })
  const identity = loadOrCreateDevice(opts.dataDir)
  const device = { id: identity.id, name: defaultDeviceName() }
  const events = new EventHub()
  const sessions = new SessionRegistry()
  // One process owns a data folder: the store's lock file refuses a second one with a clear
  // message, before anything else in the folder is touched.
  const store = await Store.open({ dataDir: opts.dataDir, deviceId: device.id })
  const localSettings = await LocalSettingsStore.open(opts.dataDir)
  const notices = [...localSettings.notices, ...store.notices]
  const unsubscribe = store.subscribe((change) =>
    events.emit('store.changed', { entities: change.entities }),
  )
  const services = createServices({
    dataDir: opts.dataDir,
    shell: opts.shell,
    device,
    version: opts.version,
    events,
    store,
    sessions,
    localSettings,
    adapters: opts.adapters(events),
    notices,
  })
  const impls = asImplementations(services)
  const auditWriter = createAuditWriter(store)
  return {
    dataDir: opts.dataDir,
    store,
    events,
    sessions,
    services,
    device,
    async call(name, input, sessionId) {
      const session = sessions.get(sessionId)
      const ctx: CallContext = {
        session,
        deviceId: device.id,
        deviceName: localSettings.get().pcName ?? device.name,
        // Read afresh on every call: a person disabled on another PC is nobody from here on.
        person: await resolvePerson(store, session.personId).catch(() => null),
        audit: (action, target, detail) => auditWriter.write(ctx, action, target, detail),
      }
      // One user action, one durable write (issue 14 item 4): everything the method commits
      // (the change, its history, its audit entry, the draft it clears) is one journal batch.
      return store
        .transaction(async () => {
          const envelope = await dispatch(impls, checkAccess, name, input, ctx)
          if (!envelope.ok && isImport(name) && envelope.error.code !== 'unknown_method') {
            // A refused import is audited too: who tried which file, and why it was refused.
            const file = fileNameOf(input)
            await ctx.audit(
              'import.failed',
              String(name),
              `导入未成功${file ? `（${file}）` : ''}：${envelope.error.message}`.slice(0, 300),
            )
          }
          return envelope
        })
        .catch((e: unknown) => ({
          // The batch itself could not be written: nothing of the action was saved.
          ok: false as const,
          error:
            e instanceof AppError
              ? e.toShape()
              : {
                  code: 'write_failed',
                  message: `没有保存：数据写入磁盘失败（${(e as Error).message}）。请检查磁盘空间后重试。`,
                },
        }))
    },
    async close() {
      unsubscribe()
      // No sync round may start (or still run) against a closed store.
      await closeSync(store)
      // Erasures under way finish on disk (they also rewrite the search index).
      await closeEraser(store)
      // The ticket desk writes its search index and stops its SLA watcher before the store goes.
      await closeTicketDesk(store)
      await store.close()
    },
  }
}
