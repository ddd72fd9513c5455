// Gets Electron's binary for `npm start` the way Electron itself does (its own `install.js`, which
// honours ELECTRON_MIRROR, its cache and its checksums), but under a watchdog: that installer has
// no timeout and no progress of its own, and where its host cannot be reached it hangs or dies
// with a raw stack. A failure is remembered for a day so that every start does not wait again.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import process from 'node:process'
import { findElectronBinary } from './electron-binary.mjs'

export const MEMO_TTL_MS = 24 * 60 * 60 * 1000
const POLL_MS = 500

/** Bytes under a folder: the download lands in the child's temp folder, then in dist/. */
function bytesUnder(dir) {
  let total = 0
  let entries
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const e of entries) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) total += bytesUnder(p)
    else {
      try {
        total += fs.statSync(p).size
      } catch {
        // removed between the listing and the stat: the installer moves files as it goes
      }
    }
  }
  return total
}

/** The host the installer downloads from, to name it when it cannot be reached. */
function mirrorHost(env) {
  const mirror =
    env.ELECTRON_MIRROR ||
    env.npm_config_electron_mirror ||
    env.NPM_CONFIG_ELECTRON_MIRROR ||
    'https://github.com/electron/electron/releases/download/'
  try {
    return new URL(mirror).host
  } catch {
    return mirror
  }
}

/** What went wrong, read from the installer's stderr (it prints an error stack and exits 1). */
export function classifyInstallError(stderr) {
  const http = /Response code (\d{3})[^\n]*?for (\S+)/.exec(stderr)
  if (http) return { reason: 'http', detail: `HTTP ${http[1]} ${http[2]}` }
  const net =
    /(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|fetch failed)/.exec(
      stderr,
    )
  if (net) return { reason: 'unreachable', detail: net[1] }
  if (/checksum|sha256|SHASUMS/i.test(stderr))
    return { reason: 'checksum', detail: 'checksum mismatch' }
  const first = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('at '))
  return { reason: 'failed', detail: (first ?? 'exit code non-zero').slice(0, 200) }
}

function readMemo(file) {
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8'))
    return typeof m.failedAt === 'number' && typeof m.reason === 'string' ? m : null
  } catch {
    return null
  }
}

function writeMemo(file, memo) {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(memo, null, 2))
}

function proxyEnv(env) {
  const proxy = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy
  // @electron/get reads HTTP(S)_PROXY only when asked to (through undici's proxy agent).
  return proxy && !env.ELECTRON_GET_USE_PROXY ? { ELECTRON_GET_USE_PROXY: 'true' } : {}
}

/**
 * Makes sure Electron's binary is there: present → its path; missing → run Electron's installer
 * under the watchdog; failed within the last day → say so without trying again (unless `retry`).
 */
export async function ensureElectron({
  electronDir,
  env = process.env,
  stallMs = 20_000,
  memoFile,
  now = Date.now(),
  retry = false,
  onProgress = () => {},
}) {
  const present = findElectronBinary(electronDir)
  if (present) return { exe: present, fetched: false }
  const memo = retry ? null : readMemo(memoFile)
  if (memo && now - memo.failedAt < MEMO_TTL_MS) {
    return {
      exe: null,
      reason: memo.reason,
      detail: memo.detail,
      failedAt: memo.failedAt,
      remembered: true,
    }
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-electron-'))
  const outcome = await runInstaller(
    electronDir,
    { ...env, ...proxyEnv(env), TMPDIR: tmp, TMP: tmp, TEMP: tmp },
    {
      stallMs,
      watch: [tmp, path.join(electronDir, 'dist')],
      onProgress,
    },
  )
  fs.rmSync(tmp, { recursive: true, force: true })
  const exe = outcome.ok ? findElectronBinary(electronDir) : null
  if (exe) {
    fs.rmSync(memoFile, { force: true })
    return { exe, fetched: true }
  }
  const failure = outcome.ok
    ? { reason: 'failed', detail: 'installer finished without a binary' }
    : outcome
  const failedAt = Date.now()
  writeMemo(memoFile, { failedAt, reason: failure.reason, detail: failure.detail })
  return { exe: null, reason: failure.reason, detail: failure.detail, failedAt, remembered: false }
}

function runInstaller(electronDir, env, { stallMs, watch, onProgress }) {
  return new Promise((resolve) => {
    // ELECTRON_GET_NO_PROGRESS: its own bar appears only after 30 s; ours is measured on disk.
    const child = spawn(process.execPath, [path.join(electronDir, 'install.js')], {
      cwd: electronDir,
      env: { ...env, ELECTRON_GET_NO_PROGRESS: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d) => {
      stderr = (stderr + d.toString()).slice(-8000)
    })
    let last = -1
    let lastChange = Date.now()
    let stalled = false
    const timer = setInterval(() => {
      const bytes = watch.reduce((n, d) => n + bytesUnder(d), 0)
      if (bytes !== last) {
        last = bytes
        lastChange = Date.now()
        if (bytes > 0) onProgress(bytes)
      } else if (Date.now() - lastChange >= stallMs) {
        stalled = true
        child.kill('SIGKILL')
      }
    }, POLL_MS)
    child.on('error', (err) => {
      clearInterval(timer)
      resolve({ ok: false, reason: 'failed', detail: err.message })
    })
    child.on('exit', (code) => {
      clearInterval(timer)
      if (stalled)
        resolve({ ok: false, reason: 'stalled', detail: `${Math.round(stallMs / 1000)} s` })
      else if (code === 0) resolve({ ok: true })
      else {
        const failure = classifyInstallError(stderr)
        if (failure.reason === 'unreachable')
          failure.detail = `${mirrorHost(env)}: ${failure.detail}`
        resolve({ ok: false, ...failure })
      }
    })
  })
}

const REASON_ZH = {
  stalled: (d) => `下载 Electron 时 ${d} 没有任何进展，已停止`,
  unreachable: (d) => `无法连接 Electron 的下载服务器（${d}）`,
  http: (d) => `下载服务器拒绝了请求（${d}）`,
  checksum: () => '下载的 Electron 文件校验失败',
  failed: (d) => `安装 Electron 失败（${d}）`,
}
const REASON_EN = {
  stalled: (d) => `the Electron download made no progress for ${d} and was stopped`,
  unreachable: (d) => `Electron's download host could not be reached (${d})`,
  http: (d) => `the download host refused the request (${d})`,
  checksum: () => 'the downloaded Electron file failed its checksum',
  failed: (d) => `installing Electron failed (${d})`,
}

/** The truthful explanation `npm start` prints before serving the browser build instead. */
export function failureMessage(r) {
  const when = new Date(r.failedAt).toLocaleString('zh-CN', { hour12: false })
  const zhWhy = (REASON_ZH[r.reason] ?? REASON_ZH.failed)(r.detail)
  const enWhy = (REASON_EN[r.reason] ?? REASON_EN.failed)(r.detail)
  return [
    r.remembered
      ? `上次（${when}）下载桌面版失败：${zhWhy}。一天之内不再自动重试。`
      : `无法获取桌面版：${zhWhy}。`,
    '现在改为启动浏览器版：构建完成后，请在浏览器中打开下面显示的地址（数据与桌面版相同）。',
    '以后要使用桌面版：在国内可先设置镜像，例如',
    '  ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/',
    '然后运行 npm start -- --electron 立即重试下载。',
    '',
    r.remembered
      ? `Downloading the desktop app failed on ${new Date(r.failedAt).toISOString()}: ${enWhy}. Not retried for a day.`
      : `Could not get the desktop app: ${enWhy}.`,
    'Serving the browser build instead: open the URL printed below (same data as the desktop app).',
    'To get the desktop app later, point ELECTRON_MIRROR at a reachable mirror if needed and run',
    '`npm start -- --electron` to retry the download now.',
  ].join('\n')
}
