import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Envelope } from '../../shared/api'
import { browserAdapters } from '../../electron/adapters/browser'
import { createCore, type Core } from '../../electron/core'
import { startWebHost, type WebHost } from '../../electron/web-host'

// Holes a fuzzer found (issue 14 item 5), each closed and kept closed here, on a real data
// folder behind the real HTTP transport.

let dir: string
let core: Core
let host: WebHost
let origin: string

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-holes-'))
  const rendererDir = path.join(dir, 'renderer')
  fs.mkdirSync(rendererDir)
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
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

async function call<T = unknown>(
  client: string,
  name: string,
  body: unknown,
): Promise<{ status: number; body: Envelope<T> }> {
  const res = await fetch(`${origin}/api/${name}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin,
      'x-kefu-token': host.token,
      'x-kefu-client': client,
    },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Envelope<T> }
}

async function ok<T = unknown>(client: string, name: string, body: unknown = {}): Promise<T> {
  const r = await call<T>(client, name, body)
  if (!r.body.ok) throw new Error(`${name}: ${JSON.stringify(r.body.error)}`)
  return r.body.value
}

async function errorOf(client: string, name: string, body: unknown) {
  const r = await call(client, name, body)
  expect(r.body.ok).toBe(false)
  return r.body.ok ? null! : r.body.error
}

describe('holes found by fuzzing', () => {
  it('the PC name and idle lock: anyone before the first person exists (a joining PC), then only a signed-in admin; the language stays public', async () => {
    // Nobody set up yet: the first-start and join screens name the PC.
    expect(
      (await ok<{ pcName: string }>('admin-win1', 'settings.setLocal', { pcName: '前台一号机' }))
        .pcName,
    ).toBe('前台一号机')
    const { me } = await ok<{ me: { id: string } }>('admin-win1', 'people.setupAdmin', {
      name: '店长',
      pin: '246810',
    })
    const agent = await ok<{ id: string }>('admin-win1', 'people.create', {
      name: '小王',
      pin: '135790',
      roles: ['agent'],
    })

    // Signed out: refused, and nothing changes on disk.
    const out = await errorOf('stranger-1', 'settings.setLocal', { pcName: '我的电脑' })
    expect(out.code).toBe('not_signed_in')
    expect((await errorOf('stranger-1', 'settings.setLocal', { idleLockMinutes: 240 })).code).toBe(
      'not_signed_in',
    )
    // An agent: refused too.
    await ok('agent-win-1', 'people.signIn', { personId: agent.id, pin: '135790' })
    const agentTry = await errorOf('agent-win-1', 'settings.setLocal', { idleLockMinutes: 240 })
    expect(agentTry.code).toBe('forbidden')
    expect(agentTry.message).toContain('只有管理员')
    const onDisk = () =>
      JSON.parse(fs.readFileSync(path.join(dir, 'data', 'local-settings.json'), 'utf8')) as {
        pcName?: string
        idleLockMinutes: number
        language: string
      }
    expect(onDisk()).toMatchObject({ pcName: '前台一号机', idleLockMinutes: 10 })

    // The language is for whoever sits at the PC, signed in or not.
    expect(
      (await ok<{ language: string }>('stranger-1', 'settings.setLocal', { language: 'en' }))
        .language,
    ).toBe('en')
    await ok('stranger-1', 'settings.setLocal', { language: 'zh-CN' })

    // The admin may, and the change is audited.
    const done = await ok<{ idleLockMinutes: number }>('admin-win1', 'settings.setLocal', {
      pcName: '售后一号机',
      idleLockMinutes: 15,
    })
    expect(done.idleLockMinutes).toBe(15)
    expect(onDisk()).toMatchObject({ pcName: '售后一号机', idleLockMinutes: 15 })
    const log = await ok<{ entries: { action: string; by: string; detail: string }[] }>(
      'admin-win1',
      'audit.list',
      { offset: 0, limit: 50 },
    )
    const entry = log.entries.find((e) => e.action === 'settings.local')
    expect(entry).toMatchObject({ by: me.id })
    expect(entry!.detail).toContain('售后一号机')
  })

  it('a malformed percent-encoding in the method name is a typed 400, not a 500', async () => {
    for (const bad of ['%E0%A4%A', 'system.%zzping', '%', 'tickets.%C0%80']) {
      const r = await call('client-fuzz-1', bad, {})
      expect(r.status).toBe(400)
      expect(r.body.ok).toBe(false)
      if (!r.body.ok) {
        expect(r.body.error.code).toBe('unknown_method')
        expect(r.body.error.message).toContain('未知的接口')
      }
    }
    expect((await call('client-fuzz-1', 'system.ping', {})).body.ok).toBe(true)
  })

  it('an unreadable base64 file in scripts.import and importPreview answers 「文件无法读取」, and the refused import is audited', async () => {
    await ok('script-win-1', 'people.signIn', {
      personId: (await ok<{ id: string; name: string }[]>('admin-win1', 'people.list')).find(
        (p) => p.name === '店长',
      )!.id,
      pin: '246810',
    })
    for (const method of ['scripts.importPreview', 'scripts.import']) {
      for (const junk of ['!!!!', '不是文件', 'QUJD*', 'A\u0000B=']) {
        const e = await errorOf('script-win-1', method, { name: '话术.xlsx', bytesBase64: junk })
        expect(e.code).toBe('invalid_input')
        expect(e.message).toBe('文件无法读取')
      }
    }
    const log = await ok<{ entries: { action: string; target: string; detail: string }[] }>(
      'script-win-1',
      'audit.list',
      { offset: 0, limit: 200, action: 'import.failed' },
    )
    const failed = log.entries.filter((e) => e.target === 'scripts.import')
    expect(failed).toHaveLength(4)
    expect(failed[0]!.detail).toContain('话术.xlsx')
    expect(failed[0]!.detail).toContain('文件无法读取')
  })

  it('a request body over the limit is refused as soon as the limit is passed, not after reading it all', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61)
    let sent = 0
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${origin}/api/scripts.import`)
      const req = http.request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin,
          'x-kefu-token': host.token,
          'x-kefu-client': 'client-big-1',
          'transfer-encoding': 'chunked',
        },
      })
      let answered = false
      req.on('response', (res) => {
        answered = true
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      // The host drops the connection a moment after its answer; only a failure without an
      // answer is one.
      req.on('error', (e) => {
        if (!answered) req.once('response', () => undefined)
        setImmediate(() => (answered ? undefined : reject(e)))
      })
      const pump = async () => {
        // Up to 60 MB offered; the host must answer long before the end.
        while (!answered && sent < 60 * chunk.length) {
          sent += chunk.length
          if (!req.write(chunk))
            await new Promise<void>((r) => {
              const done = () => {
                for (const ev of ['drain', 'response', 'close']) req.off(ev, done)
                r()
              }
              for (const ev of ['drain', 'response', 'close']) req.once(ev, done)
            })
        }
        if (!answered) req.end()
        else req.destroy()
      }
      void pump()
    })
    expect(status).toBe(413)
    // The limit is 40 MB: refused within the few megabytes the socket buffers hold after it.
    expect(sent).toBeLessThan(48 * chunk.length)

    // Announced as too large: refused before any of it is read.
    const declared = await new Promise<number>((resolve, reject) => {
      const req = http.request(new URL(`${origin}/api/system.ping`), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin,
          'x-kefu-token': host.token,
          'x-kefu-client': 'client-big-1',
          'content-length': String(50 * 1024 * 1024),
        },
      })
      req.on('response', (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
        req.destroy()
      })
      req.on('error', reject)
      req.write('{')
    })
    expect(declared).toBe(413)
    expect((await call('client-big-1', 'system.ping', {})).body.ok).toBe(true)
  })
})
