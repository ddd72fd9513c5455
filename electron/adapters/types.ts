/**
 * What only Electron can do, behind small interfaces (DESIGN §1). Each has an Electron
 * implementation (electron/adapters/electron.ts) and a browser-build one
 * (electron/adapters/browser.ts), injected at start-up.
 */
export interface NotificationAdapter {
  show(n: { title: string; body: string; tag?: string }): void
}

export interface SafeStorageAdapter {
  /** False where the OS offers no protected storage; Settings says so plainly. */
  isAvailable(): boolean
  encrypt(plain: string): string
  decrypt(sealed: string): string
}

export interface GlobalShortcutAdapter {
  register(accelerator: string, handler: () => void): boolean
  unregister(accelerator: string): void
}

export interface PrintAdapter {
  /** Renders a print view to PDF bytes, where the shell can; the browser build prints in the page. */
  toPdf?(url: string): Promise<Uint8Array>
}

export interface SaveFileFilter {
  /** What the dialog shows, in zh-CN, e.g. 'Excel 工作簿'. */
  name: string
  /** Without the dot: ['xlsx']. */
  extensions: string[]
}

export interface SaveDialogAdapter {
  /** False in the browser build: the page saves through a download instead. */
  available(): boolean
  /** Asks where to save; resolves to the chosen absolute path, or null when the person cancelled. */
  choosePath(opts: { defaultName: string; filters: SaveFileFilter[] }): Promise<string | null>
}

export interface Adapters {
  notifications: NotificationAdapter
  safeStorage: SafeStorageAdapter
  globalShortcut: GlobalShortcutAdapter
  print: PrintAdapter
  saveDialog: SaveDialogAdapter
}
