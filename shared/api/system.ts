import { z } from 'zod'
import { method } from './define'

export interface AppInfo {
  name: string
  version: string
  /** 'electron' when the window is Electron's, 'browser' for the browser build. */
  shell: 'electron' | 'browser'
  dataDir: string
  deviceId: string
  deviceName: string
  /** Messages the user must see at start (a damaged file set aside, say), zh-CN. */
  notices: { code: string; message: string }[]
}

export const system = {
  info: method<AppInfo>()(z.object({}).strict(), { access: 'public' }),
  ping: method<{ pong: true; at: string }>()(z.object({}).strict(), { access: 'public' }),
}
