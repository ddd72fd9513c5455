import { canonicalJson } from '../data/canonical'
import type { Op } from '../data/ops'

/**
 * The ops a snapshot keeps (DESIGN §5 "compacted state"). Merging the kept ops gives the very
 * docs that merging all of them gives, and stays so when a receiver sets aside the ops of some
 * authors (authorize.ts decides by author): so a PC that starts from a snapshot ends where a PC
 * that read every segment ends.
 *
 * - A plain `set` (no `base`) only matters if it wins its field. Which op wins depends on which
 *   authors a receiver accepts, so the newest set per (doc, field, author) is kept, and ties
 *   on that stamp are all kept (the merge decides them by content).
 * - `created`/`updated` are the lowest and highest stamp merged: the oldest set per (doc,
 *   field, author) is kept too, so whatever a receiver accepts, its lowest stamp is there.
 * - Everything else is kept as it is: adds (history entries, versions), tombstones, long-text
 *   edits (their bases make the conflict bookkeeping), kinds this version does not know.
 * - An op that arrives twice (a segment also folded into an earlier snapshot) is kept once.
 */
export function compactOps(ops: Iterable<Op>): Op[] {
  const unique: Op[] = []
  const byStamp = new Map<string, Op[]>()
  for (const op of ops) {
    const key = `${op.hlc}\u0000${op.entity}\u0000${op.id}\u0000${op.kind}\u0000${op.field ?? ''}`
    const same = byStamp.get(key)
    if (!same) {
      byStamp.set(key, [op])
      unique.push(op)
      continue
    }
    // One stamp with two contents comes only from a damaged or forged PC: keep both, merge decides.
    const text = canonicalJson(op)
    if (same.some((o) => o === op || canonicalJson(o) === text)) continue
    same.push(op)
    unique.push(op)
  }

  const keep = new Set<Op>()
  const newest = new Map<string, Op[]>()
  const oldest = new Map<string, Op>()
  for (const op of unique) {
    if (!isPlainSet(op)) {
      keep.add(op)
      continue
    }
    const k = `${op.entity}\u0000${op.id}\u0000${op.by}\u0000${op.field}`
    const cur = newest.get(k)
    if (!cur || op.hlc > (cur[0] as Op).hlc) newest.set(k, [op])
    else if (op.hlc === (cur[0] as Op).hlc) cur.push(op)
    const o = oldest.get(k)
    if (!o || op.hlc < o.hlc) oldest.set(k, op)
  }
  for (const list of newest.values()) for (const op of list) keep.add(op)
  for (const op of oldest.values()) keep.add(op)
  return [...keep].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
}

function isPlainSet(op: Op): op is Op & { field: string } {
  return (
    op.kind === 'set' &&
    typeof op.field === 'string' &&
    op.field !== '' &&
    op.field !== '__proto__' &&
    op.base === undefined
  )
}

/** Whether snapshot covers `a` hold at least everything `b` holds (each device's prefix as long). */
export function coversAll(a: Record<string, number>, b: Record<string, number>): boolean {
  for (const [dev, seq] of Object.entries(b)) if ((a[dev] ?? 0) < seq) return false
  return true
}
