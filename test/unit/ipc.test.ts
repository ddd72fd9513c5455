import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { browserAdapters } from '../../electron/adapters/browser'
import { createCore, type Core } from '../../electron/core'
import {
  EVENT_CHANNEL,
  forwardEvents,
  registerIpc,
  type CallTarget,
  type EventReceiver,
  type InvokeEventLike,
  type IpcMainLike,
} from '../../electron/ipc'
import { APP_ORIGIN } from '../../electron/protocol'
import { contract, methodNames, type Envelope, type KefuApi } from '../../shared/api'

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>

/** ipcMain as far as ipc.ts sees it: records every handle() so the test can invoke channels. */
function fakeIpcMain() {
  const registrations: string[] = []
  const handlers = new Map<string, Handler>()
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      registrations.push(channel)
      handlers.set(channel, listener)
    },
    removeHandler(channel) {
      handlers.delete(channel)
    },
  }
  const invoke = (
    channel: string,
    input: unknown,
    frameUrl: string | null = 'app://kefu/',
    senderId = 7,
  ) =>
    handlers.get(channel)!(
      { sender: { id: senderId }, senderFrame: frameUrl === null ? null : { url: frameUrl } },
      input,
    ) as Promise<Envelope<unknown>>
  return { ipcMain, registrations, handlers, invoke }
}

const CJK = /[\u4e00-\u9fff]/

let dataDir: string
let core: Core
const warn = vi.spyOn(console, 'warn')

beforeAll(async () => {
  warn.mockImplementation(() => undefined)
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-ipc-'))
  core = await createCore({
    dataDir,
    shell: 'electron',
    version: '0.0.0-test',
    adapters: browserAdapters,
  })
})
afterAll(async () => {
  await core.close()
  warn.mockRestore()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('registerIpc', () => {
  it('registers every contract method exactly once, and nothing else', () => {
    const { ipcMain, registrations } = fakeIpcMain()
    registerIpc(ipcMain, core, APP_ORIGIN)
    const expected = Object.entries(contract).flatMap(([svc, methods]) =>
      Object.keys(methods).map((m) => `${svc}.${m}`),
    )
    expect(expected.length).toBeGreaterThan(0)
    expect([...registrations].sort()).toEqual([...expected].sort())
    expect(new Set(registrations).size).toBe(registrations.length)
  })

  it('refuses a call from a foreign frame with a typed error, without reaching the services', async () => {
    const spy: CallTarget = { call: vi.fn() }
    const { ipcMain, invoke } = fakeIpcMain()
    registerIpc(ipcMain, spy, APP_ORIGIN)
    for (const url of ['https://example.com/', 'file:///tmp/evil.html', 'app://evil/', null]) {
      const res = await invoke('system.info', {}, url)
      expect(res, String(url)).toEqual({
        ok: false,
        error: { code: 'bad_origin', message: expect.stringMatching(CJK) },
      })
    }
    expect(spy.call).not.toHaveBeenCalled()
  })

  it('answers invalid input with invalid_input and a zh-CN message, and keeps serving', async () => {
    const { ipcMain, invoke } = fakeIpcMain()
    registerIpc(ipcMain, core, APP_ORIGIN)
    const bad = await invoke('settings.setLocal', { language: 'fr', idleLockMinutes: 'ten' })
    expect(bad.ok).toBe(false)
    if (bad.ok) return
    expect(bad.error.code).toBe('invalid_input')
    expect(bad.error.message).toMatch(CJK)
    expect(Object.keys(bad.error.fields ?? {})).toEqual(
      expect.arrayContaining(['language', 'idleLockMinutes']),
    )

    for (const junk of [
      null,
      42,
      'x',
      [],
      { __proto__: { polluted: true } },
      { constructor: { prototype: 1 } },
    ]) {
      const res = await invoke('settings.setLocal', junk)
      expect(res.ok, JSON.stringify(junk)).toBe(false)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()

    const ok = await invoke('settings.setLocal', { pcName: '前台 2 号机' })
    expect(ok).toMatchObject({ ok: true, value: { pcName: '前台 2 号机' } })
  })

  it('names the session after the calling window, never after the payload', async () => {
    const calls: unknown[][] = []
    const spy: CallTarget = {
      call: async (...args) => {
        calls.push(args)
        return { ok: true, value: null }
      },
    }
    const { ipcMain, invoke } = fakeIpcMain()
    registerIpc(ipcMain, spy, APP_ORIGIN)
    await invoke('system.ping', { sessionId: 'wc-1' }, 'app://kefu/', 42)
    expect(calls).toEqual([['system.ping', { sessionId: 'wc-1' }, 'wc-42']])
  })

  it('turns a failure inside the core into an internal error envelope', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { ipcMain, invoke } = fakeIpcMain()
    registerIpc(ipcMain, { call: () => Promise.reject(new Error('boom')) }, APP_ORIGIN)
    await expect(invoke('system.ping', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    })
    error.mockRestore()
  })

  it('removes its handlers again', () => {
    const { ipcMain, handlers } = fakeIpcMain()
    const remove = registerIpc(ipcMain, core, APP_ORIGIN)
    expect(handlers.size).toBe(methodNames().length)
    remove()
    expect(handlers.size).toBe(0)
  })
})

describe('forwardEvents', () => {
  it('pushes events to live app windows only', () => {
    const sent = new Map<number, unknown[][]>()
    const target = (id: number, url: string, destroyed = false): EventReceiver => ({
      id,
      isDestroyed: () => destroyed,
      getURL: () => url,
      send: (...args) => void sent.set(id, [...(sent.get(id) ?? []), args]),
    })
    const targets = [
      target(1, 'app://kefu/'),
      target(2, 'https://example.com/'),
      target(3, 'app://kefu/', true),
    ]
    const stop = forwardEvents(core.events, () => targets, APP_ORIGIN)
    core.events.emit('store.changed', { entities: ['tickets'] })
    stop()
    core.events.emit('store.changed', { entities: ['scripts'] })
    expect(sent.get(1)).toEqual([[EVENT_CHANNEL, 'store.changed', { entities: ['tickets'] }]])
    expect(sent.has(2)).toBe(false)
    expect(sent.has(3)).toBe(false)
  })
})

// The preload, run against fakes of Electron's renderer modules and wired to the real main side.
const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  onEvent: [] as ((event: unknown, ...args: unknown[]) => void)[],
  invoke: (async () => undefined) as (channel: string, input: unknown) => Promise<unknown>,
  invoked: [] as string[],
}))

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => bridge.exposed.set(key, api) },
  ipcRenderer: {
    invoke: (channel: string, input: unknown) => {
      bridge.invoked.push(channel)
      return bridge.invoke(channel, input)
    },
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      if (channel === 'kefu:event') bridge.onEvent.push(listener)
    },
  },
}))

describe('preload', () => {
  let kefu: KefuApi & { shell: string }
  let stopForwarding: () => void

  beforeAll(async () => {
    const { ipcMain, invoke } = fakeIpcMain()
    registerIpc(ipcMain, core, APP_ORIGIN)
    bridge.invoke = (channel, input) => invoke(channel, input)
    const page: EventReceiver = {
      id: 7,
      isDestroyed: () => false,
      getURL: () => 'app://kefu/',
      send: (_channel, ...args) => bridge.onEvent.forEach((l) => l({ sender: 'ipc' }, ...args)),
    }
    stopForwarding = forwardEvents(core.events, () => [page], APP_ORIGIN)
    await import('../../electron/preload')
    kefu = bridge.exposed.get('kefu') as typeof kefu
  })
  afterAll(() => stopForwarding())

  it('exposes window.kefu and nothing else: the contract, on() and the shell name', () => {
    expect([...bridge.exposed.keys()]).toEqual(['kefu'])
    expect(Object.keys(kefu).sort()).toEqual([...Object.keys(contract), 'on', 'shell'].sort())
    for (const [svc, methods] of Object.entries(contract)) {
      expect(Object.keys((kefu as unknown as Record<string, object>)[svc]!).sort()).toEqual(
        Object.keys(methods).sort(),
      )
    }
    expect(kefu.shell).toBe('electron')
    const json = JSON.stringify(Object.keys(kefu))
    expect(json).not.toMatch(/ipcRenderer|invoke|send/)
  })

  it('resolves with the value of a successful call', async () => {
    const info = await kefu.system.info({})
    expect(info).toMatchObject({ shell: 'electron', dataDir })
    expect(bridge.invoked).toContain('system.info')
  })

  it('rejects invalid input with code, fields and a zh-CN message that survive contextBridge', async () => {
    const err = await kefu.settings.setLocal({ language: 'fr' as 'en' }).then(
      () => null,
      (e: unknown) => e,
    )
    // A plain object: contextBridge would rebuild an Error from its message alone.
    expect(Object.getPrototypeOf(err)).toBe(Object.prototype)
    expect(err).toMatchObject({
      name: 'KefuCallError',
      code: 'invalid_input',
      message: expect.stringMatching(CJK),
    })
    expect((err as { fields: Record<string, string> }).fields.language).toMatch(CJK)
  })

  it('delivers pushed events to listeners until they unsubscribe', () => {
    const seen: unknown[] = []
    const off = kefu.on('store.changed', (p) => seen.push(p))
    core.events.emit('store.changed', { entities: ['tickets'] })
    off()
    core.events.emit('store.changed', { entities: ['scripts'] })
    expect(seen).toEqual([{ entities: ['tickets'] }])
  })
})
