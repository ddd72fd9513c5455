import { constants, gunzipSync, gzipSync } from 'node:zlib'
import type { Op } from '../../shared/data/ops'
import { decodeOpsFile, encodeOpsFile, type SegmentHeader } from '../../shared/sync/segment'
import { isSealed, open, openPrefix, seal, sha256Hex } from './crypto'

/** Segment and snapshot files as bytes: the text of shared/sync/segment.ts, gzipped, sealed when the space is encrypted. */

export function packOpsFile(
  head: Omit<SegmentHeader, 'count' | 'sha256' | 'v'>,
  ops: readonly Op[],
  key: Buffer | null,
): { bytes: Uint8Array; nameHash: string } {
  const { text, nameHash } = encodeOpsFile(head, ops, sha256Hex)
  const gz = gzipSync(Buffer.from(text, 'utf8'), { level: 6 })
  return { bytes: key ? seal(key, gz) : gz, nameHash }
}

export type UnpackResult =
  | { ok: true; header: SegmentHeader; ops: Op[] }
  | { ok: false; reason: 'locked' | 'unsealed' | 'damaged'; detail: string }

/**
 * Reads a file. 'locked': sealed and we have no key (or not this space's key); 'unsealed': a
 * plain file in an encrypted space (not ours to trust); 'damaged': cut, half-copied or
 * altered, so it is left for a later round.
 */
export function unpackOpsFile(bytes: Uint8Array, key: Buffer | null): UnpackResult {
  let gz: Uint8Array = bytes
  if (isSealed(bytes)) {
    if (!key) return { ok: false, reason: 'locked', detail: '文件已加密，本机没有口令' }
    const plain = open(key, bytes)
    if (!plain)
      return { ok: false, reason: 'damaged', detail: '解密校验失败（文件不完整或被改动）' }
    gz = plain
  } else if (key) {
    return { ok: false, reason: 'unsealed', detail: '加密空间中出现未加密的文件' }
  }
  let text: string
  try {
    text = gunzipSync(gz).toString('utf8')
  } catch {
    return { ok: false, reason: 'damaged', detail: '压缩数据不完整' }
  }
  const r = decodeOpsFile(text, sha256Hex)
  if (!r.ok) return { ok: false, reason: 'damaged', detail: `内容校验失败（${r.reason}）` }
  return r
}

export function packJson(value: unknown, key: Buffer | null): Uint8Array {
  const gz = gzipSync(Buffer.from(JSON.stringify(value), 'utf8'))
  return key ? seal(key, gz) : gz
}

export function unpackJson(bytes: Uint8Array, key: Buffer | null): unknown {
  let gz: Uint8Array = bytes
  if (isSealed(bytes)) {
    if (!key) return undefined
    const plain = open(key, bytes)
    if (!plain) return undefined
    gz = plain
  }
  try {
    return JSON.parse(gunzipSync(gz).toString('utf8'))
  } catch {
    return undefined
  }
}

/**
 * The header line of a segment or snapshot from its first bytes only (a cut file is fine):
 * decompressed as far as the bytes go, decrypted without the tag check when sealed. A hint
 * for deciding what to read, never trusted for content: the full read checks everything.
 */
export function peekHeader(bytes: Uint8Array, key: Buffer | null): SegmentHeader | null {
  let gz: Uint8Array = bytes
  if (isSealed(bytes)) {
    if (!key) return null
    const plain = openPrefix(key, bytes)
    if (!plain) return null
    gz = plain
  } else if (key) return null
  let text: string
  try {
    text = gunzipSync(gz, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8')
  } catch {
    return null
  }
  const nl = text.indexOf('\n')
  if (nl < 0) return null
  try {
    const h = JSON.parse(text.slice(0, nl)) as SegmentHeader
    return typeof h === 'object' && h !== null ? h : null
  } catch {
    return null
  }
}
