import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { Change, Op } from '../../shared/data/ops'
import { SyncEngine, type EngineOptions } from '../../electron/sync/engine'
import { FolderTarget } from '../../electron/sync/folder-target'
import { realReplica, type Replica } from './replicas'
import { tempRoot } from './sim'

/** Issue 8 (b): what shared folders do to files, and that nothing is lost or deleted through it. */

const root = tempRoot('faults')
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

class FlakyRename extends FolderTarget {
  failures: string[] = []
  protected override rename(from: string, to: string): Promise<void> {
    const code = this.failures.shift()
    if (code) return Promise.reject(Object.assign(new Error(`${code}: simulated`), { code }))
    return super.rename(from, to)
  }
}

async function pc(
  name: string,
  dir: string,
  extra: Partial<EngineOptions> & { now?: () => number } = {},
) {
  const home = path.join(root, `${name}-${++n}`)
  const replica = await realReplica(home, name, extra.now ?? Date.now)
  open.push(replica)
  const target = extra.target ?? new FolderTarget(dir)
  const engine = new SyncEngine({
    store: replica.store,
    stateFile: path.join(home, 'sync-state.json'),
    deviceId: name,
    ...extra,
    target,
  })
  return { replica, engine, home, target }
}

const note = (id: string, text = '备注'): Change => ({
  entity: 'ticket',
  id: 'JD-1001',
  kind: 'add',
  field: 'history',
  value: { id, text },
})

function listAll(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.push(path.relative(dir, p))
    }
  }
  walk(dir)
  return out.sort()
}

function segFiles(dir: string, dev: string): string[] {
  return fs
    .readdirSync(path.join(dir, 'devices', dev, 'seg'))
    .filter((f) => /^\d{10}-[0-9a-f]{16}\.jsonl\.gz$/.test(f))
    .sort()
}

function notes(r: Replica): string[] {
  const doc = (
    r.store as unknown as {
      get(e: string, id: string): { sets: Record<string, Record<string, unknown>> } | undefined
    }
  ).get('ticket', 'JD-1001')
  return Object.keys(doc?.sets.history ?? {}).sort()
}

describe('folder faults', () => {
  it('a segment cut at any byte is not read, not deleted, and is taken once it is complete', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0, max: 0.999, noNaN: true }), async (cut) => {
        const dir = space()
        const a = await pc('cutA', dir, { allowCreate: true })
        const b = await pc('cutB', dir)
        await a.replica.commit('p1', [note('x1', '顾客要求退款'), note('x2', '已同意')])
        expect((await a.engine.round()).status).toBe('ok')
        const file = path.join(dir, 'devices', 'cutA', 'seg', segFiles(dir, 'cutA')[0] as string)
        const whole = fs.readFileSync(file)
        fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length * cut)))
        const r1 = await b.engine.round()
        expect(r1.status).toBe('ok')
        if (r1.status === 'ok') expect(r1.waiting).toContain('cutA')
        expect(notes(b.replica)).toEqual([])
        expect(fs.existsSync(file)).toBe(true)
        fs.writeFileSync(file, whole)
        expect((await b.engine.round()).status).toBe('ok')
        expect(notes(b.replica)).toEqual(['x1', 'x2'])
      }),
      { numRuns: 15 },
    )
  })

  it('conflicted copies and other programs’ files are ignored and left where they are', async () => {
    const dir = space()
    const a = await pc('dupA', dir, { allowCreate: true })
    const b = await pc('dupB', dir)
    await a.replica.commit('p1', [note('d1')])
    await a.engine.round()
    const segDir = path.join(dir, 'devices', 'dupA', 'seg')
    const seg = segFiles(dir, 'dupA')[0] as string
    const strays = [
      seg.replace('.jsonl.gz', ' (conflicted copy 2024-05-01).jsonl.gz'),
      seg.replace('.jsonl.gz', '.sync-conflict-20240501-120000-ABCDEF.jsonl.gz'),
      `~$${seg}`,
      seg.replace('.jsonl.gz', ' (冲突副本).jsonl.gz'),
      'desktop.ini',
    ]
    // A conflicted copy with different content must not be taken either.
    for (const s of strays)
      fs.writeFileSync(
        path.join(segDir, s),
        s.startsWith('~') ? 'garbage' : fs.readFileSync(path.join(segDir, seg)),
      )
    fs.writeFileSync(path.join(dir, 'devices', 'README.txt'), '别动这个文件夹')
    const before = listAll(dir)
    const logs: string[] = []
    const b2 = new SyncEngine({
      target: new FolderTarget(dir),
      store: b.replica.store,
      stateFile: path.join(b.home, 'sync-state.json'),
      deviceId: 'dupB',
      log: (e) => logs.push(e.message),
    })
    expect((await b2.round()).status).toBe('ok')
    expect(notes(b.replica)).toEqual(['d1'])
    for (const f of before) expect(fs.existsSync(path.join(dir, f))).toBe(true)
    expect(logs.some((l) => l.includes('conflicted copy') && l.includes('不会删除'))).toBe(true)
  })

  it('a later segment that arrives first waits for the one before it', async () => {
    const dir = space()
    const a = await pc('gapA', dir, { allowCreate: true })
    const b = await pc('gapB', dir)
    await b.engine.round()
    await a.replica.commit('p1', [note('g1')])
    await a.engine.round()
    await a.replica.commit('p1', [note('g2')])
    await a.engine.round()
    const [first, second] = segFiles(dir, 'gapA') as [string, string]
    const segDir = path.join(dir, 'devices', 'gapA', 'seg')
    const hold = path.join(root, `held-${n}`)
    fs.renameSync(path.join(segDir, first), hold)
    expect((await b.engine.round()).status).toBe('ok')
    expect(notes(b.replica)).toEqual([])
    fs.renameSync(hold, path.join(segDir, first))
    expect((await b.engine.round()).status).toBe('ok')
    expect(notes(b.replica)).toEqual(['g1', 'g2'])
    expect(segFiles(dir, 'gapA')).toEqual([first, second])
  })

  it('a share that disappears or shows an empty folder is offline; both sides keep working and converge', async () => {
    const dir = space()
    const a = await pc('shA', dir, { allowCreate: true })
    const b = await pc('shB', dir)
    await a.replica.commit('p1', [note('s1')])
    await a.engine.round()
    await b.engine.round()
    const away = `${dir}-away`
    fs.renameSync(dir, away)
    await a.replica.commit('p1', [note('s2', 'A 断网时写的')])
    await b.replica.commit('p2', [note('s3', 'B 断网时写的')])
    const offA = await a.engine.round()
    expect(offA.status).toBe('offline')
    // The mount point is back but empty (the NAS is not mounted under it).
    fs.mkdirSync(dir)
    const offB = await b.engine.round()
    expect(offB.status).toBe('offline')
    if (offB.status === 'offline') expect(offB.message).toContain('空')
    expect(fs.readdirSync(dir)).toEqual([])
    expect(notes(b.replica)).toEqual(['s1', 's3'])
    fs.rmdirSync(dir)
    fs.renameSync(away, dir)
    for (const e of [a, b, a]) expect((await e.engine.round()).status).toBe('ok')
    expect(notes(a.replica)).toEqual(['s1', 's2', 's3'])
    expect(a.replica.hash()).toBe(b.replica.hash())
  })

  it('EPERM/EBUSY on rename (antivirus, a cloud client holding the file) is retried; nothing lost, no half files', async () => {
    const dir = space()
    const flaky = new FlakyRename(dir)
    const a = await pc('epA', dir, { allowCreate: true, target: flaky })
    const b = await pc('epB', dir)
    await a.engine.round()
    await a.replica.commit('p1', [note('e1')])
    flaky.failures = ['EPERM', 'EBUSY']
    const r1 = await a.engine.round()
    expect(r1.status).toBe('offline')
    const r2 = await a.engine.round()
    expect(r2.status).toBe('offline')
    expect(listAll(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect((await a.engine.round()).status).toBe('ok')
    expect((await b.engine.round()).status).toBe('ok')
    expect(notes(b.replica)).toEqual(['e1'])
  })

  it('stops and asks a person when format.json is gone while other files remain, or the space id changed, or it is newer', async () => {
    const dir = space()
    const a = await pc('fmA', dir, { allowCreate: true })
    await a.replica.commit('p1', [note('f1')])
    await a.engine.round()
    const fmt = fs.readFileSync(path.join(dir, 'format.json'), 'utf8')
    fs.renameSync(path.join(dir, 'format.json'), path.join(root, `fmt-${n}`))
    const r1 = await a.engine.round()
    expect(r1).toMatchObject({ status: 'stopped', code: 'format_missing' })
    fs.writeFileSync(
      path.join(dir, 'format.json'),
      fmt.replace(/"spaceId": "[^"]+"/, '"spaceId": "another-space-0001"'),
    )
    expect(await a.engine.round()).toMatchObject({ status: 'stopped', code: 'space_changed' })
    fs.writeFileSync(path.join(dir, 'format.json'), fmt.replace('"protocol": 1', '"protocol": 9'))
    const r3 = await a.engine.round()
    expect(r3).toMatchObject({ status: 'stopped', code: 'update_needed' })
    if (r3.status === 'stopped') expect(r3.message).toContain('升级')
    // Nothing was deleted while stopped.
    expect(segFiles(dir, 'fmA')).toHaveLength(1)
    fs.writeFileSync(path.join(dir, 'format.json'), fmt)
    expect((await a.engine.round()).status).toBe('ok')
  })

  it('a folder with other files is not taken over as a new space', async () => {
    const dir = space()
    fs.writeFileSync(path.join(dir, '报表.xlsx'), 'x')
    const a = await pc('nsA', dir, { allowCreate: true })
    expect(await a.engine.round()).toMatchObject({ status: 'stopped', code: 'not_a_space' })
    expect(fs.readdirSync(dir)).toEqual(['报表.xlsx'])
  })

  it('a cloned PC (same device id) is detected, takes a new id, and no op of either is lost', async () => {
    const dir = space()
    const a = await pc('clone1', dir, { allowCreate: true })
    await a.replica.commit('p1', [note('c1')])
    await a.engine.round()
    await a.replica.close()
    open.splice(open.indexOf(a.replica), 1)
    // The disk image is copied to a second PC: same data folder, same device id, same sync state.
    const copyHome = path.join(root, `clone-copy-${++n}`)
    fs.cpSync(a.home, copyHome, { recursive: true })
    fs.rmSync(path.join(copyHome, 'data', 'kefu.lock'), { force: true })
    const reopen = async (home: string) => {
      const r = await realReplica(home, 'clone1', Date.now)
      open.push(r)
      let renewed = ''
      const e = new SyncEngine({
        target: new FolderTarget(dir),
        store: r.store,
        stateFile: path.join(home, 'sync-state.json'),
        deviceId: 'clone1',
        renewDeviceId: () => (renewed = `fresh${home.length}${n++}`),
      })
      return { r, e, renewed: () => renewed }
    }
    const x = await reopen(a.home)
    const y = await reopen(copyHome)
    await x.r.commit('p1', [note('c2', '原电脑')])
    await y.r.commit('p2', [note('c3', '复制的电脑')])
    const rx = await x.e.round()
    const ry = await y.e.round()
    expect(rx.status).toBe('ok')
    expect(ry.status).toBe('ok')
    // The second one to write sees a segment under its id it never wrote.
    expect(ry.status === 'ok' && ry.cloneDetected).toBe(true)
    expect(y.e.deviceId).toBe(y.renewed())
    for (let i = 0; i < 2; i++) {
      await x.e.round()
      await y.e.round()
    }
    expect(notes(x.r)).toEqual(['c1', 'c2', 'c3'])
    expect(x.r.hash()).toBe(y.r.hash())
  })

  it('an encrypted space: files hold no plain text, a wrong passphrase is reported as such', async () => {
    const dir = space()
    const a = await pc('encA', dir, {
      allowCreate: true,
      encryptNew: true,
      passphrase: '开心小店2024',
    })
    await a.replica.commit('p1', [note('k1', '顾客手机 13800138000')])
    expect((await a.engine.round()).status).toBe('ok')
    for (const f of listAll(dir)) {
      if (f === 'format.json' || f.includes('acks')) continue
      const bytes = fs.readFileSync(path.join(dir, f))
      expect(bytes.includes(Buffer.from('13800138000'))).toBe(false)
      expect(bytes.subarray(0, 9).toString()).toBe('KEFUSEAL1')
    }
    const wrong = await pc('encB', dir, { passphrase: '开心小店2023' })
    expect(await wrong.engine.round()).toMatchObject({
      status: 'stopped',
      code: 'wrong_passphrase',
    })
    const none = await pc('encC', dir)
    expect(await none.engine.round()).toMatchObject({ status: 'stopped', code: 'needs_passphrase' })
    none.engine.setPassphrase('开心小店2024')
    expect((await none.engine.round()).status).toBe('ok')
    expect(notes(none.replica)).toEqual(['k1'])
  })

  it('ops stamped more than a day ahead are held back and reported, then applied when the time comes', async () => {
    const dir = space()
    let clockB = Date.now()
    const DAY = 86_400_000
    const a = await pc('futA', dir, { allowCreate: true, now: () => Date.now() + 2 * DAY })
    const b = await pc('futB', dir, { now: () => clockB })
    await a.replica.commit('p1', [note('f1', '日期设错的电脑写的')])
    await a.engine.round()
    const r = await b.engine.round()
    expect(r.status === 'ok' && r.future.length).toBe(1)
    expect(notes(b.replica)).toEqual([])
    clockB += 2 * DAY
    const r2 = await b.engine.round()
    expect(r2.status === 'ok' && r2.future.length).toBe(0)
    expect(notes(b.replica)).toEqual(['f1'])
  })

  it('ops whose author lacks the permission are kept aside, and applied once the role arrives', async () => {
    const dir = space()
    const admins = new Set<string>(['boss'])
    const authorize = (op: Op) => op.entity !== 'setting' || admins.has(op.by)
    const a = await pc('authA', dir, { allowCreate: true })
    const b = await pc('authB', dir, { authorize })
    await a.replica.commit('intern', [
      { entity: 'setting', id: 'sla', kind: 'set', field: 'hours', value: 1 },
      note('ok1'),
    ])
    await a.engine.round()
    const r = await b.engine.round()
    expect(r.status === 'ok' && r.aside.map((o) => o.by)).toEqual(['intern'])
    expect(notes(b.replica)).toEqual(['ok1'])
    expect(
      (b.replica.store as unknown as { get(e: string, i: string): unknown }).get('setting', 'sla'),
    ).toBeUndefined()
    admins.add('intern')
    const r2 = await b.engine.round()
    expect(r2.status === 'ok' && r2.aside.length).toBe(0)
    expect(
      (b.replica.store as unknown as { get(e: string, i: string): unknown }).get('setting', 'sla'),
    ).toBeDefined()
  })

  it('attachments travel as content-named blobs; a cut copy is not taken', async () => {
    const dir = space()
    const blobsA = path.join(root, `blobsA-${n}`)
    const blobsB = path.join(root, `blobsB-${n}`)
    fs.mkdirSync(blobsA, { recursive: true })
    const photo = Buffer.from('破损照片'.repeat(500))
    const { createHash } = await import('node:crypto')
    const hash = createHash('sha256').update(photo).digest('hex')
    fs.writeFileSync(path.join(blobsA, hash), photo)
    const a = await pc('blobA', dir, { allowCreate: true, blobDir: blobsA })
    const b = await pc('blobB', dir, { blobDir: blobsB })
    expect((await a.engine.round()).status).toBe('ok')
    const inSpace = path.join(dir, 'blobs', hash)
    fs.writeFileSync(inSpace, photo.subarray(0, 100))
    expect((await b.engine.round()).status).toBe('ok')
    expect(fs.existsSync(path.join(blobsB, hash))).toBe(false)
    fs.writeFileSync(inSpace, photo)
    expect((await b.engine.round()).status).toBe('ok')
    expect(fs.readFileSync(path.join(blobsB, hash)).equals(photo)).toBe(true)
  })
})
