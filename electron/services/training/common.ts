import { randomBytes } from 'node:crypto'
import { can } from '../../../shared/auth/permissions'
import type { Person } from '../../../shared/auth/roles'
import type { Change, Doc, Op } from '../../../shared/data/ops'
import { AppError, ErrorCode } from '../../../shared/errors'
import { forbidden, requireSignedIn } from '../../access'
import type { CallContext } from '../../context'

/** The part of the data core the training service uses. */
export interface TrainingStore {
  commit(by: string, changes: Change[]): Promise<Op[]>
  applyRemote(ops: Op[]): Promise<unknown>
  get(entity: string, id: string): Doc | undefined
  all(entity: string): Iterable<Doc>
}

export interface TrainingDeps {
  store: TrainingStore
  /** The service's clock (tests move it to run past a time limit). */
  now?: () => number
}

export interface Kit {
  store: TrainingStore
  now(): number
  ready: Promise<unknown>
  /** Runs mutations one at a time: read-check-write steps must not interleave. */
  serial<T>(fn: () => Promise<T>): Promise<T>
}

export const newId = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${randomBytes(4).toString('hex')}`

export function live(doc: Doc | undefined): doc is Doc {
  return !!doc && doc.deleted === undefined
}

export function liveDocs(store: TrainingStore, entity: string): Doc[] {
  return [...store.all(entity)].filter(live)
}

export const str = (doc: Doc, k: string, fallback = ''): string =>
  typeof doc.fields[k] === 'string' ? (doc.fields[k] as string) : fallback

export const strOrNull = (doc: Doc, k: string): string | null =>
  typeof doc.fields[k] === 'string' ? (doc.fields[k] as string) : null

export const num = (doc: Doc, k: string): number | null =>
  typeof doc.fields[k] === 'number' ? (doc.fields[k] as number) : null

export function setAll(entity: string, id: string, fields: Record<string, unknown>): Change[] {
  return Object.entries(fields).map(([field, value]) => ({ entity, id, kind: 'set', field, value }))
}

export function personName(store: TrainingStore, id: string | null | undefined): string {
  if (!id) return ''
  if (id === 'system') return '系统'
  const n = store.get('person', id)?.fields.name
  return typeof n === 'string' ? n : '（已删除的人员）'
}

/** Active people: the trainees (anyone may train) and the dashboard's rows. */
export function activePeople(store: TrainingStore): { id: string; name: string; roles: unknown }[] {
  return liveDocs(store, 'person')
    .filter((d) => d.fields.disabled !== true && typeof d.fields.name === 'string')
    .map((d) => ({ id: d.id, name: d.fields.name as string, roles: d.fields.roles }))
}

export async function signedIn(kit: Kit, ctx: CallContext): Promise<Person> {
  await kit.ready
  return requireSignedIn(ctx)
}

/** The caller's own records, or anyone's with 'training.viewAll' (trainers, supervisors). */
export function checkSees(person: Person, ownerId: string): void {
  if (ownerId !== person.id && !can(person, 'training.viewAll')) throw forbidden('training.viewAll')
}

export const notFound = (what: string) =>
  new AppError(ErrorCode.notFound, `找不到这个${what}，可能已被删除，请刷新后重试`)

export const iso = (ms: number) => new Date(ms).toISOString()
