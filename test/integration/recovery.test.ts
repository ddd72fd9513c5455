import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Store } from '../../electron/store'
import { listBackupFiles } from '../../electron/store/backup'
import { MARKER_FILE, readMarker } from '../../electron/store/marker'
import { openStore, rmrf, tempDir, ticketChanges } from './store-helpers'

// Recovery that never starts over (issue 14 item 3): every damage case on a real data folder.
// A folder that had people is never answered as a new shop; damaged files are set aside, never
// deleted; what is missing is named with the time it starts; a backup can fill it in.

const dirs: string[] = []
const stores: Store[] = []
async function open(dir: string): Promise<Store> {
  const s = await openStore(dir, { segmentBytes: 2048 })
  stores.push(s)
  return s
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => {})
  for (const d of dirs.splice(0)) rmrf(d)
})

const person = (id: string, name: string, roles: string[]) => [
  ...ticketChanges(id, { name, roles, disabled: false }).map((c) => ({ ...c, entity: 'person' })),
]

/**
 * A shop after a few days: two people, orders, a backup, a checkpoint that trimmed the journal,
 * then more work in several small journal segments that only the journal holds.
 */
async function shop(opts: { backupAfter?: boolean } = {}): Promise<string> {
  const dir = await tempDir('kefu-recovery-')
  dirs.push(dir)
  const s = await openStore(dir, { segmentBytes: 2048 })
  await s.commit('p-admin', person('p-admin', '店长', ['admin']))
  await s.commit('p-admin', person('p-wang', '小王', ['agent']))
  for (let i = 0; i < 10; i++)
    await s.commit('p-wang', ticketChanges(`T${i}`, { title: `售后单 ${i}`, status: 'open' }))
  await s.backupNow()
  await s.checkpoint()
  // state.json as it was at the backup, kept to put back later (a view from before the damage)
  fs.copyFileSync(path.join(dir, 'state.json'), path.join(dir, 'state.at-backup'))
  // after the backup: 30 orders over several 2 KB segments
  for (let i = 10; i < 40; i++)
    await s.commit('p-wang', ticketChanges(`T${i}`, { title: `备份之后的单 ${i}`, status: 'open' }))
  if (opts.backupAfter) await s.backupNow()
  await s.close()
  return dir
}

function segments(dir: string): string[] {
  return fs
    .readdirSync(path.join(dir, 'journal'))
    .filter((f) => /^\d{12}\.jsonl$/.test(f) && fs.statSync(path.join(dir, 'journal', f)).size > 0)
    .sort()
}

function quarantined(dir: string): string[] {
  const q = path.join(dir, 'quarantine')
  return fs.existsSync(q) ? fs.readdirSync(q).sort() : []
}

/** A segment in the middle of what the view does not cover. */
function middleSegment(dir: string): string {
  const segs = segments(dir)
  expect(segs.length).toBeGreaterThanOrEqual(3)
  return path.join(dir, 'journal', segs[Math.floor(segs.length / 2)]!)
}

/** state.json back as it was at the backup: the journal after it is what the view lacks. */
function viewBackToBackup(dir: string): void {
  fs.copyFileSync(path.join(dir, 'state.at-backup'), path.join(dir, 'state.json'))
}

function expectRecovery(s: Store): NonNullable<Store['recovery']> {
  const r = s.recovery
  expect(r, JSON.stringify(s.notices)).not.toBeNull()
  expect(s.notices.map((n) => n.code)).toContain('recovery_needed')
  return r!
}

describe('recovery that never starts over', () => {
  it('a new folder has no marker; the first person writes one that counts the people', async () => {
    const dir = await tempDir('kefu-recovery-')
    dirs.push(dir)
    const s = await open(dir)
    expect(readMarker(dir)).toBeNull()
    await s.commit('p1', person('p1', '店长', ['admin']))
    expect(readMarker(dir)).toMatchObject({ kind: 'kefu-data-folder', people: 1 })
    await s.commit('p1', person('p2', '小王', ['agent']))
    expect(readMarker(dir)?.people).toBe(2)
    expect(s.recovery).toBeNull()
  })

  it('view cut in half: rebuilt from backup + journal, everything there, no recovery needed', async () => {
    const dir = await shop()
    const file = path.join(dir, 'state.json')
    const text = fs.readFileSync(file)
    fs.writeFileSync(file, text.subarray(0, Math.floor(text.length / 2)))
    const s = await open(dir)
    expect(s.recovery).toBeNull()
    expect(s.notices.map((n) => n.code)).toEqual(['view_quarantined'])
    expect(quarantined(dir)).toEqual([expect.stringMatching(/^state\.json\./)])
    expect(s.query('ticket').total).toBe(40)
    expect(s.get('person', 'p-admin')?.fields.name).toBe('店长')
  })

  it('view NUL-filled: set aside and rebuilt, never an empty shop', async () => {
    const dir = await shop()
    const file = path.join(dir, 'state.json')
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size))
    const s = await open(dir)
    expect(s.recovery).toBeNull()
    expect(s.query('ticket').total).toBe(40)
    expect(s.query('person').total).toBe(2)
    const kept = path.join(dir, 'quarantine', quarantined(dir)[0]!)
    expect(fs.readFileSync(kept).every((b) => b === 0)).toBe(true)
  })

  it('journal segment cut in half: the copy is set aside, the missing range named with its time, recovery offered', async () => {
    const dir = await shop()
    viewBackToBackup(dir)
    const seg = middleSegment(dir)
    const bytes = fs.readFileSync(seg)
    // cut in the middle of a line, as a lost write or a bad copy leaves it
    let cut = Math.floor(bytes.length / 2)
    while (bytes[cut - 1] === 10 || bytes[cut] === 10) cut++
    fs.writeFileSync(seg, bytes.subarray(0, cut))
    const s = await open(dir)
    const r = expectRecovery(s)
    expect(r.missing.length).toBeGreaterThan(0)
    expect(r.since).not.toBeNull()
    expect(r.message).toMatch(
      /操作日志缺少第 \d+–\d+ 条操作（\d{4}-\d{2}-\d{2} \d{2}:\d{2} 之后的改动）/,
    )
    expect(r.message).toContain('quarantine/')
    expect(r.message).toContain('从最新的备份恢复')
    // the cut file as it was is in quarantine; nothing was deleted
    expect(quarantined(dir)).toEqual([expect.stringMatching(/^journal_\d{12}\.jsonl\./)])
    const kept = fs.readFileSync(path.join(dir, 'quarantine', quarantined(dir)[0]!))
    expect(kept.equals(bytes.subarray(0, cut))).toBe(true)
    // people are there: the folder is not new
    expect(s.query('person').total).toBe(2)
  })

  it('journal segment NUL-filled: moved to quarantine (not deleted), the range named, recovery offered', async () => {
    const dir = await shop()
    viewBackToBackup(dir)
    const seg = middleSegment(dir)
    const size = fs.statSync(seg).size
    fs.writeFileSync(seg, Buffer.alloc(size))
    const s = await open(dir)
    const r = expectRecovery(s)
    expect(r.missing.length).toBe(1)
    expect(fs.existsSync(seg)).toBe(false)
    const moved = quarantined(dir)
    expect(moved).toEqual([`journal_${path.basename(seg)}.${moved[0]!.split('.').pop()}`])
    expect(fs.statSync(path.join(dir, 'quarantine', moved[0]!)).size).toBe(size)
    expect(s.notices.find((n) => n.code === 'journal_quarantined')?.message).toContain('没有删除')
  })

  it('a missing segment in the middle: the gap between its neighbours is named', async () => {
    const dir = await shop()
    viewBackToBackup(dir)
    const seg = middleSegment(dir)
    const first = Number(path.basename(seg).slice(0, 12))
    fs.rmSync(seg)
    const s = await open(dir)
    const r = expectRecovery(s)
    expect(r.missing[0]!.from).toBe(first)
    expect(r.message).toContain(`第 ${first}–`)
  })

  it('the recovery survives a restart, and a backup that holds the range makes the folder whole', async () => {
    const dir = await shop({ backupAfter: true })
    // The newest backup covered the journal, so its segments are gone; then state.json is
    // replaced by an older copy: the ops between the two are in no file but that backup.
    viewBackToBackup(dir)
    let s = await open(dir)
    expectRecovery(s)
    await s.close()
    stores.length = 0
    s = await open(dir)
    const again = expectRecovery(s)
    expect(readMarker(dir)?.recovery?.missing).toEqual(again.missing)
    expect(again.since).not.toBeNull()
    expect(await s.recoverFromBackup()).toBeNull()
    expect(s.notices.map((n) => n.code)).toContain('recovered')
    expect(s.query('ticket').total).toBe(40)
    expect(readMarker(dir)?.recovery).toBeUndefined()
    await s.close()
    stores.length = 0
    const whole = await open(dir)
    expect(whole.recovery).toBeNull()
    expect(whole.query('ticket').total).toBe(40)
  })

  it('both view and journal damaged: people gone is recovery, never first start; the backup brings them back', async () => {
    const dir = await shop()
    // state.json gone and every journal segment NUL-filled: nothing on this PC holds the people
    fs.rmSync(path.join(dir, 'state.json'))
    for (const f of segments(dir)) {
      const file = path.join(dir, 'journal', f)
      fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size))
    }
    fs.renameSync(path.join(dir, 'backups'), path.join(dir, 'backups-offline'))
    let s = await open(dir)
    const r = expectRecovery(s)
    expect(r.peopleExpected).toBe(2)
    expect(r.peopleFound).toBe(0)
    expect(r.message).toContain('原有 2 位人员')
    expect(r.message).toContain('不是新店')
    expect(quarantined(dir).length).toBeGreaterThan(0)
    await s.close()
    stores.length = 0
    // the backup folder is back (a USB stick plugged in again): restore from it
    fs.renameSync(path.join(dir, 'backups-offline'), path.join(dir, 'backups'))
    s = await open(dir)
    expectRecovery(s)
    const left = await s.recoverFromBackup()
    // the people and orders of the backup are back; the ops after it are named as still missing
    expect(s.query('person').total).toBe(2)
    expect(s.query('ticket').total).toBeGreaterThanOrEqual(10)
    expect(left === null || left.peopleFound === 2).toBe(true)
  })

  it('a damaged backup is set aside and the next older one is used; what only it held is named as missing', async () => {
    const dir = await shop({ backupAfter: true })
    const backups = listBackupFiles(path.join(dir, 'backups'))
    expect(backups.length).toBe(2)
    const newest = path.join(dir, 'backups', backups[1]!)
    const bytes = fs.readFileSync(newest)
    fs.writeFileSync(newest, bytes.subarray(0, Math.floor(bytes.length / 3)))
    // a damaged view: rebuilt from the newest backup that reads, plus the journal
    fs.writeFileSync(path.join(dir, 'state.json'), '{"schemaVersion": 1, "kind": "kefu-st')
    const s = await open(dir)
    expect(s.notices.find((n) => n.code === 'backup_damaged')?.message).toContain(backups[1]!)
    expect(quarantined(dir)).toContainEqual(expect.stringMatching(/^backups_kefu-/))
    expect(fs.existsSync(newest)).toBe(false)
    // the older backup brings back what it holds; what only the damaged one held is named
    expect(s.query('person').total).toBe(2)
    expect(s.query('ticket').total).toBeGreaterThanOrEqual(10)
    if (s.query('ticket').total < 40) expect(s.recovery?.missing.length).toBeGreaterThan(0)
  })

  it('the marker sits outside state.json and the journal', async () => {
    const dir = await shop()
    expect(fs.existsSync(path.join(dir, MARKER_FILE))).toBe(true)
    expect(readMarker(dir)).toMatchObject({ people: 2 })
  })
})
