import { can } from '../../../shared/auth/permissions'
import type { Person } from '../../../shared/auth/roles'
import { hlcWall } from '../../../shared/data/hlc'
import { materialize } from '../../../shared/data/merge'
import type { Doc } from '../../../shared/data/ops'
import {
  CONTENT_PLATFORMS,
  SCRIPT_CATEGORIES,
  SCRIPT_SCOPES,
  VARIANT_PLATFORMS,
  scriptContent,
  type ContentPlatform,
  type ScriptCategory,
  type ScriptConflict,
  type ScriptDraft,
  type ScriptScope,
  type ScriptVersion,
  type ScriptView,
  type VariantPlatform,
} from '../../../shared/scripts/model'

/**
 * How a script doc reads (entity 'script'):
 * - fields title, category, platforms, tags, shortCode, scope, team, owner, isDefault,
 *   updatedAt/updatedBy/updatedByName: last writer wins;
 * - fields body and variants: long text, edited with `base` so two offline edits become a
 *   visible conflict (DESIGN §4);
 * - grow-only set 'versions': one element per save, so edits on two PCs both stay listed.
 */
export const SCRIPT = 'script'
export const PROPOSAL = 'scriptProposal'
export const USAGE = 'scriptUsage'

export interface DocReader {
  get(entity: string, id: string): Doc | undefined
  all(entity: string): Iterable<Doc>
}

const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d)

function oneOf<T extends string>(list: readonly T[], v: unknown, d: T): T {
  return typeof v === 'string' && (list as readonly string[]).includes(v) ? (v as T) : d
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
}

export function variantsOf(v: unknown): Partial<Record<VariantPlatform, string>> {
  const out: Partial<Record<VariantPlatform, string>> = {}
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out
  for (const p of VARIANT_PLATFORMS) {
    const t = (v as Record<string, unknown>)[p]
    if (typeof t === 'string' && t.trim()) out[p] = t
  }
  return out
}

export function personName(store: DocReader, id: string): string {
  if (id === 'system') return '系统'
  const n = store.get('person', id)?.fields.name
  return typeof n === 'string' ? n : id
}

export function scopeOfDoc(doc: Doc): ScriptScope {
  return oneOf(SCRIPT_SCOPES, doc.fields.scope, 'personal')
}

/** Whether the person may use (see) the script. */
export function canUse(person: Person, doc: Doc): boolean {
  const scope = scopeOfDoc(doc)
  if (scope === 'shop') return true
  if (scope === 'team') {
    const team = str(doc.fields.team)
    return person.teams.includes(team) || can(person, 'scripts.editShop')
  }
  return doc.fields.owner === person.id
}

/** Whether the person may change it: shop and team scripts are the supervisors'. */
export function canEditScope(person: Person, scope: ScriptScope, owner: string | null): boolean {
  return scope === 'personal' ? owner === person.id : can(person, 'scripts.editShop')
}

export function canEdit(person: Person, doc: Doc): boolean {
  return canEditScope(person, scopeOfDoc(doc), str(doc.fields.owner) || null)
}

export function isLive(doc: Doc | undefined): doc is Doc {
  return !!doc && doc.deleted === undefined && typeof doc.fields.title === 'string'
}

export function toView(store: DocReader, doc: Doc, person: Person): ScriptView {
  const f = doc.fields
  const by = str(f.updatedBy, 'system')
  return {
    id: doc.id,
    title: str(f.title),
    body: str(f.body),
    category: oneOf<ScriptCategory>(SCRIPT_CATEGORIES, f.category, 'greeting'),
    platforms: strings(f.platforms).filter((p) =>
      (CONTENT_PLATFORMS as readonly string[]).includes(p),
    ) as ContentPlatform[],
    variants: variantsOf(f.variants),
    tags: strings(f.tags),
    shortCode: str(f.shortCode),
    scope: scopeOfDoc(doc),
    team: str(f.team) || null,
    owner: str(f.owner) || null,
    isDefault: f.isDefault === true,
    updatedAt: str(f.updatedAt) || new Date(hlcWall(doc.updated) || 0).toISOString(),
    rev: doc.updated,
    updatedBy: by,
    updatedByName: str(f.updatedByName) || personName(store, by),
    base: doc.updated,
    conflict: !!doc.conflicts && Object.keys(doc.conflicts).length > 0,
    canEdit: canEdit(person, doc),
  }
}

export function draftOf(v: ScriptView | ScriptVersion): ScriptDraft {
  return {
    ...scriptContent(v),
    scope: 'scope' in v ? v.scope : 'personal',
    team: 'team' in v ? v.team : null,
  }
}

export function versionsOf(doc: Doc): ScriptVersion[] {
  const list = (materialize<{ versions?: ScriptVersion[] }>(doc).versions ?? []) as ScriptVersion[]
  return list
    .map((v) => ({
      id: v.id,
      at: v.at,
      by: v.by,
      byName: v.byName,
      note: v.note,
      title: v.title,
      body: v.body,
      category: v.category,
      platforms: v.platforms,
      variants: variantsOf(v.variants),
      tags: v.tags ?? [],
      shortCode: v.shortCode ?? '',
    }))
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1))
}

export function conflictsOf(store: DocReader, doc: Doc): ScriptConflict[] {
  const out: ScriptConflict[] = []
  for (const field of ['body', 'variants'] as const) {
    const heads = doc.conflicts?.[field]
    if (!heads || heads.length < 2) continue
    out.push({
      scriptId: doc.id,
      title: str(doc.fields.title),
      scope: scopeOfDoc(doc),
      field,
      versions: heads.map((h) => ({
        hlc: h.hlc,
        by: h.by,
        byName: personName(store, h.by),
        at: new Date(hlcWall(h.hlc) || 0).toISOString(),
        value: h.value,
      })),
    })
  }
  return out
}
