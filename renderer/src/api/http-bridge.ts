import { contract, type EventName, type KefuApi, unwrapEnvelope } from '@shared/api'
import { KefuCallError } from '@shared/api/envelope'
import type { Envelope } from '@shared/api'

function meta(name: string): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? ''
}

/** One id per tab, kept across reloads: the web host keys the signed-in person by it. */
function clientId(): string {
  const key = 'kefu.client'
  let id = sessionStorage.getItem(key)
  if (!id) {
    id = crypto.randomUUID().replace(/-/g, '')
    sessionStorage.setItem(key, id)
  }
  return id
}

/**
 * `window.kefu` for the browser build: the same contract, over `POST /api/<service>.<method>`
 * with the per-run token the page was served with; events arrive on one streamed response.
 */
export function createHttpBridge(): KefuApi {
  const token = meta('kefu-token')
  const headers = {
    'content-type': 'application/json',
    'x-kefu-token': token,
    'x-kefu-client': clientId(),
  }
  const listeners = new Map<string, Set<(p: unknown) => void>>()

  async function call(name: string, input: unknown): Promise<unknown> {
    let res: Response
    try {
      res = await fetch(`/api/${name}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(input ?? {}),
      })
    } catch {
      throw new KefuCallError('unavailable', '无法连接到本机服务，请确认客服工作台仍在运行')
    }
    const env = (await res.json().catch(() => null)) as Envelope<unknown> | null
    if (!env) throw new KefuCallError('internal', `服务返回了无法识别的结果（${res.status}）`)
    return unwrapEnvelope(env)
  }

  let streaming = false
  async function stream(): Promise<void> {
    if (streaming) return
    streaming = true
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch('/api/events', { headers })
        if (!res.body) throw new Error('no body')
        attempt = 0
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
        let buf = ''
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          buf += value
          let cut: number
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, cut)
            buf = buf.slice(cut + 2)
            const event = /^event: (.*)$/m.exec(frame)?.[1]
            const data = /^data: (.*)$/m.exec(frame)?.[1]
            if (!event || data === undefined) continue
            const payload = JSON.parse(data) as unknown
            listeners.get(event)?.forEach((l) => l(payload))
          }
        }
      } catch {
        // the host went away (app closing, machine asleep): try again shortly
      }
      await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempt)))
    }
  }

  const api: Record<string, unknown> = {}
  for (const [svc, methods] of Object.entries(contract)) {
    const group: Record<string, (input: unknown) => Promise<unknown>> = {}
    for (const m of Object.keys(methods)) group[m] = (input) => call(`${svc}.${m}`, input)
    api[svc] = group
  }
  api.on = (event: EventName, listener: (p: unknown) => void) => {
    void stream()
    let set = listeners.get(event)
    if (!set) listeners.set(event, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }
  api.shell = 'browser'
  return api as unknown as KefuApi
}
