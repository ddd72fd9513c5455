import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { closeBrowser, launchApp, type AppHandle } from './harness'
import { ADMIN_NAME, ADMIN_PIN, setupAdmin, signIn } from './people-helpers'

/**
 * Issue 8 (d): two PCs (two browser-build instances, separate data folders) and one shared
 * folder. An order made on A shows on B; both add notes while the folder is away; once it is
 * back both notes are on both, and the status bar went offline and back to up to date.
 */

let a: AppHandle
let b: AppHandle
const shareRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-e2e-share-'))
const share = path.join(shareRoot, '客服同步')
fs.mkdirSync(share)

/** Every sync state the status bar showed, recorded in the page as it changes. */
async function recordSyncStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __syncStates: string[] }
    w.__syncStates = []
    const el = () => document.querySelector('[data-testid="status-sync"]')
    let last = ''
    const tick = () => {
      const s = el()?.getAttribute('data-sync-state') ?? ''
      if (s !== last) w.__syncStates.push((last = s))
    }
    new MutationObserver(tick).observe(document.body, {
      subtree: true,
      attributes: true,
      childList: true,
    })
    tick()
  })
}
const states = (page: Page) =>
  page.evaluate(() => (window as unknown as { __syncStates: string[] }).__syncStates)
const syncState = (page: Page) => page.getByTestId('status-sync').getAttribute('data-sync-state')
const syncNow = (page: Page) => page.evaluate(() => window.kefu!.sync.syncNow({}))

async function noteTexts(page: Page, id: string): Promise<string[]> {
  return page.evaluate(async (ticketId) => {
    const t = (await window.kefu!.tickets.get({ id: ticketId })) as unknown as {
      history: { type: string; text?: string }[]
    }
    return t.history.filter((h) => h.type === 'note').map((h) => h.text ?? '')
  }, id)
}

beforeAll(async () => {
  a = await launchApp()
  b = await launchApp()
  for (const p of [a.page, b.page])
    p.on('pageerror', (e) => console.error('page error:', e.message))
})
afterAll(async () => {
  await a?.close()
  await b?.close()
  await closeBrowser()
  fs.rmSync(shareRoot, { recursive: true, force: true })
})

describe('sync between two PCs through a shared folder', () => {
  let ticketId = ''

  it('A sets up sync in Settings; B joins at first start and signs in with the same PIN', async () => {
    await setupAdmin(a.page)
    await a.page.getByTestId('nav-settings').click()
    await a.page.getByRole('tab', { name: '同步' }).click()
    await a.page.getByTestId('sync-path').fill(share)
    await a.page.getByTestId('sync-test').click()
    await expect
      .poll(() => a.page.getByTestId('sync-test-result').getAttribute('data-problem'))
      .toBe('ok')
    await a.page.getByTestId('sync-save').click()
    await expect.poll(() => syncState(a.page), { timeout: 20_000 }).toBe('upToDate')
    expect(fs.existsSync(path.join(share, 'format.json'))).toBe(true)

    // B: first start, join the existing space instead of creating a second admin.
    await b.page.getByTestId('first-start').waitFor()
    const join = b.page.getByTestId('join-space')
    // A folder with someone's spreadsheet in it is not a sync space: said plainly, no joining.
    const wrong = path.join(shareRoot, '别的文件夹')
    fs.mkdirSync(wrong)
    fs.writeFileSync(path.join(wrong, '排班表.xlsx'), 'x')
    await join.getByTestId('join-path').fill(wrong)
    await join.getByTestId('join-test').click()
    await expect
      .poll(() => join.getByTestId('join-test-result').getAttribute('data-problem'))
      .toBe('not_a_space')
    expect(await join.getByTestId('join-test-result').textContent()).toContain(
      '不是客服工作台的同步空间',
    )
    expect(await join.getByTestId('join-submit').isDisabled()).toBe(true)
    await join.getByTestId('join-path').fill(share)
    await join.getByTestId('join-test').click()
    await expect
      .poll(() => join.getByTestId('join-test-result').getAttribute('data-problem'))
      .toBe('ok')
    await join.getByTestId('join-submit').click()
    // People came from the space: straight to sign-in with the PIN the admin already has.
    await signIn(b.page, ADMIN_NAME, ADMIN_PIN)
    await expect.poll(() => syncState(b.page), { timeout: 20_000 }).toBe('upToDate')
    // No second admin and no second set of defaults: one person, the shipped scripts once.
    const [people, status] = await b.page.evaluate(async () => [
      (await window.kefu!.people.list({})).length,
      await window.kefu!.people.status({}),
    ])
    expect(people).toBe(1)
    expect(status).toMatchObject({ hasPeople: true, joinedSpace: true })
  })

  it('an order created on A appears on B', async () => {
    const created = await a.page.evaluate(async () => {
      const k = window.kefu!
      const shop = await k.shop.saveShop({ platform: 'pdd', name: '拼多多旗舰店' })
      const r = await k.tickets.create({
        intake: {
          platform: 'pdd',
          shopId: shop.id,
          channel: 'chat',
          messageAt: new Date().toISOString(),
          orderNo: '240501-123456789012345',
          buyerId: 'pdd_zhangsan',
          description: '快递三天没有更新物流信息了，想知道包裹现在到哪里了',
          category: 'logistics',
          priority: 'normal',
          trackingNo: 'YT1234567890123',
        },
        acceptWarnings: true,
      })
      return r
    })
    expect(created.status).toBe('created')
    ticketId = created.status === 'created' ? created.ticket.view.id : ''
    await syncNow(a.page)
    await syncNow(b.page)
    const onB = await b.page.evaluate((id) => window.kefu!.tickets.get({ id }), ticketId)
    expect(onB.view.id).toBe(ticketId)
  })

  it('notes added on both while the folder is away are on both once it is back; the status bar went offline and back', async () => {
    await recordSyncStates(a.page)
    await recordSyncStates(b.page)
    const away = `${share}-away`
    fs.renameSync(share, away)
    await a.page.evaluate(
      (id) => window.kefu!.tickets.addNote({ id, text: 'A：已催促快递网点' }),
      ticketId,
    )
    await b.page.evaluate(
      (id) => window.kefu!.tickets.addNote({ id, text: 'B：顾客来电再次询问' }),
      ticketId,
    )
    await syncNow(a.page)
    await syncNow(b.page)
    await expect.poll(() => syncState(a.page)).toBe('offline')
    await expect.poll(() => syncState(b.page)).toBe('offline')

    fs.renameSync(away, share)
    for (const p of [a.page, b.page, a.page]) await syncNow(p)
    await expect.poll(() => syncState(a.page)).toBe('upToDate')
    await expect.poll(() => syncState(b.page)).toBe('upToDate')
    for (const p of [a.page, b.page]) {
      const notes = await noteTexts(p, ticketId)
      expect(notes).toEqual(expect.arrayContaining(['A：已催促快递网点', 'B：顾客来电再次询问']))
      const seen = await states(p)
      expect(seen.indexOf('offline')).toBeGreaterThanOrEqual(0)
      expect(seen.lastIndexOf('upToDate')).toBeGreaterThan(seen.indexOf('offline'))
    }
  })
})
