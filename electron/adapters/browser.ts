import type { EventHub } from '../events'
import type { Adapters } from './types'

/**
 * The browser build's adapters: the page itself shows notifications (browser Notification API),
 * copies (navigator.clipboard) and prints (the print view); main only forwards the request.
 */
export function browserAdapters(events: EventHub): Adapters {
  return {
    notifications: { show: (n) => events.emit('notify', n) },
    safeStorage: {
      isAvailable: () => false,
      encrypt: (plain) => plain,
      decrypt: (sealed) => sealed,
    },
    globalShortcut: {
      // A browser tab cannot listen outside itself; the in-app shortcut still works.
      register: () => false,
      unregister: () => undefined,
    },
    print: {},
  }
}
