import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

/**
 * WebDAV servers for the tests, all on 127.0.0.1: `rclone serve webdav` (Debian package rclone)
 * that can be stopped and started again on the same port and folder, and a fault proxy that
 * stands in front of any server and does what a real one cannot be made to do here. Never
 * skipped: a missing rclone fails the test with how to install it.
 */

export const NO_RCLONE =
  'WebDAV 测试需要 rclone：在 Debian/Ubuntu 上运行 `sudo apt-get install -y rclone`。\n' +
  'The WebDAV tests need rclone: `sudo apt-get install -y rclone`.'

const RCLONE = ['/usr/bin/rclone', '/usr/local/bin/rclone'].find((p) => fs.existsSync(p))

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

export interface RcloneDav {
  url: string
  user: string
  password: string
  /** The folder the server serves (the space is its `kefu/`). */
  davDir: string
  /** Stops the process (a server switched off); `start` brings it back on the same port. */
  halt(): Promise<void>
  start(password?: string): Promise<void>
  stop(): Promise<void>
}

async function waitReady(url: string, auth: string, child: ChildProcess, out: () => string) {
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`rclone 没有启动（退出码 ${child.exitCode}）：\n${out()}\n${NO_RCLONE}`)
    try {
      const r = await fetch(url, {
        method: 'PROPFIND',
        headers: { Depth: '0', Authorization: auth },
      })
      await r.body?.cancel()
      if (r.status === 207) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`rclone 在 20 秒内没有就绪：\n${out()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

export async function startRcloneDav(user = 'kefu', password = '网盘密码456'): Promise<RcloneDav> {
  if (!RCLONE) throw new Error(NO_RCLONE)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-rclone-'))
  const davDir = path.join(dir, 'dav')
  fs.mkdirSync(path.join(davDir, 'kefu'), { recursive: true })
  const port = await freePort()
  const url = `http://127.0.0.1:${port}/kefu/`
  let child: ChildProcess | null = null
  let pass = password
  const server: RcloneDav = {
    url,
    user,
    get password() {
      return pass
    },
    davDir: path.join(davDir, 'kefu'),
    async start(newPassword?: string) {
      if (newPassword !== undefined) pass = newPassword
      let out = ''
      const c = spawn(
        RCLONE,
        [
          'serve',
          'webdav',
          davDir,
          '--addr',
          `127.0.0.1:${port}`,
          '--user',
          user,
          '--pass',
          pass,
          '--config',
          '/dev/null',
          '--dir-cache-time',
          '0s',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      )
      c.stdout?.on('data', (d: Buffer) => (out += d.toString()))
      c.stderr?.on('data', (d: Buffer) => (out += d.toString()))
      child = c
      const auth = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`
      await waitReady(url, auth, c, () => out)
    },
    async halt() {
      const c = child
      child = null
      if (c && c.exitCode === null) {
        const exited = new Promise((r) => c.once('exit', r))
        c.kill('SIGKILL')
        await exited
      }
    },
    async stop() {
      await server.halt()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
  await server.start()
  return server
}

// ---- the fault proxy ------------------------------------------------------------------------------

export type Fault =
  /** Answer requests of these methods with this status, without passing them on. */
  | { kind: 'status'; status: number; methods: string[]; pathIncludes?: string }
  /** PROPFIND answers lose the resources whose href contains this text. */
  | { kind: 'omit'; hrefIncludes: string }
  /** Every answer waits this long before it is passed back. */
  | { kind: 'slow'; ms: number }
  /** Uploads (PUT) are cut after this many bytes: the server gets half, the client a reset. */
  | { kind: 'cut'; afterBytes: number }

export interface FaultProxy {
  url: string
  fault: Fault | null
  /** Every request that reached the proxy: method and path. */
  log: { method: string; path: string }[]
  close(): Promise<void>
}

/** A proxy on 127.0.0.1 in front of `upstream` (a WebDAV URL); `fault` is changed by the test. */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const up = new URL(upstream)
  const sockets = new Set<net.Socket>()
  const proxy: FaultProxy = {
    url: '',
    fault: null,
    log: [],
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      }),
  }
  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET'
    const reqPath = req.url ?? '/'
    proxy.log.push({ method, path: reqPath })
    const fault = proxy.fault
    if (
      fault?.kind === 'status' &&
      fault.methods.includes(method) &&
      (!fault.pathIncludes || decodeURIComponent(reqPath).includes(fault.pathIncludes))
    ) {
      req.resume()
      res.writeHead(fault.status, { 'Content-Type': 'text/plain' })
      res.end(`fault ${fault.status}`)
      return
    }
    const headers: http.OutgoingHttpHeaders = { ...req.headers, host: up.host }
    const dest = req.headers.destination
    if (typeof dest === 'string') {
      // MOVE names its target by URL: the proxy's, rewritten to the server's.
      const d = new URL(dest)
      headers.destination = `${up.protocol}//${up.host}${d.pathname}`
    }
    const out = http.request(
      { host: up.hostname, port: up.port, method, path: reqPath, headers },
      (upRes) => {
        const chunks: Buffer[] = []
        upRes.on('data', (c: Buffer) => chunks.push(c))
        upRes.on('end', () => {
          let body = Buffer.concat(chunks)
          const f = proxy.fault
          if (f?.kind === 'omit' && method === 'PROPFIND') {
            // Drop whole <response> elements (any prefix) whose href holds the text.
            const text = body
              .toString('utf8')
              .replace(/<([\w-]+:)?response[\s>][\s\S]*?<\/\1?response>/g, (r) => {
                const href = /<(?:[\w-]+:)?href>([\s\S]*?)<\//.exec(r)?.[1] ?? ''
                return decodeURIComponent(href).includes(f.hrefIncludes) ? '' : r
              })
            body = Buffer.from(text, 'utf8')
          }
          const send = () => {
            const h = { ...upRes.headers }
            delete h['transfer-encoding']
            h['content-length'] = String(body.length)
            res.writeHead(upRes.statusCode ?? 502, h)
            res.end(body)
          }
          const slow = proxy.fault?.kind === 'slow' ? proxy.fault.ms : 0
          if (slow > 0) setTimeout(send, slow)
          else send()
        })
      },
    )
    out.on('error', () => {
      // The server went away under the request: the client sees its connection cut.
      req.socket.destroy()
    })
    if (fault?.kind === 'cut' && method === 'PUT') {
      let sent = 0
      req.on('data', (c: Buffer) => {
        if (sent >= fault.afterBytes) return
        const part = c.subarray(0, fault.afterBytes - sent)
        sent += part.length
        out.write(part)
        if (sent >= fault.afterBytes) {
          out.destroy()
          req.socket.destroy()
        }
      })
      req.on('end', () => {
        out.destroy()
        req.socket.destroy()
      })
      return
    }
    req.pipe(out)
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const port = (server.address() as net.AddressInfo).port
  proxy.url = `http://127.0.0.1:${port}${up.pathname}`
  return proxy
}
