import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowser, launchApp, type AppHandle } from './harness'
import { ADMIN_NAME, openSettingsTab, setupAdmin, waitSignedIn } from './people-helpers'

/**
 * Issue 4 item 2 in Chromium against the browser build: the admin backs up from Settings,
 * changes shared data (a team), restores the backup after reading where the current data will
 * be kept, and sees the earlier state; the later data is still on disk in a before-restore folder.
 */
let app: AppHandle
let page: Page

beforeAll(async () => {
  app = await launchApp()
  page = app.page
})
afterAll(async () => {
  await app?.close()
  await closeBrowser()
})

async function addTeam(name: string) {
  await openSettingsTab(page, '人员与班组')
  await page.getByTestId('team-name').fill(name)
  await page.getByTestId('team-name').press('Enter')
  await page.getByTestId('team-tag').filter({ hasText: name }).waitFor()
}

async function teamNames(): Promise<string[]> {
  await openSettingsTab(page, '人员与班组')
  await page.getByTestId('teams-editor').waitFor()
  await page.getByTestId('team-tag').first().waitFor()
  // Each tag reads "<name>删除" (its delete button); the name is what a person checks.
  return (await page.getByTestId('team-tag').allTextContents()).map((s) =>
    s.replace(/删除$/, '').trim(),
  )
}

function allText(dir: string): string {
  let out = ''
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    out += e.isDirectory() ? allText(p) : fs.readFileSync(p, 'utf8')
  }
  return out
}

describe('backups in Settings', () => {
  it('the admin backs up, adds a team, restores the backup and sees the earlier teams', async () => {
    await setupAdmin(page)
    await addTeam('售后组')

    await openSettingsTab(page, '备份')
    const panel = page.getByTestId('backup-panel')
    await panel.waitFor()
    const rows = page.getByTestId('backup-table').locator('tbody tr.ant-table-row')
    const before = await rows.count()
    await page.getByTestId('backup-now').click()
    await page.getByText(/已备份（/).waitFor()
    await expect.poll(() => rows.count()).toBe(before + 1)
    // Newest first: the row just made carries today's date and a size.
    const newest = rows.first()
    const today = new Date()
    const ymd = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`
    await expect.poll(() => newest.textContent()).toMatch(new RegExp(`${ymd} \\d\\d:\\d\\d:\\d\\d`))
    expect(await newest.textContent()).toMatch(/\d+(\.\d)? (KB|MB)/)

    await addTeam('夜班组')
    expect(await teamNames()).toEqual(expect.arrayContaining(['售后组', '夜班组']))

    await openSettingsTab(page, '备份')
    await newest.getByTestId('backup-restore').click()
    const confirm = page.getByTestId('backup-confirm')
    await confirm.waitFor()
    const text = (await confirm.textContent()) ?? ''
    expect(text).toContain('before-restore-')
    expect(text).toContain('不会删除')
    expect(text).toContain(app.dataDir)
    await page.getByTestId('backup-confirm-ok').click()

    const done = page.getByTestId('backup-restored')
    await done.waitFor({ timeout: 30_000 })
    const doneText = (await done.textContent()) ?? ''
    const aside = /before-restore-[\w-]+/.exec(doneText)?.[0]
    expect(aside, doneText).toBeTruthy()
    await page.getByTestId('backup-reload').click()
    await page.waitForSelector('body[data-app-state="loaded"]', { timeout: 30_000 })
    await waitSignedIn(page, ADMIN_NAME)

    const teams = await teamNames()
    expect(teams).toContain('售后组')
    expect(teams).not.toContain('夜班组')

    // Nothing was deleted: the data from before the restore is in the folder the dialog named.
    const asideDir = path.join(app.dataDir, aside!)
    expect(fs.existsSync(asideDir)).toBe(true)
    expect(allText(asideDir)).toContain('夜班组')
    await openSettingsTab(page, '备份')
    await page.getByTestId('backup-aside').filter({ hasText: aside! }).waitFor()
  })
})
