import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { closeBrowser, launchApp, type AppHandle } from './harness'
import {
  enterPin,
  setupAdmin,
  signIn,
  signOutToList,
  switchPerson,
  waitSignedIn,
} from './people-helpers'

/**
 * Issue 5 "Done when", in Chromium against the browser build: first start, the admin sets up
 * the shop's people, agents take orders at the ticket desk and see their customers' contacts
 * masked, one reveals the contact of their own order but not of a colleague's, a supervisor
 * switches in and reads the reveal in the audit trail, and wrong PINs are rate-limited.
 */
let app: AppHandle
let page: Page
/** Order ids as the desk shows them (data-id), by who took the order. */
const orders: Record<string, string> = {}

const LI = { name: '小李', pin: '1357', orderNo: '240501-100000000001', contact: '13812341234' }
const ZHANG = { name: '小张', pin: '2468', orderNo: '240501-200000000002', contact: '13900001111' }
const ADDRESS = '浙江省杭州市西湖区文三路90号'

const pad = (n: number) => String(n).padStart(2, '0')
/** A time as `<input type="datetime-local">` takes it, `minutesAgo` before now (local time). */
function localInput(minutesAgo: number): string {
  const d = new Date(Date.now() - minutesAgo * 60_000)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

beforeAll(async () => {
  app = await launchApp()
  page = app.page
})
afterAll(async () => {
  await app?.close()
  await closeBrowser()
})

async function openSettingsTab(label: string) {
  await page.getByTestId('nav-settings').click()
  await page.getByRole('tab', { name: label }).click()
}

async function pick(testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click()
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: label })
    .first()
    .click()
}

async function openDesk(): Promise<void> {
  await page.getByTestId('nav-tickets').click()
  await page.getByTestId('ticket-desk').waitFor()
}

/**
 * The signed-in agent takes a customer's refund request at the desk (the intake form), which
 * assigns the order to them; returns the new order's id as the desk shows it.
 */
async function takeOrder(o: { orderNo: string; contact: string }): Promise<string> {
  await openDesk()
  await page.getByTestId('new-ticket').click()
  await page.getByTestId('intake-description').waitFor()
  await page.getByTestId('intake-orderNo').fill(o.orderNo)
  await page.getByTestId('intake-purchasedAt').fill(localInput(3 * 24 * 60))
  await page.getByTestId('intake-customerName').fill('张三丰')
  await page.getByTestId('intake-contact').fill(o.contact)
  await page.getByTestId('intake-address').fill(ADDRESS)
  await page
    .getByTestId('intake-description')
    .fill('收到的玻璃杯有两只杯口裂了，顾客已发来照片，要求退还这两只杯子的货款')
  await pick('intake-category', '退款')
  await page.getByTestId('intake-save').click()
  await page.getByTestId('intake').waitFor({ state: 'hidden' })
  const detail = page.getByTestId('ticket-detail')
  await page.getByTestId('detail-title').filter({ hasText: o.orderNo }).waitFor()
  return (await detail.getAttribute('data-id'))!
}

/** The list row of an order in the queue on screen. */
function row(id: string) {
  return page.locator(`[data-testid="ticket-row"][data-id="${id}"]`)
}

/** The first name the sign-in list offers (it fills in once the people are loaded). */
async function firstOnSignIn(): Promise<string> {
  const names = await page.getByTestId('sign-in-people').getByRole('option').allTextContents()
  return names[0] ?? ''
}

async function callKefu<T>(
  fn: string,
  input: unknown,
): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }> {
  return page.evaluate(
    async ([name, arg]) => {
      const [svc, m] = (name as string).split('.') as [string, string]
      try {
        const api = window.kefu as unknown as Record<
          string,
          Record<string, (i: unknown) => Promise<unknown>>
        >
        return { ok: true as const, value: (await api[svc]![m]!(arg)) as never }
      } catch (e) {
        const err = e as { code: string; message: string }
        return { ok: false as const, code: err.code, message: err.message }
      }
    },
    [fn, input] as const,
  )
}

describe('people, roles and protection on a shared PC', () => {
  it('first start creates the admin and shows the recovery code once', async () => {
    await expect(page.getByTestId('first-start').textContent()).resolves.toContain(
      '创建第一位管理员',
    )
    // Joining an existing space is the other way in (sync.e2e.ts walks it).
    await expect(page.getByTestId('join-space').textContent()).resolves.toContain('加入同步空间')
    const { recoveryCode } = await setupAdmin(page)
    expect(recoveryCode).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/)
    await expect(page.getByTestId('status-person').textContent()).resolves.toContain(
      '店长（管理员）',
    )
    await expect(page.getByTestId('recovery-code').count()).resolves.toBe(0)
  })

  it('the admin adds a team, an agent and a supervisor on the people page', async () => {
    await openSettingsTab('人员与班组')
    await page.getByTestId('team-name').fill('售后组')
    await page.getByTestId('team-name').press('Enter')
    await page.getByTestId('team-tag').filter({ hasText: '售后组' }).waitFor()

    const add = async (name: string, pin: string, role: string) => {
      await page.getByTestId('person-add').click()
      await page.getByTestId('person-name').fill(name)
      await page.getByTestId('person-pin').fill(pin)
      const roles = page.locator('.ant-modal').getByRole('checkbox')
      // the form starts with 客服专员 ticked: set exactly the wanted role
      for (const label of ['客服专员', '售后处理专员', '客服主管', '培训讲师', '管理员']) {
        const box = page
          .locator('.ant-modal label')
          .filter({ hasText: label })
          .getByRole('checkbox')
        if ((await box.isChecked()) !== (label === role)) await box.click()
      }
      expect(await roles.count()).toBe(5)
      await page.getByTestId('person-teams').click()
      await page.locator('.ant-select-dropdown').getByText('售后组', { exact: true }).click()
      await page.keyboard.press('Escape')
      await page.locator('#person-save').click()
      await page.getByTestId('people-table').getByRole('row').filter({ hasText: name }).waitFor()
    }
    await add(LI.name, LI.pin, '客服专员')
    await add(ZHANG.name, ZHANG.pin, '客服专员')
    await add('陈主管', '9753', '客服主管')
    const person = page.getByTestId('people-table').getByRole('row').filter({ hasText: '陈主管' })
    await expect(person.textContent()).resolves.toContain('客服主管')
    await expect(person.textContent()).resolves.toContain('售后组')

    // The shop the orders come from, so the desk's intake offers it.
    await openSettingsTab('店铺与时限')
    await page.getByTestId('shop-panel').waitFor()
    await pick('shop-new-platform', '拼多多')
    await page.getByTestId('shop-new-name').fill('拼多多旗舰店')
    await page.getByTestId('shop-add').click()
    await page.getByTestId('shop-list').getByText('拼多多旗舰店').waitFor()
  })

  it('another agent takes an order at the desk: it is assigned to them', async () => {
    await signOutToList(page)
    await expect.poll(firstOnSignIn).toContain('店长') // recent on this PC first
    await signIn(page, ZHANG.name, ZHANG.pin)
    orders[ZHANG.name] = await takeOrder(ZHANG)
    await expect(page.getByTestId('field-view-assignee').textContent()).resolves.toBe(ZHANG.name)
  })

  it('the agent signs in and cannot open the people page', async () => {
    await signOutToList(page)
    await expect.poll(firstOnSignIn).toContain(ZHANG.name)
    await signIn(page, LI.name, LI.pin)
    await expect(page.getByTestId('status-person').textContent()).resolves.toContain(
      '小李（客服专员）',
    )
    await openSettingsTab('人员与班组')
    await expect(
      page.getByRole('tabpanel').getByTestId('forbidden').textContent(),
    ).resolves.toContain('没有权限')
    await expect(page.getByTestId('people-table').count()).resolves.toBe(0)
    // and the service refuses it whatever the page shows
    expect(await callKefu('people.list', {})).toMatchObject({ ok: false, code: 'forbidden' })
    await openSettingsTab('审计日志')
    await page.getByRole('tabpanel').getByTestId('forbidden').waitFor()
  })

  it('the agent sees contacts masked in the list and in the order', async () => {
    orders[LI.name] = await takeOrder(LI)
    const mine = row(orders[LI.name]!)
    await mine.waitFor()
    await expect(mine.getByTestId('row-contact').textContent()).resolves.toBe('138****1234')
    await expect(mine.textContent()).resolves.not.toContain(LI.contact)
    await expect(mine.textContent()).resolves.not.toContain('张三丰')

    await expect(page.getByTestId('field-view-assignee').textContent()).resolves.toBe(LI.name)
    await expect(page.getByTestId('contact-value').textContent()).resolves.toBe('138****1234')
    await expect(page.getByTestId('field-view-customerName').textContent()).resolves.toBe('张**')
    const address = (await page.getByTestId('field-view-address').textContent()) ?? ''
    expect(address.startsWith('浙江省杭州市西湖区')).toBe(true)
    expect(address).not.toContain('文三路')
  })

  it('the agent reveals the contact of an order assigned to them', async () => {
    await page.getByTestId('reveal-contact').click()
    await expect.poll(() => page.getByTestId('contact-value').textContent()).toBe(LI.contact)
    await expect(page.getByTestId('field-view-customerName').textContent()).resolves.toBe('张三丰')
    await expect(page.getByTestId('field-view-address').textContent()).resolves.toBe(ADDRESS)
    await expect(page.getByTestId('reveal-contact').count()).resolves.toBe(0)
    // Revealing shows it in this order only: the list stays masked.
    await expect(row(orders[LI.name]!).getByTestId('row-contact').textContent()).resolves.toBe(
      '138****1234',
    )
  })

  it('but not of another agent\u2019s order, whatever the page offers', async () => {
    // The team queue shows the colleague's order, masked, with no reveal on offer.
    await page.getByTestId('queue-team').click()
    const theirs = row(orders[ZHANG.name]!)
    await theirs.waitFor()
    await expect(theirs.getByTestId('row-contact').textContent()).resolves.toBe('139****1111')
    await theirs.click()
    await page.locator(`[data-testid="ticket-detail"][data-id="${orders[ZHANG.name]}"]`).waitFor()
    await expect(page.getByTestId('field-view-assignee').textContent()).resolves.toBe(ZHANG.name)
    await expect(page.getByTestId('contact-value').textContent()).resolves.toBe('139****1111')
    await expect(page.getByTestId('reveal-contact').count()).resolves.toBe(0)
    // and the service refuses it, in Chinese, whatever the page shows
    const other = await callKefu('privacy.revealContact', {
      entity: 'ticket',
      id: orders[ZHANG.name],
    })
    expect(other).toMatchObject({ ok: false, code: 'forbidden' })
    expect((other as { message: string }).message).toBe(
      '没有权限：只能查看指派或转办给你的工单的顾客联系方式',
    )
    await expect(page.getByTestId('contact-value').textContent()).resolves.toBe('139****1111')
  })

  it('the supervisor signs in by quick switch and sees the reveal in the audit trail', async () => {
    await signOutToList(page)
    await expect.poll(firstOnSignIn).toContain(LI.name)
    await signIn(page, '陈主管', '9753')
    await openSettingsTab('审计日志')
    await page.getByTestId('audit-filter-action').click()
    await page
      .locator('.ant-select-dropdown')
      .getByText('查看顾客联系方式', { exact: true })
      .click()
    const rows = page.getByTestId('audit-table').locator('tbody tr')
    // The table shows every action until the filtered answer arrives (creating the order is
    // audited too): wait until only reveals are listed.
    await expect
      .poll(async () => {
        const texts = await rows.allTextContents()
        return texts.length > 0 && texts.every((r) => r.includes('查看顾客联系方式'))
      })
      .toBe(true)
    const revealed = rows.filter({ hasText: `ticket/${orders[LI.name]}` })
    // One reveal: the refused attempt on the colleague's order revealed nothing.
    await expect(rows.count()).resolves.toBe(1)
    await expect(revealed.count()).resolves.toBe(1)
    const text = await revealed.textContent()
    expect(text).toContain(LI.name)
    expect(text).toContain(LI.orderNo)
    expect(text).not.toContain(LI.contact)
  })

  it('three wrong PINs then the right one works; five lock out', async () => {
    const error = page.getByTestId('sign-in').locator('.ant-form-item-explain-error')
    const wrong = async (expected: RegExp) => {
      await enterPin(page, ZHANG.name, '0000')
      await expect(error.last().textContent()).resolves.toMatch(expected)
    }
    await signOutToList(page)
    await wrong(/PIN 不正确，请重试/)
    await wrong(/PIN 不正确，请重试/)
    await wrong(/PIN 不正确，再错 2 次将被暂时锁定/)
    await enterPin(page, ZHANG.name, ZHANG.pin)
    await waitSignedIn(page, ZHANG.name)

    await signOutToList(page)
    await wrong(/PIN 不正确，请重试/)
    await wrong(/PIN 不正确，请重试/)
    await wrong(/再错 2 次/)
    await wrong(/再错 1 次/)
    await wrong(/错误次数过多，已暂时锁定，请 30 秒后再试/)
    await enterPin(page, ZHANG.name, ZHANG.pin)
    await expect(error.last().textContent()).resolves.toMatch(/已暂时锁定，请 \d+ 秒后再试/)
    await expect(page.getByTestId('status-person').textContent()).resolves.toContain('未登录')
  })

  it('Ctrl+L locks the screen; the same person signs back in with their PIN', async () => {
    await signIn(page, '陈主管', '9753')
    await page.keyboard.press('Control+l')
    await page.getByText('屏幕已锁定').waitFor()
    // The PIN field for the person who locked comes once the sign-in list has loaded.
    await page.getByTestId('sign-in').getByText('陈主管，请输入 PIN').waitFor()
    await page.getByTestId('sign-in-pin').fill('9753')
    await page.getByTestId('sign-in-pin').press('Enter')
    await waitSignedIn(page, '陈主管')
  })

  it('quick switch helper: to the admin and back', async () => {
    await switchPerson(page, '店长', '246810')
    await openSettingsTab('人员与班组')
    await page.getByTestId('people-table').waitFor()
  })
})
