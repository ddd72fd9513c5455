import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/** A PIN or recovery code as stored: scrypt with its own salt and cost, never the secret. */
export interface SecretHash {
  alg: 'scrypt'
  N: number
  r: number
  p: number
  salt: string
  hash: string
}

// ~50 ms on a shop PC: slow enough that a stolen data folder does not give up 4-digit PINs in
// seconds, quick enough for a sign-in. The cost is stored, so it can rise later.
const COST = { N: 1 << 14, r: 8, p: 1 }
const KEYLEN = 32

function derive(secret: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      secret.normalize('NFKC'),
      salt,
      KEYLEN,
      { ...opts, maxmem: 64 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  )
}

export async function hashSecret(secret: string): Promise<SecretHash> {
  const salt = randomBytes(16)
  const key = await derive(secret, salt, COST)
  return { alg: 'scrypt', ...COST, salt: salt.toString('base64'), hash: key.toString('base64') }
}

export function isSecretHash(v: unknown): v is SecretHash {
  if (typeof v !== 'object' || v === null) return false
  const h = v as Partial<SecretHash>
  return (
    h.alg === 'scrypt' &&
    typeof h.salt === 'string' &&
    typeof h.hash === 'string' &&
    [h.N, h.r, h.p].every((n) => typeof n === 'number' && Number.isInteger(n) && n > 0) &&
    (h.N ?? 0) <= 1 << 20
  )
}

export async function verifySecret(secret: string, stored: unknown): Promise<boolean> {
  if (!isSecretHash(stored)) return false
  const want = Buffer.from(stored.hash, 'base64')
  const got = await derive(secret, Buffer.from(stored.salt, 'base64'), {
    N: stored.N,
    r: stored.r,
    p: stored.p,
  })
  return want.length === got.length && timingSafeEqual(want, got)
}

// No 0/O, 1/I/L: the code is read off paper and typed back by hand.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

/** 20 characters (about 99 bits) shown as XXXXX-XXXXX-XXXXX-XXXXX. */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 20 }, () => ALPHABET[randomInt(ALPHABET.length)])
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-')
}

/** What a person typed, compared as the code was made: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '')
}
