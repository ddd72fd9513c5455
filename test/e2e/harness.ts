import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  chromium,
  _electron,
  type Browser,
  type ElectronApplication,
  type Page,
} from 'playwright-core'
import { findElectronBinary } from '../../scripts/electron-binary.mjs'

const root = path.resolve(import.meta.dirname, '../..')

/** Electron's binary, where it was installed (users' machines); null where the download was skipped. */
export function electronBinary(): string | null {
  if (process.env.KEFU_E2E_SHELL === 'browser') return null
  return findElectronBinary()
}

export function findChromium(): string | null {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  ]
  return candidates.find((c): c is string => !!c && fs.existsSync(c)) ?? null
}

export const NO_BROWSER_MESSAGE =
  'E2E 测试需要 Chromium 或 Chrome：在 Debian/Ubuntu 上运行 `sudo apt-get install -y chromium fonts-noto-cjk`，' +
  '或用 CHROME_PATH 指向已安装的浏览器。\n' +
  'E2E tests need Chromium or Chrome: `sudo apt-get install -y chromium fonts-noto-cjk`, or set CHROME_PATH.'

export function tempDataDir(label = 'kefu-e2e'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`))
}

export interface AppHandle {
  page: Page
  dataDir: string
  /** Base URL of the web host (browser build only). */
  url: string | null
  token: string | null
  shell: 'electron' | 'browser'
  /** Opens another window (a second tab on the same host) as a separate session. */
  newPage(): Promise<Page>
  /** Stops the app, leaving the data folder (for restart tests). */
  stop(): Promise<void>
  /** Stops the app and removes its data folder. */
  close(): Promise<void>
}

let sharedBrowser: Browser | null = null

async function browser(): Promise<Browser> {
  if (sharedBrowser?.isConnected()) return sharedBrowser
  const exe = findChromium()
  if (!exe) throw new Error(NO_BROWSER_MESSAGE)
  sharedBrowser = await chromium.launch({
    executablePath: exe,
    headless: true,
    // Without these Chromium keeps calling home, which this closed network refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=zh-CN',
    ],
  })
  return sharedBrowser
}

export async function closeBrowser(): Promise<void> {
  await sharedBrowser?.close()
  sharedBrowser = null
}

function startWebHost(
  dataDir: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [path.join(root, 'out/main/web.js'), '--data-dir', dataDir],
    {
      cwd: root,
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  return new Promise((resolve, reject) => {
    let out = ''
    const onData = (d: Buffer) => {
      out += d.toString()
      const m = /KEFU_READY (\S+)/.exec(out)
      if (m) {
        child.stdout!.off('data', onData)
        resolve({ child, url: m[1]! })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
    child.once('exit', (code) =>
      reject(new Error(`web host exited (${code}) before it was ready:\n${out}`)),
    )
  })
}

async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('body[data-app-state="loaded"]', { timeout: 30_000 })
}

export interface LaunchOptions {
  dataDir?: string
  env?: NodeJS.ProcessEnv
}

/** Starts the app on a data folder and opens its window, waiting for the ready marker. */
export async function launchApp(opts: LaunchOptions = {}): Promise<AppHandle> {
  const dataDir = opts.dataDir ?? tempDataDir()
  const electronExe = electronBinary()
  if (electronExe) {
    const app: ElectronApplication = await _electron.launch({
      executablePath: electronExe,
      args: [path.join(root, 'out/main/index.js'), '--data-dir', dataDir],
      env: { ...process.env, ...opts.env, KEFU_E2E: '1' } as Record<string, string>,
    })
    const page = await app.firstWindow()
    await waitReady(page)
    const stop = () => app.close()
    return {
      page,
      dataDir,
      url: null,
      token: null,
      shell: 'electron',
      newPage: () => Promise.reject(new Error('one window per Electron app')),
      stop,
      close: async () => {
        await stop()
        fs.rmSync(dataDir, { recursive: true, force: true })
      },
    }
  }

  const { child, url } = await startWebHost(dataDir, opts.env)
  const b = await browser()
  const context = await b.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  await page.goto(url)
  await waitReady(page)
  const token = await page.locator('meta[name="kefu-token"]').getAttribute('content')
  const stop = async () => {
    await context.close()
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
  }
  return {
    page,
    dataDir,
    url,
    token,
    shell: 'browser',
    newPage: async () => {
      const ctx = await b.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
      const p = await ctx.newPage()
      await p.goto(url)
      await waitReady(p)
      return p
    },
    stop,
    close: async () => {
      await stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Where a screenshot of a user path goes: test-results/ in every run (git-ignored), and the
 * README's pictures in docs/ only when asked for with KEFU_DOCS=1, so running the tests never
 * changes tracked files.
 */
export function shotPath(name: string): string {
  const dir = path.join(root, process.env.KEFU_DOCS === '1' ? 'docs' : 'test-results')
  fs.mkdirSync(dir, { recursive: true })
  return path.join(dir, name)
}
