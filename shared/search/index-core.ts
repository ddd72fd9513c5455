import { AppError } from '../errors'
import { base64ToBytes, bytesToBase64 } from './base64'
import { highlightRanges, snippet, type HighlightMatcher, type Range } from './highlight'
import { parseQuery, type QueryUnit, type SlotMode } from './query'
import type { SynonymTable } from './synonyms'
import { isDigits, scanTokens } from './tokenize'

/**
 * Full-text index for tickets (and reply scripts): BM25F over the terms of ./tokenize.ts,
 * incremental, and persisted as one compact byte array so a restart loads instead of
 * rebuilding (DESIGN §3 "Indexes").
 *
 * Memory is the constraint: 100 000 tickets × ~8 history entries is ~25 million
 * (term, ticket, field) postings. One object or one JS array per posting would need gigabytes,
 * so postings live in two segments:
 * - frozen: all terms sorted, every term's postings delta- and varint-encoded in one
 *   Uint8Array (~2–3 bytes a posting), term offsets and document frequencies in Uint32Arrays;
 * - live: postings of documents added since, one number array per term (entry =
 *   doc·4096 + field·256 + tf).
 * Documents are integers; a removed or updated document is marked deleted and its frozen
 * postings are skipped until the next compaction, which merges live into frozen, drops the
 * deleted and renumbers densely. Compaction runs when live grows past a quarter of frozen
 * (amortised, like a log-structured merge) and before serialisation.
 * Document frequencies of terms are not lowered on removal until compaction; idf is then
 * slightly stale, which ranking tolerates and which keeps removal O(1).
 */

export interface SearchDoc {
  id: string
  /** Field name → text; a list (history entries) is one field whose entries are highlighted separately. */
  fields: Record<string, string | readonly string[] | undefined>
  /** Multiplies the document's score (e.g. open tickets above archived ones); default 1. */
  boost?: number
}

export interface SearchIndexOptions {
  /** Field name → weight. A hit in the order number counts more than a mention in a note. */
  fields: Record<string, number>
  /** Keep field texts so hits carry highlights without asking the caller for text. */
  storeText?: boolean
}

export type FieldText = string | readonly string[] | undefined

export interface SearchOptions {
  /** Default 20. */
  limit?: number
  filter?: (id: string) => boolean
  /** Text of a hit's field for highlighting, when the index does not store text. */
  text?: (id: string, field: string) => FieldText
  /** Default true. */
  highlight?: boolean
  /** Synonyms and near-words applied to the query (./synonyms.ts); none by default. */
  synonyms?: SynonymTable
  /**
   * When the strict pass (every fragment must match) finds fewer than 10, add the orders that
   * match some of the fragments, most fragments first (default false).
   */
  loose?: boolean
}

export interface Highlight {
  field: string
  /** Entry index when the field is a list. */
  index?: number
  ranges: Range[]
  snippet: string
  snippetRanges: Range[]
}

export interface SearchHit {
  id: string
  score: number
  highlights: Highlight[]
}

const MAX_FIELDS = 16
const K1 = 1.2
const B = 0.75
const MAX_EXPANSIONS = 256
/** pass[] counts fragments in a byte; nobody types more than this many. */
const MAX_UNITS = 32
const AFFIX_WEIGHT = 0.8
/** The loose pass runs when the strict one finds fewer than this many. */
const LOOSE_BELOW = 10
/** In the loose pass a Chinese fragment needs a third of its bigrams, not 60%. */
const LOOSE_SHARE = 0.34
/** A synonym phrase must be found with three quarters of its bigrams' weight. */
const WHOLE_SHARE = 0.75
const PREFIX_WEIGHT = 0.7
const MIN_LIVE_BEFORE_COMPACT = 300_000
const FORMAT_MAGIC = 0x4953464b // 'KFSI' little-endian
/** 2: live postings and deletions may be saved as they are (toChunks); 1 is still read. */
const FORMAT_VERSION = 2

const PADDING = new Uint8Array(8)
function pad8(x: number): number {
  return (x + 7) & ~7
}
function concatChunks(chunks: Uint8Array[]): Uint8Array {
  let total = 0
  for (const c of chunks) total += c.byteLength
  const out = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.byteLength
  }
  return out
}

interface LiveTerm {
  entries: number[]
  df: number
  lastDoc: number
}

interface Alt {
  term: string
  weight: number
  /** The query's own term, not an expansion of it. */
  exact: boolean
}

interface ResolvedVariant {
  required: number
  minSlots: number
  slots: Array<{
    term: string
    mode: SlotMode
    weight: number
    bonus: boolean
    alts: Alt[]
    cost: number
  }>
}

interface ResolvedUnit {
  /** The fragment as typed, then its alternatives (synonyms): any one matching is enough. */
  variants: ResolvedVariant[]
  cost: number
}

function badIndex(detail: string): AppError {
  return new AppError(
    'search_index_invalid',
    `搜索索引文件无法读取（${detail}），需要重新建立索引。`,
  )
}

function growU16(a: Uint16Array, n: number): Uint16Array {
  if (a.length >= n) return a
  const b = new Uint16Array(Math.max(n, a.length * 2))
  b.set(a)
  return b
}
function growF32(a: Float32Array, n: number): Float32Array {
  if (a.length >= n) return a
  const b = new Float32Array(Math.max(n, a.length * 2))
  b.set(a)
  return b
}
function growU8(a: Uint8Array, n: number): Uint8Array {
  if (a.length >= n) return a
  const b = new Uint8Array(Math.max(n, a.length * 2))
  b.set(a)
  return b
}

/** Lower bound of `key` in a sorted list given by accessor. */
function lowerBound(n: number, at: (i: number) => string, key: string): number {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (at(mid) < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

function reverse(s: string): string {
  let r = ''
  for (let i = s.length - 1; i >= 0; i--) r += s[i]
  return r
}

class ByteWriter {
  buf: Uint8Array = new Uint8Array(1 << 16)
  len = 0
  ensure(extra: number): void {
    if (this.len + extra > this.buf.length) this.buf = growU8(this.buf, this.len + extra)
  }
  varint(v: number): void {
    this.ensure(8)
    while (v >= 128) {
      this.buf[this.len++] = (v % 128) | 128
      v = Math.floor(v / 128)
    }
    this.buf[this.len++] = v
  }
  byte(v: number): void {
    this.ensure(1)
    this.buf[this.len++] = v
  }
}

export class SearchIndex {
  /** Opaque marker of what the index covers (e.g. the journal position); persisted with it. */
  checkpoint: string | undefined

  private readonly fieldNameList: string[]
  private readonly fieldNum: Map<string, number>
  private readonly fieldBoost: Float64Array
  private readonly F: number
  private readonly storeText: boolean

  // Documents, by internal number.
  private ids: Array<string | undefined> = []
  private idMap: Map<string, number> | null = new Map()
  private nDocs = 0
  private liveCount = 0
  private deletedCount = 0
  private lens: Uint16Array = new Uint16Array(0)
  private dboost: Float32Array = new Float32Array(0)
  private deleted: Uint8Array = new Uint8Array(0)
  private totalLen: Float64Array
  private texts: Array<Record<string, FieldText> | undefined> = []

  // Frozen segment.
  private fTerms: string[] = []
  private fOff: Uint32Array = new Uint32Array(1)
  private fDf: Uint32Array = new Uint32Array(0)
  private fRev: Uint32Array = new Uint32Array(0) // ids of digit terms, sorted by reversed text
  private fPost: Uint8Array = new Uint8Array(0)
  private fEntries = 0
  private fTermsBytes: Uint8Array | undefined

  // Live segment.
  private live = new Map<string, LiveTerm>()
  private liveEntries = 0
  // Live terms absent from frozen, sorted (and digit terms reversed, sorted) for prefix and
  // suffix expansion; new terms wait in `pending` until a query needs the lists.
  private liveNew: string[] = []
  private liveRev: string[] = []
  private pending: string[] = []

  // Query scratch, sized to nDocs.
  private acc = new Float64Array(0)
  private pass = new Uint8Array(0)
  private unitMark = new Int32Array(0)
  private slotMark = new Int32Array(0)
  private unitCnt: Float64Array = new Float64Array(0)
  private unitHits: Uint16Array = new Uint16Array(0)
  private touchMark = new Int32Array(0)
  private doneMark = new Int32Array(0)
  private fieldMask = new Uint16Array(0)
  private sameMask = new Uint16Array(0)
  private gen = 0

  constructor(options: SearchIndexOptions) {
    this.fieldNameList = Object.keys(options.fields)
    if (this.fieldNameList.length === 0 || this.fieldNameList.length > MAX_FIELDS)
      throw new AppError('invalid_input', `搜索索引的字段数须在 1 到 ${MAX_FIELDS} 之间。`)
    this.F = this.fieldNameList.length
    this.fieldNum = new Map(this.fieldNameList.map((f, i) => [f, i]))
    this.fieldBoost = Float64Array.from(this.fieldNameList.map((f) => options.fields[f] ?? 1))
    this.storeText = options.storeText ?? false
    this.totalLen = new Float64Array(this.F)
  }

  /** The fields the index was built with, in order. */
  get fieldNames(): readonly string[] {
    return this.fieldNameList
  }

  /** Number of documents in the index. */
  get size(): number {
    return this.liveCount
  }

  has(id: string): boolean {
    return this.getIdMap().has(id)
  }

  /** Adds a document, replacing the one with the same id (so replaying changes is harmless). */
  add(doc: SearchDoc): void {
    if (typeof doc.id !== 'string' || doc.id.length === 0)
      throw new AppError('invalid_input', '搜索文档缺少编号。')
    const map = this.getIdMap()
    const old = map.get(doc.id)
    if (old !== undefined) this.removeNum(old)
    for (const name of Object.keys(doc.fields)) {
      if (!this.fieldNum.has(name))
        throw new AppError('invalid_input', `搜索索引没有字段“${name}”。`)
    }
    const d = this.nDocs++
    this.ensureDocCapacity(this.nDocs)
    this.ids[d] = doc.id
    map.set(doc.id, d)
    this.dboost[d] = doc.boost ?? 1
    const counts = new Map<string, number>()
    for (let f = 0; f < this.F; f++) {
      const value = doc.fields[this.fieldNameList[f]!]
      if (value === undefined) continue
      counts.clear()
      let len = 0
      const add = (term: string): void => {
        counts.set(term, (counts.get(term) ?? 0) + 1)
        len++
      }
      if (typeof value === 'string') scanTokens(value, add)
      else for (const v of value) scanTokens(v, add)
      this.lens[d * this.F + f] = Math.min(len, 0xffff)
      this.totalLen[f]! += Math.min(len, 0xffff)
      for (const [term, tf] of counts) {
        let lt = this.live.get(term)
        if (!lt) {
          lt = { entries: [], df: 0, lastDoc: -1 }
          this.live.set(term, lt)
          if (this.frozenTermId(term) < 0) this.pending.push(term)
        }
        if (lt.lastDoc !== d) {
          lt.lastDoc = d
          lt.df++
        }
        lt.entries.push(d * 4096 + f * 256 + Math.min(tf, 255))
        this.liveEntries++
      }
    }
    if (this.storeText) this.texts[d] = { ...doc.fields }
    this.liveCount++
    this.maybeCompact()
  }

  update(doc: SearchDoc): void {
    this.add(doc)
  }

  /** Removes a document; false when it was not indexed. */
  remove(id: string): boolean {
    const map = this.getIdMap()
    const d = map.get(id)
    if (d === undefined) return false
    this.removeNum(d)
    this.maybeCompact()
    return true
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = options.limit ?? 20
    if (limit <= 0) return []
    const parsed = parseQuery(query, { synonyms: options.synonyms }).slice(0, MAX_UNITS)
    if (parsed.length === 0) return []
    const units = this.resolve(parsed, false)
    const found: Array<{ d: number; score: number }> = []
    if (units.length > 0) {
      const { docs, scores } = this.evaluate(units, false)
      for (const i of this.top(docs, scores, limit, options.filter))
        found.push({ d: docs[i]!, score: scores[i]! })
    }
    let matchUnits = units
    if (options.loose && found.length < Math.min(limit, LOOSE_BELOW)) {
      // The looser second pass: orders matching some of the fragments, below the strict hits.
      const loose = this.resolve(parsed, true)
      if (loose.length > 0) {
        const { docs, scores } = this.evaluate(loose, true)
        const have = new Set(found.map((f) => f.d))
        const filter = (id: string): boolean =>
          !have.has(this.getIdMap().get(id)!) && (options.filter ? options.filter(id) : true)
        for (const i of this.top(docs, scores, limit - found.length, filter))
          found.push({ d: docs[i]!, score: scores[i]! })
        matchUnits = loose
      }
    }
    const matcher = options.highlight === false ? undefined : this.matcherOf(matchUnits)
    return found.map(({ d, score }) => {
      const id = this.ids[d]!
      return {
        id,
        score,
        highlights: matcher ? this.highlightsOf(d, id, matcher, options.text) : [],
      }
    })
  }

  /** Merges live postings into the frozen segment and drops deleted documents. */
  compact(): void {
    if (this.liveEntries === 0 && this.deletedCount === 0) return
    const F = this.F
    // Old doc number → new dense number.
    const remap = new Int32Array(this.nDocs).fill(-1)
    let n = 0
    for (let d = 0; d < this.nDocs; d++) if (!this.deleted[d]) remap[d] = n++
    const liveNew = [...this.live.keys()].filter((t) => this.frozenTermId(t) < 0).sort()
    const out = new ByteWriter()
    const terms: string[] = []
    const offs: number[] = [0]
    const dfs: number[] = []
    let entries = 0
    let i = 0
    let j = 0
    while (i < this.fTerms.length || j < liveNew.length) {
      let term: string
      let fid = -1
      if (j >= liveNew.length || (i < this.fTerms.length && this.fTerms[i]! < liveNew[j]!)) {
        fid = i
        term = this.fTerms[i++]!
      } else term = liveNew[j++]!
      let prev = 0
      let lastDoc = -1
      let df = 0
      const put = (doc: number, field: number, tf: number): void => {
        const nd = remap[doc]!
        if (nd < 0) return
        out.varint((nd - prev) * 16 + field)
        out.byte(tf)
        prev = nd
        if (nd !== lastDoc) {
          lastDoc = nd
          df++
        }
        entries++
      }
      if (fid >= 0) this.decodeFrozen(fid, put)
      const lt = this.live.get(term)
      if (lt) {
        for (const e of lt.entries) {
          put(Math.floor(e / 4096), (e >>> 8) & 15, e & 255)
        }
      }
      if (df === 0) continue
      terms.push(term)
      dfs.push(df)
      offs.push(out.len)
    }
    const lens = new Uint16Array(n * F)
    const dboost = new Float32Array(n)
    const ids: string[] = new Array<string>(n)
    const texts: Array<Record<string, FieldText> | undefined> = []
    for (let d = 0; d < this.nDocs; d++) {
      const nd = remap[d]!
      if (nd < 0) continue
      lens.set(this.lens.subarray(d * F, d * F + F), nd * F)
      dboost[nd] = this.dboost[d]!
      ids[nd] = this.ids[d]!
      if (this.storeText) texts[nd] = this.texts[d]
    }
    this.fTerms = terms
    this.fTermsBytes = undefined
    this.fOff = Uint32Array.from(offs)
    this.fDf = Uint32Array.from(dfs)
    this.fPost = out.buf.slice(0, out.len)
    this.fEntries = entries
    this.fRev = this.buildRev(terms)
    this.ids = ids
    this.idMap = null
    this.texts = texts
    this.nDocs = n
    this.lens = lens
    this.dboost = dboost
    this.deleted = new Uint8Array(n)
    this.deletedCount = 0
    this.live = new Map()
    this.liveEntries = 0
    this.liveNew = []
    this.liveRev = []
    this.pending = []
    this.liveCount = n
  }

  /** The whole index as bytes (compacts first). Little-endian, as every supported platform is. */
  toBytes(): Uint8Array {
    this.compact()
    return concatChunks(this.toChunks())
  }

  /**
   * The index as byte pieces to write one after another, WITHOUT merging segments: the frozen
   * segment goes out as the arrays it already is (no copy), the live postings and the deletions
   * as sections of their own. So saving costs about the size of what changed since the last
   * compaction, not a merge of every posting (seconds at 100 000 tickets). fromBytes() reads
   * the concatenation. The pieces never change afterwards, so they can be written
   * asynchronously while the index keeps taking documents.
   */
  toChunks(): Uint8Array[] {
    const enc = new TextEncoder()
    const F = this.F
    const bytesOf = (a: ArrayBufferView): Uint8Array =>
      new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
    // Frozen term text changes only on compaction; encode it once per frozen segment.
    this.fTermsBytes ??= enc.encode(this.fTerms.join('\n'))
    const sections: Array<[string, Uint8Array]> = [
      // A removed document's id is null (JSON has no undefined).
      ['ids', enc.encode(JSON.stringify(this.ids.slice(0, this.nDocs)))],
      ['terms', this.fTermsBytes],
      ['off', bytesOf(this.fOff)],
      ['df', bytesOf(this.fDf)],
      ['rev', bytesOf(this.fRev)],
      // Copies: a later add() writes into these arrays in place.
      ['lens', bytesOf(this.lens.slice(0, this.nDocs * F))],
      ['boost', bytesOf(this.dboost.slice(0, this.nDocs))],
      ['post', this.fPost],
    ]
    if (this.liveEntries > 0) {
      const terms: string[] = []
      const counts = new Uint32Array(this.live.size)
      const post = new Float64Array(this.liveEntries)
      let at = 0
      for (const [term, lt] of this.live) {
        counts[terms.length] = lt.entries.length
        terms.push(term)
        post.set(lt.entries, at)
        at += lt.entries.length
      }
      sections.push(
        ['lterms', enc.encode(terms.join('\n'))],
        ['lcount', bytesOf(counts)],
        ['lpost', bytesOf(post)],
      )
    }
    if (this.storeText)
      sections.push(['texts', enc.encode(JSON.stringify(this.texts.slice(0, this.nDocs)))])
    const header = enc.encode(
      JSON.stringify({
        version: FORMAT_VERSION,
        fields: Object.fromEntries(this.fieldNameList.map((f, i) => [f, this.fieldBoost[i]])),
        storeText: this.storeText,
        checkpoint: this.checkpoint ?? null,
        nDocs: this.nDocs,
        nTerms: this.fTerms.length,
        entries: this.fEntries,
        liveEntries: this.liveEntries,
        totalLen: Array.from(this.totalLen),
        sections: sections.map(([name, b]) => [name, b.byteLength]),
      }),
    )
    const head = new Uint8Array(pad8(8 + header.byteLength))
    const view = new DataView(head.buffer)
    view.setUint32(0, FORMAT_MAGIC, true)
    view.setUint32(4, header.byteLength, true)
    head.set(header, 8)
    const out: Uint8Array[] = [head]
    for (const [, b] of sections) {
      out.push(b)
      if (pad8(b.byteLength) > b.byteLength)
        out.push(PADDING.subarray(0, pad8(b.byteLength) - b.byteLength))
    }
    return out
  }

  /** Loads bytes from toBytes(). Typed arrays are views on `bytes`: do not reuse that buffer. */
  static fromBytes(bytes: Uint8Array): SearchIndex {
    if (bytes.byteLength < 8) throw badIndex('文件过短')
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    if (view.getUint32(0, true) !== FORMAT_MAGIC) throw badIndex('格式不符')
    const headerLen = view.getUint32(4, true)
    const dec = new TextDecoder()
    let header: {
      version: number
      fields: Record<string, number>
      storeText: boolean
      checkpoint: string | null
      nDocs: number
      nTerms: number
      entries: number
      liveEntries?: number
      totalLen: number[]
      sections: Array<[string, number]>
    }
    try {
      header = JSON.parse(dec.decode(bytes.subarray(8, 8 + headerLen)))
    } catch {
      throw badIndex('文件头损坏')
    }
    if (header.version !== FORMAT_VERSION && header.version !== 1)
      throw badIndex(`版本 ${header.version}`)
    const pad = (x: number): number => (x + 7) & ~7
    let pos = pad(8 + headerLen)
    const sec = new Map<string, Uint8Array>()
    for (const [name, len] of header.sections) {
      if (pos + len > bytes.byteLength) throw badIndex('数据不完整')
      // Copy when misaligned so typed-array views below are legal.
      const part = bytes.subarray(pos, pos + len)
      sec.set(name, (bytes.byteOffset + pos) % 8 === 0 ? part : part.slice())
      pos += pad(len)
    }
    const get = (name: string): Uint8Array => {
      const s = sec.get(name)
      if (!s) throw badIndex(`缺少 ${name}`)
      return s
    }
    const u32 = (b: Uint8Array): Uint32Array =>
      new Uint32Array(b.buffer, b.byteOffset, b.byteLength / 4)
    const idx = new SearchIndex({ fields: header.fields, storeText: header.storeText })
    const n = header.nDocs
    const F = idx.F
    idx.checkpoint = header.checkpoint ?? undefined
    const ids = JSON.parse(dec.decode(get('ids'))) as Array<string | null>
    idx.ids = ids.map((id) => id ?? undefined)
    idx.idMap = null
    idx.nDocs = n
    const lensB = get('lens')
    idx.lens = new Uint16Array(n * F)
    idx.lens.set(new Uint16Array(lensB.buffer, lensB.byteOffset, n * F))
    const boostB = get('boost')
    idx.dboost = new Float32Array(n)
    idx.dboost.set(new Float32Array(boostB.buffer, boostB.byteOffset, n))
    idx.deleted = new Uint8Array(n)
    let removed = 0
    for (let d = 0; d < n; d++) {
      if (idx.ids[d] !== undefined) continue
      idx.deleted[d] = 1
      removed++
    }
    idx.deletedCount = removed
    idx.liveCount = n - removed
    idx.totalLen = Float64Array.from(header.totalLen)
    const termText = dec.decode(get('terms'))
    idx.fTerms = termText.length === 0 ? [] : termText.split('\n')
    idx.fOff = u32(get('off'))
    idx.fDf = u32(get('df'))
    idx.fRev = u32(get('rev'))
    idx.fPost = get('post')
    idx.fEntries = header.entries
    idx.fTermsBytes = get('terms')
    if (idx.fTerms.length !== header.nTerms || idx.fOff.length !== header.nTerms + 1)
      throw badIndex('词表不一致')
    if (idx.ids.length !== n) throw badIndex('文档数不一致')
    if (header.storeText) {
      const texts = JSON.parse(dec.decode(get('texts'))) as Array<Record<string, FieldText> | null>
      idx.texts = texts.map((t) => t ?? undefined)
    }
    if (sec.has('lterms')) idx.loadLive(dec.decode(get('lterms')), get('lcount'), get('lpost'))
    if (idx.liveEntries !== (header.liveEntries ?? 0)) throw badIndex('新增部分不完整')
    return idx
  }

  /** JSON-safe form (bytes as base64) for stores that only take JSON. */
  toJSON(): { format: 'kefu-search-index'; data: string } {
    return { format: 'kefu-search-index', data: bytesToBase64(this.toBytes()) }
  }

  static fromJSON(json: unknown): SearchIndex {
    const j = json as { format?: unknown; data?: unknown } | null
    if (!j || j.format !== 'kefu-search-index' || typeof j.data !== 'string')
      throw badIndex('格式不符')
    return SearchIndex.fromBytes(base64ToBytes(j.data))
  }

  /** Rough bytes held by postings and per-document arrays (for benchmarks and diagnostics). */
  stats(): {
    docs: number
    terms: number
    frozenPostings: number
    livePostings: number
    bytes: number
  } {
    return {
      docs: this.liveCount,
      terms: this.fTerms.length + this.live.size,
      frozenPostings: this.fEntries,
      livePostings: this.liveEntries,
      bytes:
        this.fPost.byteLength +
        this.fOff.byteLength +
        this.fDf.byteLength +
        this.fRev.byteLength +
        this.lens.byteLength +
        this.dboost.byteLength +
        this.liveEntries * 8,
    }
  }

  // ---------------------------------------------------------------- internals

  /** The live segment saved by toChunks(): terms, entries per term, entries. */
  private loadLive(termText: string, countB: Uint8Array, postB: Uint8Array): void {
    const terms = termText.length === 0 ? [] : termText.split('\n')
    const counts = new Uint32Array(countB.buffer, countB.byteOffset, countB.byteLength / 4)
    const post = new Float64Array(postB.buffer, postB.byteOffset, postB.byteLength / 8)
    if (counts.length !== terms.length) throw badIndex('新增词表不一致')
    let at = 0
    for (let i = 0; i < terms.length; i++) {
      const c = counts[i]!
      if (at + c > post.length) throw badIndex('新增部分不完整')
      const entries = Array.from(post.subarray(at, at + c))
      at += c
      // Entries are in document order, so df and lastDoc follow from them.
      let df = 0
      let lastDoc = -1
      for (const e of entries) {
        const d = Math.floor(e / 4096)
        if (d >= this.nDocs) throw badIndex('新增部分不一致')
        if (d !== lastDoc) {
          lastDoc = d
          df++
        }
      }
      const term = terms[i]!
      this.live.set(term, { entries, df, lastDoc })
      if (this.frozenTermId(term) < 0) this.pending.push(term)
      this.liveEntries += c
    }
  }

  private getIdMap(): Map<string, number> {
    if (!this.idMap) {
      const m = new Map<string, number>()
      for (let d = 0; d < this.nDocs; d++) {
        const id = this.ids[d]
        if (id !== undefined) m.set(id, d)
      }
      this.idMap = m
    }
    return this.idMap
  }

  private ensureDocCapacity(n: number): void {
    this.lens = growU16(this.lens, n * this.F)
    this.dboost = growF32(this.dboost, n)
    this.deleted = growU8(this.deleted, n)
  }

  private removeNum(d: number): void {
    const id = this.ids[d]
    if (id !== undefined) this.getIdMap().delete(id)
    this.ids[d] = undefined
    this.deleted[d] = 1
    for (let f = 0; f < this.F; f++) this.totalLen[f]! -= this.lens[d * this.F + f]!
    if (this.storeText) this.texts[d] = undefined
    this.liveCount--
    this.deletedCount++
  }

  private maybeCompact(): void {
    const liveTooBig =
      this.liveEntries > MIN_LIVE_BEFORE_COMPACT && this.liveEntries > this.fEntries / 4
    const tooManyDeleted = this.deletedCount > 1000 && this.deletedCount > this.nDocs / 4
    if (liveTooBig || tooManyDeleted) this.compact()
  }

  private frozenTermId(term: string): number {
    const i = lowerBound(this.fTerms.length, (k) => this.fTerms[k]!, term)
    return i < this.fTerms.length && this.fTerms[i] === term ? i : -1
  }

  private buildRev(terms: string[]): Uint32Array {
    const digits: Array<[string, number]> = []
    terms.forEach((t, i) => {
      if (isDigits(t)) digits.push([reverse(t), i])
    })
    digits.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    return Uint32Array.from(digits, (x) => x[1])
  }

  private decodeFrozen(t: number, cb: (doc: number, field: number, tf: number) => void): void {
    const post = this.fPost
    let p = this.fOff[t]!
    const end = this.fOff[t + 1]!
    let doc = 0
    while (p < end) {
      let b = post[p++]!
      let v = b & 127
      let mul = 128
      while (b & 128) {
        b = post[p++]!
        v += (b & 127) * mul
        mul *= 128
      }
      doc += Math.floor(v / 16)
      cb(doc, v & 15, post[p++]!)
    }
  }

  private df(term: string): number {
    const t = this.frozenTermId(term)
    return (t >= 0 ? this.fDf[t]! : 0) + (this.live.get(term)?.df ?? 0)
  }

  private exists(term: string): boolean {
    return this.frozenTermId(term) >= 0 || this.live.has(term)
  }

  /** Terms of the index that start (or, reversed, end) with `key`, frozen and live. */
  private expand(key: string, suffix: boolean): string[] {
    const out: string[] = []
    if (suffix) {
      const rkey = reverse(key)
      const rev = this.fRev
      let i = lowerBound(rev.length, (k) => reverse(this.fTerms[rev[k]!]!), rkey)
      for (; i < rev.length && out.length < MAX_EXPANSIONS; i++) {
        const t = this.fTerms[rev[i]!]!
        if (!t.endsWith(key)) break
        if (t !== key) out.push(t)
      }
    } else {
      let i = lowerBound(this.fTerms.length, (k) => this.fTerms[k]!, key)
      for (; i < this.fTerms.length && out.length < MAX_EXPANSIONS; i++) {
        const t = this.fTerms[i]!
        if (!t.startsWith(key)) break
        if (t !== key) out.push(t)
      }
    }
    this.settlePending()
    if (suffix) {
      const rkey = reverse(key)
      const rev = this.liveRev
      for (let i = lowerBound(rev.length, (k) => rev[k]!, rkey); i < rev.length; i++) {
        if (out.length >= MAX_EXPANSIONS || !rev[i]!.startsWith(rkey)) break
        if (rev[i] !== rkey) out.push(reverse(rev[i]!))
      }
    } else {
      const terms = this.liveNew
      for (let i = lowerBound(terms.length, (k) => terms[k]!, key); i < terms.length; i++) {
        if (out.length >= MAX_EXPANSIONS || !terms[i]!.startsWith(key)) break
        if (terms[i] !== key) out.push(terms[i]!)
      }
    }
    return out
  }

  /** Brings the sorted live-term lists up to date: insert a few, re-sort after many. */
  private settlePending(): void {
    const p = this.pending
    if (p.length === 0) return
    const revs = p.filter(isDigits).map(reverse)
    if (p.length > this.liveNew.length / 8 + 64) {
      this.liveNew = this.liveNew.concat(p).sort()
      this.liveRev = this.liveRev.concat(revs).sort()
    } else {
      for (const t of p)
        this.liveNew.splice(
          lowerBound(this.liveNew.length, (k) => this.liveNew[k]!, t),
          0,
          t,
        )
      for (const r of revs)
        this.liveRev.splice(
          lowerBound(this.liveRev.length, (k) => this.liveRev[k]!, r),
          0,
          r,
        )
    }
    this.pending = []
  }

  private resolveVariant(u: QueryUnit, loose: boolean): ResolvedVariant | null {
    const slots: ResolvedVariant['slots'] = []
    for (const s of u.slots) {
      const alts: Alt[] = []
      if (this.exists(s.term)) alts.push({ term: s.term, weight: s.weight, exact: true })
      if (s.mode === 'prefix' || s.mode === 'affix') {
        const w = s.weight * (s.mode === 'prefix' ? PREFIX_WEIGHT : AFFIX_WEIGHT)
        for (const t of this.expand(s.term, false)) alts.push({ term: t, weight: w, exact: false })
      }
      if (s.mode === 'affix') {
        const w = s.weight * AFFIX_WEIGHT
        for (const t of this.expand(s.term, true)) alts.push({ term: t, weight: w, exact: false })
      }
      let c = 0
      for (const a of alts) c += this.df(a.term)
      slots.push({ term: s.term, mode: s.mode, weight: s.weight, bonus: s.bonus, alts, cost: c })
    }
    let hittable = 0
    let existing = 0
    for (const s of slots) {
      if (s.bonus || s.alts.length === 0) continue
      hittable += s.weight
      existing++
    }
    if (existing === 0) return null
    if (u.whole) {
      let total = 0
      for (const s of slots) if (!s.bonus) total += s.weight
      const required = u.share !== undefined ? WHOLE_SHARE * total - 1e-9 : u.required
      if (hittable < required) return null
      return { required, minSlots: Math.min(u.minSlots ?? 1, existing), slots }
    }
    const share = u.share !== undefined ? (loose ? LOOSE_SHARE : u.share) : undefined
    const required = share !== undefined ? share * hittable - 1e-9 : u.required
    const minSlots = loose ? 1 : Math.min(u.minSlots ?? 1, existing)
    return { required, minSlots, slots }
  }

  private resolve(units: QueryUnit[], loose: boolean): ResolvedUnit[] {
    const out: ResolvedUnit[] = []
    for (const u of units) {
      const variants: ResolvedVariant[] = []
      for (const v of [u, ...(u.alternatives ?? [])]) {
        const r = this.resolveVariant(v, loose)
        if (r) variants.push(r)
      }
      if (variants.length === 0) {
        // A fragment none of whose terms exist cannot match: the strict query has no result.
        if (loose) continue
        return []
      }
      let cost = 0
      for (const v of variants) for (const s of v.slots) if (!s.bonus) cost += s.cost
      out.push({ variants, cost })
    }
    // Cheapest fragment first: later ones only score documents that are still candidates.
    return out.sort((a, b) => a.cost - b.cost)
  }

  private ensureScratch(): void {
    const n = this.nDocs
    if (this.acc.length >= n) return
    const cap = Math.max(n, this.acc.length * 2, 1024)
    this.acc = new Float64Array(cap)
    this.pass = new Uint8Array(cap)
    this.unitMark = new Int32Array(cap)
    this.slotMark = new Int32Array(cap)
    this.unitCnt = new Float64Array(cap)
    this.unitHits = new Uint16Array(cap)
    this.touchMark = new Int32Array(cap)
    this.doneMark = new Int32Array(cap)
    this.fieldMask = new Uint16Array(cap)
    this.sameMask = new Uint16Array(cap)
    this.gen = 0
  }

  /**
   * Scores documents. Strict: a document must match every unit (a unit: any of its variants),
   * and later units only visit documents still in the running. Loose: every unit is optional;
   * a document's score is scaled by the share of units it matched, and raised when the units
   * it matched were all found in one field (the words stand together, not scattered over the
   * order's history).
   */
  private evaluate(units: ResolvedUnit[], loose: boolean): { docs: number[]; scores: number[] } {
    this.ensureScratch()
    if (this.gen > 0x7fff0000) {
      this.unitMark.fill(0)
      this.slotMark.fill(0)
      this.touchMark.fill(0)
      this.doneMark.fill(0)
      this.gen = 0
    }
    const { acc, pass, unitMark, slotMark, unitCnt, unitHits, touchMark, doneMark } = this
    const { fieldMask, sameMask, lens, deleted, fieldBoost, F } = this
    const N = Math.max(1, this.liveCount)
    const avg = Array.from(this.totalLen, (t) => Math.max(1, t / N))
    const touched: number[] = []
    const qg = ++this.gen
    for (let u = 0; u < units.length; u++) {
      const unit = units[u]!
      const ug = ++this.gen
      for (const variant of unit.variants) {
        const vg = ++this.gen
        for (const slot of variant.slots) {
          const sg = ++this.gen
          const counts = !slot.bonus
          const slotWeight = slot.weight
          for (const alt of slot.alts) {
            const df = Math.min(this.df(alt.term), N)
            const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5)) * alt.weight
            const visit = (doc: number, f: number, tf: number): void => {
              if (unitMark[doc] !== vg) {
                unitMark[doc] = vg
                unitCnt[doc] = 0
                unitHits[doc] = 0
                fieldMask[doc] = 0
                if (touchMark[doc] !== qg) {
                  touchMark[doc] = qg
                  if (loose || u === 0) {
                    touched.push(doc)
                    sameMask[doc] = 0xffff
                  }
                }
              }
              fieldMask[doc]! |= 1 << f
              const norm = 1 - B + (B * lens[doc * F + f]!) / avg[f]!
              acc[doc]! += (idf * fieldBoost[f]! * tf * (K1 + 1)) / (tf + K1 * norm)
              if (counts && slotMark[doc] !== sg) {
                slotMark[doc] = sg
                unitCnt[doc]! += slotWeight
                unitHits[doc]!++
              }
            }
            const t = this.frozenTermId(alt.term)
            if (t >= 0) {
              // decodeFrozen() inlined: this loop is the hot path of every query.
              const post = this.fPost
              let p = this.fOff[t]!
              const end = this.fOff[t + 1]!
              let doc = 0
              while (p < end) {
                let b = post[p++]!
                let v = b & 127
                let mul = 128
                while (b & 128) {
                  b = post[p++]!
                  v += (b & 127) * mul
                  mul *= 128
                }
                doc += Math.floor(v / 16)
                const tf = post[p++]!
                if (deleted[doc] || (!loose && pass[doc] !== u)) continue
                visit(doc, v & 15, tf)
              }
            }
            const lt = this.live.get(alt.term)
            if (lt)
              for (const e of lt.entries) {
                const doc = Math.floor(e / 4096)
                if (deleted[doc] || (!loose && pass[doc] !== u)) continue
                visit(doc, (e >>> 8) & 15, e & 255)
              }
          }
        }
        // Documents this variant matched have matched the unit; a later variant adds nothing.
        for (const doc of touched) {
          if (
            unitMark[doc] === vg &&
            doneMark[doc] !== ug &&
            (loose || pass[doc] === u) &&
            unitCnt[doc]! >= variant.required &&
            unitHits[doc]! >= variant.minSlots
          ) {
            doneMark[doc] = ug
            pass[doc]!++
            sameMask[doc]! &= fieldMask[doc]!
          }
        }
      }
    }
    const docs: number[] = []
    const scores: number[] = []
    const U = units.length
    for (const doc of touched) {
      const n = pass[doc]!
      if (loose ? n > 0 : n === U) {
        docs.push(doc)
        let sc = acc[doc]! * this.dboost[doc]!
        if (loose) {
          const share = n / U
          sc *= share * share * (n > 1 && sameMask[doc] !== 0 ? 1.5 : 1)
        }
        scores.push(sc)
      }
      acc[doc] = 0
      pass[doc] = 0
    }
    return { docs, scores }
  }

  /** Indexes into docs of the best `limit` hits passing the filter, best first. */
  private top(
    docs: number[],
    scores: number[],
    limit: number,
    filter?: (id: string) => boolean,
  ): number[] {
    const better = (a: number, b: number): boolean =>
      scores[a]! > scores[b]! || (scores[a] === scores[b] && docs[a]! > docs[b]!)
    const pick = (k: number): number[] => {
      // Min-heap of the k best so far; a full sort of 100 000 candidates costs more.
      const heap: number[] = []
      for (let i = 0; i < docs.length; i++) {
        if (heap.length < k) {
          heap.push(i)
          let c = heap.length - 1
          while (c > 0) {
            const p = (c - 1) >> 1
            if (!better(heap[p]!, heap[c]!)) break
            ;[heap[p], heap[c]] = [heap[c]!, heap[p]!]
            c = p
          }
        } else if (better(i, heap[0]!)) {
          heap[0] = i
          let p = 0
          for (;;) {
            const l = 2 * p + 1
            const r = l + 1
            let m = p
            if (l < heap.length && better(heap[m]!, heap[l]!)) m = l
            if (r < heap.length && better(heap[m]!, heap[r]!)) m = r
            if (m === p) break
            ;[heap[p], heap[m]] = [heap[m]!, heap[p]!]
            p = m
          }
        }
      }
      return heap.sort((a, b) => (better(a, b) ? -1 : 1))
    }
    if (!filter) return pick(Math.min(limit, docs.length))
    const k = Math.min(docs.length, Math.max(limit * 4, 64))
    const first = pick(k).filter((i) => filter(this.ids[docs[i]!]!))
    if (first.length >= limit || k === docs.length) return first.slice(0, limit)
    return pick(docs.length)
      .filter((i) => filter(this.ids[docs[i]!]!))
      .slice(0, limit)
  }

  private matcherOf(units: ResolvedUnit[]): HighlightMatcher {
    const exact = new Set<string>()
    const prefixes: string[] = []
    const affixes: string[] = []
    // Only what was typed lights up: the last 6 digits of an order number, not the whole number.
    for (const u of units)
      for (const v of u.variants)
        for (const s of v.slots) {
          if (s.alts.some((a) => a.exact)) exact.add(s.term)
          if (s.mode === 'prefix') prefixes.push(s.term)
          else if (s.mode === 'affix') affixes.push(s.term)
        }
    return { exact, prefixes, affixes }
  }

  private highlightsOf(
    d: number,
    id: string,
    m: HighlightMatcher,
    textOf?: (id: string, field: string) => FieldText,
  ): Highlight[] {
    const out: Highlight[] = []
    const stored = this.storeText ? this.texts[d] : undefined
    for (const field of this.fieldNameList) {
      const value = stored ? stored[field] : textOf?.(id, field)
      if (value === undefined) continue
      const list = typeof value === 'string' ? [value] : value
      list.forEach((text, index) => {
        const ranges = highlightRanges(text, m)
        if (ranges.length === 0) return
        const snip = snippet(text, ranges)
        const h: Highlight = { field, ranges, snippet: snip.text, snippetRanges: snip.ranges }
        if (typeof value !== 'string') h.index = index
        out.push(h)
      })
    }
    return out
  }
}
