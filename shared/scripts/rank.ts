import { SearchIndex, type Range } from '../search/index'
import { normalizeText } from '../search/tokenize'
import { fitsPlatform, scriptContent, type ScriptView } from './model'

/**
 * The picker's index (issue 7 "Use"): built once in the window over the scripts the person
 * may use and kept current as they change, so every keystroke answers from memory.
 *
 * A query is read the way agents type it:
 * - `/tk` or `tk`: a short code; the exact code first, then codes starting with it;
 * - `退款到账` or `/退款`: any part of a Chinese phrase, through the shared Chinese tokenizer
 *   over title, tags and body (title counts most);
 * - nothing: the scripts this person uses most.
 * Only scripts for the order's platform (or for every platform) are offered; among equally
 * good matches, the ones the person uses more come first.
 */

export type PickerScript = Pick<
  ScriptView,
  'id' | 'title' | 'body' | 'category' | 'platforms' | 'variants' | 'tags' | 'shortCode' | 'scope'
> & {
  /** Changes whenever the script does (its updated stamp); unchanged scripts are not re-indexed. */
  rev: string
}

export interface PickerHit {
  script: PickerScript
  score: number
  /** Highlighted ranges in the title and the body snippet. */
  titleRanges: Range[]
  snippet: string
  snippetRanges: Range[]
  /** Matched by its short code. */
  byCode: boolean
}

export interface PickerSearchOptions {
  /** Ticket platform of the open order (pdd, taobao…), or none outside an order. */
  platform?: string | null
  /** How often this person used each script. */
  usage?: Readonly<Record<string, number>>
  limit?: number
}

const FIELDS = { title: 3, tags: 2, body: 1 }
const CODE_EXACT = 1000
const CODE_PREFIX = 500
const SNIPPET_CHARS = 60

function usageFactor(n: number | undefined): number {
  return 1 + 0.15 * Math.log1p(n ?? 0)
}

export class ScriptPickerIndex {
  private readonly index = new SearchIndex({ fields: FIELDS, storeText: true })
  private readonly scripts = new Map<string, PickerScript>()

  get size(): number {
    return this.scripts.size
  }

  get(id: string): PickerScript | undefined {
    return this.scripts.get(id)
  }

  upsert(s: PickerScript): void {
    const old = this.scripts.get(s.id)
    if (old && old.rev === s.rev) return
    this.scripts.set(s.id, s)
    this.index.add({ id: s.id, fields: { title: s.title, tags: s.tags, body: s.body } })
  }

  remove(id: string): void {
    if (this.scripts.delete(id)) this.index.remove(id)
  }

  /** Makes the index hold exactly these scripts, touching only what changed. */
  sync(list: readonly PickerScript[]): void {
    const keep = new Set<string>()
    for (const s of list) {
      keep.add(s.id)
      this.upsert(s)
    }
    for (const id of [...this.scripts.keys()]) if (!keep.has(id)) this.remove(id)
  }

  search(query: string, opts: PickerSearchOptions = {}): PickerHit[] {
    const limit = opts.limit ?? 20
    const usage = opts.usage ?? {}
    const fits = (s: PickerScript) => fitsPlatform(s, opts.platform)
    let q = query.trim()
    const slash = q.startsWith('/') || q.startsWith('／')
    if (slash) q = q.slice(1).trim()

    if (q === '') return this.mostUsed(limit, usage, fits)

    const hits = new Map<string, PickerHit>()
    const code = normalizeText(q).replace(/\s+/g, '')
    if (/^[a-z0-9]+$/.test(code)) {
      for (const s of this.scripts.values()) {
        if (!s.shortCode || !s.shortCode.startsWith(code) || !fits(s)) continue
        const base = s.shortCode === code ? CODE_EXACT : CODE_PREFIX
        hits.set(s.id, {
          script: s,
          score: base * usageFactor(usage[s.id]) - s.shortCode.length,
          titleRanges: [],
          snippet: s.body.slice(0, SNIPPET_CHARS),
          snippetRanges: [],
          byCode: true,
        })
      }
    }

    const text = this.index.search(q, {
      limit: Math.max(limit * 3, 60),
      filter: (id) => {
        const s = this.scripts.get(id)
        return !!s && fits(s)
      },
    })
    for (const h of text) {
      if (hits.has(h.id)) continue
      const s = this.scripts.get(h.id)
      if (!s) continue
      const title = h.highlights.find((x) => x.field === 'title')
      const body = h.highlights.find((x) => x.field === 'body')
      // A script written for this very platform reads better than a generic one.
      const own = opts.platform && !s.platforms.includes('all') ? 1.1 : 1
      hits.set(h.id, {
        script: s,
        score: h.score * usageFactor(usage[s.id]) * own,
        titleRanges: title?.ranges ?? [],
        snippet: body?.snippet ?? s.body.slice(0, SNIPPET_CHARS),
        snippetRanges: body?.snippetRanges ?? [],
        byCode: false,
      })
    }
    return [...hits.values()]
      .sort((a, b) => b.score - a.score || a.script.title.localeCompare(b.script.title, 'zh-CN'))
      .slice(0, limit)
  }

  private mostUsed(
    limit: number,
    usage: Readonly<Record<string, number>>,
    fits: (s: PickerScript) => boolean,
  ): PickerHit[] {
    const list = [...this.scripts.values()].filter(fits)
    list.sort(
      (a, b) => (usage[b.id] ?? 0) - (usage[a.id] ?? 0) || a.title.localeCompare(b.title, 'zh-CN'),
    )
    return list.slice(0, limit).map((s) => ({
      script: s,
      score: usage[s.id] ?? 0,
      titleRanges: [],
      snippet: s.body.slice(0, SNIPPET_CHARS),
      snippetRanges: [],
      byCode: false,
    }))
  }
}

/** The picker's view of a script from the list the service returns. */
export function toPickerScript(s: ScriptView): PickerScript {
  return { id: s.id, ...scriptContent(s), scope: s.scope, rev: s.rev }
}
