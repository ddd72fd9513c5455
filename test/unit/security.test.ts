import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  electronAdapters,
  type ElectronModules,
  type PrintableWindow,
} from '../../electron/adapters/electron'
import { EventHub } from '../../electron/events'
import {
  APP_ORIGIN,
  APP_URL,
  appScheme,
  createAppRequestHandler,
  handleAppProtocol,
  registerAppScheme,
} from '../../electron/protocol'
import {
  guardNavigation,
  hardenContents,
  hardenWebPreferences,
  isBlockedRequest,
  isTrustedSender,
  permissionCheckHandler,
  permissionRequestHandler,
  windowOpenHandler,
  type GuardableContents,
} from '../../electron/security'

type Listener = (...args: unknown[]) => void

// The guards log what they block; the assertions below are what matters here.
beforeAll(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
afterAll(() => vi.restoreAllMocks())

/** A webContents as far as the guards see it: records listeners so the test can fire events. */
function fakeContents() {
  const listeners = new Map<string, Listener[]>()
  let openHandler: ((d: { url: string }) => { action: string }) | null = null
  const contents = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener])
      return contents
    },
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      openHandler = h
    },
  }
  /** Fires an event the way Electron 45 does (details object with url, url again as 2nd arg). */
  const fire = (event: string, url?: string) => {
    let prevented = false
    const ev = { url, preventDefault: () => void (prevented = true) }
    for (const l of listeners.get(event) ?? []) l(ev, url)
    return prevented
  }
  const open = (url: string) => openHandler!({ url })
  return { contents: contents as unknown as GuardableContents, fire, open, listeners }
}

describe('webPreferences', () => {
  it('sets every isolation switch explicitly', () => {
    const prefs = hardenWebPreferences({ preload: '/app/out/preload/index.cjs' })
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
      preload: '/app/out/preload/index.cjs',
    })
    expect(Object.hasOwn(prefs, 'enableBlinkFeatures')).toBe(false)
  })
})

describe('navigation guard', () => {
  it('prevents navigating to another site, a local file or a script URL', () => {
    const { contents, fire } = fakeContents()
    guardNavigation(contents, APP_ORIGIN)
    expect(fire('will-navigate', 'https://example.com')).toBe(true)
    expect(fire('will-navigate', 'http://127.0.0.1:8080/')).toBe(true)
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(fire('will-navigate', 'javascript:alert(1)')).toBe(true)
    expect(fire('will-navigate', 'app://evil/')).toBe(true)
    expect(fire('will-navigate', 'app://attacker@kefu/')).toBe(true)
    expect(fire('will-redirect', 'https://example.com/login')).toBe(true)
    expect(fire('will-frame-navigate', 'https://example.com/frame')).toBe(true)
  })

  it('lets the app move within its own page', () => {
    const { contents, fire } = fakeContents()
    guardNavigation(contents, APP_ORIGIN)
    expect(fire('will-navigate', 'app://kefu/')).toBe(false)
    expect(fire('will-navigate', 'app://kefu/tickets?id=1#top')).toBe(false)
  })

  it('reads the URL from the second argument when the event object has none', () => {
    const { contents, listeners } = fakeContents()
    guardNavigation(contents, APP_ORIGIN)
    const preventDefault = vi.fn()
    for (const l of listeners.get('will-navigate')!) l({ preventDefault }, 'https://example.com')
    expect(preventDefault).toHaveBeenCalled()
  })

  it('refuses every <webview>', () => {
    const { contents, fire } = fakeContents()
    guardNavigation(contents, APP_ORIGIN)
    expect(fire('will-attach-webview')).toBe(true)
  })
})

describe('new windows', () => {
  it('window.open gets deny, whatever the URL', () => {
    const { contents, open } = fakeContents()
    hardenContents(contents, APP_ORIGIN)
    for (const url of ['https://example.com', 'app://kefu/', 'file:///etc/passwd', 'about:blank']) {
      expect(open(url)).toEqual({ action: 'deny' })
    }
  })

  it('hands only http(s) links to the external opener, and still denies the window', () => {
    const opener = vi.fn()
    const handler = windowOpenHandler(opener)
    expect(handler({ url: 'https://example.com/help' })).toEqual({ action: 'deny' })
    expect(handler({ url: 'file:///C:/Windows/system32/calc.exe' })).toEqual({ action: 'deny' })
    expect(handler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(handler({ url: 'smb://server/share' })).toEqual({ action: 'deny' })
    expect(handler({ url: 'https://user:pw@example.com/' })).toEqual({ action: 'deny' })
    expect(opener.mock.calls).toEqual([['https://example.com/help']])
  })
})

describe('permissions', () => {
  const request = (permission: string, requestingUrl: string) => {
    const callback = vi.fn()
    permissionRequestHandler(APP_ORIGIN)(null, permission, callback, { requestingUrl })
    return callback.mock.calls[0]?.[0] as boolean
  }

  it('refuses everything but clipboard writing', () => {
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'hid',
      'serial',
    ]) {
      expect(request(p, 'app://kefu/'), p).toBe(false)
    }
  })

  it('allows clipboard writing for the app page only', () => {
    expect(request('clipboard-sanitized-write', 'app://kefu/scripts')).toBe(true)
    expect(request('clipboard-sanitized-write', 'https://example.com/')).toBe(false)
    expect(request('clipboard-sanitized-write', 'file:///tmp/x.html')).toBe(false)
  })

  it('falls back to the page URL when the request carries none', () => {
    const callback = vi.fn()
    permissionRequestHandler(APP_ORIGIN)(
      { getURL: () => 'https://example.com/' },
      'clipboard-sanitized-write',
      callback,
      {},
    )
    expect(callback).toHaveBeenCalledWith(false)
  })

  it('answers synchronous permission checks the same way', () => {
    const check = permissionCheckHandler(APP_ORIGIN)
    expect(
      check(null, 'clipboard-sanitized-write', 'app://kefu', { requestingUrl: 'app://kefu/' }),
    ).toBe(true)
    expect(check(null, 'media', 'app://kefu', { requestingUrl: 'app://kefu/' })).toBe(false)
    expect(check(null, 'clipboard-sanitized-write', 'https://example.com', {})).toBe(false)
  })
})

describe('IPC sender check', () => {
  it('trusts only the app page', () => {
    expect(isTrustedSender('app://kefu/', APP_ORIGIN)).toBe(true)
    expect(isTrustedSender('app://kefu/index.html#/tickets', APP_ORIGIN)).toBe(true)
    for (const url of [
      'https://example.com/',
      'https://kefu/',
      'app://kefu.evil.com/',
      'app://evil/',
      'file:///app/out/renderer/index.html',
      'blob:app://kefu/6d2c',
      'about:blank',
      'app://x@kefu/',
      '',
      'not a url',
    ]) {
      expect(isTrustedSender(url, APP_ORIGIN), url).toBe(false)
    }
    expect(isTrustedSender(null, APP_ORIGIN)).toBe(false)
  })
})

describe('network requests', () => {
  it('cancels remote and file requests, keeps the app and inline data', () => {
    expect(isBlockedRequest('https://cdn.example.com/lib.js')).toBe(true)
    expect(isBlockedRequest('http://127.0.0.1:9222/json')).toBe(true)
    expect(isBlockedRequest('wss://example.com/socket')).toBe(true)
    expect(isBlockedRequest('file:///etc/passwd')).toBe(true)
    expect(isBlockedRequest('app://kefu/assets/index.js')).toBe(false)
    expect(isBlockedRequest('data:image/png;base64,AAAA')).toBe(false)
    expect(isBlockedRequest('blob:app://kefu/1234')).toBe(false)
  })
})

describe('app:// protocol', () => {
  let root: string
  let rendererDir: string
  const INDEX = '<!doctype html><html><head><title>客服工作台</title></head><body></body></html>'

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-protocol-'))
    rendererDir = path.join(root, 'renderer')
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true })
    fs.writeFileSync(path.join(rendererDir, 'index.html'), INDEX)
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
    fs.writeFileSync(path.join(root, 'secret.txt'), 'TOP-SECRET')
  })
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

  const get = (url: string, init?: RequestInit) =>
    createAppRequestHandler(rendererDir)(new Request(url, init))

  it('registers app: as a standard, secure scheme that still obeys CSP', () => {
    const registered: unknown[] = []
    registerAppScheme({ registerSchemesAsPrivileged: (s) => registered.push(...s) })
    expect(registered).toEqual([appScheme])
    expect(appScheme.privileges).toMatchObject({ standard: true, secure: true, bypassCSP: false })
  })

  it('serves the page with a fresh nonce that matches its CSP header', async () => {
    const a = await get(APP_URL)
    const b = await get('app://kefu/tickets/42')
    for (const res of [a, b]) {
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('text/html')
    }
    const nonceOf = async (res: Response) => {
      const html = await res.text()
      const nonce = /<meta name="kefu-nonce" content="([^"]+)">/.exec(html)?.[1]
      expect(nonce).toBeTruthy()
      const csp = res.headers.get('content-security-policy')!
      expect(csp).toContain(`'nonce-${nonce}'`)
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toContain('unsafe-eval')
      expect(html).not.toContain('kefu-token')
      return nonce
    }
    expect(await nonceOf(a)).not.toBe(await nonceOf(b))
  })

  it('serves assets with their type, and nothing outside the renderer folder', async () => {
    const js = await get('app://kefu/assets/app.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toContain('text/javascript')
    expect(await js.text()).toBe('console.log(1)')

    for (const url of [
      'app://kefu/../secret.txt',
      'app://kefu/%2e%2e/secret.txt',
      'app://kefu/assets/..%2f..%2fsecret.txt',
    ]) {
      const res = await get(url)
      expect(await res.text(), url).not.toContain('TOP-SECRET')
    }
    expect((await get('app://kefu/assets/missing.js')).status).toBe(404)
  })

  it('answers other hosts and methods with an error', async () => {
    expect((await get('app://other/assets/app.js')).status).toBe(404)
    expect((await get('app://kefu/', { method: 'POST', body: 'x' })).status).toBe(405)
  })

  it('installs on Electron protocol.handle for the app scheme and never throws to Electron', async () => {
    const handlers = new Map<string, (r: Request) => Promise<Response>>()
    handleAppProtocol(
      { handle: (scheme, h) => void handlers.set(scheme, h) },
      path.join(root, 'missing'),
    )
    expect([...handlers.keys()]).toEqual(['app'])
    const res = await handlers.get('app')!(new Request(APP_URL))
    expect(res.status).toBe(500)
  })
})

describe('Electron adapters', () => {
  function fakeModules(over: Partial<ElectronModules> = {}) {
    const shown: unknown[] = []
    const mods: ElectronModules = {
      Notification: Object.assign(
        function (this: { show(): void }, opts: unknown) {
          this.show = () => void shown.push(opts)
        } as unknown as ElectronModules['Notification'],
        { isSupported: () => true },
      ),
      safeStorage: {
        isEncryptionAvailable: () => true,
        encryptString: (s) => Buffer.from(`sealed:${s}`),
        decryptString: (b) => b.toString().replace(/^sealed:/, ''),
        getSelectedStorageBackend: () => 'gnome_libsecret',
      },
      globalShortcut: { register: () => true, unregister: () => undefined },
      openHiddenWindow: vi.fn(),
      platform: 'linux',
      ...over,
    }
    return { mods, shown }
  }

  it('round-trips protected strings and reports no protection on a keyring-less Linux', () => {
    const { mods } = fakeModules()
    const adapters = electronAdapters(mods, APP_ORIGIN)(new EventHub())
    expect(adapters.safeStorage.isAvailable()).toBe(true)
    const sealed = adapters.safeStorage.encrypt('密码')
    expect(sealed).not.toContain('密码')
    expect(adapters.safeStorage.decrypt(sealed)).toBe('密码')

    mods.safeStorage.getSelectedStorageBackend = () => 'basic_text'
    expect(adapters.safeStorage.isAvailable()).toBe(false)
  })

  it('shows OS notifications, or hands them to the page where the OS has none', () => {
    const { mods, shown } = fakeModules()
    const events = new EventHub()
    const pushed: unknown[] = []
    events.addSink((e, p) => void pushed.push([e, p]))
    const adapters = electronAdapters(mods, APP_ORIGIN)(events)
    adapters.notifications.show({ title: '新工单', body: '订单 123 申请退款' })
    expect(shown).toEqual([{ title: '新工单', body: '订单 123 申请退款' }])
    mods.Notification.isSupported = () => false
    adapters.notifications.show({ title: '超时', body: 'SLA' })
    expect(pushed).toEqual([['notify', { title: '超时', body: 'SLA' }]])
  })

  it('prints only the app page, waits for it to be ready and closes the hidden window', async () => {
    let probes = 0
    const win: PrintableWindow = {
      webContents: {
        executeJavaScript: async () => ++probes >= 3,
        printToPDF: async () => Buffer.from('%PDF-1.7'),
      },
      destroy: vi.fn(),
    }
    const { mods } = fakeModules({ openHiddenWindow: vi.fn(async () => win) })
    const adapters = electronAdapters(mods, APP_ORIGIN)(new EventHub())
    await expect(adapters.print.toPdf!('https://example.com/')).rejects.toMatchObject({
      code: 'invalid_input',
    })
    expect(mods.openHiddenWindow).not.toHaveBeenCalled()

    const pdf = await adapters.print.toPdf!('app://kefu/print/shift?id=1')
    expect(new TextDecoder().decode(pdf)).toBe('%PDF-1.7')
    expect(probes).toBe(3)
    expect(win.destroy).toHaveBeenCalledTimes(1)
  })

  it('gives up on a print view that never becomes ready, with a zh-CN message', async () => {
    const win: PrintableWindow = {
      webContents: { executeJavaScript: async () => false, printToPDF: vi.fn() },
      destroy: vi.fn(),
    }
    const { mods } = fakeModules({ openHiddenWindow: async () => win })
    const adapters = electronAdapters(mods, APP_ORIGIN, { printTimeoutMs: 250 })(new EventHub())
    await expect(adapters.print.toPdf!('app://kefu/print')).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/打印/),
    })
    expect(win.webContents.printToPDF).not.toHaveBeenCalled()
    expect(win.destroy).toHaveBeenCalled()
  })
})
