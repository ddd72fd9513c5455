import type { GlobalShortcutAdapter } from '../../adapters/types'

/**
 * The OS-wide shortcut that pops up the compact picker over the platform's own chat window
 * (issue 7 "Use"). Agents keep Qianniu or the PDD merchant client in front, so the shortcut
 * must work while our window is in the background; only Electron can do that, through the
 * global-shortcut adapter (the browser build's adapter refuses, and the in-app Ctrl+/ remains).
 */
export const DEFAULT_PICKER_SHORTCUT = 'CommandOrControl+Alt+K'

export interface PickerShortcut {
  readonly accelerator: string | null
  readonly registered: boolean
  /** Replaces the shortcut; null turns it off. Returns whether the OS accepted the new one. */
  set(accelerator: string | null): boolean
  dispose(): void
}

export function pickerShortcut(
  adapter: GlobalShortcutAdapter,
  onPressed: () => void,
  initial: string | null = DEFAULT_PICKER_SHORTCUT,
): PickerShortcut {
  let accelerator: string | null = null
  let registered = false
  const set = (next: string | null): boolean => {
    if (registered && accelerator) adapter.unregister(accelerator)
    accelerator = next
    // Another program may own the combination already: the adapter says so, nothing throws.
    registered = next ? adapter.register(next, onPressed) : false
    return registered
  }
  set(initial)
  return {
    get accelerator() {
      return accelerator
    },
    get registered() {
      return registered
    },
    set,
    dispose() {
      if (registered && accelerator) adapter.unregister(accelerator)
      registered = false
    },
  }
}
