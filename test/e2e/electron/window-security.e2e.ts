import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchApp, type AppHandle } from '../harness'

// Runs only where Electron's binary is installed (see vitest.e2e.config.ts).
let app: AppHandle

beforeAll(async () => {
  app = await launchApp()
  expect(app.shell).toBe('electron')
})
afterAll(async () => {
  await app?.close()
})

describe('the Electron window on a shared PC', () => {
  it('is served from the app protocol, never file://', () => {
    expect(app.page.url()).toMatch(/^app:\/\/kefu\//)
  })

  it('gives the page no Node and no raw IPC: only window.kefu', async () => {
    const seen = await app.page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      kefuKeys: Object.keys(window.kefu ?? {}),
    }))
    expect(seen.require).toBe('undefined')
    expect(seen.process).toBe('undefined')
    expect(seen.kefuKeys).toContain('tickets')
    expect(seen.kefuKeys).not.toContain('ipcRenderer')
  })

  it('an external link cannot replace the app page', async () => {
    const before = app.page.url()
    await app.page.evaluate(() => {
      window.location.href = 'https://example.com/'
    })
    await app.page.waitForTimeout(500)
    expect(app.page.url()).toBe(before)
    await app.page.waitForSelector('body[data-app-state="loaded"]')
  })

  it('window.open gets nothing', async () => {
    const opened = await app.page.evaluate(() => window.open('https://example.com/') === null)
    expect(opened).toBe(true)
  })

  it('permission requests other than clipboard writing are refused', async () => {
    const state = await app.page.evaluate(() => Notification.requestPermission())
    expect(state).toBe('denied')
  })
})
