import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

/**
 * A real Apache httpd with mod_dav on 127.0.0.1 for the WebDAV tests (Debian package apache2).
 * It never skips: if Apache cannot start the test fails and says how to install it.
 */
export interface DavServer {
  url: string
  user: string
  password: string
  davDir: string
  /** Stops httpd (a server switched off); `start` brings it back on the same port and folder. */
  halt(): Promise<void>
  start(): Promise<void>
  /** The account's password changed on the server (read by httpd on the next request). */
  setPassword(password: string): void
  stop(): Promise<void>
}

const APACHE = ['/usr/sbin/apache2', '/usr/sbin/httpd', '/usr/local/apache2/bin/httpd'].find((p) =>
  fs.existsSync(p),
)
const MODULE_DIRS = [
  '/usr/lib/apache2/modules',
  '/usr/lib64/httpd/modules',
  '/usr/local/apache2/modules',
]

export const NO_APACHE =
  'WebDAV 测试需要 Apache httpd 和 mod_dav：在 Debian/Ubuntu 上运行 `sudo apt-get install -y apache2`。\n' +
  'The WebDAV tests need Apache httpd with mod_dav: `sudo apt-get install -y apache2`.'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

export async function startApacheDav(user = 'kefu', password = '店铺密码123'): Promise<DavServer> {
  if (!APACHE) throw new Error(NO_APACHE)
  const modules = MODULE_DIRS.find((d) => fs.existsSync(path.join(d, 'mod_dav.so')))
  if (!modules) throw new Error(NO_APACHE)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-dav-'))
  fs.chmodSync(dir, 0o755)
  const davDir = path.join(dir, 'dav')
  const lockDir = path.join(dir, 'lock')
  fs.mkdirSync(path.join(davDir, 'kefu'), { recursive: true })
  fs.mkdirSync(lockDir)
  const port = await freePort()
  const root = process.getuid?.() === 0
  if (root) {
    // Apache drops root for the worker user; the DAV folder must be that user's.
    const uid = 33
    const gid = 33
    for (const p of [davDir, path.join(davDir, 'kefu'), lockDir]) fs.chownSync(p, uid, gid)
  }
  const setPassword = (pw: string) => {
    const sha = createHash('sha1').update(pw, 'utf8').digest('base64')
    fs.writeFileSync(path.join(dir, 'htpasswd'), `${user}:{SHA}${sha}\n`)
  }
  setPassword(password)
  const mod = (name: string, file: string) => `LoadModule ${name} ${path.join(modules, file)}`
  const conf = [
    `ServerRoot "${dir}"`,
    `ServerName 127.0.0.1`,
    `Listen 127.0.0.1:${port}`,
    `PidFile "${dir}/httpd.pid"`,
    `ErrorLog "${dir}/error.log"`,
    `DefaultRuntimeDir "${dir}"`,
    'LogLevel warn',
    mod('mpm_prefork_module', 'mod_mpm_prefork.so'),
    mod('authz_core_module', 'mod_authz_core.so'),
    mod('authn_core_module', 'mod_authn_core.so'),
    mod('authn_file_module', 'mod_authn_file.so'),
    mod('auth_basic_module', 'mod_auth_basic.so'),
    mod('authz_user_module', 'mod_authz_user.so'),
    mod('dav_module', 'mod_dav.so'),
    mod('dav_fs_module', 'mod_dav_fs.so'),
    ...(root ? ['User www-data', 'Group www-data'] : []),
    'StartServers 1',
    'MinSpareServers 1',
    'MaxSpareServers 3',
    `DavLockDB "${lockDir}/DavLock"`,
    `DocumentRoot "${davDir}"`,
    `<Directory "${davDir}">`,
    '  Dav On',
    '  AuthType Basic',
    '  AuthName "kefu"',
    `  AuthUserFile "${dir}/htpasswd"`,
    '  Require valid-user',
    '</Directory>',
  ].join('\n')
  const confFile = path.join(dir, 'httpd.conf')
  fs.writeFileSync(confFile, conf)

  let child: ChildProcess | null = null
  const url = `http://127.0.0.1:${port}/kefu/`
  let current = password
  const launch = async () => {
    // Its own process group: on shutdown Apache signals its whole group, which would otherwise include the test runner.
    const c: ChildProcess = spawn(APACHE, ['-f', confFile, '-DFOREGROUND'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    child = c
    let out = ''
    c.stdout?.on('data', (d: Buffer) => (out += d.toString()))
    c.stderr?.on('data', (d: Buffer) => (out += d.toString()))
    const auth = `Basic ${Buffer.from(`${user}:${current}`).toString('base64')}`
    const deadline = Date.now() + 15_000
    for (;;) {
      if (c.exitCode !== null) {
        const log = fs.existsSync(path.join(dir, 'error.log'))
          ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8')
          : ''
        throw new Error(`Apache 没有启动（退出码 ${c.exitCode}）：\n${out}\n${log}\n${NO_APACHE}`)
      }
      try {
        const r = await fetch(url, {
          method: 'PROPFIND',
          headers: { Depth: '0', Authorization: auth },
        })
        await r.body?.cancel()
        if (r.status === 207) break
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        c.kill('SIGTERM')
        throw new Error(`Apache 在 15 秒内没有就绪：\n${out}`)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const halt = async () => {
    const c = child
    child = null
    if (c && c.exitCode === null) {
      const exited = new Promise((r) => c.once('exit', r))
      c.kill('SIGTERM')
      await exited
    }
  }
  await launch()
  return {
    url,
    user,
    get password() {
      return current
    },
    davDir: path.join(davDir, 'kefu'),
    halt,
    start: launch,
    setPassword(pw: string) {
      current = pw
      setPassword(pw)
    },
    async stop() {
      await halt()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
