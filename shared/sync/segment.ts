import type { Op } from '../data/ops'

/**
 * The text inside a segment or snapshot file (before gzip and optional sealing): one header
 * line, then one op per line.
 *
 * ```
 * {"kefu":"seg","v":1,"dev":"a1b2","seq":7,"count":2,"sha256":"<hex of the body>"}
 * {"hlc":…,"dev":…,…}
 * {"hlc":…,"dev":…,…}
 * ```
 * The body is the op lines joined by "\n". A file is taken only if the header parses, the
 * body's SHA-256 matches and the number of lines is `count`: a half-copied or cut file
 * fails one of those and is left for a later round. The hash is injected so this stays pure.
 */

export type Sha256Hex = (text: string) => string

export interface SegmentHeader {
  kefu: 'seg' | 'snap'
  v: 1
  dev: string
  /** Segment sequence number (0 for a snapshot). */
  seq: number
  count: number
  sha256: string
  /** Bumped when a segment is written again under a new name after a damaged copy. */
  attempt?: number
  /** Snapshots: device → highest segment seq folded in. */
  covers?: Record<string, number>
}

export interface EncodedFile {
  text: string
  /** 16 hex digits naming the file: changes with any byte of the content. */
  nameHash: string
}

export function encodeOpsFile(
  head: Omit<SegmentHeader, 'count' | 'sha256' | 'v'>,
  ops: readonly Op[],
  sha256: Sha256Hex,
): EncodedFile {
  const body = ops.map((op) => JSON.stringify(op)).join('\n')
  const header: SegmentHeader = { ...head, v: 1, count: ops.length, sha256: sha256(body) }
  const text = `${JSON.stringify(header)}\n${body}`
  return { text, nameHash: sha256(text).slice(0, 16) }
}

export type DecodeResult =
  | { ok: true; header: SegmentHeader; ops: Op[] }
  | { ok: false; reason: 'header' | 'checksum' | 'count' | 'op' }

function isOp(v: unknown): v is Op {
  if (typeof v !== 'object' || v === null) return false
  const o = v as Record<string, unknown>
  return (
    typeof o.hlc === 'string' &&
    typeof o.dev === 'string' &&
    typeof o.by === 'string' &&
    typeof o.entity === 'string' &&
    o.entity !== '' &&
    typeof o.id === 'string' &&
    o.id !== '' &&
    typeof o.kind === 'string' &&
    o.kind !== ''
  )
}

export function decodeOpsFile(text: string, sha256: Sha256Hex): DecodeResult {
  const nl = text.indexOf('\n')
  const headText = nl < 0 ? text : text.slice(0, nl)
  const body = nl < 0 ? '' : text.slice(nl + 1)
  let header: SegmentHeader
  try {
    header = JSON.parse(headText) as SegmentHeader
  } catch {
    return { ok: false, reason: 'header' }
  }
  if (
    typeof header !== 'object' ||
    header === null ||
    (header.kefu !== 'seg' && header.kefu !== 'snap') ||
    typeof header.count !== 'number' ||
    typeof header.sha256 !== 'string' ||
    typeof header.dev !== 'string' ||
    typeof header.seq !== 'number'
  ) {
    return { ok: false, reason: 'header' }
  }
  if (sha256(body) !== header.sha256) return { ok: false, reason: 'checksum' }
  // One parse of the whole body as an array: a JSON line never holds a raw newline (JSON
  // escapes it), so joining the lines with commas is exact, and one call into the parser
  // costs far less than one per op.
  let ops: unknown
  try {
    ops = body === '' ? [] : JSON.parse(`[${body.replaceAll('\n', ',')}]`)
  } catch {
    return { ok: false, reason: 'op' }
  }
  if (!Array.isArray(ops)) return { ok: false, reason: 'op' }
  if (ops.length !== header.count) return { ok: false, reason: 'count' }
  for (const op of ops) if (!isOp(op)) return { ok: false, reason: 'op' }
  return { ok: true, header, ops: ops as Op[] }
}
