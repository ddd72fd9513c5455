import type { EventHub } from '../events'
import type { LocalSettingsStore } from '../local-settings'
import type { SessionRegistry } from '../sessions'
import type { Adapters } from '../adapters/types'
import type { Store } from '../store'

/** What every service may use. Services never import electron: platform work goes through adapters. */
export interface ServiceDeps {
  dataDir: string
  shell: 'electron' | 'browser'
  device: { id: string; name: string }
  version: string
  events: EventHub
  /** The local data core: every shared record is ops here (DESIGN §3). */
  store: Store
  sessions: SessionRegistry
  localSettings: LocalSettingsStore
  adapters: Adapters
  notices: { code: string; message: string }[]
}
