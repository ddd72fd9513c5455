import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
}

export function newNonce(): string {
  return randomBytes(16).toString('base64')
}

/**
 * The one Content-Security-Policy of the app page (DESIGN §6): scripts only from the app itself,
 * style elements only with the per-load nonce that Ant Design's ConfigProvider puts on the ones
 * it injects. Inline style attributes stay allowed (style-src-attr): component libraries position
 * popups with them, and they cannot run code.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'self' blob:",
  ].join('; ')
}

/** index.html with the nonce (and, for the browser build, the API token) in meta tags. */
export async function renderIndexHtml(
  rendererDir: string,
  meta: { nonce: string; token?: string },
): Promise<string> {
  const html = await fs.readFile(path.join(rendererDir, 'index.html'), 'utf8')
  const tags = [`<meta name="kefu-nonce" content="${meta.nonce}">`]
  if (meta.token) tags.push(`<meta name="kefu-token" content="${meta.token}">`)
  return html.replace('<head>', `<head>\n    ${tags.join('\n    ')}`)
}

/** Resolves a URL path to a file inside rendererDir, or null if it would leave it. */
export function resolveAsset(rendererDir: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/')
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const root = path.resolve(rendererDir)
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded))
  if (file !== root && !file.startsWith(root + path.sep)) return null
  return file
}
