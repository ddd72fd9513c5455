import { AppError, ErrorCode } from '../../shared/errors'
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
    saveDialog: {
      // A page cannot pick a folder on the PC: the renderer saves the bytes as a download.
      available: () => false,
      choosePath: () =>
        Promise.reject(
          new AppError(
            ErrorCode.unavailable,
            '浏览器版不能选择保存位置，文件会下载到浏览器的“下载”文件夹。',
          ),
        ),
    },
  }
}
