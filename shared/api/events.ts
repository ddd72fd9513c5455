/** Events the services push to every window (store changes, sync state, notifications). */
export interface EventMap {
  /** Something in the store changed: the renderer refetches what it shows of these entities. */
  'store.changed': { entities: string[] }
  'sync.status': {
    state: 'off' | 'offline' | 'syncing' | 'upToDate' | 'incomplete' | 'error'
    message?: string
    progress?: number
    at?: string
  }
  /** Shown by the renderer through the notification adapter's browser side. */
  notify: { title: string; body: string; tag?: string }
  'session.changed': { personId: string | null }
  /** The OS-wide script shortcut was pressed: show the compact picker (scripts, issue 7). */
  'scripts.quickPick': { at: string }
}
export type EventName = keyof EventMap
export type EventListener<E extends EventName> = (payload: EventMap[E]) => void
