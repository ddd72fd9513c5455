import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openShop, type Shop } from '../integration/people.fixture'
import { tempRoot } from './sim'

/**
 * Two whole PCs (every service, through dispatch) and one shared folder: order history made on
 * one PC shows on the other with the name of the PC it was made on (issue 8 item 5).
 */

const root = tempRoot('twopcs')
const shops: Shop[] = []
afterAll(async () => {
  for (const s of shops) await s.close()
  fs.rmSync(root, { recursive: true, force: true })
})

interface Item {
  type: string
  text?: string
  devName: string
  byName: string
}

describe('order history across PCs', () => {
  it('entries made on PC A show PC A’s name on PC B, and the other way round', async () => {
    const share = path.join(root, 'share')
    fs.mkdirSync(share)
    const a = await openShop(path.join(root, 'pcA'))
    shops.push(a)
    await a.ok('s', 'settings.setLocal', { pcName: '前台一号机' })
    const { me } = await a.ok('s', 'people.setupAdmin', { name: '店长', pin: '246810' })
    await a.ok('s', 'sync.configure', { target: { type: 'folder', path: share } })
    const shop = await a.ok('s', 'shop.saveShop', { platform: 'jd', name: '京东自营旗舰店' })
    const created = await a.ok('s', 'tickets.create', {
      intake: {
        platform: 'jd',
        shopId: shop.id,
        channel: 'chat',
        messageAt: new Date().toISOString(),
        orderNo: '312345678901',
        buyerId: 'jd_lisi',
        description: '收到的电饭煲内胆有划痕，要求换货',
        category: 'quality',
        priority: 'normal',
      },
      acceptWarnings: true,
    })
    expect(created.status).toBe('created')
    const id = created.ticket.view.id as string
    await a.ok('s', 'tickets.addNote', { id, text: '已请顾客拍照上传' })
    expect((await a.ok('s', 'sync.syncNow')).state).toBe('upToDate')

    const b = await openShop(path.join(root, 'pcB'))
    shops.push(b)
    await b.ok('s', 'settings.setLocal', { pcName: '售后二号机' })
    expect((await b.ok('s', 'sync.join', { target: { type: 'folder', path: share } })).people).toBe(
      1,
    )
    await b.ok('s', 'people.signIn', { personId: me.id, pin: '246810' })
    const onB = (await b.ok('s', 'tickets.get', { id })) as { history: Item[] }
    const noteOnB = onB.history.find((h) => h.type === 'note')
    expect(noteOnB).toMatchObject({
      text: '已请顾客拍照上传',
      devName: '前台一号机',
      byName: '店长',
    })

    await b.ok('s', 'tickets.addNote', { id, text: '仓库已安排换货' })
    await b.ok('s', 'sync.syncNow')
    await a.ok('s', 'sync.syncNow')
    const onA = (await a.ok('s', 'tickets.get', { id })) as { history: Item[] }
    const notes = onA.history.filter((h) => h.type === 'note').map((h) => [h.text, h.devName])
    expect(notes).toEqual(
      expect.arrayContaining([
        ['已请顾客拍照上传', '前台一号机'],
        ['仓库已安排换货', '售后二号机'],
      ]),
    )
  })
})
