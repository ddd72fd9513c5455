import { randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { EventMap, EventName } from '../shared/api'
import { contentSecurityPolicy, MIME, newNonce, renderIndexHtml, resolveAsset } from './app-page'
import type { Core } from './core'

export interface WebHostOptions {
  core: Core
  rendererDir: string
  port?: number
  /** Fixed token for tests; otherwise a random one per run. */
  token?: string
}

export interface WebHost {
  url: string
  token: string
  port: number
  close(): Promise<void>
}

const MAX_BODY = 40 * 1024 * 1024
const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/

/**
 * Serves the app page and the API contract on 127.0.0.1 for the browser build (DESIGN §2):
 * `POST /api/<service>.<method>` with the per-run token and the page's own Origin, and the
 * pushed events as a stream on `GET /api/events`.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const tokenBuf = Buffer.from(token)
  let origin = ''
  let hosts: string[] = []
  const streams = new Set<http.ServerResponse>()

  const tokenOk = (req: http.IncomingMessage): boolean => {
    const given = req.headers['x-kefu-token']
    if (typeof given !== 'string') return false
    const buf = Buffer.from(given)
    return buf.length === tokenBuf.length && timingSafeEqual(buf, tokenBuf)
  }

  const refuse = (res: http.ServerResponse, status: number, code: string, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify({ ok: false, error: { code, message } }))
  }

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err) => {
      console.error('[web-host]', err)
      if (!res.headersSent) refuse(res, 500, 'internal', '服务内部错误')
      else res.end()
    })
  })

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    res.setHeader('x-content-type-options', 'nosniff')
    res.setHeader('referrer-policy', 'no-referrer')
    res.setHeader('cache-control', 'no-store')
    // A page on another site may resolve its own name to 127.0.0.1 (DNS rebinding): only our host names pass.
    if (!hosts.includes(req.headers.host ?? ''))
      return refuse(res, 421, 'bad_host', '拒绝访问：主机名不正确')
    const url = new URL(req.url ?? '/', origin)

    if (url.pathname.startsWith('/api/')) {
      // Browsers send Origin on POST but not on a same-origin GET: the event stream is let
      // through without one only when the browser itself says the request is same-origin.
      const sameOriginGet =
        req.method === 'GET' &&
        req.headers.origin === undefined &&
        req.headers['sec-fetch-site'] === 'same-origin'
      if (req.headers.origin !== origin && !sameOriginGet)
        return refuse(res, 403, 'bad_origin', '拒绝访问：请求来源不可信')
      if (!tokenOk(req)) return refuse(res, 401, 'bad_token', '拒绝访问：缺少或错误的访问令牌')
      const clientId = req.headers['x-kefu-client']
      if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId)) {
        return refuse(res, 400, 'bad_client', '拒绝访问：缺少窗口标识')
      }
      if (url.pathname === '/api/events' && req.method === 'GET') return openStream(res)
      if (req.method !== 'POST') return refuse(res, 405, 'bad_method', '只接受 POST 请求')
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return refuse(res, 415, 'bad_type', '只接受 JSON 请求')
      }
      let name: string
      try {
        name = decodeURIComponent(url.pathname.slice('/api/'.length))
      } catch {
        return refuse(res, 400, 'unknown_method', '未知的接口：接口名的编码不正确')
      }
      // Refused as soon as the limit is passed (or announced), not after reading it all.
      const declared = Number(req.headers['content-length'] ?? 0)
      const body = declared > MAX_BODY ? null : await readBody(req)
      if (body === null) {
        refuse(res, 413, 'too_large', '请求内容过大')
        // Nothing more is read (the sender is held back by TCP); the connection is dropped a
        // moment after the answer, once the sender has had the chance to read it.
        res.on('finish', () => setTimeout(() => req.destroy(), 2000).unref())
        return
      }
      let input: unknown
      try {
        input = body.length ? JSON.parse(body) : {}
      } catch {
        return refuse(res, 400, 'invalid_input', '输入有误：不是有效的 JSON')
      }
      const envelope = await opts.core.call(name, input, clientId)
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(envelope))
      return
    }

    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 405, 'bad_method', '不支持的请求')
    return serveFile(url.pathname, res)
  }

  async function serveFile(pathname: string, res: http.ServerResponse) {
    const file = resolveAsset(opts.rendererDir, pathname)
    const stat = file ? await fs.stat(file).catch(() => null) : null
    if (file && stat?.isFile() && path.basename(file) !== 'index.html') {
      res.writeHead(200, {
        'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': stat.size,
      })
      res.end(await fs.readFile(file))
      return
    }
    const ext = path.extname(pathname)
    if (ext && ext !== '.html') return refuse(res, 404, 'not_found', '找不到')
    // The app routes inside one page: every other path gets the page, with a fresh nonce.
    return sendPage(res)
  }

  async function sendPage(res: http.ServerResponse) {
    const nonce = newNonce()
    const html = await renderIndexHtml(opts.rendererDir, { nonce, token })
    res.writeHead(200, {
      'content-type': MIME['.html']!,
      'content-security-policy': contentSecurityPolicy(nonce),
      'x-frame-options': 'DENY',
    })
    res.end(html)
  }

  function openStream(res: http.ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
    })
    res.write(': open\n\n')
    streams.add(res)
    res.on('close', () => streams.delete(res))
  }

  const removeSink = opts.core.events.addSink(
    <E extends EventName>(event: E, payload: EventMap[E]) => {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
      for (const s of streams) s.write(frame)
    },
  )
  const keepAlive = setInterval(() => {
    for (const s of streams) s.write(': ping\n\n')
  }, 15_000)
  keepAlive.unref()

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  origin = `http://127.0.0.1:${port}`
  hosts = [`127.0.0.1:${port}`, `localhost:${port}`]

  return {
    url: origin + '/',
    token,
    port,
    async close() {
      removeSink()
      clearInterval(keepAlive)
      for (const s of streams) s.end()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The body, or null as soon as more than MAX_BODY bytes have come (reading stops there). */
function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        req.off('data', onData)
        req.pause()
        chunks.length = 0
        resolve(null)
      } else chunks.push(c)
    }
    req.on('data', onData)
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
