import type { SyncStatusView } from '@shared/api/sync'
import { kefu } from '../../api'
import { useApp } from '../../app/store'

/** The status bar's sync state from a status answer (events then keep it current). */
export function showSyncStatus(s: SyncStatusView): void {
  const sync = s.configured
    ? {
        state: s.state,
        ...(s.message ? { message: s.message } : {}),
        ...(s.lastSyncAt ? { at: s.lastSyncAt } : {}),
      }
    : { state: 'off' as const }
  useApp.setState({ sync })
}

/**
 * Events only tell what happens from now on: a window opened (or reloaded) after the last round
 * asks once, so the status bar is right from the start, and again whenever someone signs in.
 */
export function primeSyncStatus(): void {
  const ask = () =>
    void kefu.sync
      .status({})
      .then(showSyncStatus)
      .catch(() => undefined)
  ask()
  kefu.on('session.changed', ask)
}

primeSyncStatus()
