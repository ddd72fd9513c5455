import type { SearchSynonyms } from '../../../shared/api/tickets'
import {
  DEFAULT_SYNONYMS,
  defaultSynonyms,
  synonymTable,
  type SynonymTable,
} from '../../../shared/search'
import { live } from '../doc-store'
import type { TicketStore } from './common'

/**
 * The shop's own search synonyms (设置 → 搜索同义词): a shop-wide setting, so it syncs (DESIGN
 * §4), stored as `setting/search` field `synonyms` (last writer wins). Applied at query time
 * on top of the defaults in shared/search/synonyms.ts: no index rebuild.
 */
const SETTING = 'setting'
const SEARCH_SETTING_ID = 'search'

function shopGroups(store: Pick<TicketStore, 'get'>): string[][] {
  const doc = store.get(SETTING, SEARCH_SETTING_ID)
  const raw = live(doc) ? doc.fields.synonyms : undefined
  if (!Array.isArray(raw)) return []
  return raw
    .filter((g): g is unknown[] => Array.isArray(g))
    .map((g) => g.filter((p): p is string => typeof p === 'string' && p.trim().length > 0))
    .filter((g) => g.length >= 2)
}

export function readSynonyms(store: Pick<TicketStore, 'get'>): SearchSynonyms {
  return {
    defaults: DEFAULT_SYNONYMS.map((g) => [...g]),
    shop: shopGroups(store),
  }
}

let cached: { key: string; table: SynonymTable } | undefined

/** The table in force: defaults plus the shop's groups, rebuilt only when those change. */
export function shopSynonymTable(store: Pick<TicketStore, 'get'>): SynonymTable {
  const groups = shopGroups(store)
  if (groups.length === 0) return defaultSynonyms()
  const key = JSON.stringify(groups)
  if (cached?.key !== key) cached = { key, table: synonymTable(DEFAULT_SYNONYMS, groups) }
  return cached.table
}

export async function saveSynonyms(
  store: Pick<TicketStore, 'get' | 'commit'>,
  by: string,
  groups: string[][],
): Promise<SearchSynonyms> {
  const clean = groups
    .map((g) => [...new Set(g.map((p) => p.trim()).filter(Boolean))])
    .filter((g) => g.length >= 2)
  await store.commit(by, [
    { entity: SETTING, id: SEARCH_SETTING_ID, kind: 'set', field: 'synonyms', value: clean },
  ])
  return readSynonyms(store)
}
