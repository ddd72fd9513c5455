import type { KefuApi } from '@shared/api'
import { createHttpBridge } from './http-bridge'

declare global {
  interface Window {
    kefu?: KefuApi
  }
}

// The preload's `window.kefu` in Electron; in the browser build the HTTP bridge takes the same
// place, so the page (and its tests) see one API either way.
window.kefu ??= createHttpBridge()

export const kefu: KefuApi = window.kefu
export { KefuCallError } from '@shared/api/envelope'
