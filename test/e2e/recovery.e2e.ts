import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Store } from '../../electron/store'
import { closeBrowser, launchApp, shotPath, tempDataDir, type AppHandle } from './harness'

// A damaged data folder shows the recovery screen, never first start (issue 14 item 3).

const apps: AppHandle[] = []
afterAll(async () => {
  for (const a of apps) await a.close().catch(() => undefined)
  await closeBrowser()
})

/** A shop with two people and some orders, a backup, then its view and journal destroyed. */
async function damagedShop(): Promise<{ dir: string; backups: string }> {
  const dir = tempDataDir('kefu-e2e-recovery')
  const store = await Store.open({ dataDir: dir, deviceId: 'e2epc', autoBackup: false })
  const person = (id: string, name: string, roles: string[]) =>
    Object.entries({
      name,
      roles,
      teams: [],
      disabled: false,
      createdAt: new Date().toISOString(),
    }).map(([field, value]) => ({ entity: 'person', id, kind: 'set', field, value }))
  await store.commit('p-admin', person('p-admin', '店长', ['admin']))
  await store.commit('p-admin', person('p-wang', '小王', ['agent']))
  await store.backupNow()
  await store.close()
  // the power goes badly: state.json lost, every journal segment NUL-filled, and the backup
  // folder on a USB stick that is not plugged in
  fs.rmSync(path.join(dir, 'state.json'))
  const jdir = path.join(dir, 'journal')
  for (const f of fs.readdirSync(jdir)) {
    const file = path.join(jdir, f)
    fs.writeFileSync(file, Buffer.alloc(Math.max(64, fs.statSync(file).size)))
  }
  const backups = path.join(path.dirname(dir), `${path.basename(dir)}-usb`)
  fs.renameSync(path.join(dir, 'backups'), backups)
  return { dir, backups }
}

describe('a damaged data folder', () => {
  it('shows the recovery screen with what is missing, not 创建第一位管理员; the backup brings the people back', async () => {
    const { dir, backups } = await damagedShop()
    const app = await launchApp({ dataDir: dir })
    apps.push(app)
    const { page } = app
    const screen = page.getByTestId('recovery-screen')
    await screen.waitFor()
    await expect(page.getByTestId('first-start').count()).resolves.toBe(0)
    await expect(page.getByText('创建第一位管理员').count()).resolves.toBe(0)
    const text = await page.getByTestId('recovery-message').innerText()
    expect(text).toContain('原有 2 位人员')
    expect(text).toContain('不是新店')
    expect(text).toContain('quarantine/')
    // nothing was deleted: the damaged segments are in quarantine/
    expect(fs.readdirSync(path.join(dir, 'quarantine')).some((f) => f.startsWith('journal_'))).toBe(
      true,
    )
    await page.screenshot({ path: shotPath('recovery-screen.png') })

    // Without a backup the screen says where to put one; with it back, one click restores.
    await page.getByText('这台电脑上没有可用的备份').waitFor()
    fs.mkdirSync(path.join(dir, 'backups'), { recursive: true })
    for (const f of fs.readdirSync(backups))
      fs.copyFileSync(path.join(backups, f), path.join(dir, 'backups', f))
    await page.getByTestId('recovery-recheck').click()
    await page.getByTestId('recovery-restore').click()
    await page.getByTestId('recovery-screen').waitFor({ state: 'detached' })
    // the people are back: sign-in, still never first start
    await page.getByText('小王').first().waitFor()
    await expect(page.getByTestId('first-start').count()).resolves.toBe(0)
  })
})
