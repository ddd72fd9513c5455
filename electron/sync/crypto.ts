import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt } from 'node:crypto'
import type { EncryptionInfo } from '../../shared/sync/format'

/**
 * Optional space encryption (DESIGN §5): a key derived from the shop passphrase with scrypt,
 * every segment, snapshot and blob sealed with AES-256-GCM. A sealed file is
 * `KEFUSEAL1` + 12-byte IV + 16-byte tag + ciphertext.
 */

const MAGIC = Buffer.from('KEFUSEAL1', 'ascii')
const CHECK_TEXT = 'kefu-sync-key-check-v1'

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

export function deriveKey(
  passphrase: string,
  info: Pick<EncryptionInfo, 'salt' | 'N' | 'r' | 'p'>,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase.normalize('NFC'),
      Buffer.from(info.salt, 'base64'),
      32,
      { N: info.N, r: info.r, p: info.p, maxmem: 256 * info.N * info.r + 16 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  )
}

export function isSealed(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && Buffer.from(bytes.subarray(0, MAGIC.length)).equals(MAGIC)
}

export function seal(key: Buffer, plain: Uint8Array): Uint8Array {
  const iv = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', key, iv)
  const body = Buffer.concat([c.update(plain), c.final()])
  return Buffer.concat([MAGIC, iv, c.getAuthTag(), body])
}

/** The plain bytes, or null when the key is wrong or the file is damaged (GCM cannot tell which). */
export function open(key: Buffer, sealed: Uint8Array): Uint8Array | null {
  if (!isSealed(sealed) || sealed.length < MAGIC.length + 28) return null
  const b = Buffer.from(sealed)
  const iv = b.subarray(MAGIC.length, MAGIC.length + 12)
  const tag = b.subarray(MAGIC.length + 12, MAGIC.length + 28)
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv)
    d.setAuthTag(tag)
    return Buffer.concat([d.update(b.subarray(MAGIC.length + 28)), d.final()])
  } catch {
    return null
  }
}

/**
 * The start of a sealed file's plain bytes without checking the tag (GCM is a counter mode, so
 * a prefix decrypts on its own). Only for peeking at a header; never for content.
 */
export function openPrefix(key: Buffer, sealed: Uint8Array): Uint8Array | null {
  if (!isSealed(sealed) || sealed.length < MAGIC.length + 28) return null
  const b = Buffer.from(sealed)
  const iv = b.subarray(MAGIC.length, MAGIC.length + 12)
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv)
    return d.update(b.subarray(MAGIC.length + 28))
  } catch {
    return null
  }
}

/** New encryption parameters for a space, with the check text that tells a wrong passphrase. */
export async function newEncryption(
  passphrase: string,
  cost = { N: 2 ** 15, r: 8, p: 1 },
): Promise<{ info: EncryptionInfo; key: Buffer }> {
  const salt = randomBytes(16).toString('base64')
  const key = await deriveKey(passphrase, { salt, ...cost })
  const check = Buffer.from(seal(key, Buffer.from(CHECK_TEXT, 'utf8'))).toString('base64')
  return { info: { kdf: 'scrypt', salt, ...cost, check }, key }
}

/** The key when the passphrase opens the space's check text, otherwise null (wrong passphrase). */
export async function unlock(passphrase: string, info: EncryptionInfo): Promise<Buffer | null> {
  const key = await deriveKey(passphrase, info)
  const plain = open(key, Buffer.from(info.check, 'base64'))
  return plain && Buffer.from(plain).toString('utf8') === CHECK_TEXT ? key : null
}
