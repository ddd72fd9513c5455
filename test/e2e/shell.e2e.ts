import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowser, launchApp, type AppHandle } from './harness'
import { setupAdmin } from './people-helpers'

let app: AppHandle

beforeAll(async () => {
  app = await launchApp()
})
afterAll(async () => {
  await app?.close()
  await closeBrowser()
})

const sections = ['tickets', 'scripts', 'training', 'shifts', 'reports', 'settings'] as const
const zh = ['工单', '话术', '培训', '班次', '报表', '设置']
const en = ['Tickets', 'Scripts', 'Training', 'Shifts', 'Reports', 'Settings']

describe('the workstation shell', () => {
  it('opens in Chinese with every section in the navigation', async () => {
    const { page } = app
    await expect(page.title()).resolves.toBe('客服工作台')
    for (const [i, s] of sections.entries()) {
      await expect(page.getByTestId(`nav-${s}`).textContent()).resolves.toContain(zh[i])
    }
    await expect(page.getByTestId('status-bar').textContent()).resolves.toContain('未登录')
  })

  it('visits every section by mouse and keyboard', async () => {
    const { page } = app
    for (const s of sections) {
      await page.getByTestId(`nav-${s}`).click()
      await page.getByTestId(`section-${s}`).waitFor()
      expect(page.url()).toContain(`#/${s}`)
    }
    // keyboard: Alt+1 goes back to the ticket desk
    await page.keyboard.press('Alt+1')
    await page.getByTestId('section-tickets').waitFor()
  })

  it('switches to English and back, and the labels follow', async () => {
    const { page } = app
    await page.getByTestId('nav-settings').click()
    await page.getByTestId('language-switch').getByText('English').click()
    for (const [i, s] of sections.entries()) {
      await expect.poll(() => page.getByTestId(`nav-${s}`).textContent()).toContain(en[i])
    }
    await expect(page.getByTestId('status-bar').textContent()).resolves.toContain('Not signed in')
    await page.getByTestId('language-switch').getByText('简体中文').click()
    await expect.poll(() => page.getByTestId('nav-tickets').textContent()).toContain('工单')
  })

  it('writes a setting through the HTTP bridge into the data folder and reads it back', async () => {
    const { page } = app
    await setupAdmin(page)
    await page.getByTestId('nav-settings').click()
    await page.getByTestId('pc-name').fill('前台1号机')
    await page.getByTestId('settings-save').click()
    await page.getByText('设置已保存').waitFor()
    const onDisk = JSON.parse(
      fs.readFileSync(path.join(app.dataDir, 'local-settings.json'), 'utf8'),
    )
    expect(onDisk.pcName).toBe('前台1号机')
    await page.reload()
    await page.waitForSelector('body[data-app-state="loaded"]')
    await expect(page.getByTestId('pc-name').inputValue()).resolves.toBe('前台1号机')
    await expect(page.getByTestId('status-bar').textContent()).resolves.toContain('前台1号机')
  })

  it('answers invalid input with a typed error in Chinese, and keeps running', async () => {
    const { page } = app
    const result = await page.evaluate(async () => {
      try {
        await window.kefu!.settings.setLocal({ idleLockMinutes: 'soon' as unknown as number })
        return null
      } catch (e) {
        const err = e as { code: string; message: string }
        return { code: err.code, message: err.message }
      }
    })
    expect(result?.code).toBe('invalid_input')
    expect(result?.message).toMatch(/输入有误/)
    await expect(page.evaluate(() => window.kefu!.system.ping({}))).resolves.toMatchObject({
      pong: true,
    })
  })

  it('the web host refuses a request without the token or from another origin', async () => {
    if (app.shell !== 'browser') return
    const url = app.url!
    const body = JSON.stringify({})
    const noToken = await fetch(`${url}api/system.ping`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: url.replace(/\/$/, ''),
        'x-kefu-client': 'testclient01',
      },
      body,
    })
    expect(noToken.status).toBe(401)
    expect((await noToken.json()).error.code).toBe('bad_token')
    const foreign = await fetch(`${url}api/system.ping`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: 'https://evil.example',
        'x-kefu-token': app.token!,
        'x-kefu-client': 'testclient01',
      },
      body,
    })
    expect(foreign.status).toBe(403)
    expect((await foreign.json()).error.code).toBe('bad_origin')
    // and the page's own fetch from another origin is blocked by the browser before it can read
    const page2 = await app.page.context().newPage()
    await page2.goto('about:blank')
    const fromOther = await page2.evaluate(async (u) => {
      try {
        const r = await fetch(`${u}api/system.info`, { method: 'POST', body: '{}' })
        return r.status
      } catch {
        return 'blocked'
      }
    }, url)
    expect(fromOther === 'blocked' || fromOther === 403).toBe(true)
    await page2.close()
  })

  it('zooms with Ctrl+=, turns dark, and keeps both for this person after a reload', async () => {
    const { page } = app
    await page.getByTestId('nav-settings').click()
    await page.getByTestId('section-settings').waitFor()
    const navHeight = async () => (await page.getByTestId('nav-tickets').boundingBox())!.height
    const before = await navHeight()
    await page.keyboard.press('Control+Equal')
    await expect.poll(() => page.getByTestId('zoom-level').textContent()).toBe('110%')
    await expect.poll(navHeight).toBeGreaterThan(before * 1.05)

    await page.getByTestId('theme-switch').getByText('深色').click()
    const shellBackground = () =>
      page.evaluate(() => {
        const bg = getComputedStyle(document.querySelector('.shell')!).backgroundColor
        const [r, g, b] = bg.match(/\d+/g)!.map(Number)
        return r! + g! + b!
      })
    // antd's dark algorithm: the layout background is near black.
    await expect.poll(shellBackground).toBeLessThan(120)

    await page.getByTestId('font-size-switch').getByText('特大').click()
    const onDisk = () =>
      Object.values(
        JSON.parse(fs.readFileSync(path.join(app.dataDir, 'local-settings.json'), 'utf8'))
          .display ?? {},
      )
    await expect.poll(onDisk).toContainEqual({ zoom: 1.1, fontSize: 'xlarge', theme: 'dark' })

    await page.reload()
    await page.waitForSelector('body[data-app-state="loaded"]')
    await page.getByTestId('zoom-level').waitFor()
    await expect(page.getByTestId('zoom-level').textContent()).resolves.toBe('110%')
    expect(await navHeight()).toBeGreaterThan(before * 1.05)
    await expect.poll(shellBackground).toBeLessThan(120)

    await page.keyboard.press('Control+0')
    await expect.poll(() => page.getByTestId('zoom-level').textContent()).toBe('100%')
    await page.getByTestId('theme-switch').getByText('浅色').click()
    await expect.poll(shellBackground).toBeGreaterThan(600)
  })
})
