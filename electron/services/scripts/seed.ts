import seedFile from '../../../resources/content/scripts.json'
import { scriptsFileSchema, type Script } from '../../../shared/content/schemas'
import { formatHlc } from '../../../shared/data/hlc'
import type { Op } from '../../../shared/data/ops'
import type { ScriptVersion } from '../../../shared/scripts/model'
import { SCRIPT } from './read'

/**
 * The default library (resources/content/scripts.json), loaded on first start.
 *
 * Every PC makes the very same ops for it: fixed ids, author 'system', device 'seed' and a
 * stamp derived from the script's id at a fixed early time. So PCs that sync hold one copy
 * (identical ops merge as duplicates), seeding again changes nothing, and any edit a person
 * makes, always stamped later, wins over the shipped text. Seed ops are never pushed by sync
 * (it sends only its own device's ops); every PC seeds itself.
 *
 * A release that rewrites shipped scripts must move SEED_WALL forward, so the new text wins
 * over the old one but not over a shop's own edits made after it.
 */
export const SEED_DEVICE = 'seed'
export const SEED_WALL = Date.UTC(2026, 0, 1)
const SEED_AT = new Date(SEED_WALL).toISOString()

function idHash(id: string): number {
  // FNV-1a: spreads the ids over ~11 days of milliseconds, so stamps never collide in practice.
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h % 1_000_000_000
}

export function defaultScripts(): Script[] {
  return scriptsFileSchema.parse(seedFile).scripts
}

/** The ops that create one default script, the same on every PC. */
export function seedOps(s: Script): Op[] {
  const wall = SEED_WALL + idHash(s.id)
  let counter = 0
  const op = (field: string, value: unknown, kind = 'set'): Op => ({
    hlc: formatHlc(wall, counter++, SEED_DEVICE),
    dev: SEED_DEVICE,
    by: 'system',
    entity: SCRIPT,
    id: s.id,
    kind,
    field,
    value,
  })
  const version: ScriptVersion = {
    id: 'default',
    at: SEED_AT,
    by: 'system',
    byName: '系统',
    note: '默认话术',
    title: s.title,
    body: s.body,
    category: s.category,
    platforms: s.platforms,
    variants: {},
    tags: s.tags,
    shortCode: s.shortCode,
  }
  return [
    op('title', s.title),
    op('body', s.body),
    op('variants', {}),
    op('category', s.category),
    op('platforms', s.platforms),
    op('tags', s.tags),
    op('shortCode', s.shortCode),
    op('scope', 'shop'),
    op('team', null),
    op('owner', null),
    op('isDefault', true),
    op('updatedAt', SEED_AT),
    op('updatedBy', 'system'),
    op('updatedByName', '系统'),
    op('versions', version, 'add'),
  ]
}

export interface SeedStore {
  get(entity: string, id: string): unknown
  applyRemote(ops: Op[]): Promise<{ applied: number }>
}

/** Loads the default scripts this data folder has never seen (deleted ones stay deleted). */
export async function seedDefaultScripts(store: SeedStore): Promise<number> {
  const missing = defaultScripts().filter((s) => store.get(SCRIPT, s.id) === undefined)
  if (missing.length === 0) return 0
  await store.applyRemote(missing.flatMap(seedOps))
  return missing.length
}
