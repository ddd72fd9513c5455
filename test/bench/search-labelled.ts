import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import MiniSearch from 'minisearch'
import type { SearchResult } from '../../shared/api/tickets'
import type { Person } from '../../shared/auth/roles'
import { tokenize } from '../../shared/search'
import type { Change } from '../../shared/data/ops'
import type { Ticket } from '../../shared/tickets/model'
import type { CallContext } from '../../electron/context'
import { openTicketDesk } from '../../electron/services/tickets'
import { FIELDS, searchFields } from '../../electron/services/tickets/search-index'
import type { DeskTicket } from '../../electron/services/tickets/common'
import { Store } from '../../electron/store'
import { labelledOrders } from '../fixtures/search-labelled/orders'
import {
  QUERIES,
  relevantIds,
  type LabelledQuery,
  type QueryKind,
} from '../fixtures/search-labelled/queries'
import type { BenchReport } from './lib/results'

/**
 * Quality on the hand-written labelled set (test/fixtures/search-labelled/, issue 17 item 3),
 * measured through the app's own path: the orders are committed to a real store, the ticket
 * desk indexes them as it does at first start, and every query goes through the desk's
 * `tickets.search` with the app's fields and highlights (each hit read back from the store).
 *
 * - recall@10: relevant orders among the first 10 hits / min(10, relevant orders).
 * - MRR: 1 / rank of the first relevant hit (0 when none is in the first 10).
 * Both are averaged over the queries, overall and per kind.
 *
 * Peer: MiniSearch over the same orders, the same fields and boosts (the app's searchFields),
 * with our tokenizer (Intl.Segmenter words + bigrams); its default search (OR of terms).
 */

const SUPERVISOR: Person = { id: 'sup', name: '刘主管', roles: ['supervisor'], teams: [] }

function changesOf(t: Ticket): Change[] {
  const out: Change[] = []
  for (const [field, value] of Object.entries(t)) {
    if (field === 'id' || field === 'history' || value === undefined) continue
    out.push({ entity: 'ticket', id: t.id, kind: 'set', field, value })
  }
  for (const e of t.history)
    out.push({
      entity: 'ticket',
      id: t.id,
      kind: 'add',
      field: 'history',
      value: { ...e, devName: '前台1号机' },
    })
  return out
}

interface Score {
  recall: number
  mrr: number
}

function score(q: LabelledQuery, rel: Set<string>, ids: string[]): Score {
  const top = ids.slice(0, 10)
  let hit = 0
  let rr = 0
  top.forEach((id, i) => {
    if (!rel.has(id)) return
    hit++
    if (rr === 0) rr = 1 / (i + 1)
  })
  return { recall: hit / Math.min(10, rel.size), mrr: rr }
}

function average(list: Array<{ kind: QueryKind; s: Score }>, kind?: QueryKind): Score {
  const xs = kind ? list.filter((x) => x.kind === kind) : list
  const n = Math.max(1, xs.length)
  return {
    recall: xs.reduce((a, x) => a + x.s.recall, 0) / n,
    mrr: xs.reduce((a, x) => a + x.s.mrr, 0) / n,
  }
}

export async function labelledQuality(report: BenchReport, verbose: boolean): Promise<void> {
  const orders = labelledOrders()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-search-labelled-'))
  const store = await Store.open({
    dataDir: dir,
    deviceId: 'pc1',
    autoBackup: false,
    flushDelayMs: 50,
  })
  try {
    await store.commit('setup', [
      { entity: 'person', id: 'sup', kind: 'set', field: 'name', value: SUPERVISOR.name },
      { entity: 'person', id: 'sup', kind: 'set', field: 'roles', value: SUPERVISOR.roles },
      { entity: 'person', id: 'agent', kind: 'set', field: 'name', value: '小王' },
      { entity: 'person', id: 'agent', kind: 'set', field: 'roles', value: ['agent'] },
    ])
    for (let i = 0; i < orders.length; i += 100)
      await store.commit(
        'agent',
        orders.slice(i, i + 100).flatMap((o) => changesOf(o.ticket)),
      )
    const desk = await openTicketDesk(
      {
        dataDir: dir,
        device: { id: 'pc1', name: '前台1号机' },
        store,
        adapters: { notifications: { show: () => undefined } },
        signedIn: () => [],
        now: () => Date.parse('2025-03-05T02:00:00Z'),
      },
      { slaIntervalMs: 0, indexPersistMs: -1 },
    )
    const index = await desk.index
    await index.whenIndexed()
    const ctx: CallContext = {
      session: { id: 's-sup', personId: 'sup', signedInAt: null, lastActiveAt: 0 },
      deviceId: 'pc1',
      deviceName: '前台1号机',
      person: SUPERVISOR,
      audit: async () => undefined,
    }

    // The peer: MiniSearch over the app's own field texts.
    const fieldNames = Object.keys(FIELDS)
    const ms = new MiniSearch<Record<string, string>>({
      fields: fieldNames,
      storeFields: [],
      tokenize: (text: string) => tokenize(text),
      searchOptions: { boost: { ...FIELDS } },
    })
    ms.addAll(
      orders.map((o) => {
        const f = searchFields(o.ticket as DeskTicket)
        const doc: Record<string, string> = { id: o.ticket.id }
        for (const name of fieldNames) {
          const v = f[name as keyof typeof f]
          doc[name] = typeof v === 'string' ? v : (v ?? []).join('\n')
        }
        return doc
      }),
    )

    const ours: Array<{ kind: QueryKind; s: Score }> = []
    const peer: Array<{ kind: QueryKind; s: Score }> = []
    const misses: string[] = []
    for (const q of QUERIES) {
      const rel = relevantIds(q, orders)
      const res = (await desk.service.search(
        { q: q.q, limit: 10, includeArchived: true },
        ctx,
      )) as SearchResult
      const ids = res.hits.map((h) => h.ticket.id)
      const s = score(q, rel, ids)
      ours.push({ kind: q.kind, s })
      peer.push({
        kind: q.kind,
        s: score(
          q,
          rel,
          ms.search(q.q).map((r) => String(r.id)),
        ),
      })
      if (s.recall < 1 || s.mrr < 1)
        misses.push(
          `[${q.kind}] ${q.q}: recall ${s.recall.toFixed(2)} rr ${s.mrr.toFixed(2)} (${ids.length} hits)`,
        )
    }
    const all = average(ours)
    const allPeer = average(peer)
    const kinds = [...new Set(QUERIES.map((q) => q.kind))]
    const perKind = kinds
      .map((k) => {
        const a = average(ours, k)
        const b = average(peer, k)
        const count = ours.filter((x) => x.kind === k).length
        return `${k} (${count}): recall ${a.recall.toFixed(2)}/${b.recall.toFixed(2)} MRR ${a.mrr.toFixed(2)}/${b.mrr.toFixed(2)}`
      })
      .join('; ')
    report.add({
      id: 'search.recall10.labelled',
      value: all.recall,
      unit: 'ratio',
      better: 'higher',
      target: 0.9,
      peer: { name: 'MiniSearch same tokenizer', value: allPeer.recall },
      note: `${QUERIES.length} hand-written queries over ${orders.length} orders, through tickets.search; per kind (ours/peer): ${perKind}`,
    })
    report.add({
      id: 'search.mrr.labelled',
      value: all.mrr,
      unit: 'ratio',
      better: 'higher',
      target: 0.85,
      peer: { name: 'MiniSearch same tokenizer', value: allPeer.mrr },
    })
    for (const k of kinds) {
      const a = average(ours, k)
      const b = average(peer, k)
      report.add({
        id: `search.recall10.labelled.${k}`,
        value: a.recall,
        unit: 'ratio',
        better: 'higher',
        peer: { name: 'MiniSearch same tokenizer', value: b.recall },
      })
      report.add({
        id: `search.mrr.labelled.${k}`,
        value: a.mrr,
        unit: 'ratio',
        better: 'higher',
        peer: { name: 'MiniSearch same tokenizer', value: b.mrr },
      })
    }
    if (verbose) console.log('  labelled misses (ours):\n    ' + misses.join('\n    '))
    await desk.close()
  } finally {
    await store.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
