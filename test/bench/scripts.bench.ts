/**
 * Area `scripts` (issue 7, BENCH.md): the reply-script picker answering each keystroke.
 *
 * Ours: shared/scripts ScriptPickerIndex, the very code the picker runs in the window (short
 * codes, Chinese phrase search over title/tags/body with highlights, platform filter, usage
 * ranking). Peer: MiniSearch, what a developer would pick, given the same Chinese tokenizer
 * and field boosts, short codes as a prefix-searched field; its default setup is reported
 * beside it.
 *
 * - scripts.search.p95.5k: one keystroke's answer (top 20) over 5 000 scripts, for queries
 *   typed keystroke by keystroke (every prefix of real phrases and `/codes`), ≥ 5 rounds.
 * - scripts.build.5k: indexing the whole list, as when the window first loads it.
 * - scripts.update.p95.5k: one script edited and re-indexed (store.changed).
 */
import MiniSearch from 'minisearch'
import { defaultScripts } from '../../electron/services/scripts/seed'
import { tokenize } from '../../shared/search/index'
import { ScriptPickerIndex, type PickerScript } from '../../shared/scripts/rank'
import { PRODUCTS, type ProductGroup } from './lib/content'
import { Rng } from './lib/random'
import { BenchReport } from './lib/results'
import { measureEach, timeOnce } from './lib/timing'

const SEED = 20261125
const N = 5000
const LIMIT = 20
const BOOSTS = { shortCode: 4, title: 3, tags: 2, body: 1 }

/** Realistic variants of the shipped library: a shop's own list grows by product and platform. */
function generate(n: number): PickerScript[] {
  const rng = new Rng(SEED)
  const base = defaultScripts()
  const groups = Object.keys(PRODUCTS) as ProductGroup[]
  const platforms = ['all', 'pdd', 'taobao', 'jd', 'douyin', 'meituan'] as const
  const out: PickerScript[] = []
  for (let i = 0; i < n; i++) {
    const s = base[i % base.length]!
    const product = rng.pick(PRODUCTS[rng.pick(groups)])
    const platform = rng.pick(platforms)
    out.push({
      id: `bench.${i}`,
      title: i < base.length ? s.title : `${s.title}（${product}）`,
      body:
        i < base.length
          ? s.body
          : `${s.body}${rng.chance(0.5) ? `本次咨询的商品：${product}。` : ''}`,
      category: s.category,
      platforms: [platform],
      variants: {},
      tags: rng.chance(0.5) ? [...s.tags, product.slice(0, 4)] : s.tags,
      shortCode: `${s.shortCode}${i < base.length ? '' : i.toString(36)}`.slice(0, 12),
      scope: 'shop',
      rev: '1',
    })
  }
  return out
}

const PHRASES = [
  '退款什么时候到账',
  '快递一直没更新',
  '破损',
  '地址写错了',
  '好评',
  '发票',
  '尺码不合适换货',
  '骑手超时',
  '七天无理由',
  '/tk',
  '/wl',
  '/hp',
]

/** What the picker sees while someone types: every prefix of every phrase. */
function keystrokes(): string[] {
  const out: string[] = []
  for (const p of PHRASES) {
    const chars = Array.from(p)
    for (let i = 1; i <= chars.length; i++) out.push(chars.slice(0, i).join(''))
  }
  return out
}

interface MsDoc {
  id: string
  shortCode: string
  title: string
  tags: string
  body: string
}

function miniSearch(sameTokenizer: boolean) {
  return new MiniSearch<MsDoc>({
    fields: ['shortCode', 'title', 'tags', 'body'],
    storeFields: [],
    ...(sameTokenizer ? { tokenize: (text: string) => tokenize(text) } : {}),
    searchOptions: { boost: BOOSTS },
  })
}

function msSearch(ms: MiniSearch<MsDoc>, q: string) {
  // The same reading of a query as ours: `/code` searches codes by prefix, anything else text.
  if (q.startsWith('/')) {
    const code = q.slice(1)
    return code ? ms.search(code, { fields: ['shortCode'], prefix: true }).slice(0, LIMIT) : []
  }
  return ms.search(q).slice(0, LIMIT)
}

async function main() {
  const report = new BenchReport('scripts')
  const scripts = generate(N)
  const docs: MsDoc[] = scripts.map((s) => ({
    id: s.id,
    shortCode: s.shortCode,
    title: s.title,
    tags: s.tags.join(' '),
    body: s.body,
  }))
  const usage: Record<string, number> = {}
  const rng = new Rng(SEED + 1)
  for (let i = 0; i < 300; i++) usage[`bench.${rng.int(0, N - 1)}`] = rng.int(1, 50)

  const idx = new ScriptPickerIndex()
  const built = await timeOnce(() => idx.sync(scripts))
  const ms = miniSearch(true)
  const msBuilt = await timeOnce(() => ms.addAll(docs))
  const msDefault = miniSearch(false)
  msDefault.addAll(docs)
  report.add({
    id: 'scripts.build.5k',
    value: built.ms,
    unit: 'ms',
    better: 'lower',
    peer: { name: 'MiniSearch same tokenizer', value: msBuilt.ms },
    note: `${N} scripts indexed once, as the window loads the list`,
  })

  const qs = keystrokes()
  const ours = measureEach(qs, (q) => idx.search(q, { limit: LIMIT, platform: 'pdd', usage }))
  const peer = measureEach(qs, (q) => msSearch(ms, q))
  const peerDefault = measureEach(qs, (q) => msSearch(msDefault, q))
  report.add({
    id: 'scripts.search.p95.5k',
    value: ours.p95,
    unit: 'ms',
    better: 'lower',
    target: 10,
    peer: { name: 'MiniSearch same tokenizer', value: peer.p95 },
    others: [{ name: 'MiniSearch default', value: peerDefault.p95 }],
    min: ours.min,
    max: ours.max,
    runs: ours.runs,
    note: `${qs.length} keystrokes (prefixes of ${PHRASES.length} phrases and codes) × 5 rounds, top ${LIMIT} with highlights, platform filter and usage ranking; p50 ours ${ours.p50.toFixed(2)} ms, MiniSearch ${peer.p50.toFixed(2)} ms`,
  })

  const picks = Array.from({ length: 50 }, (_, k) => scripts[(k * 7919) % N]!)
  let round = 0
  const upd = measureEach(picks, (s) => {
    round++
    idx.upsert({ ...s, body: `${s.body}（第${round}次修改）`, rev: String(round) })
  })
  const msUpd = measureEach(picks, (s) => {
    round++
    const d = docs[Number(s.id.slice('bench.'.length))]!
    ms.replace({ ...d, body: `${d.body}（第${round}次修改）` })
  })
  report.add({
    id: 'scripts.update.p95.5k',
    value: upd.p95,
    unit: 'ms',
    better: 'lower',
    peer: { name: 'MiniSearch same tokenizer (replace)', value: msUpd.p95 },
    min: upd.min,
    max: upd.max,
    runs: upd.runs,
  })
  report.finish()
}

await main()
