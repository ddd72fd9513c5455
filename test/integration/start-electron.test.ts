import { createHash } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ensureElectron, failureMessage, MEMO_TTL_MS } from '../../scripts/electron-install.mjs'
import type { EnsureResult } from '../../scripts/electron-install.mjs'

type Failed = Extract<EnsureResult, { exe: null }>
function failed(r: EnsureResult): Failed {
  expect(r.exe).toBeNull()
  return r as Failed
}

// `npm start` on a PC without Electron's binary: the real installer of the electron package
// (install.js and @electron/get), run by our watchdog against a mirror served on 127.0.0.1.
const root = path.resolve(import.meta.dirname, '../..')
const realElectron = path.join(root, 'node_modules', 'electron')
const platformFile = process.platform === 'win32' ? 'electron.exe' : 'electron'

/** A zip with one executable file, shaped like Electron's release artifact (stored, no compression). */
function zipWithExecutable(name: string, body: string): Buffer {
  const data = Buffer.from(body)
  const nameBuf = Buffer.from(name)
  const crc = zlib.crc32(data)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt32LE(crc, 14)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(data.length, 22)
  local.writeUInt16LE(nameBuf.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE((3 << 8) | 20, 4) // made on Unix, so the mode below counts
  central.writeUInt16LE(20, 6)
  central.writeUInt32LE(crc, 16)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(data.length, 24)
  central.writeUInt16LE(nameBuf.length, 28)
  central.writeUInt32LE((0o100755 << 16) >>> 0, 38)
  const localPart = Buffer.concat([local, nameBuf, data])
  const centralPart = Buffer.concat([central, nameBuf])
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(centralPart.length, 12)
  end.writeUInt32LE(localPart.length, 16)
  return Buffer.concat([localPart, centralPart, end])
}

type Mode = 'serve' | 'refuse' | 'hang'
interface Mirror {
  url: string
  requests: string[]
  close(): Promise<void>
}

async function startMirror(mode: Mode): Promise<Mirror> {
  const zip = zipWithExecutable(platformFile, '#!/bin/sh\necho fake-electron "$@"\n')
  const sum = createHash('sha256').update(zip).digest('hex')
  const requests: string[] = []
  const hanging: http.ServerResponse[] = []
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '')
    if (mode === 'refuse') {
      res.writeHead(404).end('not here')
      return
    }
    if (req.url?.endsWith('/SHASUMS256.txt')) {
      const file = /electron-v[^/]*\.zip/.exec(requests.find((r) => r.endsWith('.zip')) ?? '')?.[0]
      res.writeHead(200).end(`${sum} *${file ?? 'electron.zip'}\n`)
      return
    }
    if (mode === 'hang') {
      // Headers and a first kilobyte, then nothing: a proxy or a firewall that stops the transfer.
      res.writeHead(200, { 'content-length': String(80 * 1024 * 1024) })
      res.write(Buffer.alloc(1024))
      hanging.push(res)
      return
    }
    res.writeHead(200, { 'content-length': String(zip.length) }).end(zip)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

let tmp: string
let electronDir: string
let memoFile: string
let mirror: Mirror | null = null

beforeEach(() => {
  // A copy of the electron package (its installer, version and checksums), resolving
  // @electron/get from the project's node_modules, so the real package is never touched.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-start-'))
  electronDir = path.join(tmp, 'electron')
  fs.mkdirSync(electronDir)
  for (const f of ['install.js', 'package.json', 'checksums.json']) {
    fs.copyFileSync(path.join(realElectron, f), path.join(electronDir, f))
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(tmp, 'node_modules'), 'dir')
  memoFile = path.join(tmp, 'memo.json')
})

afterEach(async () => {
  await mirror?.close()
  mirror = null
  fs.rmSync(tmp, { recursive: true, force: true })
})

function envFor(m: Mirror): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: tmp,
    ELECTRON_MIRROR: m.url,
    electron_config_cache: path.join(tmp, 'cache'),
    // The artifact here is a stand-in, so its sum comes from the mirror, as a mirror serves it.
    electron_use_remote_checksums: '1',
  }
}

describe('npm start gets Electron when its binary is missing', () => {
  it('uses a binary that is already there without asking any host', async () => {
    mirror = await startMirror('serve')
    fs.mkdirSync(path.join(electronDir, 'dist'))
    fs.writeFileSync(path.join(electronDir, 'dist', platformFile), '#!/bin/sh\n', { mode: 0o755 })
    fs.writeFileSync(path.join(electronDir, 'path.txt'), platformFile)
    const r = await ensureElectron({ electronDir, env: envFor(mirror), memoFile })
    expect(r).toEqual({ exe: path.join(electronDir, 'dist', platformFile), fetched: false })
    expect(mirror.requests).toEqual([])
  })

  it('fetches it from the mirror named by ELECTRON_MIRROR and forgets an earlier failure', async () => {
    mirror = await startMirror('serve')
    fs.writeFileSync(
      memoFile,
      JSON.stringify({ failedAt: 0, reason: 'unreachable', detail: 'ENOTFOUND' }),
    )
    const r = await ensureElectron({ electronDir, env: envFor(mirror), memoFile })
    expect(r.exe).toBe(path.join(electronDir, 'dist', platformFile))
    expect(fs.statSync(r.exe!).mode & 0o111).not.toBe(0)
    expect(
      mirror.requests.some((u) => /\/v\d+\.\d+\.\d+\/electron-v[\d.]+-\w+-\w+\.zip$/.test(u)),
    ).toBe(true)
    expect(r).toMatchObject({ fetched: true })
    expect(fs.existsSync(memoFile)).toBe(false)
  }, 120_000)

  it('a refused download serves the browser build, says why, and is not retried for a day', async () => {
    mirror = await startMirror('refuse')
    const first = failed(await ensureElectron({ electronDir, env: envFor(mirror), memoFile }))
    expect(first.reason).toBe('http')
    expect(first.detail).toContain('404')
    const text = failureMessage(first)
    expect(text).toContain('下载服务器拒绝了请求')
    expect(text).toContain('ELECTRON_MIRROR')
    expect(text).toContain('npm start -- --electron')
    expect(text).not.toContain('ELECTRON_SKIP_BINARY_DOWNLOAD')
    expect(text).not.toMatch(/\n\s+at /) // no raw stack

    const asked = mirror.requests.length
    const again = await ensureElectron({
      electronDir,
      env: envFor(mirror),
      memoFile,
      now: Date.now() + 60_000,
    })
    expect(again).toMatchObject({ exe: null, reason: 'http', remembered: true })
    expect(mirror.requests.length).toBe(asked)
    expect(failureMessage(failed(again))).toContain('一天之内不再自动重试')

    // A day later, or when asked with --electron, it tries again.
    await ensureElectron({
      electronDir,
      env: envFor(mirror),
      memoFile,
      now: Date.now() + MEMO_TTL_MS + 1,
    })
    expect(mirror.requests.length).toBeGreaterThan(asked)
    const n = mirror.requests.length
    await ensureElectron({ electronDir, env: envFor(mirror), memoFile, retry: true })
    expect(mirror.requests.length).toBeGreaterThan(n)
  }, 120_000)

  it('a host that cannot be reached is named as such', async () => {
    const closed = await startMirror('serve')
    const url = closed.url
    await closed.close()
    const r = await ensureElectron({
      electronDir,
      env: { ...envFor(closed), ELECTRON_MIRROR: url },
      memoFile,
    })
    expect(r).toMatchObject({ exe: null, reason: 'unreachable' })
    expect(failureMessage(failed(r))).toContain('无法连接 Electron 的下载服务器')
  }, 120_000)

  it('a download that stops moving is given up by the watchdog, and the installer is ended', async () => {
    mirror = await startMirror('hang')
    const r = await ensureElectron({ electronDir, env: envFor(mirror), memoFile, stallMs: 2_000 })
    expect(r).toMatchObject({ exe: null, reason: 'stalled', remembered: false })
    expect(failureMessage(failed(r))).toContain('没有任何进展')
    expect(JSON.parse(fs.readFileSync(memoFile, 'utf8'))).toMatchObject({ reason: 'stalled' })
    expect(fs.existsSync(path.join(electronDir, 'path.txt'))).toBe(false)
  }, 120_000)
})
