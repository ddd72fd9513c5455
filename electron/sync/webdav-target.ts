import { randomBytes } from 'node:crypto'
import { XMLParser } from 'fast-xml-parser'
import { TargetError, type Entry, type Target } from './target'

export interface WebDavOptions {
  /** The space's folder, e.g. https://nas.local/remote.php/dav/files/shop/kefu/ */
  url: string
  user?: string
  password?: string
  timeoutMs?: number
  fetch?: typeof fetch
  /** How long one listing of the whole space answers for the round that fetched it. */
  treeTtlMs?: number
  /** false: no whole-space listing, no small-file reuse (the bench's peer: requests as before). */
  economy?: boolean
  now?: () => number
}

/**
 * How often a PC syncs with a WebDAV server (each round costs requests; 坚果云 and other cloud
 * drives limit them: the free 坚果云 plan allows 600 per 30 minutes per account, and all of a
 * shop's PCs share one account). A change is pushed within a minute; a quiet PC looks for other
 * PCs' changes every three minutes. A folder target keeps the faster DEFAULT_SCHEDULE.
 */
export const WEBDAV_SCHEDULE = {
  debounceMs: 60_000,
  intervalMs: 180_000,
  baseBackoffMs: 15_000,
  maxBackoffMs: 10 * 60_000,
}

/** Acks of what was read from other PCs, at most this often (own segments are announced at once). */
export const WEBDAV_ACK_EVERY_MS = 10 * 60_000

const REQUEST_MS = 20_000
const SMALL_FILE = 64 * 1024

/** What one listing of the whole space (PROPFIND Depth: infinity) said, folder by folder. */
interface Tree {
  at: number
  dirs: Map<string, Entry[]>
  /** Folders this PC wrote to or removed from since: asked again. */
  stale: Set<string>
  /** The whole space (Depth: infinity); otherwise only the folders asked so far this round. */
  complete: boolean
}

/**
 * A sync space on a WebDAV server (Nextcloud, Synology, Apache mod_dav, rclone, 坚果云 and the
 * other cloud drives that speak WebDAV), over fetch with Basic auth.
 *
 * Writes: a new file is PUT under a temp name and MOVEd into place with `Overwrite: F`, so
 * readers never see half a file and nothing is ever replaced (412: it exists).
 *
 * Requests are kept few (see WEBDAV_SCHEDULE): a round starts by listing the space's root; the
 * target then asks once for the whole space (`Depth: infinity`) and answers the round's other
 * listings from that answer, for `treeTtlMs`; a folder this PC wrote into or removed from is
 * asked again (so a check after a write is real). Servers that refuse infinite depth (Apache's
 * default, Nextcloud) get one `Depth: 1` PROPFIND per folder, as before. Small files read again
 * (format.json every round) come from memory while the listing shows the same entity tag and
 * size. Nothing is ever taken from memory across rounds.
 */
export class WebDavTarget implements Target {
  readonly label: string
  private readonly base: URL
  private readonly auth: string | null
  private readonly timeoutMs: number
  private readonly fetchImpl: typeof fetch
  private readonly treeTtlMs: number
  private readonly now: () => number
  private readonly economy: boolean
  private readonly made = new Set<string>()
  /** null: not tried yet; false: the server refuses Depth: infinity. */
  private infinity: boolean | null = null
  private tree: Tree | null = null
  private readonly small = new Map<string, { etag: string; bytes: Uint8Array }>()
  /** Requests sent, by method (for the sync log and the bench). */
  readonly requests: Record<string, number> = {}

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
    this.timeoutMs = opts.timeoutMs ?? REQUEST_MS
    this.fetchImpl = opts.fetch ?? fetch
    this.treeTtlMs = opts.treeTtlMs ?? 15_000
    this.now = opts.now ?? Date.now
    this.economy = opts.economy ?? true
    if (!this.economy) this.infinity = false
  }

  private url(rel: string, dir = false): string {
    const enc = rel
      .split('/')
      .filter((p) => p !== '')
      .map(encodeURIComponent)
      .join('/')
    return new URL(enc + (dir && enc ? '/' : ''), this.base).toString()
  }

  private unreachable(e: unknown, what: string): TargetError {
    const err = e as { name?: string; cause?: { code?: string; name?: string } }
    const code = err.cause?.code ?? err.cause?.name ?? err.name ?? 'Error'
    if (code === 'TimeoutError' || code === 'AbortError')
      return new TargetError(
        'unreachable',
        `WebDAV 服务器响应太慢（${Math.round(this.timeoutMs / 1000)} 秒内没有${what}），稍后自动重试，数据不会丢：${this.label}`,
        code,
      )
    if (code === 'ECONNREFUSED')
      return new TargetError(
        'unreachable',
        `WebDAV 服务器没有开启或连不上（连接被拒绝），稍后自动重试：${this.label}`,
        code,
      )
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE')
      return new TargetError(
        'unreachable',
        `和 WebDAV 服务器的连接在传输中断开了，稍后自动重试，数据不会丢：${this.label}`,
        code,
      )
    return new TargetError('unreachable', `连不上 WebDAV 服务器（${code}）：${this.label}`, code)
  }

  private async request(
    method: string,
    url: string,
    init: { headers?: Record<string, string>; body?: Uint8Array | string } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers }
    if (this.auth) headers.Authorization = this.auth
    this.requests[method] = (this.requests[method] ?? 0) + 1
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
      throw this.unreachable(e, '应答')
    }
    const fail = async (kind: TargetError['kind'], message: string) => {
      await res.body?.cancel().catch(() => undefined)
      return new TargetError(kind, message, String(res.status))
    }
    if (res.status === 401) {
      throw await fail(
        'auth',
        'WebDAV 登录失败：用户名或密码不对（服务器返回 401）。如果刚改过网盘或 NAS 的密码（或应用密码），请在“设置 → 同步”里填写新密码；在此之前本机的数据都保留着。',
      )
    }
    if (res.status === 403 && !(method === 'PROPFIND' && headers.Depth === 'infinity')) {
      throw await fail(
        'forbidden',
        `WebDAV 服务器拒绝访问（403）：这个账号对 ${this.label} 没有读写权限。`,
      )
    }
    if (res.status === 423) {
      throw await fail(
        'locked',
        'WebDAV 上的文件被另一个程序锁定（423），稍后自动重试，数据不会丢。',
      )
    }
    if (res.status === 507) {
      throw await fail(
        'io',
        'WebDAV 网盘空间已满（507 Insufficient Storage）：本机的数据都保留着，请清理网盘空间或升级容量，之后会自动继续同步。',
      )
    }
    if (res.status === 429) {
      throw await fail(
        'busy',
        'WebDAV 服务器说请求太频繁（429），稍后自动重试。网盘对请求次数有限制时，请不要让太多电脑同时登录同一个账号。',
      )
    }
    if (res.status >= 500) {
      throw await fail('unreachable', `WebDAV 服务器暂时出错（${res.status}），稍后重试。`)
    }
    return res
  }

  /** The whole body; a connection cut while it arrives is "unreachable", never a short file. */
  private async body(res: Response, kind: 'text'): Promise<string>
  private async body(res: Response, kind: 'bytes'): Promise<Uint8Array>
  private async body(res: Response, kind: 'text' | 'bytes'): Promise<string | Uint8Array> {
    try {
      return kind === 'text' ? await res.text() : new Uint8Array(await res.arrayBuffer())
    } catch (e) {
      throw this.unreachable(e, '传完')
    }
  }

  private async propfind(dir: string, depth: '1' | 'infinity'): Promise<Response> {
    return this.request('PROPFIND', this.url(dir, true), {
      headers: { Depth: depth, 'Content-Type': 'application/xml; charset=utf-8' },
      body: '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getcontentlength/><d:getetag/><d:getlastmodified/></d:prop></d:propfind>',
    })
  }

  async list(dir: string): Promise<Entry[] | null> {
    const clean = dir
      .split('/')
      .filter((p) => p !== '')
      .join('/')
    if (clean === '') {
      // A new round: nothing older answers for it.
      this.tree = null
      this.etagsNow = new Map()
      if (this.infinity !== false) {
        const whole = await this.listTree()
        if (whole !== undefined) return whole
      }
    } else if (
      this.tree &&
      !this.tree.stale.has(clean) &&
      this.now() - this.tree.at <= this.treeTtlMs
    ) {
      const known = this.tree.dirs.get(clean)
      if (known) return known.map((e) => ({ ...e }))
      // A folder missing from the whole-space answer does not exist.
      if (this.tree.complete) return null
    }
    const url = this.url(clean, true)
    const res = await this.propfind(clean, '1')
    if (res.status === 404) {
      await res.body?.cancel()
      this.tree?.dirs.delete(clean)
      return null
    }
    if (res.status !== 207) {
      await res.body?.cancel()
      throw new TargetError('io', `WebDAV 列目录失败（${res.status}）：${clean || '/'}`)
    }
    const all = parseMultistatusTree(await this.body(res, 'text'), new URL(url).pathname)
    const out: Entry[] = []
    for (const r of all) {
      if (r.path === '' || r.path.includes('/')) continue
      if (r.etag && !r.dir) this.noteEtag(clean ? `${clean}/${r.path}` : r.path, r)
      out.push(
        r.size !== undefined
          ? { name: r.path, dir: r.dir, size: r.size }
          : { name: r.path, dir: r.dir },
      )
    }
    if (this.economy) {
      // This answer stands for the folder for the rest of the round (until this PC writes to it).
      if (clean === '' || !this.tree || this.now() - this.tree.at > this.treeTtlMs)
        this.tree = { at: this.now(), dirs: new Map(), stale: new Set(), complete: false }
      this.tree.dirs.set(
        clean,
        out.map((e) => ({ ...e })),
      )
      this.tree.stale.delete(clean)
    }
    return out
  }

  private etagsNow = new Map<string, string>()
  private noteEtag(rel: string, r: DavResource): void {
    if (r.etag) this.etagsNow.set(rel, `${r.etag}|${r.size ?? ''}`)
  }

  /** The root listing and the whole space in one PROPFIND; undefined when the server refuses it. */
  private async listTree(): Promise<Entry[] | null | undefined> {
    const url = this.url('', true)
    const res = await this.propfind('', 'infinity')
    if (res.status === 404) {
      await res.body?.cancel()
      return null
    }
    if (res.status !== 207) {
      // 403 <propfind-finite-depth/> (Apache's default, Nextcloud), 400 or 501: one folder at a time.
      await res.body?.cancel()
      this.infinity = false
      return undefined
    }
    const all = parseMultistatusTree(await this.body(res, 'text'), new URL(url).pathname)
    // A server that answers an infinite request with Depth 1 cannot be told from a space whose
    // folders are empty: only an answer with nested paths proves it; without one, the round's
    // other listings are asked one by one.
    const nested = all.some((r) => r.path.includes('/'))
    const subdirs = all.some((r) => r.dir && r.path !== '')
    if (nested) this.infinity = true
    const dirs = new Map<string, Entry[]>([['', []]])
    for (const r of all) {
      if (r.path === '') continue
      if (r.dir && !dirs.has(r.path)) dirs.set(r.path, [])
      const slash = r.path.lastIndexOf('/')
      const parent = slash < 0 ? '' : r.path.slice(0, slash)
      const name = r.path.slice(slash + 1)
      if (!dirs.has(parent)) dirs.set(parent, [])
      dirs
        .get(parent)!
        .push(r.size !== undefined ? { name, dir: r.dir, size: r.size } : { name, dir: r.dir })
      if (!r.dir) this.noteEtag(r.path, r)
    }
    if (nested || !subdirs) this.tree = { at: this.now(), dirs, stale: new Set(), complete: true }
    return (dirs.get('') ?? []).map((e) => ({ ...e }))
  }

  /** A folder this PC changed is asked again, not answered from the round's listing. */
  private forget(rel: string): void {
    const slash = rel.lastIndexOf('/')
    const dir = slash < 0 ? '' : rel.slice(0, slash)
    this.tree?.stale.add(dir)
    this.etagsNow.delete(rel)
    this.small.delete(rel)
  }

  async read(rel: string): Promise<Uint8Array | null> {
    const tag = this.etagsNow.get(rel)
    const cached = this.small.get(rel)
    if (this.economy && tag && cached && cached.etag === tag) return cached.bytes.slice()
    const res = await this.request('GET', this.url(rel))
    if (res.status === 404) {
      await res.body?.cancel()
      return null
    }
    if (res.status !== 200) {
      await res.body?.cancel()
      throw new TargetError('io', `WebDAV 读取失败（${res.status}）：${rel}`)
    }
    const bytes = await this.body(res, 'bytes')
    const etag = res.headers.get('etag')
    if (etag && bytes.length <= SMALL_FILE && tag === `${etag}|${bytes.length}`) {
      if (this.small.size > 200) this.small.clear()
      this.small.set(rel, { etag: tag, bytes: bytes.slice() })
    }
    return bytes
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
    return (await this.body(res, 'bytes')).subarray(0, n)
  }

  private async ensureDir(dir: string): Promise<void> {
    const parts = dir.split('/').filter((p) => p !== '')
    for (let i = 1; i <= parts.length; i++) {
      const rel = parts.slice(0, i).join('/')
      if (this.made.has(rel)) continue
      if (this.tree?.dirs.has(rel)) {
        this.made.add(rel)
        continue
      }
      const res = await this.request('MKCOL', this.url(rel, true))
      await res.body?.cancel()
      // 201 made, 405 already there; some servers answer 301 for an existing folder too.
      if (res.status === 201 || res.status === 405 || res.status === 301) this.made.add(rel)
      else throw new TargetError('io', `WebDAV 建文件夹失败（${res.status}）：${rel}`)
    }
  }

  async writeOnce(rel: string, bytes: Uint8Array): Promise<'written' | 'exists'> {
    const slash = rel.lastIndexOf('/')
    const dir = slash < 0 ? '' : rel.slice(0, slash)
    const name = slash < 0 ? rel : rel.slice(slash + 1)
    const listed =
      this.tree && !this.tree.stale.has(dir) && this.now() - this.tree.at <= this.treeTtlMs
        ? this.tree.dirs.get(dir)?.some((e) => e.name === name)
        : undefined
    this.forget(rel)
    // Listed in this round's answer: it is there (files are never replaced, so no upload).
    if (listed) return 'exists'
    await this.ensureDir(dir)
    const tmp = `${dir ? `${dir}/` : ''}.${name}.${randomBytes(4).toString('hex')}.tmp`
    let put = await this.request('PUT', this.url(tmp), {
      body: bytes,
      headers: { 'Content-Type': 'application/octet-stream' },
    })
    await put.body?.cancel()
    if (put.status === 409) {
      // The folder went away on the server (restored, emptied by hand): make it again, once.
      this.made.clear()
      await this.ensureDir(dir)
      put = await this.request('PUT', this.url(tmp), {
        body: bytes,
        headers: { 'Content-Type': 'application/octet-stream' },
      })
      await put.body?.cancel()
    }
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
    this.forget(rel)
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

// ---- PROPFIND answers -----------------------------------------------------------------------------

/** One resource of a multistatus answer, its path relative to the folder asked about. */
export interface DavResource {
  /** '' for the folder itself; 'devices/a1/seg' etc. below it. */
  path: string
  dir: boolean
  size?: number
  /** The server's entity tag (quotes kept), when it sends one. */
  etag?: string
  /** getlastmodified as sent. */
  modified?: string
}

const xml = new XMLParser({
  // Servers name the DAV: namespace as they like (D:, d:, a default xmlns, lp1:…): match local names.
  removeNSPrefix: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'response' || name === 'propstat' || name === 'href',
})

type XmlNode = Record<string, unknown>
const asNode = (v: unknown): XmlNode =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as XmlNode) : {}
const asText = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined

function hrefPath(href: string): string | null {
  try {
    // An absolute URL (Nextcloud, some NAS) or a path (Apache, rclone, 坚果云).
    return decodeURIComponent(new URL(href, 'http://x').pathname).replace(/\/+$/, '')
  } catch {
    return null
  }
}

/**
 * Every resource of a PROPFIND answer (Depth 1 or infinity), with paths relative to `selfPath`
 * (the folder asked about, as its URL path). A real XML parser reads it: namespace prefixes,
 * absolute or relative hrefs, percent-encoding, entities and propstats for properties the
 * server does not have (404 inside a 207) all vary between Nextcloud, Synology, Apache, rclone
 * and 坚果云. An answer that is not XML or not a multistatus throws (the caller treats that as
 * "cannot tell", never as an empty folder).
 */
export function parseMultistatusTree(body: string, selfPath: string): DavResource[] {
  let doc: XmlNode
  try {
    doc = asNode(xml.parse(body, true))
  } catch (e) {
    throw new TargetError('io', `WebDAV 服务器返回的目录列表无法解析（${(e as Error).message}）`)
  }
  const ms = doc.multistatus
  if (ms === undefined) throw new TargetError('io', 'WebDAV 服务器返回的目录列表不是 multistatus')
  const responses = (asNode(ms).response as unknown[] | undefined) ?? []
  let self = decodeURIComponent(selfPath).replace(/\/+$/, '')
  const found: { path: string; dir: boolean; size?: number; etag?: string; modified?: string }[] =
    []
  for (const r of responses) {
    const node = asNode(r)
    const href = asText((node.href as unknown[] | undefined)?.[0])
    const p = href === undefined ? null : hrefPath(href.trim())
    if (p === null) continue
    let dir = false
    let size: number | undefined
    let etag: string | undefined
    let modified: string | undefined
    for (const ps of (node.propstat as unknown[] | undefined) ?? []) {
      const st = asText(asNode(ps).status) ?? ''
      // Only the properties the server has: "HTTP/1.1 200 OK" (a 404 propstat lists the missing).
      if (!/\s2\d\d(\s|$)/.test(st)) continue
      const prop = asNode(asNode(ps).prop)
      if ('collection' in asNode(prop.resourcetype)) dir = true
      const len = asText(prop.getcontentlength)
      if (len !== undefined && /^\d+$/.test(len.trim())) size = Number(len.trim())
      etag = asText(prop.getetag)?.trim() || etag
      modified = asText(prop.getlastmodified)?.trim() || modified
    }
    // Some servers mark folders only by a trailing slash on the href.
    if (href !== undefined && /\/\s*$/.test(href)) dir = true
    found.push({ path: p, dir, size, etag, modified })
  }
  // The folder itself: its own path, or (a server that rewrote the base: a proxy, Nextcloud's
  // old /webdav/ endpoint) the shortest path every other one lies under.
  if (!found.some((f) => f.path === self) && found.length > 0) {
    const shortest = found.reduce((a, b) => (b.path.length < a.path.length ? b : a)).path
    if (found.every((f) => f.path === shortest || f.path.startsWith(`${shortest}/`)))
      self = shortest
  }
  const out: DavResource[] = []
  for (const f of found) {
    let rel: string
    if (f.path === self) rel = ''
    else if (f.path.startsWith(`${self}/`)) rel = f.path.slice(self.length + 1)
    else continue
    const res: DavResource = { path: rel, dir: rel === '' ? true : f.dir }
    if (f.size !== undefined && !f.dir) res.size = f.size
    if (f.etag !== undefined) res.etag = f.etag
    if (f.modified !== undefined) res.modified = f.modified
    out.push(res)
  }
  return out
}

/** The entries of a PROPFIND Depth 1 answer, the folder itself left out. */
export function parseMultistatus(body: string, selfPath: string): Entry[] {
  const out: Entry[] = []
  for (const r of parseMultistatusTree(body, selfPath)) {
    if (r.path === '' || r.path.includes('/')) continue
    out.push(
      r.size !== undefined
        ? { name: r.path, dir: r.dir, size: r.size }
        : { name: r.path, dir: r.dir },
    )
  }
  return out
}
