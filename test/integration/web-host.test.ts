import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAdapters } from '../../electron/adapters/browser'
import { createCore, type Core } from '../../electron/core'
import { startWebHost, type WebHost } from '../../electron/web-host'

let dir: string
let core: Core
let host: WebHost
let origin: string

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-webhost-'))
  const rendererDir = path.join(dir, 'renderer')
  fs.mkdirSync(rendererDir)
  fs.writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body></body></html>',
  )
  fs.writeFileSync(path.join(rendererDir, 'app.js'), 'console.log(1)')
  core = await createCore({
    dataDir: path.join(dir, 'data'),
    shell: 'browser',
    version: 'test',
    adapters: browserAdapters,
  })
  host = await startWebHost({ core, rendererDir })
  origin = host.url.replace(/\/$/, '')
})
afterAll(async () => {
  await host.close()
  await core.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

function call(name: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${origin}/api/${name}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin,
      'x-kefu-token': host.token,
      'x-kefu-client': 'client-test-1',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

describe('web host', () => {
  it('serves the page with the token, a nonce and a strict CSP', async () => {
    const res = await fetch(`${origin}/`)
    const html = await res.text()
    expect(html).toContain(`<meta name="kefu-token" content="${host.token}">`)
    const nonce = /name="kefu-nonce" content="([^"]+)"/.exec(html)?.[1]
    expect(nonce).toBeTruthy()
    const csp = res.headers.get('content-security-policy')!
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain(`'nonce-${nonce}'`)
    expect(csp).not.toContain("'unsafe-eval'")
  })

  it('answers a contract method', async () => {
    const res = await call('system.ping', {})
    expect(await res.json()).toMatchObject({ ok: true, value: { pong: true } })
  })

  it('refuses a request without the token', async () => {
    const res = await call('system.ping', {}, { 'x-kefu-token': '' })
    expect(res.status).toBe(401)
    expect((await res.json()).error).toMatchObject({ code: 'bad_token' })
  })

  it('refuses a request from another origin, even with the token', async () => {
    const res = await call('system.ping', {}, { origin: 'http://evil.example' })
    expect(res.status).toBe(403)
    expect((await res.json()).error.message).toMatch(/来源/)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request(`${origin}/`, { headers: { host: 'evil.example' } }, (r) =>
          resolve(r.statusCode ?? 0),
        )
        req.on('error', reject)
        req.end()
      })
    })
    expect(res).toBe(421)
  })

  it('gives invalid input a typed error in Chinese and stays up', async () => {
    const bad = await call('settings.setLocal', { idleLockMinutes: 'x' })
    const body = await bad.json()
    expect(body.ok).toBe(false)
    expect(body.error.code).toBe('invalid_input')
    expect(body.error.message).toMatch(/输入有误/)
    const broken = await call('settings.setLocal', '{"idle')
    expect((await broken.json()).error.code).toBe('invalid_input')
    const unknown = await call('nope.nothing', {})
    expect((await unknown.json()).error.code).toBe('unknown_method')
    const ok = await call('system.ping', {})
    expect((await ok.json()).ok).toBe(true)
  })

  it('streams events to the page itself, and to no other site', async () => {
    const headers = { 'x-kefu-token': host.token, 'x-kefu-client': 'client-test-1' }
    const foreign = await fetch(`${origin}/api/events`, {
      headers: { ...headers, 'sec-fetch-site': 'cross-site' },
    })
    expect(foreign.status).toBe(403)
    const ctrl = new AbortController()
    const own = await fetch(`${origin}/api/events`, {
      headers: { ...headers, 'sec-fetch-site': 'same-origin' },
      signal: ctrl.signal,
    })
    expect(own.status).toBe(200)
    const reader = own.body!.pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    core.events.emit('notify', { title: '即将超时', body: '工单 A 还有 5 分钟' })
    while (!text.includes('即将超时')) text += (await reader.read()).value ?? ''
    expect(text).toContain('event: notify')
    ctrl.abort()
  })

  it('never serves files outside the app folder', async () => {
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret')
    const res = await fetch(`${origin}/..%2Fsecret.txt`)
    expect(await res.text()).not.toContain('secret')
  })

  it('writes a setting into the data folder', async () => {
    const res = await call('settings.setLocal', { pcName: '前台2号机' })
    expect((await res.json()).value.pcName).toBe('前台2号机')
    const onDisk = JSON.parse(
      fs.readFileSync(path.join(dir, 'data', 'local-settings.json'), 'utf8'),
    )
    expect(onDisk.pcName).toBe('前台2号机')
  })
})
