import fs from 'node:fs'
import fc from 'fast-check'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lookupMethod, methodNames } from '../../shared/api'
import { openShop, PINS, type Shop } from './people.fixture'

/**
 * Bridge robustness (issue 5 item 7): every contract method, through the dispatch both
 * transports use, with random and malformed payloads, signed in as an admin and as nobody.
 * Methods added to the contract later are covered without touching this file.
 * KEFU_FUZZ_RUNS raises the payloads per method for a long run.
 */
const PER_METHOD = Math.max(20, Number(process.env.KEFU_FUZZ_RUNS ?? 0) || 0)
const MIN_TOTAL = 2000

const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
]

function deep(depth: number, leaf: unknown): unknown {
  let v = leaf
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v }
  return v
}

/** Payloads as they arrive after JSON.parse (HTTP) or a structured clone (IPC): own `__proto__` keys and all. */
function parsed(text: string): unknown {
  return JSON.parse(text)
}

const hostileObjects = [
  parsed('{"__proto__":{"polluted":"yes"}}'),
  parsed('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  parsed('{"a":{"__proto__":{"polluted":"yes"}},"b":[{"__proto__":{"polluted":"yes"}}]}'),
  parsed('{"prototype":{"polluted":"yes"},"__proto__":null}'),
]

const scalar = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    Number.NaN,
    Infinity,
    -0,
    1e308,
    '',
    ' ',
    '0000',
    '13812341234',
    '\u0000',
    '<script>alert(1)</script>',
    '../../etc/passwd',
  ),
  fc.constantFrom('x'.repeat(1 << 20), '中'.repeat(200_000)),
)

const hostileKey = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 }))

const junk: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.anything({
      maxDepth: 4,
      withNullPrototype: true,
      withBigInt: false,
      withObjectString: true,
    }),
  },
  { weight: 2, arbitrary: fc.dictionary(hostileKey, scalar, { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom(...hostileObjects) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 3000 }).map((d) => deep(d, '深')) },
  { weight: 1, arbitrary: scalar },
)

/** Payloads with the method's own keys and wrong or hostile values: these get past the shape check. */
function shaped(name: string): fc.Arbitrary<unknown> {
  const spec = lookupMethod(name)!.spec
  const shape = spec.input instanceof z.ZodObject ? Object.keys(spec.input.shape) : []
  if (!shape.length) return junk
  const value = fc.oneof(scalar, junk, fc.constantFrom(...hostileObjects))
  return fc
    .tuple(
      fc.dictionary(fc.constantFrom(...shape), value, { minKeys: 1, maxKeys: shape.length }),
      fc.boolean(),
      fc.constantFrom(...hostileObjects),
    )
    .map(([obj, addHostile, hostile]) =>
      addHostile ? Object.assign(parsed('{}') as object, obj, hostile) : obj,
    )
}

function isEnvelope(env: unknown): boolean {
  if (typeof env !== 'object' || env === null) return false
  const e = env as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } }
  if (e.ok === true) return 'value' in e
  return (
    e.ok === false &&
    typeof e.error?.code === 'string' &&
    typeof e.error.message === 'string' &&
    e.error.message.length > 0
  )
}

let shop: Shop
let adminId: string
const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort()
const arrayProtoBefore = Object.getOwnPropertyNames(Array.prototype).sort()

beforeAll(async () => {
  shop = await openShop()
  const { me } = await shop.ok('fuzz-admin', 'people.setupAdmin', { name: '店长', pin: PINS.admin })
  adminId = me.id
})
afterAll(async () => {
  await shop.close()
  fs.rmSync(shop.dir, { recursive: true, force: true })
})

describe('every contract method under random and malformed payloads', () => {
  it(`answers an envelope for each of at least ${MIN_TOTAL} payloads (≥${PER_METHOD} per method), pollutes nothing and stays up`, async () => {
    const names = methodNames()
    const perMethod = Math.max(PER_METHOD, Math.ceil(MIN_TOTAL / names.length))
    const counts = new Map<string, number>()
    const codes = new Map<string, number>()
    let total = 0
    for (const name of names) {
      const payloads = [
        ...fc.sample(junk, { numRuns: Math.ceil(perMethod / 2), seed: 42 + total }),
        ...fc.sample(shaped(name), { numRuns: Math.floor(perMethod / 2), seed: 4242 + total }),
      ]
      for (const [i, payload] of payloads.entries()) {
        // Half as an admin (re-signed in: a fuzzed signOut must not turn the rest into nobody), half as nobody.
        const session = i % 2 ? 'fuzz-nobody' : 'fuzz-admin'
        if (session === 'fuzz-admin') shop.core.sessions.signIn('fuzz-admin', adminId)
        else shop.core.sessions.signOut('fuzz-nobody')
        const env = await shop.core.call(name, payload, session)
        expect(isEnvelope(env), `${name} ← ${String(JSON.stringify(payload)).slice(0, 200)}`).toBe(
          true,
        )
        if (!env.ok) {
          codes.set(env.error.code, (codes.get(env.error.code) ?? 0) + 1)
          expect(env.error.code, `${name}: ${env.error.message}`).not.toBe('internal')
        }
        counts.set(name, (counts.get(name) ?? 0) + 1)
        total++
      }
      expect(({} as Record<string, unknown>).polluted, name).toBeUndefined()
    }
    expect(total).toBeGreaterThanOrEqual(MIN_TOTAL)
    for (const name of names) expect(counts.get(name), name).toBeGreaterThanOrEqual(20)
    expect(codes.get('invalid_input')).toBeGreaterThan(0)
    expect(codes.get('not_signed_in')).toBeGreaterThan(0)

    // No prototype polluted, and the core still answers normally.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore)
    expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayProtoBefore)
    expect(await shop.ok('fuzz-nobody', 'system.ping')).toMatchObject({ pong: true })
    shop.core.sessions.signIn('fuzz-admin', adminId)
    expect(await shop.ok('fuzz-admin', 'people.me')).toMatchObject({ id: adminId })
  })

  it('refuses unknown and hostile method names with a typed error', async () => {
    for (const name of [
      '__proto__.x',
      'constructor.constructor',
      'people.__proto__',
      'people.constructor',
      'toString',
      '',
      'people.',
      '.list',
      42,
      null,
      { a: 1 },
    ]) {
      const env = await shop.core.call(name, {}, 'fuzz-nobody')
      expect(env).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
    }
  })
})
