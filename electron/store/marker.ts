import fs from 'node:fs'
import path from 'node:path'
import { writeFileDurableSync } from './fsutil'

/**
 * `kefu-folder.json`: a small file beside, not inside, the view and the journal that says this
 * data folder has people (and how many), and the highest journal position it has seen durable.
 * Damage that takes state.json and the journal together cannot take this with them, so start-up
 * never mistakes a damaged shop for a new one (DESIGN §6, "damage never resets"). It also holds
 * an unresolved recovery until a person resolves it, so a restart cannot forget it.
 */

export const MARKER_FILE = 'kefu-folder.json'

export interface MissingRange {
  from: number
  to: number
}

export interface RecoveryRecord {
  /** When the damage was found. */
  foundAt: string
  /** Journal positions nothing on this PC holds any more. */
  missing: MissingRange[]
  /** Time of the last change before the first missing one (ISO), when known. */
  since: string | null
  /** People the folder had, by the marker. */
  peopleExpected: number
  /** Damaged files kept in quarantine/, relative to the data folder. */
  setAside: string[]
}

export interface FolderMarker {
  kind: 'kefu-data-folder'
  v: 1
  people: number
  /** When the folder first had people. */
  peopleSince: string
  /** Highest journal position known to be on disk when the marker was written. */
  n: number
  at: string
  recovery?: RecoveryRecord
}

export function readMarker(dataDir: string): FolderMarker | null {
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dataDir, MARKER_FILE), 'utf8'))
  } catch {
    return null
  }
  const m = raw as Partial<FolderMarker>
  if (m?.kind !== 'kefu-data-folder' || typeof m.people !== 'number' || typeof m.n !== 'number')
    return null
  return m as FolderMarker
}

export function writeMarker(dataDir: string, marker: FolderMarker): void {
  writeFileDurableSync(path.join(dataDir, MARKER_FILE), JSON.stringify(marker, null, 2) + '\n')
}

/** Positions in (base, top] not in `present`, as ranges. */
export function holes(base: number, top: number, present: (n: number) => boolean): MissingRange[] {
  const out: MissingRange[] = []
  let open: MissingRange | null = null
  for (let n = base + 1; n <= top; n++) {
    if (present(n)) {
      open = null
    } else if (open) {
      open.to = n
    } else {
      open = { from: n, to: n }
      out.push(open)
    }
  }
  return out
}

export function mergeRanges(ranges: MissingRange[]): MissingRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from)
  const out: MissingRange[] = []
  for (const r of sorted) {
    const last = out[out.length - 1]
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to)
    else out.push({ ...r })
  }
  return out
}

export function rangesText(ranges: MissingRange[]): string {
  const parts = ranges
    .slice(0, 5)
    .map((r) => (r.from === r.to ? `第 ${r.from} 条` : `第 ${r.from}–${r.to} 条`))
  return parts.join('、') + (ranges.length > 5 ? ` 等 ${ranges.length} 段` : '')
}
