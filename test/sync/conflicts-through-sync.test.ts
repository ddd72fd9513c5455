import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openShop, PINS, type Loose, type Shop } from '../integration/people.fixture'
import { tempRoot } from './sim'

/**
 * Issue 13 item 7: conflicts proven through sync (a real folder, whole PCs): the same scalar
 * field, notes on the same order, the same shop script from the same version.
 */

const root = tempRoot('conflicts')
const shops: Shop[] = []
afterAll(async () => {
  for (const s of shops) await s.close()
  fs.rmSync(root, { recursive: true, force: true })
})

const asDraft = (x: Loose) => {
  const { title, body, category, platforms, variants, tags, shortCode, scope, team } = x
  return { title, body, category, platforms, variants, tags, shortCode, scope, team }
}

describe('conflicts through sync', () => {
  it('one winner per field everywhere, both notes, the script conflict kept and settled', async () => {
    const share = path.join(root, 'share')
    fs.mkdirSync(share)
    const a = await openShop(path.join(root, 'pcA'))
    shops.push(a)
    await a.ok('s', 'settings.setLocal', { pcName: '前台1号机' })
    const { me } = await a.ok('admin', 'people.setupAdmin', { name: '店长', pin: PINS.admin })
    const sup = await a.ok('admin', 'people.create', {
      name: '陈主管',
      pin: PINS.supervisor,
      roles: ['supervisor'],
    })
    await a.ok('sup', 'people.signIn', { personId: sup.id, pin: PINS.supervisor })
    const shop = await a.ok('admin', 'shop.saveShop', { platform: 'jd', name: '京东旗舰店' })
    const created = await a.ok('sup', 'tickets.create', {
      intake: {
        platform: 'jd',
        shopId: shop.id,
        channel: 'chat',
        messageAt: new Date().toISOString(),
        orderNo: '312345678999',
        buyerId: 'jd_wangwu',
        description: '空调外机有凹痕，要求换新',
        category: 'quality',
        priority: 'normal',
      },
      acceptWarnings: true,
    })
    const id = created.ticket.view.id as string
    await a.ok('admin', 'sync.configure', { target: { type: 'folder', path: share } })

    const b = await openShop(path.join(root, 'pcB'))
    shops.push(b)
    await b.ok('s', 'settings.setLocal', { pcName: '售后2号机' })
    await b.ok('s', 'sync.join', { target: { type: 'folder', path: share } })
    await b.ok('sup', 'people.signIn', { personId: sup.id, pin: PINS.supervisor })
    await b.ok('admin', 'people.signIn', { personId: me.id, pin: PINS.admin })

    // Offline on both (no sync between): same field, notes on the same order, the same script.
    const scriptA = (await a.ok('sup', 'scripts.get', { id: 'script.refund.all.01' })).script
    const scriptB = (await b.ok('sup', 'scripts.get', { id: 'script.refund.all.01' })).script
    expect(scriptB.base).toBe(scriptA.base)
    await a.ok('sup', 'tickets.setFollowUp', { id, at: '2026-12-08T02:00:00.000Z' })
    await b.ok('sup', 'tickets.setFollowUp', { id, at: '2026-12-09T06:30:00.000Z' })
    await a.ok('sup', 'tickets.addNote', { id, text: '前台：顾客同意先拍照' })
    await b.ok('sup', 'tickets.addNote', { id, text: '售后：仓库已备好新机' })
    await a.ok('sup', 'scripts.update', {
      id: scriptA.id,
      base: scriptA.base,
      draft: { ...asDraft(scriptA), body: '退款已提交，1-3 个工作日原路退回。' },
    })
    await b.ok('sup', 'scripts.update', {
      id: scriptB.id,
      base: scriptB.base,
      draft: { ...asDraft(scriptB), body: '退款已提交，预计 24 小时内到账。' },
    })

    for (const pc of [a, b, a, b]) await pc.ok('sup', 'sync.syncNow')
    for (const pc of [a, b]) expect((await pc.ok('sup', 'sync.syncNow')).state).toBe('upToDate')

    const onA = await a.ok('sup', 'tickets.get', { id })
    const onB = await b.ok('sup', 'tickets.get', { id })
    // One winner for the field, the same on both PCs.
    expect(onA.ticket.nextFollowUpAt).toBe(onB.ticket.nextFollowUpAt)
    expect(['2026-12-08T02:00:00.000Z', '2026-12-09T06:30:00.000Z']).toContain(
      onA.ticket.nextFollowUpAt,
    )
    // Both notes on both PCs.
    for (const d of [onA, onB]) {
      const notes = d.history.filter((h: Loose) => h.type === 'note').map((h: Loose) => h.text)
      expect(notes).toEqual(
        expect.arrayContaining(['前台：顾客同意先拍照', '售后：仓库已备好新机']),
      )
    }
    // The script conflict listed on both, with both versions.
    for (const pc of [a, b]) {
      const conflicts = await pc.ok('sup', 'scripts.conflicts')
      expect(conflicts).toHaveLength(1)
      expect(conflicts[0].versions.map((v: Loose) => v.value).sort()).toEqual([
        '退款已提交，1-3 个工作日原路退回。',
        '退款已提交，预计 24 小时内到账。',
      ])
    }
    const [conflict] = await b.ok('sup', 'scripts.conflicts')
    const winner = conflict.versions.find((v: Loose) => v.value.includes('24 小时'))
    await b.ok('sup', 'scripts.settle', {
      id: scriptB.id,
      field: 'body',
      winner: winner.hlc,
      value: '退款已提交，预计 24 小时内到账，请留意支付账户。',
    })
    await b.ok('sup', 'sync.syncNow')
    await a.ok('sup', 'sync.syncNow')
    for (const pc of [a, b]) {
      expect(await pc.ok('sup', 'scripts.conflicts')).toEqual([])
      const s = (await pc.ok('sup', 'scripts.get', { id: scriptA.id })).script
      expect(s.body).toBe('退款已提交，预计 24 小时内到账，请留意支付账户。')
    }
    const fa = await a.ok('sup', 'sync.fingerprint')
    const fb = await b.ok('sup', 'sync.fingerprint')
    expect(fa.fingerprint).toBe(fb.fingerprint)
  })
})
