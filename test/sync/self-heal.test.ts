import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Change } from '../../shared/data/ops'
import { SyncEngine, type EngineOptions, type RoundResult } from '../../electron/sync/engine'
import { FolderTarget } from '../../electron/sync/folder-target'
import { packOpsFile, unpackOpsFile } from '../../electron/sync/codec'
import { segmentName } from '../../shared/sync/names'
import { realReplica, type Replica } from './replicas'
import { tempRoot } from './sim'

/**
 * Issue 13 items 1-3: writes go only into a verified space, a space that lost files heals
 * within a round, and "up to date" means everything every device folder announces is here.
 */

const root = tempRoot('heal')
const open: Replica[] = []
afterAll(async () => {
  for (const r of open) await r.close()
  fs.rmSync(root, { recursive: true, force: true })
})

let n = 0
function space(): string {
  const dir = path.join(root, `space${++n}`)
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

async function pc(name: string, dir: string, extra: Partial<EngineOptions> = {}) {
  const home = path.join(root, `${name}-${++n}`)
  const replica = await realReplica(home, name, Date.now)
  open.push(replica)
  const engine = new SyncEngine({
    store: replica.store,
    stateFile: path.join(home, 'sync-state.json'),
    deviceId: name,
    deviceName: `前台${name}`,
    target: new FolderTarget(dir),
    ...extra,
  })
  return { replica, engine, home }
}

const note = (id: string, text = '备注'): Change => ({
  entity: 'ticket',
  id: 'JD-2001',
  kind: 'add',
  field: 'history',
  value: { id, text },
})

function segFiles(dir: string, dev: string): string[] {
  const d = path.join(dir, 'devices', dev, 'seg')
  if (!fs.existsSync(d)) return []
  return fs
    .readdirSync(d)
    .filter((f) => /^\d{10}-[0-9a-f]{16}\.jsonl\.gz$/.test(f))
    .sort()
}

function ok(r: RoundResult): Extract<RoundResult, { status: 'ok' }> {
  expect(r.status).toBe('ok')
  return r as Extract<RoundResult, { status: 'ok' }>
}

function walk(dir: string): string[] {
  const out: string[] = []
  const go = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) go(p)
      else out.push(path.relative(dir, p))
    }
  }
  go(dir)
  return out
}

describe('write only into a verified space', () => {
  it('a share replaced by an empty folder gets no files; the original back, the round writes there', async () => {
    const dir = space()
    const a = await pc('vA', dir, { allowCreate: true })
    const b = await pc('vB', dir)
    await a.replica.commit('p1', [note('n1', '第一条')])
    ok(await a.engine.round())
    ok(await b.engine.round())

    // The NAS mount drops: the real share moves away, an empty mount point stands in.
    const away = `${dir}.away`
    fs.renameSync(dir, away)
    fs.mkdirSync(dir)
    await a.replica.commit('p1', [note('n2', '第二条')])
    const r = await a.engine.round()
    expect(r.status).toBe('offline')
    expect(walk(dir)).toEqual([])

    // The stand-in goes, the share comes back: the op reaches B in the next rounds.
    fs.rmSync(dir, { recursive: true })
    fs.renameSync(away, dir)
    ok(await a.engine.round())
    const rb = ok(await b.engine.round())
    expect(rb.complete).toBe(true)
    expect(b.replica.hash()).toBe(a.replica.hash())
  })

  it('the target itself refuses to make folders where format.json is not', async () => {
    const dir = space()
    const t = new FolderTarget(dir)
    await expect(
      t.writeOnce('devices/x/seg/0000000001-0000000000000000.jsonl.gz', new Uint8Array([1])),
    ).rejects.toMatchObject({
      kind: 'unreachable',
    })
    expect(walk(dir)).toEqual([])
  })
})

describe('self-healing', () => {
  it('a lost tail is seen by the reader (never up to date) and written again by its owner', async () => {
    const dir = space()
    const a = await pc('tA', dir, { allowCreate: true })
    const b = await pc('tB', dir)
    for (let i = 1; i <= 3; i++) {
      await a.replica.commit('p1', [note(`t${i}`, `第${i}条`)])
      ok(await a.engine.round())
    }
    const segs = segFiles(dir, 'tA')
    expect(segs).toHaveLength(3)
    // The cloud drive loses the newest two segments.
    for (const s of segs.slice(1)) fs.rmSync(path.join(dir, 'devices', 'tA', 'seg', s))
    const r1 = ok(await b.engine.round())
    expect(r1.complete).toBe(false)
    expect(r1.missing).toEqual([expect.objectContaining({ dev: 'tA', name: '前台tA', seq: 2 })])
    // The owner writes them again: same seq, same ops.
    ok(await a.engine.round())
    expect(segFiles(dir, 'tA').map((s) => s.slice(0, 10))).toEqual([
      '0000000001',
      '0000000002',
      '0000000003',
    ])
    const r2 = ok(await b.engine.round())
    expect(r2.complete).toBe(true)
    expect(b.replica.hash()).toBe(a.replica.hash())
  })

  it('a lost ack is replaced; until then its PC is unknown, never up to date', async () => {
    const dir = space()
    const a = await pc('kA', dir, { allowCreate: true })
    const b = await pc('kB', dir)
    await a.replica.commit('p1', [note('k1')])
    ok(await a.engine.round())
    fs.rmSync(path.join(dir, 'devices', 'kA', 'acks'), { recursive: true })
    const r1 = ok(await b.engine.round())
    expect(r1.complete).toBe(false)
    expect(r1.unknown).toEqual([{ dev: 'kA', name: null }])
    ok(await a.engine.round())
    expect(fs.readdirSync(path.join(dir, 'devices', 'kA', 'acks'))).toHaveLength(1)
    expect(ok(await b.engine.round()).complete).toBe(true)
  })

  it('a hidden segment is written again; two valid files for one seq count as one', async () => {
    const dir = space()
    const a = await pc('eA', dir, {
      allowCreate: true,
      passphrase: '店铺口令123',
      encryptNew: true,
    })
    const b = await pc('eB', dir, { passphrase: '店铺口令123' })
    await a.replica.commit('p1', [note('e1', '加密的备注')])
    ok(await a.engine.round())
    const segDir = path.join(dir, 'devices', 'eA', 'seg')
    const [orig] = segFiles(dir, 'eA') as [string]
    const hidden = path.join(root, `hidden-${n}`)
    // Hidden by the drive for a while: the owner writes it again under its seq.
    fs.renameSync(path.join(segDir, orig), hidden)
    ok(await a.engine.round())
    expect(segFiles(dir, 'eA')).toHaveLength(1)
    // A second valid file for seq 1 (a retry under a new name after a damaged copy) beside it.
    const key = (a.engine as unknown as { key: Buffer }).key
    const first = unpackOpsFile(fs.readFileSync(path.join(segDir, orig)), key)
    if (!first.ok) throw new Error(first.detail)
    const again = packOpsFile({ kefu: 'seg', dev: 'eA', seq: 1, attempt: 1 }, first.ops, key)
    fs.writeFileSync(path.join(segDir, segmentName(1, again.nameHash)), again.bytes)
    expect(segFiles(dir, 'eA')).toHaveLength(2)
    const r = ok(await b.engine.round())
    expect(r.complete).toBe(true)
    expect(r.applied).toBe(1)
    expect(b.replica.hash()).toBe(a.replica.hash())
    fs.rmSync(hidden)
  })

  it('the journal keeps own ops that no acknowledged snapshot holds', async () => {
    const dir = space()
    const a = await pc('jA', dir, { allowCreate: true })
    await a.replica.commit('p1', [note('j1')])
    ok(await a.engine.round())
    await a.replica.commit('p1', [note('j2')])
    ok(await a.engine.round())
    const store = a.replica.store as unknown as {
      retainCursors: Record<string, string>
    }
    // Both segments are still unprotected by a snapshot: the cursor stays before the first.
    expect(store.retainCursors.sync).toBe('')
  })
})

describe('a newer protocol in the space', () => {
  it('stops with 需要更新 before reading or writing anything', async () => {
    const dir = space()
    const a = await pc('nA', dir, { allowCreate: true })
    const b = await pc('nB', dir)
    await a.replica.commit('p1', [note('u1', '升级前')])
    ok(await a.engine.round())
    ok(await b.engine.round())
    // A PC on a newer version moves the space on and writes in the new form.
    const fmt = JSON.parse(fs.readFileSync(path.join(dir, 'format.json'), 'utf8'))
    fs.rmSync(path.join(dir, 'format.json'))
    fs.writeFileSync(path.join(dir, 'format.json'), JSON.stringify({ ...fmt, protocol: 2 }))
    await a.replica.commit('p1', [note('u2', '升级后')])
    const before = walk(dir).sort()
    const hash = b.replica.hash()
    for (const x of [a, b]) {
      const r = await x.engine.round()
      expect(r).toMatchObject({ status: 'stopped', code: 'update_needed' })
      if (r.status === 'stopped') expect(r.message).toMatch(/^需要更新/)
    }
    expect(walk(dir).sort()).toEqual(before)
    expect(b.replica.hash()).toBe(hash)
  })
})
