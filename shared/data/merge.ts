import { AppError, ErrorCode } from '../errors'
import { canonicalJson } from './canonical'
import { MAX_CLOCK_AHEAD_MS, parseHlc } from './hlc'
import type { Doc, Op, TextVersion } from './ops'
import { applySettleMark, applyTextEdit, SETTLED_SUFFIX } from './text'

/**
 * Merge rules (DESIGN §4). Every rule is a function of the *set* of ops a doc has seen, so
 * replicas that saw the same ops in any order, any number of times, hold equal docs
 * (compare with stateHash()).
 *
 * - `set`: last writer wins per field by hlc; the winning hlc is kept in `doc.clocks`. An op
 *   older than the field's clock changes nothing. A `set` carrying `base` is a long-text edit
 *   and also feeds the conflict bookkeeping in text.ts.
 * - `add`: grow-only set `doc.sets[field][element.id]`, stored as `{...element, _hlc, _by}`
 *   (the stamp and author of the add). If one element id is added twice, the lower hlc wins.
 * - `del`: a tombstone, `doc.deleted` = the highest del hlc. It is final: later sets and adds
 *   still merge by the same rules (so replicas agree), but the doc stays deleted. Bringing
 *   something back means a new id.
 * - `created`/`updated` are the lowest and highest hlc of every op merged, kept ones included.
 * - Anything else (an unknown kind, a known kind missing its field or element id, a
 *   non-string base) is kept in `doc.pending`, sorted by hlc, once, for a later version.
 */

export { canonicalJson, stateHash } from './canonical'
export { SETTLED_SUFFIX, settleText, settledSetName, textEdit, textHeads } from './text'

export interface ApplyResult {
  doc: Doc
  /** The doc differs from before (a new doc counts as changed). */
  changed: boolean
  /** The op was kept in `doc.pending` (or already was) instead of being applied. */
  kept: boolean
}

export function docKey(entity: string, id: string): string {
  return `${entity}/${id}`
}

/** A key that is safe to use as an own property of a plain object. */
function isKey(k: unknown): k is string {
  return typeof k === 'string' && k !== '' && k !== '__proto__'
}

function isElement(v: unknown): v is Record<string, unknown> & { id: string } {
  return (
    typeof v === 'object' && v !== null && !Array.isArray(v) && isKey((v as { id?: unknown }).id)
  )
}

/** Applies one op to a doc in place (creating the doc for its first op). Never throws for content. */
export function applyOp(doc: Doc | undefined, op: Op): ApplyResult {
  let changed = false
  if (!doc) {
    doc = {
      entity: op.entity,
      id: op.id,
      fields: {},
      clocks: {},
      sets: {},
      created: op.hlc,
      updated: op.hlc,
    }
    changed = true
  } else if (doc.entity !== op.entity || doc.id !== op.id) {
    throw new AppError(
      ErrorCode.internal,
      `数据合并出错：${op.entity}/${op.id} 的改动被送到了 ${doc.entity}/${doc.id}。`,
    )
  }
  if (op.hlc < doc.created) {
    doc.created = op.hlc
    changed = true
  }
  if (op.hlc > doc.updated) {
    doc.updated = op.hlc
    changed = true
  }

  if (
    op.kind === 'set' &&
    isKey(op.field) &&
    (op.base === undefined || typeof op.base === 'string')
  ) {
    return { doc, changed: applySet(doc, op, op.field) || changed, kept: false }
  }
  if (op.kind === 'add' && isKey(op.field) && isElement(op.value)) {
    return { doc, changed: applyAdd(doc, op, op.field, op.value) || changed, kept: false }
  }
  if (op.kind === 'del') {
    if (doc.deleted === undefined || op.hlc > doc.deleted) {
      doc.deleted = op.hlc
      changed = true
    }
    return { doc, changed, kept: false }
  }
  return { doc, changed: keep(doc, op) || changed, kept: true }
}

function applySet(doc: Doc, op: Op, field: string): boolean {
  // JSON has no undefined: a set without a value reads back as null from the journal anyway.
  const value = op.value === undefined ? null : op.value
  let changed = false
  const clock = Object.hasOwn(doc.clocks, field) ? doc.clocks[field] : undefined
  if (
    clock === undefined ||
    op.hlc > clock ||
    (op.hlc === clock && laterOnTie(value, doc.fields[field]))
  ) {
    doc.fields[field] = value
    doc.clocks[field] = op.hlc
    changed = true
  }
  if (op.base !== undefined) changed = applyTextEdit(doc, field, op, value) || changed
  return changed
}

/**
 * One stamp with two contents only comes from a damaged or forged replica; picking the larger
 * canonical form keeps even that order-independent. The cheap identity test covers the
 * everyday case: the same op delivered twice.
 */
function laterOnTie(candidate: unknown, current: unknown): boolean {
  return candidate !== current && canonicalJson(candidate) > canonicalJson(current)
}

function applyAdd(
  doc: Doc,
  op: Op,
  name: string,
  element: Record<string, unknown> & { id: string },
): boolean {
  let set = Object.hasOwn(doc.sets, name) ? doc.sets[name] : undefined
  const current =
    set && Object.hasOwn(set, element.id) ? (set[element.id] as Record<string, unknown>) : undefined
  // Spreading the element last is several times faster in V8 than spreading it first; the
  // stamp and author must still win over anything the element itself carries.
  const stored: Record<string, unknown> = { _hlc: op.hlc, _by: op.by, ...element }
  if (stored._hlc !== op.hlc || stored._by !== op.by) {
    stored._hlc = op.hlc
    stored._by = op.by
  }
  if (current) {
    const had = current._hlc as string
    if (op.hlc > had) return false
    if (op.hlc === had && !laterOnTie(stored, current)) return false
  }
  if (!set) {
    // Element ids are unique names; a prototype-less object keeps V8 from building a hidden
    // class per id, which made adds three times slower.
    set = Object.create(null) as Record<string, unknown>
    doc.sets[name] = set
  }
  set[element.id] = stored
  if (name.endsWith(SETTLED_SUFFIX)) {
    applySettleMark(doc, name.slice(0, -SETTLED_SUFFIX.length), element.id)
  }
  return true
}

function keep(doc: Doc, op: Op): boolean {
  const pending = (doc.pending ??= [])
  const text = canonicalJson(op)
  let i = 0
  while (i < pending.length && (pending[i] as Op).hlc < op.hlc) i++
  for (; i < pending.length && (pending[i] as Op).hlc === op.hlc; i++) {
    const other = canonicalJson(pending[i])
    if (other === text) return false
    if (other > text) break
  }
  pending.splice(i, 0, { ...op })
  return true
}

export interface ApplyManyResult {
  /** Keys (`entity/id`) of the docs that changed. */
  changed: Set<string>
  /** Ops kept for a later version rather than applied. */
  kept: Op[]
}

/** Applies ops to docs keyed by docKey(), creating docs as needed. */
export function applyOps(docs: Map<string, Doc>, ops: Iterable<Op>): ApplyManyResult {
  const changed = new Set<string>()
  const kept: Op[] = []
  for (const op of ops) {
    const key = docKey(op.entity, op.id)
    const before = docs.get(key)
    const r = applyOp(before, op)
    if (!before) docs.set(key, r.doc)
    if (r.changed) changed.add(key)
    if (r.kept) kept.push(op)
  }
  return { changed, kept }
}

/** What materialize() adds beside the doc's own fields and sets. */
export interface MaterializedMeta {
  id: string
  /** hlc of the tombstone when the doc is deleted. */
  _deleted?: string
  /** Long-text fields in conflict (see text.ts), newest version first. */
  _conflicts?: Record<string, TextVersion[]>
}

/** A stored grow-only set element: the element as added, plus its add op's stamp and author. */
export type SetElement<T = Record<string, unknown>> = T & { id: string; _hlc: string; _by: string }

function byHlc(a: unknown, b: unknown): number {
  const x = (a as { _hlc: string; id: string })._hlc
  const y = (b as { _hlc: string; id: string })._hlc
  if (x !== y) return x < y ? -1 : 1
  const p = (a as { id: string }).id
  const q = (b as { id: string }).id
  return p < q ? -1 : p > q ? 1 : 0
}

/**
 * The doc as a plain object for services: `{ ...fields, <set>: elements oldest first, id }`,
 * plus `_deleted` and `_conflicts` when there are any. Internal sets (names with `~`) are left
 * out. Elements keep `_hlc`/`_by`, so history shows in the order it happened. Set arrays are
 * new; the element objects and field values are the doc's own, so treat the result as
 * read-only.
 */
export function materialize<T = Record<string, unknown>>(doc: Doc): T {
  const out: Record<string, unknown> = { ...doc.fields }
  for (const name of Object.keys(doc.sets)) {
    if (name.includes('~')) continue
    out[name] = Object.values(doc.sets[name] as Record<string, unknown>).sort(byHlc)
  }
  out.id = doc.id
  if (doc.deleted !== undefined) out._deleted = doc.deleted
  if (doc.conflicts) out._conflicts = doc.conflicts
  return out as T
}

export type Arrival = 'accept' | 'future'

/**
 * Whether a received op may be applied now. Ops stamped more than a day ahead of this PC's
 * clock are 'future': held back and reported (a PC with a wrong date would otherwise win every
 * last-writer-wins comparison for as long as its clock stays wrong). A stamp that cannot be
 * read is treated the same way: never applied, always reported.
 */
export function classifyIncoming(op: Op, localNowMs: number): Arrival {
  const p = parseHlc(op.hlc)
  if (!p) return 'future'
  return p.wall - localNowMs > MAX_CLOCK_AHEAD_MS ? 'future' : 'accept'
}
