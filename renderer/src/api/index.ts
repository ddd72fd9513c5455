import type { KefuApi } from '@shared/api'
import { createHttpBridge } from './http-bridge'

declare global {
  interface Window {
    kefu?: KefuApi
  }
}

/** The preload's `window.kefu` in Electron; the HTTP bridge in the browser build. */
export const kefu: KefuApi = window.kefu ?? createHttpBridge()
export { KefuCallError } from '@shared/api/envelope'
