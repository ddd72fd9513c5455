import type { Draft } from '../../../shared/api/tickets'
import { DRAFT_ENTITY } from '../../../shared/api/tickets'
import type { Person } from '../../../shared/auth/roles'
import { AppError, ErrorCode } from '../../../shared/errors'
import type { DeskDeps } from './common'

/**
 * Unsaved forms (a new order, a reply being typed) kept through the store so they survive a
 * crash or a restart (issue 6 item 9). Keyed by person and form; PC-local: sync skips the
 * entity. Clearing sets the value to null rather than deleting: a tombstone is final, and the
 * same form gets a new draft tomorrow.
 */

const MAX_DRAFT_CHARS = 100_000

function draftId(person: Person, key: string): string {
  return `${person.id}\u001f${key}`
}

export async function saveDraft(
  deps: Pick<DeskDeps, 'store' | 'now'>,
  p: Person,
  key: string,
  value: Record<string, unknown>,
): Promise<Draft> {
  if (JSON.stringify(value).length > MAX_DRAFT_CHARS) {
    throw new AppError(ErrorCode.invalidInput, '草稿内容过长，未能保存，请先精简内容')
  }
  const savedAt = new Date(deps.now()).toISOString()
  const id = draftId(p, key)
  await deps.store.commit(p.id, [
    { entity: DRAFT_ENTITY, id, kind: 'set', field: 'value', value },
    { entity: DRAFT_ENTITY, id, kind: 'set', field: 'savedAt', value: savedAt },
  ])
  return { key, value, savedAt }
}

export function getDraft(deps: Pick<DeskDeps, 'store'>, p: Person, key: string): Draft | null {
  const doc = deps.store.get(DRAFT_ENTITY, draftId(p, key))
  const value = doc?.fields.value
  if (!doc || doc.deleted !== undefined || !value || typeof value !== 'object') return null
  const savedAt = typeof doc.fields.savedAt === 'string' ? doc.fields.savedAt : ''
  return { key, value: value as Record<string, unknown>, savedAt }
}

export async function clearDraft(
  deps: Pick<DeskDeps, 'store' | 'now'>,
  p: Person,
  key: string,
): Promise<void> {
  if (!getDraft(deps, p, key)) return
  await deps.store.commit(p.id, [
    { entity: DRAFT_ENTITY, id: draftId(p, key), kind: 'set', field: 'value', value: null },
  ])
}
