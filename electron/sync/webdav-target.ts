import { randomBytes } from 'node:crypto'
import { TargetError, type Entry, type Target } from './target'

export interface WebDavOptions {
  /** The space's folder, e.g. https://nas.local/remote.php/dav/files/shop/kefu/ */
  url: string
  user?: string
  password?: string
  timeoutMs?: number
  fetch?: typeof fetch
}

/**
 * A sync space on a WebDAV server (Nextcloud, Synology, Apache mod_dav, the cloud drives that
 * speak WebDAV), over fetch: PROPFIND Depth 1, GET, PUT, MKCOL, MOVE, DELETE, Basic auth.
 * A new file is PUT under a temp name and MOVEd into place with `Overwrite: F`, so readers
 * never see half a file and nothing is ever replaced.
 */
export class WebDavTarget implements Target {
  readonly label: string
  private readonly base: URL
  private readonly auth: string | null
  private readonly timeoutMs: number
  private readonly fetchImpl: typeof fetch
  private readonly made = new Set<string>()

  constructor(opts: WebDavOptions) {
    let u: URL
    try {
      u = new URL(opts.url)
    } catch {
      throw new TargetError('unreachable', `WebDAV 地址格式不对：${opts.url}`)
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new TargetError('unreachable', 'WebDAV 地址要以 http:// 或 https:// 开头')
    }
    if (!u.pathname.endsWith('/')) u.pathname += '/'
    u.username = ''
    u.password = ''
    this.base = u
    this.label = u.toString()
    this.auth = opts.user
      ? `Basic ${Buffer.from(`${opts.user}:${opts.password ?? ''}`, 'utf8').toString('base64')}`
      : null
    this.timeoutMs = opts.timeoutMs ?? 20_000
    this.fetchImpl = opts.fetch ?? fetch
  }

  private url(rel: string, dir = false): string {
    const enc = rel
      .split('/')
      .filter((p) => p !== '')
      .map(encodeURIComponent)
      .join('/')
    return new URL(enc + (dir && enc ? '/' : ''), this.base).toString()
  }

  private async request(
    method: string,
    url: string,
    init: { headers?: Record<string, string>; body?: Uint8Array | string } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers }
    if (this.auth) headers.Authorization = this.auth
    let res: Response
    try {
      res = await this.fetchImpl(url, {
        method,
        headers,
        body: init.body as BodyInit | undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'follow',
      })
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name
      throw new TargetError('unreachable', `连不上 WebDAV 服务器（${cause}）：${this.label}`, cause)
    }
    if (res.status === 401) {
      await res.body?.cancel()
      throw new TargetError('auth', 'WebDAV 登录失败：用户名或密码不对（服务器返回 401）。')
    }
    if (res.status === 403) {
      await res.body?.cancel()
      throw new TargetError(
        'forbidden',
        `WebDAV 服务器拒绝访问（403）：这个账号对 ${this.label} 没有读写权限。`,
      )
    }
    if (res.status === 423) {
      await res.body?.cancel()
      throw new TargetError(
        'locked',
        'WebDAV 上的文件被另一个程序锁定（423），稍后自动重试，数据不会丢。',
      )
    }
    if (res.status === 507) {
      await res.body?.cancel()
      throw new TargetError('io', 'WebDAV 空间已满（507），请清理网盘空间。')
    }
    if (res.status >= 500) {
      await res.body?.cancel()
      throw new TargetError(
        'unreachable',
        `WebDAV 服务器暂时出错（${res.status}），稍后重试。`,
        String(res.status),
      )
    }
    return res
  }

  async list(dir: string): Promise<Entry[] | null> {
    const url = this.url(dir, true)
    const res = await this.request('PROPFIND', url, {
      headers: { Depth: '1', 'Content-Type': 'application/xml; charset=utf-8' },
      body: '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getcontentlength/></d:prop></d:propfind>',
    })
    if (res.status === 404) {
      await res.body?.cancel()
      return null
    }
    if (res.status !== 207) {
      await res.body?.cancel()
      throw new TargetError('io', `WebDAV 列目录失败（${res.status}）：${dir || '/'}`)
    }
    return parseMultistatus(await res.text(), new URL(url).pathname)
  }

  async read(rel: string): Promise<Uint8Array | null> {
    const res = await this.request('GET', this.url(rel))
    if (res.status === 404) {
      await res.body?.cancel()
      return null
    }
    if (res.status !== 200) {
      await res.body?.cancel()
      throw new TargetError('io', `WebDAV 读取失败（${res.status}）：${rel}`)
    }
    return new Uint8Array(await res.arrayBuffer())
  }

  async readHead(rel: string, n: number): Promise<Uint8Array | null> {
    // A server that ignores Range answers 200 with the whole file: take its start.
    const res = await this.request('GET', this.url(rel), { headers: { Range: `bytes=0-${n - 1}` } })
    if (res.status === 404) {
      await res.body?.cancel()
      return null
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel()
      throw new TargetError('io', `WebDAV 读取失败（${res.status}）：${rel}`)
    }
    return new Uint8Array(await res.arrayBuffer()).subarray(0, n)
  }

  private async ensureDir(dir: string): Promise<void> {
    const parts = dir.split('/').filter((p) => p !== '')
    for (let i = 1; i <= parts.length; i++) {
      const rel = parts.slice(0, i).join('/')
      if (this.made.has(rel)) continue
      const res = await this.request('MKCOL', this.url(rel, true))
      await res.body?.cancel()
      // 201 made, 405 already there; some servers answer 409/301 for an existing folder too.
      if (res.status === 201 || res.status === 405 || res.status === 301) this.made.add(rel)
      else throw new TargetError('io', `WebDAV 建文件夹失败（${res.status}）：${rel}`)
    }
  }

  async writeOnce(rel: string, bytes: Uint8Array): Promise<'written' | 'exists'> {
    const slash = rel.lastIndexOf('/')
    const dir = slash < 0 ? '' : rel.slice(0, slash)
    const name = slash < 0 ? rel : rel.slice(slash + 1)
    await this.ensureDir(dir)
    const head = await this.request('HEAD', this.url(rel))
    await head.body?.cancel()
    if (head.status === 200) return 'exists'
    const tmp = `${dir ? `${dir}/` : ''}.${name}.${randomBytes(4).toString('hex')}.tmp`
    const put = await this.request('PUT', this.url(tmp), {
      body: bytes,
      headers: { 'Content-Type': 'application/octet-stream' },
    })
    await put.body?.cancel()
    if (put.status !== 201 && put.status !== 204 && put.status !== 200) {
      throw new TargetError('io', `WebDAV 上传失败（${put.status}）：${rel}`)
    }
    try {
      const mv = await this.request('MOVE', this.url(tmp), {
        headers: { Destination: this.url(rel), Overwrite: 'F' },
      })
      await mv.body?.cancel()
      if (mv.status === 201 || mv.status === 204) return 'written'
      if (mv.status === 412) {
        await this.dropTemp(tmp)
        return 'exists'
      }
      throw new TargetError('io', `WebDAV 移动文件失败（${mv.status}）：${rel}`)
    } catch (e) {
      await this.dropTemp(tmp)
      throw e
    }
  }

  private async dropTemp(tmp: string): Promise<void> {
    try {
      const r = await this.request('DELETE', this.url(tmp))
      await r.body?.cancel()
    } catch {
      // a temp name matches no pattern: left behind it is ignored by every reader
    }
  }

  async remove(rel: string): Promise<void> {
    const r = await this.request('DELETE', this.url(rel))
    await r.body?.cancel()
    if (r.status >= 300 && r.status !== 404)
      throw new TargetError('io', `WebDAV 删除失败（${r.status}）：${rel}`)
  }

  async clockSkew(): Promise<number | null> {
    const before = Date.now()
    const res = await this.request('PROPFIND', this.url('', true), { headers: { Depth: '0' } })
    const after = Date.now()
    await res.body?.cancel()
    const date = res.headers.get('date')
    const t = date ? Date.parse(date) : NaN
    // The Date header has whole seconds: add half a second so a correct clock reads about 0.
    return Number.isFinite(t) ? Math.round(t + 500 - (before + after) / 2) : null
  }
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&')
}

/** The entries of a PROPFIND Depth 1 answer, the folder itself left out. Namespace prefixes vary by server. */
export function parseMultistatus(xml: string, selfPath: string): Entry[] {
  const out: Entry[] = []
  const self = decodeURIComponent(selfPath).replace(/\/+$/, '')
  const responses =
    xml.match(/<(?:[A-Za-z0-9_-]+:)?response[\s>][\s\S]*?<\/(?:[A-Za-z0-9_-]+:)?response>/g) ?? []
  for (const r of responses) {
    const hrefM = /<(?:[A-Za-z0-9_-]+:)?href[^>]*>([\s\S]*?)<\/(?:[A-Za-z0-9_-]+:)?href>/.exec(r)
    if (!hrefM) continue
    let href = decodeXml((hrefM[1] as string).trim())
    try {
      href = new URL(href, 'http://x').pathname
    } catch {
      continue
    }
    let p: string
    try {
      p = decodeURIComponent(href)
    } catch {
      continue
    }
    const isDir = /<(?:[A-Za-z0-9_-]+:)?collection\s*\/?>/.test(r)
    const trimmed = p.replace(/\/+$/, '')
    if (trimmed === self) continue
    const name = trimmed.slice(trimmed.lastIndexOf('/') + 1)
    if (!name) continue
    const lenM = /<(?:[A-Za-z0-9_-]+:)?getcontentlength[^>]*>(\d+)</.exec(r)
    out.push(lenM ? { name, dir: isDir, size: Number(lenM[1]) } : { name, dir: isDir })
  }
  return out
}
