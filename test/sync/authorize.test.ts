import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { applyOps } from '../../shared/data/merge'
import type { Doc, Op } from '../../shared/data/ops'
import { storeAuthorize } from '../../electron/sync/authorize'
import { SyncEngine } from '../../electron/sync/engine'
import { FolderTarget } from '../../electron/sync/folder-target'
import { realReplica, type Replica } from './replicas'
import { tempRoot } from './sim'

/**
 * Received ops (DESIGN §4): applied only if their author held the permission. Checked against
 * the people a PC knows, the way storeAuthorize sees them.
 */

let stamp = 0
function op(by: string, o: Omit<Op, 'hlc' | 'dev' | 'by'>): Op {
  return { hlc: `001750000000000-${String(++stamp).padStart(5, '0')}-pcA`, dev: 'pcA', by, ...o }
}

function shop() {
  const docs = new Map<string, Doc>()
  const lookup = {
    get: (entity: string, id: string) => docs.get(`${entity}/${id}`),
    *all(entity: string) {
      for (const d of docs.values()) if (d.entity === entity) yield d
    },
  }
  const add = (ops: Op[]) => applyOps(docs, ops)
  const person = (id: string, roles: string[]) =>
    add([
      op(id, { entity: 'person', id, kind: 'set', field: 'name', value: id }),
      op(id, { entity: 'person', id, kind: 'set', field: 'roles', value: roles }),
    ])
  person('boss', ['admin'])
  person('lead', ['supervisor'])
  person('amy', ['agent'])
  person('tom', ['trainer'])
  return { docs, add, ok: storeAuthorize(lookup) }
}

describe('who may have made a received op', () => {
  it('audit entries are accepted from any signed-in person: an agent’s reveal is audited as that agent', () => {
    const s = shop()
    const entry = (by: string) =>
      op(by, {
        entity: 'audit',
        id: '2026-05-01',
        kind: 'add',
        field: 'entries',
        value: { id: `e-${by}`, by, action: 'contact.reveal', target: 'ticket/JD-1' },
      })
    expect(s.ok(entry('amy'))).toBe(true)
    expect(s.ok(entry('lead'))).toBe(true)
    // Someone this PC has never heard of: kept aside until their person record arrives.
    expect(s.ok(entry('ghost'))).toBe(false)
    // An audit entry is only ever added, never rewritten.
    expect(
      s.ok(op('amy', { entity: 'audit', id: '2026-05-01', kind: 'set', field: 'x', value: 1 })),
    ).toBe(false)
  })

  it("'system' is accepted only for what the system writes itself", () => {
    const s = shop()
    const breach = op('system', {
      entity: 'ticket',
      id: 'JD-1',
      kind: 'add',
      field: 'history',
      value: { id: 'sla_breach:first_response', type: 'sla_breach', kind: 'first_response' },
    })
    expect(s.ok(breach)).toBe(true)
    expect(
      s.ok(
        op('system', {
          entity: 'audit',
          id: '2026-05-01',
          kind: 'add',
          field: 'entries',
          value: { id: 'x', action: 'person.signInFailed' },
        }),
      ),
    ).toBe(true)
    expect(
      s.ok(
        op('system', {
          entity: 'examAttempt',
          id: 'attempt.1',
          kind: 'set',
          field: 'status',
          value: 'submitted',
        }),
      ),
    ).toBe(true)
    // Anything else in the system's name is refused: a note, a status, a person, a setting, a script.
    const refused: Omit<Op, 'hlc' | 'dev' | 'by'>[] = [
      {
        entity: 'ticket',
        id: 'JD-1',
        kind: 'add',
        field: 'history',
        value: { id: 'n', type: 'note' },
      },
      { entity: 'ticket', id: 'JD-1', kind: 'set', field: 'status', value: '已完结' },
      { entity: 'person', id: 'evil', kind: 'set', field: 'roles', value: ['admin'] },
      { entity: 'setting', id: 'shop', kind: 'set', field: 'sla', value: {} },
      { entity: 'script', id: 'script.default.1', kind: 'set', field: 'body', value: '改过的' },
      { entity: 'examAttempt', id: 'attempt.1', kind: 'set', field: 'score', value: 100 },
    ]
    for (const o of refused) expect(s.ok(op('system', o)), JSON.stringify(o)).toBe(false)
  })

  it('shop and team scripts need scripts.editShop; a personal script is its owner’s', () => {
    const s = shop()
    const set = (by: string, id: string, field: string, value: unknown) =>
      op(by, { entity: 'script', id, kind: 'set', field, value })
    s.add([
      set('lead', 'shop1', 'title', '退款话术'),
      set('lead', 'shop1', 'scope', 'shop'),
      set('lead', 'team1', 'title', '售后组话术'),
      set('lead', 'team1', 'scope', 'team'),
      set('amy', 'mine', 'title', '我的话术'),
      set('amy', 'mine', 'scope', 'personal'),
      set('amy', 'mine', 'owner', 'amy'),
    ])
    expect(s.ok(set('amy', 'shop1', 'body', '改成我的'))).toBe(false)
    expect(s.ok(set('amy', 'team1', 'body', '改成我的'))).toBe(false)
    expect(s.ok(op('amy', { entity: 'script', id: 'shop1', kind: 'del' }))).toBe(false)
    expect(s.ok(set('lead', 'shop1', 'body', '主管改的'))).toBe(true)
    expect(s.ok(set('lead', 'team1', 'body', '主管改的'))).toBe(true)
    expect(s.ok(set('amy', 'mine', 'body', '自己改的'))).toBe(true)
    expect(s.ok(set('tom', 'mine', 'body', '别人改的'))).toBe(false)
    // Promoting one's own script to the whole shop is a supervisor's call.
    expect(s.ok(set('amy', 'mine', 'scope', 'shop'))).toBe(false)
    // A new personal script arrives field by field, title before scope.
    expect(s.ok(set('amy', 'new1', 'title', '新话术'))).toBe(true)
    s.add([set('amy', 'new1', 'title', '新话术')])
    expect(s.ok(set('amy', 'new1', 'scope', 'personal'))).toBe(true)
    expect(s.ok(set('amy', 'new1', 'owner', 'amy'))).toBe(true)
    expect(s.ok(set('amy', 'new2', 'scope', 'shop'))).toBe(false)
  })

  it('a proposal is anyone’s to make; deciding it needs scripts.approve', () => {
    const s = shop()
    const p = (by: string, field: string, value: unknown) =>
      op(by, { entity: 'scriptProposal', id: 'prop1', kind: 'set', field, value })
    expect(s.ok(p('amy', 'draft', { title: '建议' }))).toBe(true)
    expect(s.ok(p('amy', 'status', 'approved'))).toBe(false)
    expect(s.ok(p('amy', 'decidedBy', 'amy'))).toBe(false)
    expect(s.ok(p('lead', 'status', 'approved'))).toBe(true)
    expect(s.ok(p('tom', 'status', 'declined'))).toBe(false)
  })

  it('settings and people need their permissions; training content needs training.author', () => {
    const s = shop()
    const setting = (by: string) =>
      op(by, { entity: 'setting', id: 'shop', kind: 'set', field: 'businessHours', value: {} })
    expect(s.ok(setting('amy'))).toBe(false)
    expect(s.ok(setting('lead'))).toBe(true)
    const lesson = (by: string) =>
      op(by, { entity: 'lesson', id: 'l1', kind: 'set', field: 'body', value: '课' })
    expect(s.ok(lesson('amy'))).toBe(false)
    expect(s.ok(lesson('tom'))).toBe(true)
    expect(
      s.ok(
        op('amy', { entity: 'person', id: 'amy', kind: 'set', field: 'roles', value: ['admin'] }),
      ),
    ).toBe(false)
    expect(
      s.ok(op('amy', { entity: 'person', id: 'amy', kind: 'set', field: 'pin', value: 'h' })),
    ).toBe(true)
  })
})

// ------------------------------------------------------------------ PC-local entities

const root = tempRoot('auth')
const open: Replica[] = []
afterAll(async () => {
  for (const r of open) await r.close()
  fs.rmSync(root, { recursive: true, force: true })
})

describe('PC-local entities', () => {
  it('a draft is never pushed, and one sent by an older PC is not taken', async () => {
    const dir = path.join(root, 'space')
    fs.mkdirSync(dir, { recursive: true })
    const make = async (name: string, allowCreate = false) => {
      const r = await realReplica(path.join(root, name), name, Date.now)
      open.push(r)
      const e = new SyncEngine({
        target: new FolderTarget(dir),
        store: r.store,
        stateFile: path.join(root, name, 'sync-state.json'),
        deviceId: name,
        allowCreate,
      })
      return { r, e }
    }
    const a = await make('locA', true)
    const b = await make('locB')
    await a.r.commit('amy', [
      {
        entity: 'draft',
        id: 'amy\u001fnew',
        kind: 'set',
        field: 'value',
        value: { text: '未保存' },
      },
      { entity: 'ticket', id: 'JD-9', kind: 'set', field: 'status', value: '待处理' },
    ])
    expect((await a.e.round()).status).toBe('ok')
    expect((await b.e.round()).status).toBe('ok')
    const store = (x: Replica) => x.store as unknown as { get(e: string, i: string): unknown }
    expect(store(b.r).get('ticket', 'JD-9')).toBeDefined()
    expect(store(b.r).get('draft', 'amy\u001fnew')).toBeUndefined()
    const segDir = path.join(dir, 'devices', 'locA', 'seg')
    for (const f of fs.readdirSync(segDir)) {
      const { gunzipSync } = await import('node:zlib')
      expect(gunzipSync(fs.readFileSync(path.join(segDir, f))).toString()).not.toContain('未保存')
    }

    // An older PC that did push its drafts: B keeps its own drafts to itself and takes none.
    const { packOpsFile } = await import('../../electron/sync/codec')
    const { segmentDir, segmentName } = await import('../../shared/sync/names')
    const old: Op[] = [
      op('amy', { entity: 'draft', id: 'amy\u001fx', kind: 'set', field: 'value', value: {} }),
      op('amy', { entity: 'ticket', id: 'JD-10', kind: 'set', field: 'status', value: '待处理' }),
    ].map((o) => ({ ...o, dev: 'oldpc', hlc: o.hlc.replace('pcA', 'oldpc') }))
    const { bytes, nameHash } = packOpsFile({ kefu: 'seg', dev: 'oldpc', seq: 1 }, old, null)
    fs.mkdirSync(path.join(dir, segmentDir('oldpc')), { recursive: true })
    fs.writeFileSync(path.join(dir, segmentDir('oldpc'), segmentName(1, nameHash)), bytes)
    const r = await b.e.round()
    expect(r.status === 'ok' && r.aside.length).toBe(0)
    expect(store(b.r).get('ticket', 'JD-10')).toBeDefined()
    expect(store(b.r).get('draft', 'amy\u001fx')).toBeUndefined()
  })
})
