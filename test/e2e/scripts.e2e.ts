import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { closeBrowser, launchApp, type AppHandle } from './harness'
import { addPerson, setupAdmin, switchPerson } from './people-helpers'

/**
 * The reply-script library as an agent meets it (issue 7, Done when): a script picked by part of
 * a Chinese phrase in an order's reply box, with the missing placeholder asked inline and the
 * filled reply in the order's history; the service refusing an agent who edits a shop-wide
 * script through the bridge; a spreadsheet with one bad row importing nothing.
 */

const AGENT = { name: '小李', pin: '135790' }
const TRACKING = 'YT1234567890123'

let app: AppHandle
let page: Page

beforeAll(async () => {
  app = await launchApp()
  page = app.page
  page.on('pageerror', (e) => console.error('page error:', e.message))
  await setupAdmin(page)
  await addPerson(page, { ...AGENT, roles: ['agent'], teams: ['售后组'] })
  await page.evaluate(() =>
    window.kefu!.shop.saveShop({ platform: 'pdd', name: '暖居家纺旗舰店', disabled: false }),
  )
  await switchPerson(page, AGENT.name, AGENT.pin)
})

afterAll(async () => {
  await app?.close()
  await closeBrowser()
})

describe('reply scripts', () => {
  it('an agent in an order picks a script by part of a phrase, fills the missing placeholder, and the reply is recorded', async () => {
    // The order as intake recorded it (the intake form has its own E2E).
    const ticketId = await page.evaluate(async (tracking) => {
      const kefu = window.kefu!
      const settings = await kefu.shop.get({})
      const shop = settings.shops.find((s) => s.name === '暖居家纺旗舰店')!
      const r = await kefu.tickets.create({
        intake: {
          platform: 'pdd',
          shopId: shop.id,
          channel: 'chat',
          messageAt: new Date(Date.now() - 10 * 60_000).toISOString(),
          orderNo: '240611-583920174',
          buyerId: 'pdd_wangxm',
          customerName: '王小梅',
          trackingNo: tracking,
          description: '快递五天了物流一直没有更新，包裹是不是丢了',
          category: 'logistics',
          priority: 'normal',
        },
        acceptWarnings: true,
      })
      if (r.status !== 'created') throw new Error(`order not created: ${JSON.stringify(r)}`)
      return r.ticket.ticket.id
    }, TRACKING)
    expect(ticketId).toBeTruthy()

    await page.getByTestId('nav-tickets').click()
    // The desk shows it once its queue is (re)loaded.
    await page.getByTestId('queue-mine').click()
    await page.locator(`[data-testid="ticket-row"][data-id="${ticketId}"]`).click()
    await page.getByTestId('reply-box').waitFor()
    // Suggestions for a logistics order are listed above the box.
    await page.getByTestId('script-suggestion').first().waitFor()

    const box = page.getByTestId('reply-text')
    await box.click()
    await page.keyboard.type('/好几天没更新')
    const hits = page.getByTestId('script-hit')
    await hits.first().waitFor()
    const titles = await hits.evaluateAll((els) =>
      els.map((el) => el.querySelector('.script-hit-title')?.textContent ?? ''),
    )
    const at = titles.indexOf('物流长时间不更新')
    expect(at).toBeGreaterThanOrEqual(0)
    for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown')
    await expect
      .poll(() => page.locator('[data-testid="script-hit"][aria-selected="true"]').textContent())
      .toContain('物流长时间不更新')
    await page.keyboard.press('Enter')

    // The tracking number comes from the order; the promised time is asked.
    await page.getByTestId('script-fill').waitFor()
    await expect(page.getByTestId('script-fill-快递单号').count()).resolves.toBe(0)
    const limit = page.getByTestId('script-fill-时限')
    await limit.fill('24小时')
    await limit.press('Enter')

    const filled = `亲，我看了一下，运单${TRACKING}的轨迹确实好几天没更新了，可能是中转积压，也可能是包裹出了异常。我已经联系快递网点核实，24小时内给您答复；如果确认丢件，我们给您补发或退款，不会让您吃亏的。`
    // What was typed to call the picker is replaced by the filled script.
    await expect.poll(() => box.inputValue()).toBe(filled)
    await page.getByTestId('reply-send').click()
    await page.getByTestId('history-entry').filter({ hasText: '24小时内给您答复' }).waitFor()

    const recorded = await page.evaluate(async (id) => {
      const d = await window.kefu!.tickets.get({ id })
      return d.history.filter((h) => h.type === 'reply')
    }, ticketId)
    expect(recorded).toHaveLength(1)
    expect(recorded[0]).toMatchObject({ text: filled, scriptId: 'script.logistics.all.03' })
    // Counted as this agent's use of the script.
    const usage = await page.evaluate(() => window.kefu!.scripts.list({}).then((l) => l.usage.mine))
    expect(usage['script.logistics.all.03']).toBe(1)
  })

  it('an agent editing a shop-wide script through the bridge is refused by the service', async () => {
    const answer = await page.evaluate(async () => {
      const kefu = window.kefu!
      const { script } = await kefu.scripts.get({ id: 'script.greet.all.01' })
      try {
        await kefu.scripts.update({
          id: script.id,
          base: script.base,
          draft: {
            title: script.title,
            body: '随便改掉全店的开场白',
            category: script.category,
            platforms: script.platforms,
            variants: {},
            tags: script.tags,
            shortCode: script.shortCode,
            scope: 'shop',
            team: null,
          },
        })
        return { ok: true, body: '' }
      } catch (err) {
        const e = err as { code: string; message: string }
        const after = await kefu.scripts.get({ id: script.id })
        return { ok: false, code: e.code, message: e.message, body: after.script.body }
      }
    })
    expect(answer).toMatchObject({
      ok: false,
      code: 'forbidden',
      message: '没有权限：编辑全店话术。如需此权限请联系管理员',
    })
    expect(answer.body).not.toBe('随便改掉全店的开场白')

    // The library shows it read-only to the agent.
    await page.getByTestId('nav-scripts').click()
    await page.getByTestId('scripts-search').locator('input').fill('通用开场问候')
    await page.getByTestId('script-row-title').filter({ hasText: '通用开场问候' }).click()
    await expect(page.getByTestId('editor-save').count()).resolves.toBe(0)
    await page.keyboard.press('Escape')
  })

  it('an XLSX with one bad row imports nothing and reports that row', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('话术')
    ws.addRow(['标题', '话术内容', '分类', '平台', '快捷编码', '标签'])
    ws.addRow([
      '催发货安抚',
      '{{顾客}}您好，已经帮您催仓库了，今天一定发出。',
      '物流',
      '拼多多',
      'cfhx',
      '催发货',
    ])
    ws.addRow(['好评感谢', '感谢{{顾客}}的好评～', '评价回复', '淘宝/天猫', 'hpgxx', '好评'])
    ws.addRow(['退款说明', '您好{{顾客名}}，退款{{金额}}元已提交。', '退款', '通用', 'tksm', ''])
    const buffer = Buffer.from(await wb.xlsx.writeBuffer())
    const before = await page.evaluate(() =>
      window.kefu!.scripts.list({}).then((l) => l.scripts.length),
    )

    await page.getByTestId('nav-scripts').click()
    await page.getByRole('tab', { name: '导入 / 导出' }).click()
    await page.getByTestId('import-file').setInputFiles({
      name: '店铺快捷短语.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    })
    await page.getByTestId('import-bad').waitFor()
    const rows = await page
      .getByTestId('import-errors')
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
      )
    expect(rows).toEqual([['4', '话术内容', '未知占位符：{{顾客名}}']])
    expect(await page.getByTestId('import-bad').textContent()).toContain('不会导入任何话术')
    await expect(page.getByTestId('import-confirm').isDisabled()).resolves.toBe(true)

    const after = await page.evaluate(() => window.kefu!.scripts.list({}))
    expect(after.scripts.length).toBe(before)
    expect(after.scripts.some((s) => s.shortCode === 'cfhx' || s.shortCode === 'hpgxx')).toBe(false)
  })
})
