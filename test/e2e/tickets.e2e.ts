import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { closeBrowser, launchApp, shotPath, type AppHandle } from './harness'
import {
  addPerson,
  openSettingsTab,
  setupAdmin,
  signIn,
  switchPerson,
  ADMIN_NAME,
  ADMIN_PIN,
} from './people-helpers'

/**
 * The ticket desk walked the way the handbooks describe the work: an agent records and settles a
 * simple logistics query; a quality complaint goes to a specialist who coordinates warehouse and
 * logistics, keeps the customer informed, and sees it through a poor rating to archive. Each
 * resulting history entry is read back field by field in the UI.
 */

const AGENT = { name: '小王', pin: '135790' }
const SPECIALIST = { name: '老陈', pin: '246802' }
// A tiny real PNG (1×1, red): what a pasted photo of damaged goods is, minus the megabytes.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
)

let app: AppHandle
let page: Page
let device = ''

const pad = (n: number) => String(n).padStart(2, '0')
/** A time as `<input type="datetime-local">` takes it, `minutesAgo` before now (local time). */
function localInput(minutesAgo: number): string {
  const d = new Date(Date.now() - minutesAgo * 60_000)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
function shown(input: string): string {
  return input.replace('T', ' ')
}

async function pick(p: Page, testId: string, label: string): Promise<void> {
  await p.getByTestId(testId).click()
  await p
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: label })
    .first()
    .click()
}

async function dialogOk(p: Page): Promise<void> {
  await p.getByTestId('dialog-ok').click()
}

async function waitDialogClosed(p: Page): Promise<void> {
  await p.getByTestId('action-dialog').waitFor({ state: 'detached' })
}

function detail(p: Page): Locator {
  return p.getByTestId('ticket-detail')
}

async function status(p: Page): Promise<string> {
  return ((await p.getByTestId('detail-status').textContent()) ?? '').trim()
}

interface Entry {
  type: string
  title: string
  by: string
  at: string
  dev: string
  fields: Record<string, string>
}

/** The history as a person reads it: one record per entry, each field by its label's key. */
async function history(p: Page): Promise<Entry[]> {
  return p.getByTestId('history-entry').evaluateAll((els) =>
    els.map((el) => {
      const text = (sel: string) => el.querySelector(sel)?.textContent?.trim() ?? ''
      const fields: Record<string, string> = {}
      el.querySelectorAll<HTMLElement>('.history-field').forEach((f) => {
        fields[f.dataset.field ?? ''] = f.querySelector('.history-value')?.textContent?.trim() ?? ''
      })
      return {
        type: (el as HTMLElement).dataset.type ?? '',
        title: text('[data-testid="entry-title"]'),
        by: text('[data-testid="entry-by"]'),
        at: text('[data-testid="entry-at"]'),
        dev: text('[data-testid="entry-dev"]'),
        fields,
      }
    }),
  )
}

async function fieldView(p: Page, key: string): Promise<string> {
  return ((await p.getByTestId(`field-view-${key}`).textContent()) ?? '').trim()
}

/** Opens the intake form with the keyboard, as an agent does with a customer waiting. */
async function openIntake(p: Page): Promise<void> {
  await p.locator('body').click({ position: { x: 5, y: 5 } })
  await p.keyboard.press('Control+N')
  await p.getByTestId('intake-description').waitFor()
}

async function saveIntake(p: Page): Promise<void> {
  await p.getByTestId('intake-save').click()
  await p.getByTestId('intake').waitFor({ state: 'hidden' })
  await detail(p).waitFor()
}

beforeAll(async () => {
  app = await launchApp()
  page = app.page
  page.on('pageerror', (e) => console.error('page error:', e.message))
  await setupAdmin(page)
  await addPerson(page, { ...AGENT, roles: ['agent'], teams: ['售后组'] })
  await addPerson(page, { ...SPECIALIST, roles: ['specialist'], teams: ['售后组'] })
  device = (await page.evaluate(() => window.kefu!.system.info({}))).deviceName
  // The merchant's shops, set up once by the admin in Settings.
  await openSettingsTab(page, '店铺与时限')
  await page.getByTestId('shop-panel').waitFor()
  for (const [platform, name] of [
    ['拼多多', '拼多多旗舰店'],
    ['淘宝/天猫', '天猫家居旗舰店'],
  ] as const) {
    await pick(page, 'shop-new-platform', platform)
    await page.getByTestId('shop-new-name').fill(name)
    await page.getByTestId('shop-add').click()
    await page.getByTestId('shop-list').getByText(name).waitFor()
  }
  await page.getByTestId('nav-tickets').click()
  await switchPerson(page, AGENT.name, AGENT.pin)
  await page.getByTestId('ticket-desk').waitFor()
})

afterEach(async (ctx) => {
  // What the screen showed when a step failed: kept beside the run for whoever reads the failure.
  if (ctx.task.result?.state === 'fail' && process.env.KEFU_E2E_SHOTS) {
    await page
      .screenshot({
        path: path.join(process.env.KEFU_E2E_SHOTS, `${ctx.task.name.slice(0, 3)}.png`),
      })
      .catch(() => undefined)
  }
})

afterAll(async () => {
  await app?.close()
  await closeBrowser()
})

describe('ticket desk', () => {
  it('(a) an agent records a simple logistics query, replies and resolves it', async () => {
    const purchased = localInput(3 * 24 * 60)
    const message = localInput(10)
    await openIntake(page)
    // 拼多多 and its only shop are preselected; the channel defaults to the chat window.
    await page.getByTestId('intake-messageAt').fill(message)
    await page.getByTestId('intake-orderNo').fill('240501-123456789012345')
    await page.getByTestId('intake-purchasedAt').fill(purchased)
    await page.getByTestId('intake-amount').fill('59.90')
    await page.getByTestId('intake-buyerId').fill('pdd_zhangsan')
    await page.getByTestId('intake-customerName').fill('张三')
    await page.getByTestId('intake-contact').fill('13812345678')
    await page.getByTestId('intake-trackingNo').fill('YT1234567890123')
    await page
      .getByTestId('intake-description')
      .fill('快递三天没有更新物流信息了，想知道包裹现在到哪里了，什么时候能送到')
    await pick(page, 'intake-category', '物流问题')
    await saveIntake(page)

    expect(await status(page)).toBe('新建')
    expect(await fieldView(page, 'platform')).toBe('拼多多 · 拼多多旗舰店')
    expect(await fieldView(page, 'channel')).toBe('聊天窗口')
    expect(await fieldView(page, 'orderNo')).toBe('240501-123456789012345')
    expect(await fieldView(page, 'messageAt')).toBe(shown(message))
    expect(await fieldView(page, 'purchasedAt')).toBe(shown(purchased))
    expect(await fieldView(page, 'amount')).toBe('¥59.90')
    expect(await fieldView(page, 'buyerId')).toBe('pdd_zhangsan')
    // Contacts are masked until revealed (and the reveal is audited).
    expect(await fieldView(page, 'customerName')).toBe('张*')
    expect(await page.getByTestId('contact-value').textContent()).toBe('138****5678')
    await page.getByTestId('reveal-contact').click()
    await expect.poll(() => page.getByTestId('contact-value').textContent()).toBe('13812345678')
    expect(await fieldView(page, 'trackingNo')).toBe('YT1234567890123')
    expect(await fieldView(page, 'assignee')).toBe(AGENT.name)

    // R puts the cursor in the reply box; Ctrl+Enter sends and records it.
    await page.locator('.detail-header').click()
    await page.keyboard.press('r')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('reply-text')
    const reply = '您好，已为您查询：包裹已到达本地网点，预计明天送达，请保持电话畅通。'
    await page.keyboard.type(reply)
    await page.keyboard.press('Control+Enter')
    await page.getByTestId('history-entry').filter({ hasText: reply }).waitFor()

    // Ctrl+Shift+R resolves; a new order is settled as a simple case in one step.
    await page.locator('.detail-header').click()
    await page.keyboard.press('Control+Shift+R')
    await page.getByTestId('field-steps').fill('查询物流轨迹\n告知顾客包裹所在网点和预计送达时间')
    await page.getByTestId('field-confirmation').fill('顾客回复：好的，谢谢')
    await dialogOk(page)
    await waitDialogClosed(page)
    await expect.poll(() => status(page)).toBe('已解决')

    const h = await history(page)
    for (const e of h) {
      expect(e.by).toBe(AGENT.name)
      expect(e.dev).toBe(device)
      expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    }
    const replyEntry = h.find((e) => e.type === 'reply')!
    expect(replyEntry.title).toBe('回复顾客')
    expect(replyEntry.fields.text).toBe(reply)
    const steps = h.find((e) => e.type === 'steps')!
    expect(steps.title).toBe('简单问题处理')
    expect(steps.fields.steps).toContain('查询物流轨迹')
    expect(steps.fields.steps).toContain('告知顾客包裹所在网点和预计送达时间')
    expect(steps.fields.customerConfirmed).toBe('是')
    expect(steps.fields.confirmation).toBe('顾客回复：好的，谢谢')
    const last = h.filter((e) => e.type === 'transition').at(-1)!
    expect(last.fields.change).toMatch(/→ 已解决$/)
    expect(await fieldView(page, 'firstReplyAt')).not.toBe('—')
    expect(await fieldView(page, 'resolvedAt')).not.toBe('—')
  })

  it('(b) a quality complaint goes to a specialist, through a 2-star answer, to archive', async () => {
    await openIntake(page)
    await pick(page, 'intake-platform', '淘宝/天猫')
    await page.getByTestId('intake-messageAt').fill(localInput(30))
    await page.getByTestId('intake-orderNo').fill('3456789012345678901')
    await page.getByTestId('intake-purchasedAt').fill(localInput(5 * 24 * 60))
    await page.getByTestId('intake-customerName').fill('李四')
    await page.getByTestId('intake-contact').fill('13987654321')
    await page
      .getByTestId('intake-description')
      .fill('收到的陶瓷杯杯口有裂痕，还有一个缺口，不敢用，要求换一个新的')
    await pick(page, 'intake-category', '质量问题')
    await pick(page, 'intake-priority', '高')
    await saveIntake(page)
    expect(await fieldView(page, 'platform')).toBe('淘宝/天猫 · 天猫家居旗舰店')
    const ticketId = await detail(page).getAttribute('data-id')

    // The customer's photo of the cracked cup.
    await page.getByTestId('attach-input').setInputFiles({
      name: '杯子裂痕.png',
      mimeType: 'image/png',
      buffer: PNG,
    })
    await page.getByTestId('attachment-thumb').first().waitFor()

    // Transfer (T): the handover note is required and said so next to the field.
    await page.locator('.detail-header').click()
    await page.keyboard.press('t')
    await pick(page, 'field-to', SPECIALIST.name)
    await dialogOk(page)
    await expect
      .poll(() =>
        page.getByTestId('dialog-transfer').locator('.ant-form-item-explain').textContent(),
      )
      .toContain('请填写交接说明')
    const handover = '顾客收到的陶瓷杯有裂痕，已致歉并告知会安排换货，承诺今天内给出答复'
    await page.getByTestId('field-handoverNote').fill(handover)
    await dialogOk(page)
    await waitDialogClosed(page)

    // The specialist finds it in 转给我的.
    await switchPerson(page, SPECIALIST.name, SPECIALIST.pin)
    await page.getByTestId('queue-transferred').click()
    await expect.poll(() => page.getByTestId('queue-count-transferred').textContent()).toBe('1')
    await page.locator(`[data-testid="ticket-row"][data-id="${ticketId}"]`).click()
    await detail(page).waitFor()
    expect(await fieldView(page, 'transferredTo')).toBe(SPECIALIST.name)

    const contacts = [
      {
        dept: '仓储',
        discussed: '确认同款陶瓷杯是否有库存可以换货',
        agreed: '仓库有现货，今天可以发出',
        measure: '仓库预留一只同款新杯子',
      },
      {
        dept: '物流',
        discussed: '安排上门取回破损杯子并寄出新杯子',
        agreed: '明天上午上门取件，新杯子今天下午发出',
        measure: '已预约取件，新杯子顺丰单号 SF1234567890',
      },
    ]
    const contactTimes: string[] = []
    for (const [i, c] of contacts.entries()) {
      await page.getByTestId('action-department').click()
      await pick(page, 'field-department', c.dept)
      const at = localInput(20 - i * 5)
      contactTimes.push(at)
      await page.getByTestId('field-contactAt').fill(at)
      await page.getByTestId('field-discussed').fill(c.discussed)
      await page.getByTestId('field-agreed').fill(c.agreed)
      await page.getByTestId('field-measure').fill(c.measure)
      await dialogOk(page)
      await waitDialogClosed(page)
    }
    const updates = [
      { channel: '平台聊天', text: '已为您安排换货，新杯子今天下午从仓库发出' },
      { channel: '短信', text: '新杯子已发出，顺丰单号 SF1234567890，明天上午上门取回旧杯子' },
    ]
    for (const u of updates) {
      await page.getByTestId('action-update').click()
      await pick(page, 'field-channel', u.channel)
      await page.getByTestId('field-text').fill(u.text)
      await dialogOk(page)
      await waitDialogClosed(page)
    }

    // Resolve, then the customer's answer: 2 stars with a reason reopens the order.
    await page.locator('.detail-header').click()
    await page.keyboard.press('Control+Shift+R')
    await page.getByTestId('field-resolutionNote').fill('已换货：新杯子已寄出，旧杯子上门取回')
    await dialogOk(page)
    await waitDialogClosed(page)
    await expect.poll(() => status(page)).toBe('已解决')

    await rate(page, 2, '新杯子三天才到，等太久了')
    await expect.poll(() => status(page)).toBe('处理中')

    // The remedy, told to the customer, then resolved again and rated 5.
    await page.getByTestId('action-update').click()
    await pick(page, 'field-channel', '平台聊天')
    await page.getByTestId('field-text').fill('非常抱歉让您久等，已为您补发 10 元无门槛优惠券')
    await dialogOk(page)
    await waitDialogClosed(page)
    await page.getByTestId('action-resolve').click()
    await page.getByTestId('field-resolutionNote').fill('补发 10 元优惠券作为补偿，顾客表示接受')
    await dialogOk(page)
    await waitDialogClosed(page)
    await rate(page, 5, '处理很及时，谢谢')
    await expect.poll(() => status(page)).toBe('已解决')

    // End-of-day review: archive the resolved order in one action.
    await page.keyboard.press('Control+Shift+D')
    const row = page.locator(`[data-testid="review-archivable"][data-id="${ticketId}"]`)
    await row.waitFor()
    await page.getByTestId('review-archive').click()
    await row.waitFor({ state: 'detached' })
    await page.keyboard.press('Escape')
    await expect.poll(() => status(page)).toBe('已归档')

    // The whole story, entry by entry.
    const h = await history(page)
    for (const e of h) {
      expect(e.dev).toBe(device)
      expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    }
    const of = (type: string) => h.filter((e) => e.type === type)
    const attachment = of('attachment')
    expect(attachment).toHaveLength(1)
    expect(attachment[0]!.by).toBe(AGENT.name)
    expect(attachment[0]!.fields.file).toContain('杯子裂痕.png')

    const transfer = of('transfer')
    expect(transfer).toHaveLength(1)
    expect(transfer[0]!.by).toBe(AGENT.name)
    expect(transfer[0]!.fields.to).toContain(SPECIALIST.name)
    expect(transfer[0]!.fields.handoverNote).toBe(handover)

    const dept = of('department_contact')
    expect(dept).toHaveLength(2)
    for (const [i, c] of contacts.entries()) {
      expect(dept[i]!.by).toBe(SPECIALIST.name)
      expect(dept[i]!.fields).toEqual({
        department: c.dept,
        contactAt: shown(contactTimes[i]!),
        discussed: c.discussed,
        agreed: c.agreed,
        measure: c.measure,
      })
    }

    const upd = of('customer_update')
    expect(upd.map((e) => e.fields)).toEqual([
      { channel: '平台聊天', text: updates[0]!.text },
      { channel: '短信', text: updates[1]!.text },
      { channel: '平台聊天', text: '非常抱歉让您久等，已为您补发 10 元无门槛优惠券' },
    ])
    expect(upd.every((e) => e.by === SPECIALIST.name)).toBe(true)

    const sat = of('satisfaction')
    expect(sat.map((e) => [e.fields.rating, e.fields.comment])).toEqual([
      ['2 星', '新杯子三天才到，等太久了'],
      ['5 星', '处理很及时，谢谢'],
    ])

    const changes = of('transition').map((e) => e.fields.change)
    expect(changes).toContain('已解决 → 处理中')
    expect(changes.at(-1)).toBe('已解决 → 已归档')
    const reopened = of('transition').find((e) => e.fields.change === '已解决 → 处理中')!
    expect(reopened.fields.reason).toContain('新杯子三天才到，等太久了')
    expect(await fieldView(page, 'resolutionNote')).toBe('补发 10 元优惠券作为补偿，顾客表示接受')
    expect(await fieldView(page, 'satisfaction')).toBe('5 星')
  })

  it('bad input is pointed out next to the field, and the draft survives a failed save and a restart', async () => {
    await switchPerson(page, AGENT.name, AGENT.pin)
    await openIntake(page)
    await page.getByTestId('intake-purchasedAt').fill(localInput(-24 * 60))
    await expect
      .poll(() => page.getByTestId('msg-purchasedAt').textContent())
      .toBe('购买时间不能晚于现在')
    const message = localInput(60)
    const purchased = localInput(30)
    await page.getByTestId('intake-messageAt').fill(message)
    await page.getByTestId('intake-purchasedAt').fill(purchased)
    await expect
      .poll(() => page.getByTestId('msg-messageAt').textContent())
      .toBe('消息时间早于购买时间，请核对两个时间')
    await page.getByTestId('intake-buyerId').fill('tb_wangwu')
    await page.getByTestId('intake-description').fill('有问题')
    await expect
      .poll(() => page.getByTestId('msg-description').textContent())
      .toContain('问题描述过于笼统')

    await page.getByTestId('intake-save').click()
    await page.getByTestId('intake-error').waitFor()
    // Nothing typed is lost: the form stays open with every value.
    expect(await page.getByTestId('intake-description').inputValue()).toBe('有问题')
    expect(await page.getByTestId('intake-buyerId').inputValue()).toBe('tb_wangwu')
    expect(await page.getByTestId('msg-messageAt').getAttribute('data-level')).toBe('error')
    await expect
      .poll(() =>
        page.evaluate(
          async () => (await window.kefu!.tickets.getDraft({ key: 'new-ticket' }))?.value,
        ),
      )
      .toMatchObject({ description: '有问题', buyerId: 'tb_wangwu', purchasedAt: purchased })

    // The app closes (power cut, end of shift) and starts again on the same data folder.
    const dataDir = app.dataDir
    await app.stop()
    app = await launchApp({ dataDir })
    page = app.page
    page.on('pageerror', (e) => console.error('page error:', e.message))
    await signIn(page, AGENT.name, AGENT.pin)
    await page.getByTestId('ticket-desk').waitFor()
    await openIntake(page)
    await page.getByTestId('draft-restored').waitFor()
    expect(await page.getByTestId('intake-description').inputValue()).toBe('有问题')
    expect(await page.getByTestId('intake-buyerId').inputValue()).toBe('tb_wangwu')
    expect(await page.getByTestId('intake-messageAt').inputValue()).toBe(message)
    expect(await page.getByTestId('intake-purchasedAt').inputValue()).toBe(purchased)
    expect(await page.getByTestId('msg-messageAt').textContent()).toBe(
      '消息时间早于购买时间，请核对两个时间',
    )

    // Fixed; an unusual order number is a warning the agent may override once checked.
    await page.getByTestId('intake-purchasedAt').fill(localInput(2 * 24 * 60))
    await page.getByTestId('msg-messageAt').waitFor({ state: 'detached' })
    await page
      .getByTestId('intake-description')
      .fill('顾客说收到的衣服尺码和下单的不一样，想换成 L 码')
    await page.getByTestId('intake-orderNo').fill('PDD-2024-ABC')
    await expect
      .poll(() => page.getByTestId('msg-orderNo').textContent())
      .toContain('订单编号格式与拼多多常见格式不符')
    await pick(page, 'intake-category', '退换货')
    await page.getByTestId('intake-save').click()
    await page.getByTestId('intake-warnings').waitFor()
    expect(await page.getByTestId('intake-save').textContent()).toContain('仍然保存')
    await saveIntake(page)
    expect(await fieldView(page, 'orderNo')).toBe('PDD-2024-ABC')
    const firstId = await detail(page).getAttribute('data-id')
    expect(
      await page.evaluate(() => window.kefu!.tickets.getDraft({ key: 'new-ticket' })),
    ).toBeNull()

    // The same order number again: the open order is offered instead of a duplicate.
    await openIntake(page)
    expect(await page.getByTestId('draft-restored').count()).toBe(0)
    await page.getByTestId('intake-orderNo').fill('PDD-2024-ABC')
    await page.getByTestId('intake-buyerId').fill('tb_wangwu')
    await page.getByTestId('intake-description').fill('顾客再次来问换货进度，说还没收到回复')
    await pick(page, 'intake-category', '退换货')
    await page.getByTestId('intake-save').click()
    await page.getByTestId('intake-duplicate').waitFor()
    await page.getByTestId('duplicate-open').click()
    await expect.poll(() => detail(page).getAttribute('data-id')).toBe(firstId)
  })

  it('the desk by keyboard: next/previous, search with highlights, shortcut help; screenshot', async () => {
    // A few more of the day's orders, recorded through the same bridge the form uses.
    await page.evaluate(async () => {
      const kefu = window.kefu!
      const shops = (await kefu.shop.get({})).shops
      const shopOf = (p: string) => shops.find((s) => s.platform === p)?.id ?? '旗舰店'
      const now = Date.now()
      const rows = [
        [
          'pdd',
          'refund',
          'urgent',
          '申请了退款三天了还没到账，要求马上处理',
          '赵六',
          '13700001111',
        ],
        [
          'taobao',
          'logistics',
          'normal',
          '快递显示已签收但是本人没有收到包裹',
          '孙七',
          '13600002222',
        ],
        ['jd', 'return_exchange', 'high', '鞋子尺码偏小，想换大一码', '周八', '13500003333'],
        [
          'douyin',
          'review_complaint',
          'high',
          '直播间说送赠品，收到货没有赠品，要给差评',
          '吴九',
          '13400004444',
        ],
        ['taobao', 'order_change', 'low', '下单后想修改收货地址为公司地址', '郑十', '13300005555'],
      ] as const
      for (const [
        i,
        [platform, category, priority, description, customerName, contact],
      ] of rows.entries()) {
        await kefu.tickets.create({
          intake: {
            platform,
            shopId: shopOf(platform),
            channel: 'chat',
            messageAt: new Date(now - (i + 1) * 7 * 60_000).toISOString(),
            customerName,
            contact,
            description,
            category,
            priority,
          },
          acceptWarnings: true,
        })
      }
    })
    await page.getByTestId('queue-mine').click()
    await expect.poll(() => page.getByTestId('ticket-row').count()).toBeGreaterThanOrEqual(6)

    // J / K walk the list; the detail follows.
    await page.locator('.detail-header').click()
    const rows = page.getByTestId('ticket-row')
    const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))
    await page.getByTestId('ticket-row').first().click()
    await page.keyboard.press('j')
    await expect.poll(() => detail(page).getAttribute('data-id')).toBe(ids[1])
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => detail(page).getAttribute('data-id')).toBe(ids[2])
    await page.keyboard.press('k')
    await expect.poll(() => detail(page).getAttribute('data-id')).toBe(ids[1])

    // Search (/) finds words in Chinese text, with the match marked.
    await page.keyboard.press('/')
    await page.keyboard.type('赠品')
    await page.keyboard.press('Enter')
    const hit = page.getByTestId('search-hit').first()
    await hit.waitFor()
    expect(await hit.locator('mark').first().textContent()).toContain('赠品')
    await hit.click()
    expect(await page.getByTestId('detail-description').textContent()).toContain('直播间说送赠品')
    await page.getByTestId('search-input').press('Escape')
    await page.getByTestId('ticket-list').waitFor()

    await page.locator('.detail-header').click()
    await page.keyboard.press('F1')
    await page.getByTestId('shortcut-help').getByText('Ctrl+Shift+R').waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('shortcut-help').waitFor({ state: 'hidden' })

    await page.getByTestId('ticket-row').first().click()
    await detail(page).waitFor()
    await page.getByTestId('action-start').click()
    await expect.poll(() => status(page)).toBe('处理中')
    await page.locator('.detail-header').click()
    await page.keyboard.press('r')
    await page.keyboard.type('亲，非常抱歉让您久等了，退款已加急处理，预计 24 小时内原路退回。')
    await page.keyboard.press('Control+Enter')
    await page.getByTestId('history-entry').filter({ hasText: '退款已加急处理' }).waitFor()
    await page.mouse.move(0, 0)
    await page.locator('.ant-message-notice').last().waitFor({ state: 'detached' })
    await page.screenshot({ path: shotPath('ticket-desk-zh-CN.png') })
  })

  it("a supervisor hands an absent agent's open orders to someone else in bulk", async () => {
    await switchPerson(page, ADMIN_NAME, ADMIN_PIN)
    await page.getByTestId('queue-all').click()
    await pick(page, 'filter-person', AGENT.name)
    await pick(page, 'filter-status', '新建')
    await expect.poll(() => page.getByTestId('ticket-row').count()).toBeGreaterThanOrEqual(5)
    const ids = await page
      .getByTestId('ticket-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!))
    await page.getByTestId('select-all').click()
    await expect
      .poll(() => page.getByTestId('bulk-bar').textContent())
      .toContain(`已选 ${ids.length} 个`)
    await page.getByTestId('reassign-open').click()
    await pick(page, 'reassign-to', SPECIALIST.name)
    await page.getByTestId('reassign-ok').click()
    await expect.poll(() => page.getByTestId('ticket-row').count()).toBe(0)
    await page.getByTestId('filters-clear').click()
    await pick(page, 'filter-person', SPECIALIST.name)
    await expect
      .poll(async () => {
        const now = await page
          .getByTestId('ticket-row')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!))
        return ids.every((id) => now.includes(id))
      })
      .toBe(true)
    await page.locator(`[data-testid="ticket-row"][data-id="${ids[0]}"]`).click()
    expect(await fieldView(page, 'assignee')).toBe(SPECIALIST.name)
  })

  it('a phone number typed into the description or a note is masked in the list and the order view, shown by 查看', async () => {
    await switchPerson(page, AGENT.name, AGENT.pin)
    await page.getByTestId('queue-mine').click()
    await openIntake(page)
    await page.getByTestId('intake-messageAt').fill(localInput(5))
    await page.getByTestId('intake-orderNo').fill('240601-123456789012777')
    await page.getByTestId('intake-purchasedAt').fill(localInput(2 * 24 * 60))
    await page.getByTestId('intake-amount').fill('39.00')
    await page.getByTestId('intake-buyerId').fill('pdd_wangwu')
    await page.getByTestId('intake-contact').fill('13900002222')
    await page.getByTestId('intake-trackingNo').fill('YT1234567890777')
    await page.getByTestId('intake-description').fill('顾客电话 13812345678，要求改地址')
    await pick(page, 'intake-category', '物流问题')
    await saveIntake(page)
    const id = await detail(page).getAttribute('data-id')
    // The order view and the list show the number masked.
    await expect
      .poll(() => page.getByTestId('detail-description').textContent())
      .toBe('顾客电话 138****5678，要求改地址')
    const row = page.locator(`[data-testid="ticket-row"][data-id="${id}"]`)
    await expect.poll(() => row.textContent()).toContain('顾客电话 138****5678')
    expect(await row.textContent()).not.toContain('13812345678')

    await page.getByTestId('action-note').click()
    await page
      .getByTestId('field-text')
      .fill('顾客电话 13812345678，另留座机 0571-8888 6666，寄到文三路 90 号')
    await dialogOk(page)
    await waitDialogClosed(page)
    const note = page.getByTestId('history-entry').filter({ hasText: '另留座机' })
    await note.waitFor()
    expect(await note.textContent()).toContain(
      '顾客电话 138****5678，另留座机 0571-****6666，寄到****',
    )
    expect(await detail(page).textContent()).not.toContain('13812345678')

    // Searching by the full number still finds the order; the hit shows it masked.
    await page.getByTestId('search-input').fill('13812345678')
    await page.getByTestId('search-input').press('Enter')
    const hit = page.locator(`[data-testid="search-hit"][data-id="${id}"]`)
    await hit.waitFor()
    expect(await hit.textContent()).not.toContain('13812345678')
    await page.getByTestId('search-input').press('Escape')
    await page.getByTestId('ticket-list').waitFor()

    // 查看 (the audited reveal) shows the texts in clear.
    await row.click()
    await detail(page).waitFor()
    await page.getByTestId('reveal-contact').click()
    await expect
      .poll(() => page.getByTestId('detail-description').textContent())
      .toBe('顾客电话 13812345678，要求改地址')
    await expect
      .poll(() => note.textContent())
      .toContain('顾客电话 13812345678，另留座机 0571-8888 6666，寄到文三路 90 号')
    await switchPerson(page, ADMIN_NAME, ADMIN_PIN)
    const audit = await page.evaluate(() =>
      window.kefu!.audit.list({ action: 'contact.reveal' } as never),
    )
    expect(JSON.stringify(audit)).toContain('240601-123456789012777')
  })
})

async function rate(p: Page, stars: number, comment: string): Promise<void> {
  await p.getByTestId('action-record_satisfaction').click()
  await p
    .getByTestId('field-rating')
    .locator('li.ant-rate-star')
    .nth(stars - 1)
    .locator('div')
    .first()
    .click()
  await p.getByTestId('field-comment').fill(comment)
  await dialogOk(p)
  await waitDialogClosed(p)
}
