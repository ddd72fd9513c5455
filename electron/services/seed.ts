import { formatHlc } from '../../shared/data/hlc'
import type { Op } from '../../shared/data/ops'

/**
 * Shipped content (default scripts, training materials) loaded on first start.
 *
 * Every PC makes the very same ops for it: fixed ids, author 'system', device 'seed' and a
 * stamp derived from the item's key at a fixed early time. So PCs that sync hold one copy
 * (identical ops merge as duplicates), seeding again changes nothing, and any edit a person
 * makes, always stamped later, wins over the shipped text. Seed ops are never pushed by sync
 * (it sends only its own device's ops); every PC seeds itself.
 *
 * A release that rewrites shipped content must move SEED_WALL forward, so the new text wins
 * over the old one but not over a shop's own edits made after it. The stamps of what has
 * shipped must not change otherwise: a PC seeded before would see the same text twice, as an
 * offline conflict.
 */
export const SEED_DEVICE = 'seed'
export const SEED_WALL = Date.UTC(2026, 0, 1)
export const SEED_AT = new Date(SEED_WALL).toISOString()

/** Who a seeded version is by, as versions written by people name their author. */
export const SEED_AUTHOR = { by: 'system', byName: '系统' } as const

function idHash(key: string): number {
  // FNV-1a: spreads the keys over ~11 days of milliseconds, so stamps never collide in practice.
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h % 1_000_000_000
}

export interface SeedItem {
  entity: string
  id: string
  /** What the stamp is derived from (the id, or entity/id where ids may repeat across kinds). */
  stampKey: string
  /** Set in this order. */
  fields: Record<string, unknown>
  /** Added to the item's version history after the fields. */
  versions?: unknown[]
}

/** The ops that create one shipped item, the same on every PC. */
export function seedItemOps({ entity, id, stampKey, fields, versions = [] }: SeedItem): Op[] {
  const wall = SEED_WALL + idHash(stampKey)
  let counter = 0
  const op = (kind: string, field: string, value: unknown): Op => ({
    hlc: formatHlc(wall, counter++, SEED_DEVICE),
    dev: SEED_DEVICE,
    by: SEED_AUTHOR.by,
    entity,
    id,
    kind,
    field,
    value,
  })
  return [
    ...Object.entries(fields).map(([field, value]) => op('set', field, value)),
    ...versions.map((value) => op('add', 'versions', value)),
  ]
}

export interface SeedStore {
  get(entity: string, id: string): unknown
  applyRemote(ops: Op[]): Promise<unknown>
}

/** Loads the items this data folder has never seen (deleted ones stay deleted); returns how many. */
export async function seedMissing(store: SeedStore, items: SeedItem[]): Promise<number> {
  const missing = items.filter((s) => store.get(s.entity, s.id) === undefined)
  if (missing.length === 0) return 0
  await store.applyRemote(missing.flatMap(seedItemOps))
  return missing.length
}
