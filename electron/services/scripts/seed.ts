import seedFile from '../../../resources/content/scripts.json'
import { scriptsFileSchema, type Script } from '../../../shared/content/schemas'
import type { Op } from '../../../shared/data/ops'
import { scriptContent, type ScriptVersion } from '../../../shared/scripts/model'
import {
  SEED_AT,
  SEED_AUTHOR,
  seedItemOps,
  seedMissing,
  type SeedItem,
  type SeedStore,
} from '../seed'
import { SCRIPT } from './read'

/** The default library (resources/content/scripts.json), seeded as ../seed.ts describes. */

export function defaultScripts(): Script[] {
  return scriptsFileSchema.parse(seedFile).scripts
}

function seedItem(s: Script): SeedItem {
  const version: ScriptVersion = {
    id: 'default',
    at: SEED_AT,
    ...SEED_AUTHOR,
    note: '默认话术',
    ...scriptContent({ ...s, variants: {} }),
  }
  return {
    entity: SCRIPT,
    id: s.id,
    stampKey: s.id,
    fields: {
      title: s.title,
      body: s.body,
      variants: {},
      category: s.category,
      platforms: s.platforms,
      tags: s.tags,
      shortCode: s.shortCode,
      scope: 'shop',
      team: null,
      owner: null,
      isDefault: true,
      updatedAt: SEED_AT,
      updatedBy: SEED_AUTHOR.by,
      updatedByName: SEED_AUTHOR.byName,
    },
    versions: [version],
  }
}

/** The ops that create one default script, the same on every PC. */
export function seedOps(s: Script): Op[] {
  return seedItemOps(seedItem(s))
}

/** Loads the default scripts this data folder has never seen (deleted ones stay deleted). */
export function seedDefaultScripts(store: SeedStore): Promise<number> {
  return seedMissing(store, defaultScripts().map(seedItem))
}
