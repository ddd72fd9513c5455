import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import type { Op } from '../../shared/data/ops'

/**
 * What this PC remembers about a sync space, in `<dataDir>/sync/state.json`. Losing it is
 * safe (everything is read again; applying an op twice changes nothing), so it is written
 * durably but validated loosely: an unreadable file starts over rather than stopping sync.
 */
const opLike = z.looseObject({
  hlc: z.string(),
  dev: z.string(),
  by: z.string(),
  entity: z.string(),
  id: z.string(),
  kind: z.string(),
})

export const syncStateSchema = z.object({
  v: z.literal(1),
  spaceId: z.string().nullable(),
  /** The id this PC writes under now. */
  deviceId: z.string(),
  /** Every id this PC has written ops under (a new one is taken when a cloned PC shows up). */
  ownIds: z.array(z.string()),
  /** Journal position (hlc) up to which every own op is in a segment. */
  pushedHlc: z.string(),
  nextSeq: z.number().int().min(1),
  /** Segment names this PC wrote, per device folder: anything else in its own folder is a clone's. */
  written: z.record(z.string(), z.array(z.string())),
  /** A segment being written (recorded first, so a crash mid-write is not mistaken for a clone). */
  pending: z.object({ dev: z.string(), name: z.string() }).nullable(),
  readers: z.record(
    z.string(),
    z.object({ contiguous: z.number().int().min(0), applied: z.array(z.string()) }),
  ),
  ackSeq: z.number().int().min(0),
  ackedHeads: z.record(z.string(), z.number()),
  /** Ops stamped more than a day ahead: held back, retried each round, reported. */
  held: z.array(opLike),
  /** Ops whose author lacked the permission: kept aside for an admin, rechecked each round. */
  aside: z.array(opLike),
  /** Snapshots read (or written) here, or known to hold nothing this PC lacks. */
  snapshotsApplied: z.array(z.string()),
  /** What each snapshot seen here covers (device → highest segment seq folded in), by file name. */
  snapshots: z
    .record(z.string(), z.object({ dev: z.string(), covers: z.record(z.string(), z.number()) }))
    .default({}),
  /**
   * Other PCs' newest acks, and when (by this PC's clock) each last moved: a PC whose ack has
   * not moved for the active window no longer holds compaction back (see engine.ts).
   */
  peers: z
    .record(
      z.string(),
      z.object({
        ackSeq: z.number(),
        heads: z.record(z.string(), z.number()),
        name: z.string().optional(),
        changedAt: z.number(),
        /** The highest segment seq that PC announced it wrote (its ack's `top`). */
        top: z.number().optional(),
        /** That PC's clock when it wrote the ack (for the clock check). */
        at: z.string().optional(),
      }),
    )
    .default({}),
  /**
   * Own segments still to be kept healthy in the space, per device folder and seq: the journal
   * range they hold (after `from`, up to and including `to`) and how many ops. A missing one
   * is written again from the journal with the same seq and ops (self-healing, DESIGN §5).
   */
  segs: z
    .record(
      z.string(),
      z.record(z.string(), z.object({ from: z.string(), to: z.string(), n: z.number() })),
    )
    .default({}),
  /** Per own device folder: segments up to here were removed by compaction (never re-created). */
  compactedTo: z.record(z.string(), z.number()).default({}),
  /** Devices this PC waits on: the missing seq and since when (this PC's clock). */
  waits: z.record(z.string(), z.object({ seq: z.number(), since: z.number() })).default({}),
  /** This PC's clock at the end of its last good round: after a long absence it looks for snapshots. */
  lastOkAt: z.number().nullable().default(null),
})
export type SyncState = Omit<z.infer<typeof syncStateSchema>, 'held' | 'aside'> & {
  held: Op[]
  aside: Op[]
}

export function freshState(deviceId: string): SyncState {
  return {
    v: 1,
    spaceId: null,
    deviceId,
    ownIds: [deviceId],
    pushedHlc: '',
    nextSeq: 1,
    written: {},
    pending: null,
    readers: {},
    ackSeq: 0,
    ackedHeads: {},
    held: [],
    aside: [],
    snapshotsApplied: [],
    snapshots: {},
    peers: {},
    lastOkAt: null,
    segs: {},
    compactedTo: {},
    waits: {},
  }
}

export function loadState(file: string, deviceId: string): SyncState {
  try {
    const parsed = syncStateSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
    if (parsed.success) {
      const s = parsed.data as SyncState
      if (!s.ownIds.includes(deviceId)) {
        // The device identity was replaced outside sync (e.g. renewed after a clone): write under it.
        s.ownIds.push(deviceId)
        s.deviceId = deviceId
        s.nextSeq = 1
      }
      return s
    }
  } catch {
    // missing or unreadable: start over; the space is read again from the beginning
  }
  return freshState(deviceId)
}

export function saveState(file: string, state: SyncState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`
  const fd = fs.openSync(tmp, 'w')
  try {
    fs.writeSync(fd, JSON.stringify(state))
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, file)
}
