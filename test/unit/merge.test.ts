import { describe, expect, it } from 'vitest'
import { formatHlc, Hlc } from '../../shared/data/hlc'
import {
  applyOp,
  applyOps,
  canonicalJson,
  classifyIncoming,
  docKey,
  materialize,
  settleText,
  stateHash,
  textEdit,
  textHeads,
} from '../../shared/data/merge'
import type { Change, Doc, Op } from '../../shared/data/ops'
import { AppError } from '../../shared/errors'

const T0 = Date.UTC(2025, 2, 1, 1, 0, 0)
const MIN = 60 * 1000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

/** A PC with its own clock and signed-in person, turning changes into ops as the store does. */
function pc(dev: string, by: string, clock: { t: number }) {
  const hlc = new Hlc(dev, () => clock.t)
  return {
    op(change: Change): Op {
      return { ...change, hlc: hlc.send(), dev, by }
    },
    receive(ops: Op[]) {
      for (const o of ops) hlc.receive(o.hlc)
    },
  }
}

function replay(ops: Op[]): Map<string, Doc> {
  const docs = new Map<string, Doc>()
  applyOps(docs, ops)
  return docs
}

function only(docs: Map<string, Doc>): Doc {
  expect(docs.size).toBe(1)
  return [...docs.values()][0]!
}

interface Ticket {
  id: string
  status?: string
  customer?: string
  notes?: { id: string; text: string; _hlc: string; _by: string }[]
  _deleted?: string
}

describe('fields: the last writer wins', () => {
  it('an older status change never overwrites a newer one', () => {
    const clock = { t: T0 }
    const front = pc('pc-front', 'xiaoli', clock)
    const back = pc('pc-back', 'laowang', clock)
    const older = back.op({
      entity: 'ticket',
      id: 'PDD-250301-001',
      kind: 'set',
      field: 'status',
      value: '处理中',
    })
    clock.t += MIN
    const newer = front.op({
      entity: 'ticket',
      id: 'PDD-250301-001',
      kind: 'set',
      field: 'status',
      value: '已解决',
    })

    const doc = applyOp(undefined, newer).doc
    const late = applyOp(doc, older)
    expect(late.changed).toBe(true) // it is part of the doc's history now: `created` moved back
    expect(late.doc.fields.status).toBe('已解决')
    expect(late.doc.clocks.status).toBe(newer.hlc)
    expect(late.doc.created).toBe(older.hlc)
    expect(late.doc.updated).toBe(newer.hlc)

    const inOrder = replay([older, newer])
    expect(stateHash(inOrder.values())).toBe(stateHash([late.doc]))
  })

  it('fields change independently: one PC sets the status while another fixes the phone number', () => {
    const clock = { t: T0 }
    const a = pc('pc-a', 'xiaoli', clock)
    const b = pc('pc-b', 'laowang', clock)
    const status = a.op({
      entity: 'ticket',
      id: 'T1',
      kind: 'set',
      field: 'status',
      value: '待回访',
    })
    const phone = b.op({
      entity: 'ticket',
      id: 'T1',
      kind: 'set',
      field: 'customer',
      value: '王女士 138****0000',
    })
    const t = materialize<Ticket>(only(replay([phone, status])))
    expect(t).toMatchObject({ id: 'T1', status: '待回访', customer: '王女士 138****0000' })
  })

  it('the same op delivered twice changes nothing the second time', () => {
    const op: Op = {
      hlc: formatHlc(T0, 0, 'pc-a'),
      dev: 'pc-a',
      by: 'xiaoli',
      entity: 'ticket',
      id: 'T1',
      kind: 'set',
      field: 'status',
      value: '处理中',
    }
    const first = applyOp(undefined, op)
    expect(first.changed).toBe(true)
    const before = canonicalJson(first.doc)
    const again = applyOp(first.doc, { ...op })
    expect(again.changed).toBe(false)
    expect(canonicalJson(again.doc)).toBe(before)
  })
})

describe('history entries: grow-only sets', () => {
  it('two PCs adding notes to one order offline keep both notes', () => {
    const clock = { t: T0 }
    const a = pc('pc-a', 'xiaoli', clock)
    const b = pc('pc-b', 'laowang', clock)
    const created = a.op({
      entity: 'ticket',
      id: 'T1',
      kind: 'set',
      field: 'status',
      value: '处理中',
    })
    clock.t += MIN
    const noteA = a.op({
      entity: 'ticket',
      id: 'T1',
      kind: 'add',
      field: 'notes',
      value: { id: 'n-a1', text: '客户说快递显示已签收但没收到' },
    })
    clock.t += MIN
    const noteB = b.op({
      entity: 'ticket',
      id: 'T1',
      kind: 'add',
      field: 'notes',
      value: { id: 'n-b1', text: '已联系快递站点，明天回复' },
    })

    const onA = replay([created, noteA, noteB])
    const onB = replay([noteB, created, noteA])
    expect(stateHash(onA.values())).toBe(stateHash(onB.values()))
    const t = materialize<Ticket>(only(onA))
    expect(t.notes?.map((n) => n.text)).toEqual([
      '客户说快递显示已签收但没收到',
      '已联系快递站点，明天回复',
    ])
    expect(t.notes?.map((n) => n._by)).toEqual(['xiaoli', 'laowang'])
    expect(t.notes?.map((n) => n._hlc)).toEqual([noteA.hlc, noteB.hlc])
  })

  it('history shows in the order it happened, whatever order it arrived in', () => {
    const clock = { t: T0 }
    const a = pc('pc-a', 'xiaoli', clock)
    const ops: Op[] = []
    for (let i = 1; i <= 5; i++) {
      clock.t += MIN
      ops.push(
        a.op({
          entity: 'ticket',
          id: 'T1',
          kind: 'add',
          field: 'notes',
          value: { id: `n${i}`, text: `第${i}条备注` },
        }),
      )
    }
    const t = materialize<Ticket>(only(replay([...ops].reverse())))
    expect(t.notes?.map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5'])
  })

  it('one entry id added twice with different content keeps the first, in any order', () => {
    const first: Op = {
      hlc: formatHlc(T0, 0, 'pc-a'),
      dev: 'pc-a',
      by: 'xiaoli',
      entity: 'ticket',
      id: 'T1',
      kind: 'add',
      field: 'notes',
      value: { id: 'n1', text: '原文' },
    }
    const second: Op = {
      ...first,
      hlc: formatHlc(T0 + 1, 0, 'pc-b'),
      dev: 'pc-b',
      by: 'laowang',
      value: { id: 'n1', text: '改写' },
    }
    const x = replay([first, second])
    const y = replay([second, first])
    expect(materialize<Ticket>(only(x)).notes?.map((n) => n.text)).toEqual(['原文'])
    expect(stateHash(x.values())).toBe(stateHash(y.values()))
  })
})

describe('deletes are tombstones', () => {
  it('a deleted order stays deleted when an edit made earlier offline arrives afterwards', () => {
    const clock = { t: T0 }
    const a = pc('pc-a', 'xiaoli', clock)
    const b = pc('pc-b', 'zhuguan', clock)
    const set = a.op({ entity: 'ticket', id: 'T1', kind: 'set', field: 'status', value: '处理中' })
    clock.t += MIN
    const del = b.op({ entity: 'ticket', id: 'T1', kind: 'del' })
    clock.t += MIN
    const lateEdit = a.op({
      entity: 'ticket',
      id: 'T1',
      kind: 'set',
      field: 'status',
      value: '已解决',
    })

    for (const order of [
      [set, del, lateEdit],
      [lateEdit, set, del],
      [del, lateEdit, set, del],
    ]) {
      const doc = only(replay(order))
      expect(doc.deleted).toBe(del.hlc)
      expect(doc.fields.status).toBe('已解决')
      expect(materialize<Ticket>(doc)._deleted).toBe(del.hlc)
    }
  })

  it('of two deletes the later stamp is kept, in any order', () => {
    const d1: Op = {
      hlc: formatHlc(T0, 0, 'pc-a'),
      dev: 'pc-a',
      by: 'x',
      entity: 'script',
      id: 'S1',
      kind: 'del',
    }
    const d2: Op = { ...d1, hlc: formatHlc(T0 + 5, 0, 'pc-b'), dev: 'pc-b' }
    expect(only(replay([d1, d2])).deleted).toBe(d2.hlc)
    expect(only(replay([d2, d1])).deleted).toBe(d2.hlc)
  })
})

describe('long text: script bodies and lessons', () => {
  const SCRIPT = { entity: 'script', id: 'refund-delay' }
  const ORIGINAL = '亲，非常抱歉让您久等了，退款已在处理中。'
  const TEXT_A = '亲，非常抱歉让您久等了，退款预计 1-3 个工作日到账。'
  const TEXT_B = '亲亲，抱歉久等啦～退款已提交，请留意支付宝通知哦。'

  function setup() {
    const clock = { t: T0 }
    const a = pc('pc-a', 'zhuguan-li', clock)
    const b = pc('pc-b', 'zhuguan-wang', clock)
    const created = a.op({ ...SCRIPT, kind: 'set', field: 'body', value: ORIGINAL })
    b.receive([created])
    const start = applyOp(undefined, created).doc
    clock.t += MIN
    const editA = a.op(textEdit(start, 'body', TEXT_A, start.clocks.body))
    const editB = b.op(textEdit(start, 'body', TEXT_B, start.clocks.body))
    return { clock, a, b, created, editA, editB }
  }

  it('two supervisors editing one script body from the same version end in a visible conflict that keeps both texts, and a settling edit clears it', () => {
    const { a, created, editA, editB } = setup()
    const docs = replay([created, editA, editB])
    const doc = only(docs)

    const conflict = doc.conflicts?.body
    expect(conflict?.map((v) => v.value)).toEqual(
      [editA, editB].sort((x, y) => (x.hlc > y.hlc ? -1 : 1)).map((o) => o.value),
    )
    expect(conflict?.map((v) => v.by).sort()).toEqual(['zhuguan-li', 'zhuguan-wang'])
    const newest = editA.hlc > editB.hlc ? editA : editB
    expect(doc.fields.body).toBe(newest.value)
    expect(materialize<{ _conflicts?: unknown }>(doc)._conflicts).toEqual(doc.conflicts)

    // Supervisor Li looks at both and keeps Wang's wording.
    a.receive([editB])
    const settling = settleText(doc, 'body', editB.hlc, TEXT_B).map((c) => a.op(c))
    expect(settling.map((o) => o.kind)).toEqual(['set', 'add'])
    applyOps(docs, settling)
    expect(doc.conflicts).toBeUndefined()
    expect(doc.fields.body).toBe(TEXT_B)
    expect(textHeads(doc, 'body').map((v) => v.hlc)).toEqual([settling[0]!.hlc])
    expect(materialize<Record<string, unknown>>(doc)['body~settled']).toBeUndefined()

    // Every other PC ends the same, whatever order the five ops reach it in.
    const all = [created, editA, editB, ...settling]
    const elsewhere = replay([settling[1]!, editB, settling[0]!, created, editA, editB])
    expect(stateHash(elsewhere.values())).toBe(stateHash(docs.values()))
    expect(stateHash(replay([...all].reverse()).values())).toBe(stateHash(docs.values()))
  })

  it('an edit made on the newest version is no conflict', () => {
    const { clock, a, b, created, editA } = setup()
    const docs = replay([created, editA])
    b.receive([editA])
    clock.t += MIN
    const followUp = b.op(
      textEdit(only(docs), 'body', TEXT_A + '如有疑问请随时联系我们。', editA.hlc),
    )
    applyOps(docs, [followUp])
    expect(only(docs).conflicts).toBeUndefined()
    expect(textHeads(only(docs), 'body').map((v) => v.hlc)).toEqual([followUp.hlc])
    void a
  })

  it('the same new wording typed on two PCs is no conflict', () => {
    const { b, created, editA } = setup()
    const start = applyOp(undefined, created).doc
    const sameAsA = b.op(textEdit(start, 'body', TEXT_A, created.hlc))
    const doc = only(replay([created, editA, sameAsA]))
    expect(doc.conflicts).toBeUndefined()
    expect(doc.fields.body).toBe(TEXT_A)
  })

  it('an edit made offline on an old version reopens the conflict instead of being lost', () => {
    const { clock, a, created, editA, editB } = setup()
    const docs = replay([created, editA, editB])
    a.receive([editB])
    const settling = settleText(only(docs), 'body', editA.hlc, TEXT_A).map((c) => a.op(c))
    applyOps(docs, settling)
    expect(only(docs).conflicts).toBeUndefined()

    // A third supervisor edited the original on a laptop and only now comes online.
    const c = pc('laptop-c', 'zhuguan-zhao', { t: clock.t - 30 * MIN })
    const offline = c.op(
      textEdit(applyOp(undefined, created).doc, 'body', '退款处理中，请耐心等待。', created.hlc),
    )
    applyOps(docs, [offline])
    expect(only(docs).conflicts?.body?.map((v) => v.value)).toEqual([
      TEXT_A,
      '退款处理中，请耐心等待。',
    ])
  })

  it('settle marks cannot hide every version: the newest edit always stays', () => {
    const { created, editA, editB } = setup()
    const newest = editA.hlc > editB.hlc ? editA : editB
    const older = newest === editA ? editB : editA
    const markNewest: Op = {
      ...newest,
      hlc: formatHlc(T0 + 2 * MIN, 0, 'pc-x'),
      dev: 'pc-x',
      kind: 'add',
      field: 'body~settled',
      value: { id: newest.hlc },
      base: undefined,
    }
    const doc = only(replay([created, editA, editB, markNewest]))
    expect(textHeads(doc, 'body').map((v) => v.hlc)).toEqual([newest.hlc, older.hlc])
    const markOlder: Op = {
      ...markNewest,
      hlc: formatHlc(T0 + 3 * MIN, 0, 'pc-x'),
      value: { id: older.hlc },
    }
    applyOp(doc, markOlder)
    expect(textHeads(doc, 'body').map((v) => v.hlc)).toEqual([newest.hlc])
    expect(doc.conflicts).toBeUndefined()
  })
})

describe('ops this version does not know', () => {
  const base = { dev: 'pc-new', by: 'xiaoli', entity: 'ticket', id: 'T1' }

  it('an unknown kind is kept once, not applied, and does not throw', () => {
    const future: Op = {
      ...base,
      hlc: formatHlc(T0, 0, 'pc-new'),
      kind: 'counter-inc',
      field: 'reopenCount',
      value: 1,
    }
    const first = applyOp(undefined, future)
    expect(first).toMatchObject({ changed: true, kept: true })
    expect(first.doc.fields).toEqual({})
    expect(first.doc.pending).toEqual([future])
    const again = applyOp(first.doc, { ...future })
    expect(again).toMatchObject({ changed: false, kept: true })
    expect(again.doc.pending).toHaveLength(1)
  })

  it('known kinds without what they need are kept rather than guessed at', () => {
    const bad: Op[] = [
      { ...base, hlc: formatHlc(T0, 1, 'pc-new'), kind: 'set' },
      {
        ...base,
        hlc: formatHlc(T0, 2, 'pc-new'),
        kind: 'add',
        field: 'notes',
        value: '没有 id 的备注',
      },
      {
        ...base,
        hlc: formatHlc(T0, 3, 'pc-new'),
        kind: 'set',
        field: '__proto__',
        value: { polluted: true },
      },
      {
        ...base,
        hlc: formatHlc(T0, 4, 'pc-new'),
        kind: 'set',
        field: 'body',
        value: 'x',
        base: 42 as unknown as string,
      },
    ]
    const { kept } = applyOps(new Map(), bad)
    expect(kept).toHaveLength(4)
    const doc = only(replay([...bad].reverse()))
    expect(doc.pending?.map((o) => o.hlc)).toEqual(bad.map((o) => o.hlc))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('a field this version has never heard of is merged like any other', () => {
    const op: Op = {
      ...base,
      hlc: formatHlc(T0, 0, 'pc-new'),
      kind: 'set',
      field: 'douyinAftersaleId',
      value: 'DY-7788',
    }
    expect(materialize<Record<string, unknown>>(applyOp(undefined, op).doc).douyinAftersaleId).toBe(
      'DY-7788',
    )
  })

  it('an op sent to the wrong doc is a programming error, not silent damage', () => {
    const doc = applyOp(undefined, { ...base, hlc: formatHlc(T0, 0, 'pc-new'), kind: 'del' }).doc
    expect(() =>
      applyOp(doc, { ...base, id: 'T2', hlc: formatHlc(T0, 1, 'pc-new'), kind: 'del' }),
    ).toThrow(AppError)
  })
})

describe('ops from the future', () => {
  const op = (wall: number): Op => ({
    hlc: formatHlc(wall, 0, 'pc-b'),
    dev: 'pc-b',
    by: 'x',
    entity: 'ticket',
    id: 'T1',
    kind: 'del',
  })

  it('an hour ahead is accepted, more than a day ahead is held back', () => {
    expect(classifyIncoming(op(T0 - 30 * DAY), T0)).toBe('accept')
    expect(classifyIncoming(op(T0 + HOUR), T0)).toBe('accept')
    expect(classifyIncoming(op(T0 + DAY), T0)).toBe('accept')
    expect(classifyIncoming(op(T0 + DAY + 1), T0)).toBe('future')
    expect(classifyIncoming(op(T0 + 365 * DAY), T0)).toBe('future')
  })

  it('a stamp that cannot be read is held back too', () => {
    expect(classifyIncoming({ ...op(T0), hlc: 'yesterday' }, T0)).toBe('future')
  })
})

describe('state hash and canonical JSON', () => {
  it('canonical JSON sorts keys at every depth and ignores how the object was built', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: 2 }], c: '客服' } })).toBe(
      '{"a":{"c":"客服","d":[3,{"x":2,"z":1}]},"b":1}',
    )
    expect(canonicalJson([undefined, Number.NaN, -0])).toBe('[null,null,0]')
    expect(canonicalJson(undefined)).toBe('null')
  })

  it('differs when the data differs and not when only the order of docs does', () => {
    const ops: Op[] = ['T1', 'T2', 'T3'].map((id, i) => ({
      hlc: formatHlc(T0 + i, 0, 'pc-a'),
      dev: 'pc-a',
      by: 'x',
      entity: 'ticket',
      id,
      kind: 'set',
      field: 'status',
      value: '处理中',
    }))
    const docs = replay(ops)
    const h = stateHash(docs.values())
    expect(h).toMatch(/^[0-9a-f]{32}$/)
    expect(stateHash([...docs.values()].reverse())).toBe(h)
    applyOp(docs.get(docKey('ticket', 'T2')), {
      ...ops[1]!,
      hlc: formatHlc(T0 + 9, 0, 'pc-a'),
      value: '已解决',
    })
    expect(stateHash(docs.values())).not.toBe(h)
  })

  it('a doc saved as JSON and read back keeps merging the same way', () => {
    const clock = { t: T0 }
    const a = pc('pc-a', 'xiaoli', clock)
    const ops: Op[] = []
    for (let i = 0; i < 20; i++) {
      clock.t += MIN
      ops.push(
        a.op({
          entity: 'ticket',
          id: 'T1',
          kind: i % 3 ? 'add' : 'set',
          field: i % 3 ? 'notes' : 'status',
          value: i % 3 ? { id: `n${i}`, text: `备注${i}`, extra: undefined } : `状态${i}`,
        }),
      )
    }
    const whole = replay(ops)
    const half = replay(ops.slice(0, 10))
    const reloaded = new Map<string, Doc>(
      Object.entries(JSON.parse(JSON.stringify(Object.fromEntries(half))) as Record<string, Doc>),
    )
    applyOps(reloaded, ops.slice(5))
    expect(stateHash(reloaded.values())).toBe(stateHash(whole.values()))
  })
})
