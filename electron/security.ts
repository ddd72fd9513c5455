/**
 * Window hardening (DESIGN §6) as plain functions over Electron-shaped objects, so the unit tests
 * drive them with fakes and main.ts wires them to the real webContents and session.
 */

/** The subset of Electron's WebPreferences this app sets; every security switch is explicit. */
export interface HardenedWebPreferences {
  contextIsolation: true
  sandbox: true
  nodeIntegration: false
  nodeIntegrationInWorker: false
  nodeIntegrationInSubFrames: false
  webSecurity: true
  allowRunningInsecureContent: false
  experimentalFeatures: false
  webviewTag: false
  navigateOnDragDrop: false
  safeDialogs: true
  spellcheck: false
  disableBlinkFeatures: string
  devTools: boolean
  preload?: string
}

/**
 * webPreferences for every window of the app. Set explicitly even where Electron's default is
 * already safe, so a changed default or a copied snippet can't quietly weaken them.
 */
export function hardenWebPreferences(
  opts: { preload?: string; devTools?: boolean } = {},
): HardenedWebPreferences {
  const prefs: HardenedWebPreferences = {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // A Chinese spell checker doesn't exist; the English one only underlines customers' words.
    spellcheck: false,
    // A middle click would otherwise open links in a new window past setWindowOpenHandler's reach.
    disableBlinkFeatures: 'Auxclick',
    devTools: opts.devTools ?? false,
  }
  if (opts.preload) prefs.preload = opts.preload
  return prefs
}

/**
 * True when `url` belongs to the app's origin (`app://kefu`). Compared by scheme and host, since
 * Node's URL reports the origin of a custom scheme as "null" even when Chromium treats it as
 * standard. Credentials in the URL are never ours.
 */
export function isAppUrl(url: string | null | undefined, appOrigin: string): boolean {
  if (typeof url !== 'string' || url === '') return false
  let u: URL
  let app: URL
  try {
    u = new URL(url)
    app = new URL(appOrigin)
  } catch {
    return false
  }
  if (u.username || u.password) return false
  return u.protocol === app.protocol && u.host === app.host && u.host !== ''
}

/** May this frame call the API? Only the app's own page, never another site, file:// or blob:. */
export function isTrustedSender(frameUrl: string | null | undefined, appOrigin: string): boolean {
  return isAppUrl(frameUrl, appOrigin)
}

/** Electron's navigation event: `url` on the event in current versions, the 2nd argument before. */
interface NavigationEvent {
  preventDefault(): void
  url?: string
}

export interface GuardableContents {
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate',
    listener: (event: NavigationEvent, url?: string) => void,
  ): unknown
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  setWindowOpenHandler(
    handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' },
  ): void
}

/**
 * Blocks every navigation away from the app (a dropped file, a link in a pasted message, a
 * redirect) and every <webview>. Navigations inside the app's own origin (its one page) pass.
 */
export function guardNavigation(contents: GuardableContents, appOrigin: string): void {
  const guard = (event: NavigationEvent, url?: string) => {
    const target = event.url ?? url
    if (!isAppUrl(target, appOrigin)) {
      event.preventDefault()
      console.warn('[security] blocked navigation to', String(target).slice(0, 200))
    }
  }
  contents.on('will-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-frame-navigate', guard)
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/** http(s) links may be handed to the system browser, after the person confirms; nothing else. */
export function isExternalLink(url: string): boolean {
  try {
    const u = new URL(url)
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password
  } catch {
    return false
  }
}

/**
 * `window.open` and target=_blank never open an Electron window. An http(s) link goes to
 * `openExternal` (main asks the person first, then opens the system browser) when one is given.
 */
export function windowOpenHandler(openExternal?: (url: string) => void) {
  return (details: { url: string }): { action: 'deny' } => {
    if (openExternal && isExternalLink(details.url)) openExternal(details.url)
    return { action: 'deny' }
  }
}

/** Everything one webContents needs, applied from app.on('web-contents-created'). */
export function hardenContents(
  contents: GuardableContents,
  appOrigin: string,
  openExternal?: (url: string) => void,
): void {
  guardNavigation(contents, appOrigin)
  contents.setWindowOpenHandler(windowOpenHandler(openExternal))
}

/** The only permission the app's page may have: writing plain text to the clipboard (copy a script). */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

export function isPermissionAllowed(
  permission: string,
  requestingUrl: string | null | undefined,
  appOrigin: string,
): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl, appOrigin)
}

/** For session.setPermissionRequestHandler: deny all but clipboard writing by the app itself. */
export function permissionRequestHandler(appOrigin: string) {
  return (
    webContents: { getURL?(): string } | null,
    permission: string,
    callback: (granted: boolean) => void,
    details?: { requestingUrl?: string },
  ): void => {
    const url = details?.requestingUrl ?? webContents?.getURL?.()
    const granted = isPermissionAllowed(permission, url, appOrigin)
    if (!granted) console.warn('[security] denied permission', permission)
    callback(granted)
  }
}

/** For session.setPermissionCheckHandler: the same rule for synchronous checks. */
export function permissionCheckHandler(appOrigin: string) {
  return (
    _webContents: unknown,
    permission: string,
    requestingOrigin: string,
    details?: { requestingUrl?: string },
  ): boolean =>
    isPermissionAllowed(permission, details?.requestingUrl ?? requestingOrigin, appOrigin)
}

/** Schemes the app never loads anything from: remote content and local files (DESIGN §6). */
const BLOCKED_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:'])

/**
 * For session.webRequest.onBeforeRequest, behind the CSP: no request leaves the machine and no
 * local file is read through the page, whatever a bug in the page might try.
 */
export function isBlockedRequest(url: string): boolean {
  try {
    return BLOCKED_SCHEMES.has(new URL(url).protocol)
  } catch {
    return true
  }
}

/** The per-window session key both transports share the SessionRegistry with. */
export function sessionIdFor(sender: { id: number }): string {
  return `wc-${sender.id}`
}
