import fs from 'node:fs/promises'
import path from 'node:path'
import { contentSecurityPolicy, MIME, newNonce, renderIndexHtml, resolveAsset } from './app-page'

/**
 * The renderer is served from a privileged custom scheme, never file:// (DESIGN §6): the page
 * gets a real origin for its CSP and permission checks, and no path outside out/renderer can
 * be reached through it.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'kefu'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_URL = `${APP_ORIGIN}/`

/** Electron's CustomScheme, structurally. */
export interface PrivilegedScheme {
  scheme: string
  privileges: {
    standard: boolean
    secure: boolean
    supportFetchAPI: boolean
    codeCache: boolean
    corsEnabled: boolean
    bypassCSP: boolean
    allowServiceWorkers: boolean
    stream: boolean
  }
}

export const appScheme: PrivilegedScheme = {
  scheme: APP_SCHEME,
  privileges: {
    // standard: relative URLs, an origin and localStorage like https; secure: a secure context.
    standard: true,
    secure: true,
    supportFetchAPI: true,
    codeCache: true,
    corsEnabled: false,
    // The page's CSP must apply to it like to any site.
    bypassCSP: false,
    allowServiceWorkers: false,
    stream: false,
  },
}

/** Must run before app 'ready'. */
export function registerAppScheme(protocol: {
  registerSchemesAsPrivileged(schemes: PrivilegedScheme[]): void
}): void {
  protocol.registerSchemesAsPrivileged([appScheme])
}

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

function notFound(): Response {
  return new Response('找不到', {
    status: 404,
    headers: { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
  })
}

/**
 * Answers one `app://kefu/...` request: a file from rendererDir, or the page (index.html with a
 * fresh CSP nonce in a meta tag and the matching Content-Security-Policy header) for any route.
 */
export function createAppRequestHandler(rendererDir: string) {
  return async (request: Request): Promise<Response> => {
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return notFound()
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound()
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('不支持的请求', { status: 405, headers: BASE_HEADERS })
    }

    const file = resolveAsset(rendererDir, url.pathname)
    const stat = file ? await fs.stat(file).catch(() => null) : null
    if (file && stat?.isFile() && path.basename(file) !== 'index.html') {
      const body = request.method === 'HEAD' ? null : await fs.readFile(file)
      return new Response(body, {
        status: 200,
        headers: {
          ...BASE_HEADERS,
          'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          'content-length': String(stat.size),
        },
      })
    }
    const ext = path.extname(url.pathname)
    if (ext && ext !== '.html') return notFound()

    // The app routes inside its one page: every other path gets the page, with a fresh nonce.
    const nonce = newNonce()
    const html = await renderIndexHtml(rendererDir, { nonce })
    return new Response(request.method === 'HEAD' ? null : html, {
      status: 200,
      headers: {
        ...BASE_HEADERS,
        'content-type': MIME['.html']!,
        'content-security-policy': contentSecurityPolicy(nonce),
        'x-frame-options': 'DENY',
        'cross-origin-opener-policy': 'same-origin',
      },
    })
  }
}

/** Installs the handler on Electron's protocol module (after 'ready'). */
export function handleAppProtocol(
  protocol: { handle(scheme: string, handler: (request: Request) => Promise<Response>): void },
  rendererDir: string,
): void {
  const handler = createAppRequestHandler(rendererDir)
  protocol.handle(APP_SCHEME, async (request) => {
    try {
      return await handler(request)
    } catch (err) {
      console.error('[protocol]', err)
      return new Response('客服工作台页面加载失败', {
        status: 500,
        headers: { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
      })
    }
  })
}
