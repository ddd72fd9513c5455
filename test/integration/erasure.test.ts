import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SearchIndex } from '../../shared/search'
import { ticketIndexOf } from '../../electron/services/tickets'
import { erasuresIdle } from '../../electron/services/privacy-erasure'
import { openShop, PINS, seedTicket, staffedShop, type Shop } from './people.fixture'

/**
 * Erasure that erases (issue 14 item 1): after privacy.eraseCustomer returns, nothing in the
 * data folder (view, archive months, journal, backups gunzipped, set-aside copies, the search
 * index) holds the customer's phone in any form, name, address or the free text that held
 * them; the other PC holds none once it has the ops; late ops and a restored older backup are
 * erased against the ledger.
 */

const PHONE = '13812345678'
const NAME = '欧阳锋'
const ADDRESS = '浙江省杭州市西湖区文三路90号'
const NOTE = `顾客电话 138 1234 5678，另留 +86 138-1234-5678，寄到文三路 90 号，联系人${NAME}`
const DESCRIPTION = `${NAME}说快递没到，回电１３８１２３４５６７８`
const LATE_NOTE = '顾客又打来：13812345678，说姓欧阳'

const toAscii = (s: string): string =>
  s.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))

/** The phone's digits in order with anything but a digit (up to 3 characters) between them. */
const PHONE_ANY_FORM = new RegExp(PHONE.split('').join('\\D{0,3}'))

/** Every text the data folder holds: files as read, gzip files gunzipped. */
function folderTexts(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = []
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name)
      if (e.isDirectory()) walk(f)
      else if (e.isFile()) {
        let buf = fs.readFileSync(f)
        if (e.name.endsWith('.gz')) buf = zlib.gunzipSync(buf)
        out.push({ file: path.relative(dir, f), text: buf.toString('utf8') })
      }
    }
  }
  walk(dir)
  return out
}

/** Where the customer can still be read, as `file: what`. */
function findCustomer(dir: string, extra: string[] = []): string[] {
  const found: string[] = []
  for (const { file, text } of folderTexts(dir)) {
    const t = toAscii(text)
    // JSON escapes and spaces are not a hiding place: look at the text without them too.
    const flat = t.replace(/\\[nrt"]|\s/g, '')
    if (PHONE_ANY_FORM.test(t)) found.push(`${file}: phone`)
    if (t.includes(NAME)) found.push(`${file}: name`)
    if (flat.includes('文三路90号')) found.push(`${file}: address`)
    for (const x of extra) if (t.includes(x)) found.push(`${file}: ${x}`)
  }
  return found
}

/** The saved search index, read the way the app reads it (magic, meta, SearchIndex.fromBytes). */
function savedIndex(dir: string): SearchIndex {
  const buf = fs.readFileSync(path.join(dir, 'index', 'tickets.index'))
  expect(buf.readUInt32LE(0)).toBe(0x4954464b)
  const metaLen = buf.readUInt32LE(4)
  const start = (8 + metaLen + 7) & ~7
  return SearchIndex.fromBytes(
    new Uint8Array(buf.buffer, buf.byteOffset + start, buf.byteLength - start),
  )
}

const FORMS = [
  PHONE,
  '138 1234 5678',
  '138-1234-5678',
  '+8613812345678',
  '１３８１２３４５６７８',
  NAME,
  '文三路',
]

/** What every order carries besides the customer (the desk's views need them). */
const BASE = {
  platform: 'taobao',
  shopId: 'shop1',
  channel: 'chat',
  category: 'logistics',
  priority: 'normal',
  messageAt: '2024-06-01T09:00:00+08:00',
  createdAt: '2024-06-01T09:01:00+08:00',
}

async function searchIds(shop: Shop, q: string): Promise<string[]> {
  const r = await shop.ok('admin', 'tickets.search', { q, includeArchived: true })
  return r.hits.map((h: { ticket: { id: string } }) => h.ticket.id)
}

describe('erasure on disk', () => {
  let shop: Shop
  let pc2: Shop
  let oldBackup: string
  let oldBackupCopy: string

  beforeAll(async () => {
    shop = await staffedShop()
    await seedTicket(
      shop,
      'T-open',
      {
        ...BASE,
        orderNo: '240601-001',
        status: 'processing',
        assignee: shop.ids.agent,
        customerName: NAME,
        contact: '+86 138 1234 5678',
        address: ADDRESS,
        buyerId: 'ouyang_feng88',
        description: DESCRIPTION,
      },
      [
        {
          id: 'n1',
          type: 'note',
          at: '2024-06-01T10:00:00+08:00',
          by: shop.ids.agent,
          dev: 'd',
          text: NOTE,
        },
      ],
    )
    await seedTicket(shop, 'T-archived', {
      ...BASE,
      orderNo: '240101-007',
      status: 'archived',
      archivedAt: '2024-01-20T10:00:00+08:00',
      assignee: shop.ids.agent,
      customerName: NAME,
      contact: PHONE,
      address: ADDRESS,
      description: '换货完成',
    })
    await seedTicket(shop, 'T-someone-else', {
      ...BASE,
      orderNo: '240601-002',
      status: 'processing',
      assignee: shop.ids.agent,
      customerName: '李四',
      contact: '13900001111',
      address: '上海市浦东新区张江路1号',
      description: '尺码不对',
    })
    // Everything on disk before the erasure: sealed journal segments, view files, a backup,
    // a saved search index, a set-aside copy.
    await shop.core.store.checkpoint()
    oldBackup = (await shop.ok('admin', 'backup.create')).name
    oldBackupCopy = path.join(os.tmpdir(), `kefu-erasure-${process.pid}-${oldBackup}`)
    fs.copyFileSync(path.join(shop.dir, 'backups', oldBackup), oldBackupCopy)
    fs.mkdirSync(path.join(shop.dir, 'quarantine'), { recursive: true })
    fs.copyFileSync(
      path.join(shop.dir, 'state.json'),
      path.join(shop.dir, 'quarantine', 'state.json.20240601-100000'),
    )
    await (await ticketIndexOf(shop.core.store))!.persist()
    expect(await searchIds(shop, PHONE)).toEqual(expect.arrayContaining(['T-open']))
    expect(await searchIds(shop, NAME)).toEqual(expect.arrayContaining(['T-open', 'T-archived']))
    expect(findCustomer(shop.dir).length).toBeGreaterThan(5)

    // A second PC that has every op so far (people, orders), as sync would bring them.
    pc2 = await openShop()
    await pc2.core.store.applyRemote(shop.core.store.opsAfter(null, 1_000_000))
    await pc2.core.store.checkpoint()
    await pc2.core.store.backupNow()
    await (await ticketIndexOf(pc2.core.store))!.persist()
    expect(findCustomer(pc2.dir).length).toBeGreaterThan(3)
  }, 120_000)

  afterAll(async () => {
    await shop?.close()
    await pc2?.close()
    for (const d of [shop?.dir, pc2?.dir]) if (d) fs.rmSync(d, { recursive: true, force: true })
    if (oldBackupCopy) fs.rmSync(oldBackupCopy, { force: true })
  })

  it('leaves no readable copy on this PC when eraseCustomer returns', async () => {
    // The second PC adds a note before it hears of the erasure: a late op for this PC.
    await pc2.core.store.commit(shop.ids.agent!, [
      {
        entity: 'ticket',
        id: 'T-open',
        kind: 'add',
        field: 'history',
        value: {
          id: 'late1',
          type: 'note',
          at: '2024-06-02T09:00:00+08:00',
          by: shop.ids.agent,
          dev: 'd2',
          text: LATE_NOTE,
        },
      },
    ])

    const r = await shop.ok('admin', 'privacy.eraseCustomer', { contact: '138 1234 5678' })
    expect(r.tickets).toBe(2)

    expect(findCustomer(shop.dir, [NOTE, DESCRIPTION, 'ouyang_feng88'])).toEqual([])
    const index = savedIndex(shop.dir)
    for (const q of FORMS) expect(index.search(q), q).toEqual([])
    for (const q of FORMS) expect(await searchIds(shop, q), q).toEqual([])
    // The other customer's order is untouched.
    expect(await searchIds(shop, '李四')).toEqual(['T-someone-else'])
    // And so it stays across a restart.
    const dir = shop.dir
    await shop.close()
    const ids = shop.ids
    shop = await openShop(dir)
    shop.ids = ids
    await shop.ok('admin', 'people.signIn', {
      personId: shop.ids.admin ?? ids.admin,
      pin: PINS.admin,
    })
    expect(findCustomer(shop.dir, [NOTE, DESCRIPTION])).toEqual([])
  }, 120_000)

  it('the other PC holds no readable copy once it has the erasure, and says so', async () => {
    await pc2.core.store.applyRemote(shop.core.store.opsAfter(null, 1_000_000))
    await erasuresIdle(pc2.core.store)
    // Its own note made before it heard of the erasure goes whole: it may name the customer
    // in words no pattern knows (说姓欧阳).
    expect(findCustomer(pc2.dir, [NOTE, DESCRIPTION, '说姓欧阳'])).toEqual([])
    const index = savedIndex(pc2.dir)
    for (const q of FORMS) expect(index.search(q), q).toEqual([])

    // Its applied mark comes back to the first PC, which lists both PCs as done.
    await shop.core.store.applyRemote(pc2.core.store.opsAfter(null, 1_000_000))
    await erasuresIdle(shop.core.store)
    const { erasures } = await shop.ok('admin', 'privacy.erasures')
    expect(erasures).toHaveLength(1)
    expect(erasures[0].localDoneAt).toBeTruthy()
    expect(erasures[0].pcs.map((p: { dev: string }) => p.dev).sort()).toEqual(
      [shop.core.device.id, pc2.core.device.id].sort(),
    )
    expect(erasures[0].allApplied).toBe(true)
    expect(erasures[0].space).toBe('none')
  }, 120_000)

  it('erases a late op from the other PC as it arrives', async () => {
    // The late note reached this PC in the exchange above: journalled and shown erased.
    expect(findCustomer(shop.dir, [LATE_NOTE, '说姓欧阳'])).toEqual([])
    const detail = await shop.ok('admin', 'tickets.get', { id: 'T-open' })
    const late = detail.history.find((h: { id: string }) => h.id === 'late1')
    expect(late).toMatchObject({ type: 'note', text: '〔已删除〕' })
  }, 60_000)

  it('erases a restored older backup against the ledger', async () => {
    fs.copyFileSync(oldBackupCopy, path.join(shop.dir, 'backups', oldBackup))
    expect(findCustomer(path.join(shop.dir, 'backups')).length).toBeGreaterThan(0)
    await shop.ok('admin', 'backup.restore', { name: oldBackup })
    await erasuresIdle(shop.core.store)
    expect(findCustomer(shop.dir, [NOTE, DESCRIPTION])).toEqual([])
    for (const q of FORMS) expect(await searchIds(shop, q), q).toEqual([])
  }, 120_000)
})
