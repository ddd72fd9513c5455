/**
 * File names in a sync space (DESIGN §5). A file is read only if its name matches one of these
 * patterns exactly; everything else (temp files, `conflicted copy`, `.sync-conflict`, `~$`,
 * files a newer version might add) is "not arrived yet" and is never read, moved or deleted.
 *
 * ```
 * format.json
 * devices/<dev>/seg/<seq>-<hash>.jsonl.gz
 * devices/<dev>/acks/<seq>.json
 * snapshots/<wall>-<counter>-<hlcdev>-<dev>-<hash>.json.gz
 * blobs/<sha256>
 * ```
 */

export const FORMAT_FILE = 'format.json'
export const DEVICES_DIR = 'devices'
export const SNAPSHOTS_DIR = 'snapshots'
export const BLOBS_DIR = 'blobs'

/** Device ids in sync paths: no dash, so snapshot names split unambiguously. */
export const SYNC_DEVICE_ID = /^[A-Za-z0-9_]{1,64}$/

const SEQ_DIGITS = 10
const SEGMENT = /^(\d{10})-([0-9a-f]{16})\.jsonl\.gz$/
const ACK = /^(\d{10})\.json$/
const SNAPSHOT = /^(\d{15}-\d{5}-[A-Za-z0-9_]{1,64})-([A-Za-z0-9_]{1,64})-([0-9a-f]{16})\.json\.gz$/
const BLOB = /^[0-9a-f]{64}$/

export function isSyncDeviceId(dev: string): boolean {
  return SYNC_DEVICE_ID.test(dev)
}

function pad(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq >= 10 ** SEQ_DIGITS) {
    throw new RangeError(`sequence out of range: ${seq}`)
  }
  return String(seq).padStart(SEQ_DIGITS, '0')
}

export function deviceDir(dev: string): string {
  return `${DEVICES_DIR}/${dev}`
}
export function segmentDir(dev: string): string {
  return `${DEVICES_DIR}/${dev}/seg`
}
export function ackDir(dev: string): string {
  return `${DEVICES_DIR}/${dev}/acks`
}

export function segmentName(seq: number, hash: string): string {
  return `${pad(seq)}-${hash}.jsonl.gz`
}
export function parseSegmentName(name: string): { seq: number; hash: string } | null {
  const m = SEGMENT.exec(name)
  if (!m) return null
  const seq = Number(m[1])
  return seq >= 1 ? { seq, hash: m[2] as string } : null
}

export function ackName(seq: number): string {
  return `${pad(seq)}.json`
}
export function parseAckName(name: string): { seq: number } | null {
  const m = ACK.exec(name)
  if (!m) return null
  const seq = Number(m[1])
  return seq >= 1 ? { seq } : null
}

export function snapshotName(hlc: string, dev: string, hash: string): string {
  return `${hlc}-${dev}-${hash}.json.gz`
}
export function parseSnapshotName(name: string): { hlc: string; dev: string; hash: string } | null {
  const m = SNAPSHOT.exec(name)
  if (!m) return null
  return { hlc: m[1] as string, dev: m[2] as string, hash: m[3] as string }
}

export function isBlobName(name: string): boolean {
  return BLOB.test(name)
}

/**
 * Names other programs leave beside ours. They never match the strict patterns anyway; this
 * is only used to tell a person in the sync log why a file was passed over.
 */
export function looksLikeForeignCopy(name: string): boolean {
  return (
    /conflicted copy/i.test(name) ||
    /\.sync-conflict/i.test(name) ||
    name.startsWith('~$') ||
    /冲突/.test(name) ||
    name.endsWith('.tmp') ||
    name.startsWith('.')
  )
}
