import { canonicalJson } from './canonical'
import type { Change, Doc, Op, TextState, TextVersion } from './ops'

/**
 * Long text (a script body, a lesson): concurrent edits are kept, never dropped (DESIGN §4).
 *
 * The rule, over the set E of `set` ops on one field that carry `base`:
 * - an edit *names* its base only when the base sorts before the edit's own hlc (an edit can
 *   only be made on an older version; anything else is a bad stamp and names nothing);
 * - `<field>~settled` is an ordinary grow-only set; an element `{id: hlc}` marks that version
 *   as settled (dismissed by whoever resolved the conflict);
 * - the heads are the edits that no edit names and that are not settled, except that the
 *   newest edit of E is always a head, so settle marks can never hide every version;
 * - two or more heads with different values are a conflict: `doc.conflicts[field]` lists
 *   them newest first. Heads with identical text are not a conflict.
 *
 * Heads are a function of the set of ops, so any order and any repetition end the same.
 * Only the heads' values and the named hlcs are stored; older versions live in the journal.
 *
 * The field's value stays last-writer-wins over all `set` ops (merge.ts), which is the newest
 * head unless someone overwrote the field without `base` later; such a blind overwrite does
 * not take part in conflicts, so long-text fields should always be edited with `base`.
 *
 * To settle, make one edit based on the chosen version and mark every other head settled
 * (settleText() builds those changes).
 */

export const SETTLED_SUFFIX = '~settled'

export function settledSetName(field: string): string {
  return field + SETTLED_SUFFIX
}

/** The unsettled versions of a long-text field, newest first (empty if never edited with base). */
export function textHeads(doc: Doc | undefined, field: string): TextVersion[] {
  const st = doc?.texts && Object.hasOwn(doc.texts, field) ? doc.texts[field] : undefined
  return st ? st.heads : []
}

/**
 * An edit of a long-text field. `base` is the hlc of the version the person started from
 * (take `doc.clocks[field]` when the editor opens); without one the change is a plain set,
 * which is right for the first text of a new field.
 */
export function textEdit(doc: Doc, field: string, value: unknown, base?: string): Change {
  const c: Change = { entity: doc.entity, id: doc.id, kind: 'set', field, value }
  if (base) c.base = base
  return c
}

/**
 * The changes that settle a conflict: an edit carrying `value` (the chosen text, possibly
 * merged by hand) based on `winner`, and a settle mark for every other head.
 */
export function settleText(doc: Doc, field: string, winner: string, value: unknown): Change[] {
  const changes: Change[] = [textEdit(doc, field, value, winner)]
  const marks = settledSetName(field)
  for (const v of textHeads(doc, field)) {
    if (v.hlc !== winner) {
      changes.push({
        entity: doc.entity,
        id: doc.id,
        kind: 'add',
        field: marks,
        value: { id: v.hlc },
      })
    }
  }
  return changes
}

function isSettled(doc: Doc, field: string, hlc: string): boolean {
  const name = settledSetName(field)
  const marks = Object.hasOwn(doc.sets, name) ? doc.sets[name] : undefined
  return marks !== undefined && Object.hasOwn(marks, hlc)
}

function sortedIndexOf(list: string[], s: string): { found: boolean; at: number } {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((list[mid] as string) < s) lo = mid + 1
    else hi = mid
  }
  return { found: list[lo] === s, at: lo }
}

function sameText(a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b)
}

/** Recomputes doc.conflicts[field] from the heads. */
function publish(doc: Doc, field: string, st: TextState): void {
  let conflict = false
  for (let i = 1; i < st.heads.length && !conflict; i++) {
    conflict = !sameText((st.heads[0] as TextVersion).value, (st.heads[i] as TextVersion).value)
  }
  if (conflict) {
    doc.conflicts ??= {}
    doc.conflicts[field] = st.heads.slice()
  } else if (doc.conflicts && Object.hasOwn(doc.conflicts, field)) {
    delete doc.conflicts[field]
    if (Object.keys(doc.conflicts).length === 0) delete doc.conflicts
  }
}

function insertHead(heads: TextVersion[], v: TextVersion): void {
  let i = 0
  while (i < heads.length && (heads[i] as TextVersion).hlc > v.hlc) i++
  heads.splice(i, 0, v)
}

/** Bookkeeping for a `set` op with a string `base`. Returns whether the doc changed. */
export function applyTextEdit(doc: Doc, field: string, op: Op, value: unknown): boolean {
  const base = op.base as string
  doc.texts ??= {}
  let st = Object.hasOwn(doc.texts, field) ? doc.texts[field] : undefined
  let changed = false
  if (!st) {
    st = { based: [], heads: [] }
    doc.texts[field] = st
    changed = true
  }
  const heads = st.heads

  if (base !== '' && base < op.hlc) {
    const pos = sortedIndexOf(st.based, base)
    if (!pos.found) {
      st.based.splice(pos.at, 0, base)
      changed = true
      const i = heads.findIndex((h) => h.hlc === base)
      if (i >= 0) heads.splice(i, 1)
    }
  }

  const version: TextVersion = { hlc: op.hlc, by: op.by, dev: op.dev, base, value }
  const existing = heads.findIndex((h) => h.hlc === op.hlc)
  if (existing >= 0) {
    // The same op again; differing content under one stamp only comes from a damaged
    // replica, and the larger canonical form wins so every order agrees.
    if (canonicalJson(version) > canonicalJson(heads[existing])) {
      heads[existing] = version
      changed = true
    }
  } else if (!sortedIndexOf(st.based, op.hlc).found) {
    const newest = heads[0]
    const isNewest = newest === undefined || op.hlc > newest.hlc
    if (isNewest || !isSettled(doc, field, op.hlc)) {
      insertHead(heads, version)
      changed = true
      // The previous newest edit was kept only for being the newest.
      if (isNewest && newest && isSettled(doc, field, newest.hlc)) heads.splice(1, 1)
    }
  }

  if (changed) publish(doc, field, st)
  return changed
}

/** Called after an element joined `<field>~settled`. Returns whether the doc changed. */
export function applySettleMark(doc: Doc, field: string, hlc: string): boolean {
  const st = doc.texts && Object.hasOwn(doc.texts, field) ? doc.texts[field] : undefined
  if (!st) return false
  const i = st.heads.findIndex((h) => h.hlc === hlc)
  if (i <= 0) return false
  st.heads.splice(i, 1)
  publish(doc, field, st)
  return true
}
