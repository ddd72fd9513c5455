import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { Store } from '../../electron/store'
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
 * the shop's people, an agent works within their rights, a supervisor switches in and reads
 * the audit trail, and wrong PINs are rate-limited.
 */
let app: AppHandle
let page: Page
const ids: Record<string, string> = {}

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
    await expect(page.getByTestId('join-space').textContent()).resolves.toContain(
      '随「同步」一起推出',
    )
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
    await add('小李', '1357', '客服专员')
    await add('小张', '2468', '客服专员')
    await add('陈主管', '9753', '客服主管')
    const row = page.getByTestId('people-table').getByRole('row').filter({ hasText: '陈主管' })
    await expect(row.textContent()).resolves.toContain('客服主管')
    await expect(row.textContent()).resolves.toContain('售后组')

    const list = await callKefu<{ id: string; name: string }[]>('people.list', {})
    if (!list.ok) throw new Error(list.message)
    for (const p of list.value) ids[p.name] = p.id
  })

  it('orders seeded for the agents (test-only: straight into the data folder while the app is stopped)', async () => {
    // The ticket desk's own intake is another feature; these orders stand in for it.
    await app.stop()
    const store = await Store.open({
      dataDir: app.dataDir,
      deviceId: 'e2eseed01',
      autoBackup: false,
    })
    const ticket = (id: string, assignee: string, orderNo: string, contact: string) =>
      Object.entries({
        orderNo,
        status: 'processing',
        assignee,
        customerName: '张三丰',
        contact,
        address: '浙江省杭州市西湖区文三路90号',
        platform: 'pdd',
        description: '快递三天没动',
      }).map(([field, value]) => ({ entity: 'ticket', id, kind: 'set' as const, field, value }))
    await store.commit(ids['店长']!, [
      ...ticket('T-li', ids['小李']!, '240501-001', '13812341234'),
      ...ticket('T-zhang', ids['小张']!, '240501-002', '13900001111'),
    ])
    await store.close()
    app = await launchApp({ dataDir: app.dataDir })
    page = app.page
    // a restart signs everyone out
    await page.getByTestId('sign-in').waitFor()
  })

  it('the agent signs in and cannot open the people page', async () => {
    const names = await page.getByTestId('sign-in-people').getByRole('option').allTextContents()
    expect(names[0]).toContain('店长') // recent on this PC first
    await signIn(page, '小李', '1357')
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

  it('the agent reveals the contact of an order assigned to them, but not of another agent\u2019s', async () => {
    expect(await callKefu('privacy.revealContact', { entity: 'ticket', id: 'T-li' })).toEqual({
      ok: true,
      value: {
        customerName: '张三丰',
        contact: '13812341234',
        address: '浙江省杭州市西湖区文三路90号',
      },
    })
    const other = await callKefu('privacy.revealContact', { entity: 'ticket', id: 'T-zhang' })
    expect(other).toMatchObject({ ok: false, code: 'forbidden' })
    expect((other as { message: string }).message).toContain('指派或转办给你')
  })

  it('the supervisor signs in by quick switch and sees the reveal in the audit trail', async () => {
    await signOutToList(page)
    const names = await page.getByTestId('sign-in-people').getByRole('option').allTextContents()
    expect(names[0]).toContain('小李')
    await signIn(page, '陈主管', '9753')
    await openSettingsTab('审计日志')
    await page.getByTestId('audit-filter-action').click()
    await page
      .locator('.ant-select-dropdown')
      .getByText('查看顾客联系方式', { exact: true })
      .click()
    const rows = page.getByTestId('audit-table').locator('tbody tr')
    await rows.filter({ hasText: 'ticket/T-li' }).waitFor()
    await expect(rows.count()).resolves.toBe(1)
    const text = await rows.first().textContent()
    expect(text).toContain('小李')
    expect(text).toContain('240501-001')
    expect(text).not.toContain('13812341234')
  })

  it('three wrong PINs then the right one works; five lock out', async () => {
    const error = page.getByTestId('sign-in').locator('.ant-form-item-explain-error')
    const wrong = async (expected: RegExp) => {
      await enterPin(page, '小张', '0000')
      await expect(error.last().textContent()).resolves.toMatch(expected)
    }
    await signOutToList(page)
    await wrong(/PIN 不正确，请重试/)
    await wrong(/PIN 不正确，请重试/)
    await wrong(/PIN 不正确，再错 2 次将被暂时锁定/)
    await enterPin(page, '小张', '2468')
    await waitSignedIn(page, '小张')

    await signOutToList(page)
    await wrong(/PIN 不正确，请重试/)
    await wrong(/PIN 不正确，请重试/)
    await wrong(/再错 2 次/)
    await wrong(/再错 1 次/)
    await wrong(/错误次数过多，已暂时锁定，请 30 秒后再试/)
    await enterPin(page, '小张', '2468')
    await expect(error.last().textContent()).resolves.toMatch(/已暂时锁定，请 \d+ 秒后再试/)
    await expect(page.getByTestId('status-person').textContent()).resolves.toContain('未登录')
  })

  it('Ctrl+L locks the screen; the same person signs back in with their PIN', async () => {
    await signIn(page, '陈主管', '9753')
    await page.keyboard.press('Control+l')
    await page.getByText('屏幕已锁定').waitFor()
    await expect(page.getByTestId('sign-in').textContent()).resolves.toContain('陈主管，请输入 PIN')
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
