import type { Page } from 'playwright-core'
import type { Role } from '../../shared/auth/roles'

/**
 * E2E helpers for people and sign-in, for every feature's E2E tests. They drive the real
 * screens (first start, sign-in, quick switch) the way a person would, or, for setting up many
 * people fast, the real `window.kefu` bridge of a page signed in as an admin.
 *
 *   const app = await launchApp()
 *   const { recoveryCode } = await setupAdmin(app.page)            // first start → admin signed in
 *   await addPerson(app.page, { name: '小李', pin: '1357', roles: ['agent'], teams: ['售后组'] })
 *   await switchPerson(app.page, '小李', '1357')                    // quick switch in the status bar
 *   const page2 = await app.newPage(); await signIn(page2, '店长', ADMIN_PIN)  // a second window
 */

export const ADMIN_NAME = '店长'
export const ADMIN_PIN = '246810'

/** The status bar names the signed-in person. */
export async function waitSignedIn(page: Page, name: string): Promise<void> {
  await page.getByTestId('status-person').filter({ hasText: name }).waitFor()
}

/**
 * First start on an empty data folder: creates the first admin through the first-start screen,
 * reads the one-time recovery code, acknowledges it, and leaves the admin signed in.
 */
export async function setupAdmin(
  page: Page,
  opts: { name?: string; pin?: string } = {},
): Promise<{ recoveryCode: string; name: string; pin: string }> {
  const name = opts.name ?? ADMIN_NAME
  const pin = opts.pin ?? ADMIN_PIN
  await page.getByTestId('first-start').waitFor()
  await page.getByTestId('setup-name').fill(name)
  await page.getByTestId('setup-pin').fill(pin)
  await page.getByTestId('setup-pin2').fill(pin)
  await page.getByTestId('setup-pin2').press('Enter')
  const code = page.getByTestId('recovery-code')
  await code.waitFor()
  const recoveryCode = ((await code.textContent()) ?? '').trim()
  await page.getByTestId('recovery-ack').click()
  await waitSignedIn(page, name)
  return { recoveryCode, name, pin }
}

export interface NewPerson {
  name: string
  pin: string
  roles: Role[]
  /** Team names; missing teams are created. */
  teams?: string[]
}

/**
 * Adds a person through the real bridge of `page`, which must be signed in as an admin
 * (fast: for tests whose subject is not the people page). Returns the new person's id.
 */
export async function addPerson(page: Page, person: NewPerson): Promise<{ id: string }> {
  return page.evaluate(async (p) => {
    const kefu = window.kefu!
    const teams = await kefu.people.listTeams({})
    const ids: string[] = []
    for (const name of p.teams ?? []) {
      const found = teams.find((t) => t.name === name) ?? (await kefu.people.saveTeam({ name }))
      if (!teams.includes(found)) teams.push(found)
      ids.push(found.id)
    }
    const created = await kefu.people.create({
      name: p.name,
      pin: p.pin,
      roles: p.roles,
      teams: ids,
    })
    return { id: created.id }
  }, person)
}

/** On the sign-in (or lock) screen: picks the person by name, types the PIN, presses Enter. */
export async function signIn(page: Page, name: string, pin: string): Promise<void> {
  await enterPin(page, name, pin)
  await waitSignedIn(page, name)
}

/** Picks the person and submits a PIN; resolves once the app has answered, right or wrong. */
export async function enterPin(page: Page, name: string, pin: string): Promise<void> {
  await page.getByTestId('sign-in').waitFor()
  await page.getByTestId('sign-in-people').getByRole('option', { name, exact: true }).click()
  const screen = page.getByTestId('sign-in')
  const before = Number(await screen.getAttribute('data-answered'))
  const field = page.getByTestId('sign-in-pin')
  await field.fill(pin)
  await field.press('Enter')
  // Wait for the answer (an error on this screen, or the desk): never act on the previous one.
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid="sign-in"]')
    return !el || Number(el.getAttribute('data-answered')) > n
  }, before)
}

/** Quick switch at shift change: status bar → 切换人员 → the next person signs in. */
export async function switchPerson(page: Page, name: string, pin: string): Promise<void> {
  await signOutToList(page)
  await signIn(page, name, pin)
}

/** Status bar → 切换人员: the current person is signed out and the sign-in list shows. */
export async function signOutToList(page: Page): Promise<void> {
  await page.getByTestId('status-person').click()
  await page.getByTestId('menu-switch').click()
  await page.getByTestId('sign-in').waitFor()
}

/** 设置, opened at the tab with this label (人员与班组, 店铺与时限, 备份…). */
export async function openSettingsTab(page: Page, label: string): Promise<void> {
  await page.getByTestId('nav-settings').click()
  await page.getByRole('tab', { name: label }).click()
}
