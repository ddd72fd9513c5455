import path from 'node:path'
import { AppError, ErrorCode } from '../../shared/errors'
import type { EventHub } from '../events'
import { isAppUrl } from '../security'
import type { Adapters, SaveDialogAdapter, SaveFileFilter } from './types'

/**
 * The Electron side of the adapters (DESIGN §1). Electron's modules come in as an argument, so
 * this file never imports 'electron' itself: main.ts passes the real ones, tests a recording fake.
 */
export interface ElectronModules {
  Notification: {
    isSupported(): boolean
    new (options: { title: string; body: string; silent?: boolean }): { show(): void }
  }
  safeStorage: {
    isEncryptionAvailable(): boolean
    encryptString(plain: string): Uint8Array
    decryptString(sealed: Buffer): string
    getSelectedStorageBackend?(): string
  }
  globalShortcut: {
    register(accelerator: string, callback: () => void): boolean
    unregister(accelerator: string): void
  }
  /** Opens a hidden, hardened window on the URL and resolves once it has loaded. */
  openHiddenWindow(url: string): Promise<PrintableWindow>
  platform: NodeJS.Platform
  /** Electron's `dialog`; without it (a shell that has none) exports fall back to downloads. */
  dialog?: SaveDialogModule
  /** The window a dialog belongs to: the focused one, else the main window, else none. */
  dialogWindow?: () => unknown
  /** Where the first save dialog of a run opens (the OS Downloads folder); later ones reopen the last folder. */
  exportDir?: string
}

export interface SaveDialogOptions {
  title?: string
  defaultPath?: string
  buttonLabel?: string
  filters?: SaveFileFilter[]
  properties?: Array<'createDirectory' | 'showOverwriteConfirmation'>
}

export interface SaveDialogModule {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>
  showSaveDialog(
    window: unknown,
    options: SaveDialogOptions,
  ): Promise<{ canceled: boolean; filePath?: string }>
}

export interface PrintableWindow {
  webContents: {
    executeJavaScript(code: string): Promise<unknown>
    printToPDF(options: {
      printBackground?: boolean
      preferCSSPageSize?: boolean
    }): Promise<Uint8Array>
  }
  destroy(): void
}

/** The print view sets this attribute once its data is on the page. */
export const PRINT_READY_SELECTOR = '[data-print-ready]'
const PRINT_TIMEOUT_MS = 20_000

async function waitForPrintReady(win: PrintableWindow, timeoutMs: number): Promise<void> {
  const probe = `document.querySelector(${JSON.stringify(PRINT_READY_SELECTOR)}) !== null`
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if ((await win.webContents.executeJavaScript(probe)) === true) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new AppError(ErrorCode.unavailable, '打印页面未能在规定时间内准备好，请重试')
}

function saveDialogAdapter(mods: ElectronModules): SaveDialogAdapter {
  let lastDir = mods.exportDir
  return {
    available: () => mods.dialog !== undefined,
    async choosePath({ defaultName, filters }) {
      const dialog = mods.dialog
      if (!dialog) throw new AppError(ErrorCode.unavailable, '这台电脑上无法打开保存对话框')
      const options: SaveDialogOptions = {
        title: '保存导出文件',
        defaultPath: lastDir ? path.join(lastDir, defaultName) : defaultName,
        buttonLabel: '保存',
        filters,
        // Linux asks before overwriting only when told to; Windows and macOS always ask.
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      }
      // Tied to the window the person is looking at, so the dialog can't hide behind it.
      const win = mods.dialogWindow?.() ?? null
      const r = win
        ? await dialog.showSaveDialog(win, options)
        : await dialog.showSaveDialog(options)
      if (r.canceled || !r.filePath) return null
      lastDir = path.dirname(r.filePath)
      return r.filePath
    },
  }
}

export function electronAdapters(
  mods: ElectronModules,
  appOrigin: string,
  opts: { printTimeoutMs?: number } = {},
): (events: EventHub) => Adapters {
  return (events) => ({
    notifications: {
      show(n) {
        if (mods.Notification.isSupported()) {
          new mods.Notification({ title: n.title, body: n.body }).show()
        } else {
          // No OS notifications (some Linux desktops): the page shows it instead.
          events.emit('notify', n)
        }
      },
    },
    safeStorage: {
      isAvailable() {
        if (!mods.safeStorage.isEncryptionAvailable()) return false
        // On Linux without a keyring Electron falls back to a hard-coded key: not protection.
        if (mods.platform === 'linux') {
          return mods.safeStorage.getSelectedStorageBackend?.() !== 'basic_text'
        }
        return true
      },
      encrypt(plain) {
        return Buffer.from(mods.safeStorage.encryptString(plain)).toString('base64')
      },
      decrypt(sealed) {
        return mods.safeStorage.decryptString(Buffer.from(sealed, 'base64'))
      },
    },
    globalShortcut: {
      register(accelerator, handler) {
        try {
          return mods.globalShortcut.register(accelerator, handler)
        } catch {
          // An accelerator Electron can't parse: the setting says it couldn't be registered.
          return false
        }
      },
      unregister(accelerator) {
        try {
          mods.globalShortcut.unregister(accelerator)
        } catch {
          // never registered
        }
      },
    },
    print: {
      async toPdf(url) {
        // Only the app's own print view: a hidden window must never load anything else.
        if (!isAppUrl(url, appOrigin)) {
          throw new AppError(ErrorCode.invalidInput, '只能打印客服工作台自己的页面')
        }
        const win = await mods.openHiddenWindow(url)
        try {
          await waitForPrintReady(win, opts.printTimeoutMs ?? PRINT_TIMEOUT_MS)
          const pdf = await win.webContents.printToPDF({
            printBackground: true,
            preferCSSPageSize: true,
          })
          return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength)
        } finally {
          win.destroy()
        }
      },
    },
    saveDialog: saveDialogAdapter(mods),
  })
}
