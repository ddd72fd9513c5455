import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatHlc, Hlc, hlcWall, parseHlc } from '../../shared/data/hlc'
import {
  applyOp,
  applyOps,
  canonicalJson,
  classifyIncoming,
  docKey,
  stateHash,
  textHeads,
} from '../../shared/data/merge'
import type { Doc, Op } from '../../shared/data/ops'

// KEFU_LONG=1 runs 25 times as many cases (about 15 s instead of 1 s).
const LONG = process.env.KEFU_LONG === '1'
const runs = (quick: number) => ({ numRuns: LONG ? quick * 25 : quick })

const T0 = Date.UTC(2025, 2, 1, 1, 0, 0)
const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
const DEVS = ['pc-a', 'pc-b', 'laptop-c']
const TARGETS = [
  { entity: 'ticket', id: 'PDD-001' },
  { entity: 'ticket', id: 'TB-002' },
  { entity: 'script', id: 'refund-delay' },
]
const STATUSES = ['待处理', '处理中', '待回访', '已解决', null]
const BODIES = ['亲，退款已提交', '亲，退款 1-3 天到账', '抱歉久等啦～', '亲，退款已提交']

/** The shape of an op before stamps and cross-references are filled in. */
type Raw =
  | { k: 'status'; v: number }
  | { k: 'note'; n: number; text: string }
  | { k: 'edit'; v: number; ref: number }
  | { k: 'settle'; ref: number }
  | { k: 'del' }
  | { k: 'unknown'; v: number }

const rawArb: fc.Arbitrary<Raw> = fc.oneof(
  fc.record({ k: fc.constant('status' as const), v: fc.nat(STATUSES.length - 1) }),
  fc.record({ k: fc.constant('note' as const), n: fc.nat(4), text: fc.string({ maxLength: 6 }) }),
  fc.record({ k: fc.constant('edit' as const), v: fc.nat(BODIES.length - 1), ref: fc.nat() }),
  fc.record({ k: fc.constant('edit' as const), v: fc.nat(BODIES.length - 1), ref: fc.nat() }),
  fc.record({ k: fc.constant('settle' as const), ref: fc.nat() }),
  fc.record({ k: fc.constant('del' as const) }),
  fc.record({ k: fc.constant('unknown' as const), v: fc.nat(9) }),
)

const stampArb = fc.record({ wall: fc.nat(40), counter: fc.nat(2), dev: fc.nat(DEVS.length - 1) })

/**
 * A set of ops as several PCs would produce: unique stamps (a clash keeps the first), edits
 * based on '' or on some other op's stamp (older or, as from a bad clock, newer), settle
 * marks naming some op.
 */
function opsOf(raws: fc.Arbitrary<Raw>, targets: number[]): fc.Arbitrary<Op[]> {
  return fc
    .array(fc.record({ raw: raws, stamp: stampArb, target: fc.constantFrom(...targets) }), {
      maxLength: 40,
      size: 'medium',
    })
    .map((specs) => {
      const seen = new Set<string>()
      const stamped = specs.flatMap((s) => {
        const dev = DEVS[s.stamp.dev]!
        const hlc = formatHlc(T0 + s.stamp.wall, s.stamp.counter, dev)
        if (seen.has(hlc)) return []
        seen.add(hlc)
        return [{ ...s, dev, hlc }]
      })
      const hlcs = stamped.map((s) => s.hlc)
      const pick = (ref: number) =>
        ref % (hlcs.length + 1) === hlcs.length ? '' : hlcs[ref % (hlcs.length + 1)]!
      return stamped.map(({ raw, dev, hlc, target }): Op => {
        const head = { hlc, dev, by: `by-${dev}`, ...TARGETS[target]! }
        switch (raw.k) {
          case 'status':
            return { ...head, kind: 'set', field: 'status', value: STATUSES[raw.v] }
          case 'note':
            return {
              ...head,
              kind: 'add',
              field: 'notes',
              value: { id: `n${raw.n}`, text: raw.text },
            }
          case 'edit':
            return {
              ...head,
              kind: 'set',
              field: 'body',
              value: BODIES[raw.v],
              base: pick(raw.ref),
            }
          case 'settle':
            return {
              ...head,
              kind: 'add',
              field: 'body~settled',
              value: { id: pick(raw.ref) || hlc },
            }
          case 'del':
            return { ...head, kind: 'del' }
          case 'unknown':
            return { ...head, kind: 'reopen-v2', field: 'reopenCount', value: raw.v }
        }
      })
    })
}

const opsArb = opsOf(rawArb, [0, 1, 2])

/** Mostly edits and settle marks on one script body, where conflicts arise. */
const textOpsArb = opsOf(
  fc.oneof(
    { arbitrary: rawArb, weight: 1 },
    {
      arbitrary: fc.record({
        k: fc.constant('edit' as const),
        v: fc.nat(BODIES.length - 1),
        ref: fc.nat(),
      }),
      weight: 3,
    },
    { arbitrary: fc.record({ k: fc.constant('settle' as const), ref: fc.nat() }), weight: 1 },
  ),
  [2],
)

/** The ops, plus the same ops again in another order with some delivered more than once. */
const deliveriesOf = (arb: fc.Arbitrary<Op[]>) =>
  arb.chain((ops) =>
    fc.tuple(
      fc.constant(ops),
      fc
        .array(fc.nat(Math.max(0, ops.length - 1)), { maxLength: ops.length ? 15 : 0 })
        .chain((dups) => {
          const all = [...ops, ...dups.map((i) => ({ ...ops[i]! }))]
          return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length })
        }),
    ),
  )
const deliveriesArb = fc.oneof(deliveriesOf(opsArb), deliveriesOf(textOpsArb))

function replay(ops: Op[]): Map<string, Doc> {
  const docs = new Map<string, Doc>()
  applyOps(docs, ops)
  return docs
}

function sortedByHlc(ops: Op[]): Op[] {
  return [...ops].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
}

/** The long-text rule written out plainly (text.ts), to check the incremental version against. */
function expectedHeads(ops: Op[], entity: string, id: string, field: string): string[] {
  const mine = ops.filter((o) => o.entity === entity && o.id === id)
  const edits = new Map<string, Op>()
  for (const o of mine)
    if (o.kind === 'set' && o.field === field && typeof o.base === 'string') edits.set(o.hlc, o)
  const named = new Set(
    [...edits.values()].filter((e) => e.base !== '' && e.base! < e.hlc).map((e) => e.base!),
  )
  const settled = new Set(
    mine
      .filter((o) => o.kind === 'add' && o.field === `${field}~settled`)
      .map((o) => (o.value as { id: string }).id),
  )
  const newest = [...edits.keys()].sort().at(-1)
  return [...edits.keys()]
    .filter((h) => !named.has(h) && (!settled.has(h) || h === newest))
    .sort()
    .reverse()
}

describe('merge properties', () => {
  it('any order and any repetition of the same ops gives the same state', () => {
    fc.assert(
      fc.property(deliveriesArb, ([ops, delivered]) => {
        const reference = stateHash(replay(sortedByHlc(ops)).values())
        expect(stateHash(replay(ops).values())).toBe(reference)
        expect(stateHash(replay(delivered).values())).toBe(reference)
      }),
      runs(300),
    )
  })

  it('a replica saved as JSON part way through and reloaded ends the same', () => {
    fc.assert(
      fc.property(deliveriesArb, fc.nat(), ([ops, delivered], cut) => {
        const at = delivered.length ? cut % delivered.length : 0
        const first = replay(delivered.slice(0, at))
        const reloaded = new Map(
          Object.entries(
            JSON.parse(JSON.stringify(Object.fromEntries(first))) as Record<string, Doc>,
          ),
        )
        applyOps(reloaded, delivered.slice(at))
        expect(stateHash(reloaded.values())).toBe(stateHash(replay(ops).values()))
      }),
      runs(150),
    )
  })

  it('an older op never overwrites a newer one: every field holds its newest set', () => {
    fc.assert(
      fc.property(deliveriesArb, ([, delivered]) => {
        const docs = new Map<string, Doc>()
        for (const op of delivered) {
          const key = docKey(op.entity, op.id)
          const before = docs.get(key)
          const field = op.field
          const prevClock = field && before ? before.clocks[field] : undefined
          const prevValue = field && before ? before.fields[field] : undefined
          const { doc } = applyOp(before, op)
          docs.set(key, doc)
          if (op.kind === 'set' && field && prevClock !== undefined && op.hlc <= prevClock) {
            expect(doc.clocks[field]).toBe(prevClock)
            expect(doc.fields[field]).toBe(prevValue)
          }
        }
        for (const doc of docs.values()) {
          for (const field of ['status', 'body']) {
            const sets = delivered.filter(
              (o) =>
                o.entity === doc.entity && o.id === doc.id && o.kind === 'set' && o.field === field,
            )
            const newest = sortedByHlc(sets).at(-1)
            expect(doc.clocks[field]).toBe(newest?.hlc)
            expect(doc.fields[field]).toEqual(newest ? (newest.value ?? null) : undefined)
          }
        }
      }),
      runs(300),
    )
  })

  it('conflicts do not depend on arrival order and follow the written rule', () => {
    fc.assert(
      fc.property(deliveriesArb, ([ops, delivered]) => {
        const docs = replay(delivered)
        const { entity, id } = TARGETS[2]!
        const doc = docs.get(docKey(entity, id))
        const heads = textHeads(doc, 'body').map((v) => v.hlc)
        expect(heads).toEqual(expectedHeads(ops, entity, id, 'body'))
        const distinct = new Set(textHeads(doc, 'body').map((v) => canonicalJson(v.value)))
        if (distinct.size >= 2) {
          expect(doc?.conflicts?.body?.map((v) => v.hlc)).toEqual(heads)
        } else {
          expect(doc?.conflicts?.body).toBeUndefined()
        }
        const inOrder = replay(sortedByHlc(ops)).get(docKey(entity, id))
        expect(canonicalJson(doc?.conflicts ?? null)).toBe(
          canonicalJson(inOrder?.conflicts ?? null),
        )
      }),
      runs(300),
    )
  })

  it('a damaged replica with two different ops under one stamp still converges', () => {
    const twinArb = fc.tuple(opsArb, fc.nat(), fc.nat(BODIES.length - 1)).map(([ops, i, v]) => {
      if (!ops.length) return ops
      const victim = ops[i % ops.length]!
      return [
        ...ops,
        { ...victim, value: victim.kind === 'add' ? { id: 'n0', text: BODIES[v] } : BODIES[v] },
      ]
    })
    fc.assert(
      fc.property(
        twinArb.chain((ops) =>
          fc.tuple(
            fc.constant(ops),
            fc.shuffledSubarray(ops, { minLength: ops.length, maxLength: ops.length }),
          ),
        ),
        ([ops, shuffled]) => {
          expect(stateHash(replay(shuffled).values())).toBe(stateHash(replay(ops).values()))
        },
      ),
      runs(200),
    )
  })
})

describe('clock properties', () => {
  it('ops up to an hour (indeed a day) ahead are accepted, more than a day ahead are held back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_500_000_000_000, max: 4_000_000_000_000 }),
        fc.integer({ min: -365 * DAY, max: DAY }),
        fc.integer({ min: 1, max: 3650 * DAY }),
        (now, within, beyond) => {
          const op = (wall: number): Op => ({
            hlc: formatHlc(wall, 0, 'pc-b'),
            dev: 'pc-b',
            by: 'x',
            entity: 'ticket',
            id: 'T',
            kind: 'del',
          })
          expect(classifyIncoming(op(now + (within % HOUR)), now)).toBe('accept')
          expect(classifyIncoming(op(now + within), now)).toBe('accept')
          expect(classifyIncoming(op(now + DAY + beyond), now)).toBe('future')
        },
      ),
      runs(500),
    )
  })

  it('local stamps always increase and pass every received stamp not held back', () => {
    const step = fc.oneof(
      fc.record({ t: fc.constant('send' as const) }),
      fc.record({
        t: fc.constant('tick' as const),
        ms: fc.integer({ min: -2 * HOUR, max: 2 * HOUR }),
      }),
      fc.record({
        t: fc.constant('recv' as const),
        ahead: fc.integer({ min: -DAY, max: 3 * DAY }),
        counter: fc.nat(99_999),
        dev: fc.constantFrom(...DEVS),
      }),
    )
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let now = T0
        const hlc = new Hlc('pc-a', () => now)
        let last = ''
        let mustPass = ''
        let latestNow = now
        for (const s of steps) {
          if (s.t === 'tick') {
            now += s.ms
            latestNow = Math.max(latestNow, now)
          }
          if (s.t === 'recv') {
            const remote = formatHlc(Math.max(0, now + s.ahead), s.counter, s.dev)
            hlc.receive(remote)
            if (hlcWall(remote) - now <= DAY && remote > mustPass) mustPass = remote
          } else if (s.t === 'send') {
            const stamp = hlc.send()
            expect(stamp > last).toBe(true)
            expect(stamp > mustPass).toBe(true)
            // No stamp, however wrong, drags this clock more than a day past the PC's own
            // time (a few ms of counter overflow aside).
            expect(parseHlc(stamp)!.wall).toBeLessThanOrEqual(latestNow + DAY + steps.length)
            last = stamp
          }
        }
      }),
      runs(500),
    )
  })
})
