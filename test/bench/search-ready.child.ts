/**
 * Run by search.bench.ts in a fresh process, as after a restart: times reading the persisted
 * index, loading it and answering the first query (cold JIT, cold caches), and the memory the
 * loaded index holds (heap + ArrayBuffers after a GC); prints JSON.
 * argv: <ours|minisearch> <file>
 */
import { readFileSync } from 'node:fs'
import MiniSearch from 'minisearch'
import { SearchIndex, tokenize } from '../../shared/search/index'

const [engine, file] = process.argv.slice(2)
const gc = (globalThis as { gc?: () => void }).gc
const retained = (): number => {
  gc?.()
  const m = process.memoryUsage()
  return (m.heapUsed + m.arrayBuffers) / 1048576
}
const before = retained()
let keep: unknown
const BOOSTS = { orderNo: 3, trackingNo: 3, customer: 2.5, description: 1.5, history: 1 }
const t0 = performance.now()
let hits: number
if (engine === 'ours') {
  const idx = SearchIndex.fromBytes(new Uint8Array(readFileSync(file!)))
  keep = idx
  hits = idx.search('退款 还没到账', { limit: 20 }).length
} else {
  const ms = MiniSearch.loadJSON(readFileSync(file!, 'utf8'), {
    fields: Object.keys(BOOSTS),
    tokenize: (text: string) => tokenize(text),
    searchOptions: { boost: BOOSTS },
  })
  keep = ms
  hits = ms.search('退款 还没到账').slice(0, 20).length
}
const ms = performance.now() - t0
const heapMb = retained() - before
if (keep === undefined) throw new Error('nothing loaded') // keeps the index alive past the GC
const rssMb = process.memoryUsage().rss / 1048576
process.stdout.write(JSON.stringify({ ms, hits, heapMb, rssMb }) + '\n')
