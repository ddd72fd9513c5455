import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  app,
  BrowserWindow,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  Notification,
  protocol,
  safeStorage,
  session,
  shell,
  webContents,
} from 'electron'
import { AppError } from '../shared/errors'
import { electronAdapters } from './adapters/electron'
import { createCore, type Core } from './core'
import { resolveDataDir } from './data-dir'
import { forwardEvents, registerIpc } from './ipc'
import { APP_ORIGIN, APP_URL, handleAppProtocol, registerAppScheme } from './protocol'
import {
  hardenContents,
  hardenWebPreferences,
  isBlockedRequest,
  isExternalLink,
  permissionCheckHandler,
  permissionRequestHandler,
  sessionIdFor,
} from './security'

const TITLE = '客服工作台'
const here = path.dirname(fileURLToPath(import.meta.url))
// Built layout: out/main/index.js, out/preload/index.cjs, out/renderer/.
const preloadPath = path.join(here, '../preload/index.cjs')
const rendererDir = path.join(here, '../renderer')
const argv = process.argv.slice(1)
const e2e = argv.includes('--e2e') || Boolean(process.env.KEFU_E2E)
// DevTools only for developers running from source; a shared shop PC gets none.
const devTools = !app.isPackaged && !e2e
// `npm run dev` serves the renderer from electron-vite's dev server; a packaged app never does.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const appOrigin = devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN
const appUrl = devServerUrl ?? APP_URL

let mainWindow: BrowserWindow | null = null
let core: Core | null = null

// Everything a renderer could ever be: sandboxed, whatever a webPreferences object says.
app.enableSandbox()
registerAppScheme(protocol)

// Each data folder gets its own Chromium profile, so a second data folder (tests, a trainer's
// practice copy) runs beside the default one instead of being taken for a second launch.
const defaultUserData = app.getPath('userData')
const dataDir = resolveDataDir(argv, process.env, defaultUserData)
if (dataDir !== defaultUserData) app.setPath('userData', path.join(dataDir, 'electron-profile'))

function showWindow(win: BrowserWindow) {
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
}

/** Asks before an http(s) link from a training text or a customer message leaves the app. */
function confirmOpenExternal(url: string) {
  if (!isExternalLink(url)) return
  const options = {
    type: 'question' as const,
    buttons: ['在浏览器中打开', '取消'],
    defaultId: 1,
    cancelId: 1,
    title: TITLE,
    message: '要在系统浏览器中打开这个链接吗？',
    detail: url.slice(0, 500),
    noLink: true,
  }
  const asked = mainWindow
    ? dialog.showMessageBox(mainWindow, options)
    : dialog.showMessageBox(options)
  void asked.then((r) => {
    if (r.response !== 0) return
    // Reviewed for electronegativity: only http(s) links (isExternalLink), only after the person
    // said yes. The marker stays on the call's line through bundling (@preserve keeps it).
    /* eng-disable OPEN_EXTERNAL_JS_CHECK -- http(s) only, after confirmation @preserve */ void shell.openExternal(
      url,
    )
  })
}

function hardenSession() {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler(permissionRequestHandler(appOrigin))
  ses.setPermissionCheckHandler(permissionCheckHandler(appOrigin))
  ses.setDevicePermissionHandler(() => false)
  // The dev server is http://localhost; from a build, nothing is ever fetched over the network.
  if (devServerUrl) return
  // Behind the CSP: nothing leaves the machine and no local file is read through a page.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const cancel = isBlockedRequest(details.url)
    if (cancel) console.warn('[security] blocked request', details.url.slice(0, 200))
    callback({ cancel })
  })
}

function createWindow(): BrowserWindow {
  const icon = path.join(here, '../../resources/icons/icon.png')
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: TITLE,
    show: false,
    backgroundColor: '#f5f5f5',
    autoHideMenuBar: true,
    ...(fs.existsSync(icon) ? { icon } : {}),
    webPreferences: {
      ...hardenWebPreferences({ preload: preloadPath, devTools }),
      // Restated on the window itself so the security scan of the built code (electronegativity)
      // verifies them here; hardenWebPreferences sets the rest and is unit-tested.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  })
  win.once('ready-to-show', () => win.show())
  win.webContents.on('did-fail-load', (_e, code, description, url) => {
    console.error('[main] page failed to load', code, description, url)
  })
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null
  })
  void win.loadURL(appUrl)
  return win
}

async function openHiddenWindow(url: string) {
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      ...hardenWebPreferences({ preload: preloadPath, devTools: false }),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  })
  try {
    await win.loadURL(url)
  } catch (err) {
    win.destroy()
    throw err
  }
  return win
}

async function start() {
  handleAppProtocol(protocol, rendererDir)
  hardenSession()
  if (process.platform !== 'darwin') Menu.setApplicationMenu(null)

  core = await createCore({
    dataDir,
    shell: 'electron',
    version: app.getVersion(),
    adapters: electronAdapters(
      {
        Notification,
        safeStorage,
        globalShortcut,
        openHiddenWindow,
        platform: process.platform,
        dialog,
        dialogWindow: () => BrowserWindow.getFocusedWindow() ?? mainWindow,
        exportDir: app.getPath('downloads'),
      },
      appOrigin,
    ),
  })
  registerIpc(ipcMain, core, appOrigin)
  forwardEvents(core.events, () => webContents.getAllWebContents(), appOrigin)
  // The OS-wide script shortcut: bring the window over the platform's chat client so the
  // picker (opened by the same event in the page) is where the agent is looking.
  core.events.addSink((event) => {
    if (event !== 'scripts.quickPick' || !mainWindow || mainWindow.isDestroyed()) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.show()
    mainWindow.focus()
  })

  mainWindow = createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow()
  })
}

function failStart(err: unknown) {
  console.error('[main] start failed', err)
  const message =
    err instanceof AppError
      ? err.message
      : `启动时出错：${err instanceof Error ? err.message : String(err)}`
  dialog.showErrorBox(`${TITLE}无法启动`, `${message}\n\n数据目录：${dataDir}`)
  app.exit(1)
}

// Every webContents, including ones nobody here created, gets the navigation and window guards.
app.on('web-contents-created', (_event, contents) => {
  hardenContents(contents, appOrigin, confirmOpenExternal)
  // Whoever was signed in through this window is signed out with it.
  const sessionId = sessionIdFor(contents)
  contents.once('destroyed', () => core?.sessions.drop(sessionId))
})

if (!app.requestSingleInstanceLock()) {
  // A second launch hands over to the first window (it gets 'second-instance') and leaves.
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow && !mainWindow.isDestroyed()) showWindow(mainWindow)
  })
  app.on('window-all-closed', () => app.quit())
  let closing = false
  app.on('before-quit', (event) => {
    if (closing || !core) return
    // Let the stores finish writing before the process ends.
    event.preventDefault()
    closing = true
    void core
      .close()
      .catch((err: unknown) => console.error('[main] close failed', err))
      .finally(() => app.quit())
  })
  app.on('will-quit', () => globalShortcut.unregisterAll())
  app.whenReady().then(start).catch(failStart)
}
