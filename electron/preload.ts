/**
 * The preload (DESIGN §2, §6): builds `window.kefu` from the contract's method names and exposes
 * that and nothing else. It runs sandboxed, so it is bundled as CommonJS and may only import
 * 'electron' and shared/ code; raw ipcRenderer never reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { methodNames } from '../shared/api'
import { bridgeableError, unwrapEnvelope } from '../shared/api/envelope'

const EVENT_CHANNEL = 'kefu:event'

async function call(name: string, input: unknown): Promise<unknown> {
  try {
    return unwrapEnvelope(await ipcRenderer.invoke(name, input === undefined ? {} : input))
  } catch (err) {
    // contextBridge keeps only the message of a thrown Error; a plain object keeps code and fields.
    throw bridgeableError(err)
  }
}

type Listener = (payload: unknown) => void
const listeners = new Map<string, Set<Listener>>()

ipcRenderer.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return
  for (const listener of listeners.get(name) ?? []) {
    try {
      listener(payload)
    } catch (err) {
      console.error('[kefu] event listener failed', name, err)
    }
  }
})

function on(event: string, listener: Listener): () => void {
  if (typeof event !== 'string' || typeof listener !== 'function') {
    throw new TypeError('kefu.on(event, listener)')
  }
  let set = listeners.get(event)
  if (!set) listeners.set(event, (set = new Set()))
  set.add(listener)
  return () => {
    set.delete(listener)
  }
}

const api: Record<string, unknown> = {}
for (const name of methodNames()) {
  const dot = name.indexOf('.')
  const svc = name.slice(0, dot)
  const method = name.slice(dot + 1)
  const group = (api[svc] ??= {}) as Record<string, (input?: unknown) => Promise<unknown>>
  group[method] = (input?: unknown) => call(name, input)
}
api.on = on
api.shell = 'electron'

contextBridge.exposeInMainWorld('kefu', api)
