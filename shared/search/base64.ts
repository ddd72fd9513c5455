/**
 * Base64 for large byte arrays without Buffer (shared/ runs in the renderer too) and without
 * btoa, which needs a binary string first and is slow past a few megabytes.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DECODE = new Int16Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i

const CHUNK = 0x3000 // multiple of 3, small enough for String.fromCharCode.apply

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = []
  const codes = new Uint16Array(Math.ceil(CHUNK / 3) * 4)
  for (let off = 0; off < bytes.length; off += CHUNK) {
    const end = Math.min(bytes.length, off + CHUNK)
    let o = 0
    let i = off
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
      codes[o++] = ALPHABET.charCodeAt(n >>> 18)
      codes[o++] = ALPHABET.charCodeAt((n >>> 12) & 63)
      codes[o++] = ALPHABET.charCodeAt((n >>> 6) & 63)
      codes[o++] = ALPHABET.charCodeAt(n & 63)
    }
    const rest = end - i
    if (rest > 0) {
      const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0)
      codes[o++] = ALPHABET.charCodeAt(n >>> 18)
      codes[o++] = ALPHABET.charCodeAt((n >>> 12) & 63)
      codes[o++] = rest === 2 ? ALPHABET.charCodeAt((n >>> 6) & 63) : 61
      codes[o++] = 61
    }
    parts.push(String.fromCharCode.apply(null, codes.subarray(0, o) as unknown as number[]))
  }
  return parts.join('')
}

export function base64ToBytes(text: string): Uint8Array {
  let len = text.length
  while (len > 0 && text.charCodeAt(len - 1) === 61) len--
  const out = new Uint8Array(Math.floor((len * 3) / 4))
  let o = 0
  let acc = 0
  let bits = 0
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i)
    const v = c < 128 ? DECODE[c]! : -1
    if (v < 0) throw new Error('invalid base64')
    acc = ((acc << 6) | v) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >>> bits) & 0xff
    }
  }
  return out
}
