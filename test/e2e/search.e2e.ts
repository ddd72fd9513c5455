import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { closeBrowser, launchApp, type AppHandle } from './harness'
import { openSettingsTab, setupAdmin } from './people-helpers'

/**
 * The desk's search box as an agent uses it (issue 17): a customer on the phone reads out the
 * last four digits of the number, the agent types them and the order is there, without pressing
 * Enter; a supervisor teaches the search the shop's own word for a problem in Settings and the
 * next search finds orders written the other way.
 */

let app: AppHandle
let page: Page

beforeAll(async () => {
  app = await launchApp()
  page = app.page
  page.on('pageerror', (e) => console.error('page error:', e.message))
  await setupAdmin(page)
  await page.evaluate(async () => {
    const kefu = window.kefu!
    const rows = [
      ['pdd', '241125-583920174620193', '张伟', '13812345678', '保温杯用了没几天就掉漆了'],
      ['taobao', '3876543210987654321', '王秀英', '13967801234', '电动车轮胎漏气，骑不了'],
      ['jd', '298765432109', '李娜', '15023456789', '充电宝充了一晚上电量还是零'],
    ] as const
    for (const [i, [platform, orderNo, customerName, contact, description]] of rows.entries()) {
      await kefu.tickets.create({
        intake: {
          platform,
          shopId: '旗舰店',
          channel: 'chat',
          messageAt: new Date(Date.now() - (i + 1) * 5 * 60_000).toISOString(),
          orderNo,
          customerName,
          contact,
          description,
          category: 'quality',
          priority: 'normal',
        },
        acceptWarnings: true,
      })
    }
  })
  await page.getByTestId('nav-tickets').click()
  await page.getByTestId('ticket-desk').waitFor()
})

afterAll(async () => {
  await app?.close()
  await closeBrowser()
})

/** Types into the desk's search box key by key, as a person does, and never presses Enter. */
async function typeSearch(p: Page, text: string): Promise<void> {
  const box = p.getByTestId('search-input')
  await box.click()
  await box.fill('')
  await p.keyboard.type(text, { delay: 60 })
}

describe('desk search box', () => {
  it('finds an order by the last 4 digits of the phone, typed without Enter', async () => {
    await typeSearch(page, '5678')
    const hit = page.getByTestId('search-hit').first()
    await hit.waitFor()
    expect(await page.getByTestId('search-hit').count()).toBe(1)
    expect(await hit.textContent()).toContain('241125-583920174620193')
    // Why it came up: the phone, masked, with the digits typed marked.
    const snippet = hit.locator('.search-snippet').filter({ hasText: '联系电话' })
    expect(await snippet.textContent()).toContain('138****5678')
    expect(await snippet.locator('mark').textContent()).toBe('5678')
    expect(await hit.textContent()).not.toContain('13812345678')
  })

  it('finds a number typed with spaces, and a problem by an everyday word sharing no character', async () => {
    await typeSearch(page, '3876 5432 1098 7654 321')
    await expect
      .poll(async () => (await page.getByTestId('search-hit').first().textContent()) ?? '')
      .toContain('3876543210987654321')
    await typeSearch(page, '涂层脱落')
    await expect
      .poll(async () => (await page.getByTestId('search-hit').first().textContent()) ?? '')
      .toContain('掉漆')
  })

  it("a supervisor adds the shop's own synonym in Settings; the next search uses it", async () => {
    await typeSearch(page, '爆胎')
    await page.getByTestId('search-summary').filter({ hasText: '爆胎' }).waitFor()
    expect(await page.getByTestId('search-hit').count()).toBe(0)

    await openSettingsTab(page, '搜索同义词')
    await page.getByTestId('synonyms-text').fill('爆胎\n')
    await page.getByTestId('synonyms-save').click()
    // One word alone is not a group: the line is named and nothing is saved.
    await page.getByTestId('synonyms-bad').filter({ hasText: '第 1 行' }).waitFor()
    await page.getByTestId('synonyms-text').fill('爆胎 轮胎漏气 车胎没气')
    await page.getByTestId('synonyms-save').click()
    await page.locator('.ant-message-notice').filter({ hasText: '共 1 组' }).waitFor()

    await page.getByTestId('nav-tickets').click()
    await page.getByTestId('ticket-desk').waitFor()
    await typeSearch(page, '爆胎')
    await expect
      .poll(async () => (await page.getByTestId('search-hit').first().textContent()) ?? '')
      .toContain('3876543210987654321')
    const mark = page.getByTestId('search-hit').first().locator('mark').first()
    expect(await mark.textContent()).toBe('轮胎漏气')
  })
})
