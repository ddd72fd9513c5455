import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import drillsFile from '../../resources/content/drills.json'
import { closeBrowser, launchApp, shotPath, type AppHandle } from './harness'
import { addPerson, setupAdmin, switchPerson } from './people-helpers'

/**
 * The training centre walked as a trainer and a trainee share one shop-floor PC: the trainer
 * sets a scripted drill, the trainee forgets to apologise and the customer escalates, recovers,
 * the trainer joins with a PIN and marks what the app can't; the drill is in the trainee's
 * record with its transcript. Then an exam with all four question types, auto-scored, and the
 * trainer changes the short answer's points with a reason.
 */

const TRAINER = { name: '周老师', pin: '112233' }
const TRAINEE = { name: '小李', pin: '135790' }

let app: AppHandle
let page: Page

async function pick(p: Page, testId: string, label: string): Promise<void> {
  await p.getByTestId(testId).click()
  await p
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: label })
    .first()
    .click()
}

async function openTraining(p: Page, tab: string): Promise<void> {
  await p.getByTestId('nav-training').click()
  await p.getByTestId(`training-tab-${tab}`).click()
}

async function reply(p: Page, text: string, customerLines: number): Promise<void> {
  await p.getByTestId('reply-text').fill(text)
  await p.getByTestId('reply-text').press('Control+Enter')
  await expect
    .poll(() => p.locator('[data-testid="drill-line"][data-role="customer"]').count())
    .toBe(customerLines)
}

/** Pictures for the README show the screen, not a confirmation toast left over from a step. */
async function quietToasts(p: Page): Promise<void> {
  await p.mouse.move(0, 0)
  await p
    .locator('.ant-message-notice')
    .first()
    .waitFor({ state: 'detached', timeout: 8_000 })
    .catch(() => undefined)
}

beforeAll(async () => {
  app = await launchApp()
  page = app.page
  await page.setViewportSize({ width: 1440, height: 900 })
  await setupAdmin(page)
  await addPerson(page, { ...TRAINER, roles: ['trainer'] })
  await addPerson(page, { ...TRAINEE, roles: ['agent'] })
})

afterAll(async () => {
  await app?.close()
  await closeBrowser()
})

describe('training centre', () => {
  it('a scripted drill: no apology escalates, the trainee recovers, the trainer joins with a PIN and scores, the record keeps the transcript', async () => {
    await switchPerson(page, TRAINER.name, TRAINER.pin)
    await openTraining(page, 'drills')
    await pick(page, 'assign-scenario', '快递延误')
    await pick(page, 'assign-trainee', TRAINEE.name)
    await page.getByTestId('assign-submit').click()
    await page.getByText('已布置，学员登录后即可开始').waitFor()

    await switchPerson(page, TRAINEE.name, TRAINEE.pin)
    await openTraining(page, 'drills')
    const row = page.locator('[data-testid="drill-session-row"][data-status="assigned"]')
    await row.getByTestId('drill-open').click()
    await page.getByTestId('drill-start').click()
    await expect
      .poll(() => page.locator('[data-testid="drill-line"][data-role="customer"]').count())
      .toBe(1)
    await expect(page.getByTestId('drill-transcript').textContent()).resolves.toContain(
      '物流三天都没动过',
    )

    // First reply: polite, but no apology. The customer escalates along the branch.
    await reply(page, '您好，物流在路上，请您耐心等待。', 2)
    const transcript = page.getByTestId('drill-transcript')
    await transcript.getByText('就这？连句道歉都没有？').waitFor()
    await expect(page.getByTestId('drill-mood').textContent()).resolves.toBe('生气')

    // Recovery: an apology from the script library, then the resolution the handbook asks for.
    await page.getByTestId('reply-box').getByTestId('script-picker-open').click()
    await page.getByTestId('script-search').fill('致歉')
    await page.getByTestId('script-search').press('Enter')
    await expect.poll(() => page.getByTestId('reply-text').inputValue()).not.toBe('')
    await page.getByTestId('reply-text').press('End')
    await page.getByTestId('reply-text').pressSequentially('非常抱歉让您久等了，我马上帮您查。')
    await page.getByTestId('reply-text').press('Control+Enter')
    await expect
      .poll(() => page.locator('[data-testid="drill-line"][data-role="customer"]').count())
      .toBe(3)
    await transcript.getByText('订单号 240611-583920174').waitFor()
    // The desk's own reply box and picker, but practice is not use: nothing counts in the library.
    const usage = await page.evaluate(() => window.kefu!.scripts.list({}).then((l) => l.usage))
    expect(usage).toEqual({ mine: {}, total: {} })
    await reply(page, '我这边马上联系快递催件，同时给您补发一个新的。', 4)
    await reply(page, '补发的预计周六之前送到，原来的包裹到了您拒收就好。', 5)
    await reply(page, '好的，发出后第一时间告诉您，请问还有其他问题吗？', 6)
    await page.getByTestId('drill-ended').getByText('顾客满意').waitFor()

    const total = page.getByTestId('drill-total')
    await expect(total.getAttribute('data-complete')).resolves.toBe('false')
    const autoTotal = Number(await total.getAttribute('data-total'))
    expect(autoTotal).toBeGreaterThan(0)

    // The trainer joins on this PC with their PIN; the trainee stays signed in.
    await pick(page, 'drill-join-person', TRAINER.name)
    await page.getByTestId('drill-join-pin').fill('000000')
    await page.getByTestId('drill-join').click()
    await page.getByTestId('drill-join-error').getByText('PIN 不正确').waitFor()
    await page.getByTestId('drill-join-pin').fill(TRAINER.pin)
    await page.getByTestId('drill-join').click()
    await page.getByTestId('drill-trainer-here').waitFor()
    await expect(page.getByTestId('status-person').textContent()).resolves.toContain(TRAINEE.name)
    await page.locator('[data-testid="drill-mark"][data-item="tone"] input').fill('8')
    await page.locator('[data-testid="drill-mark"][data-item="stated_policy"] input').fill('12')
    await page.getByTestId('drill-comment').fill('第一句忘了道歉，补救及时，方案清楚。')
    await page.getByTestId('drill-score-save').click()
    await expect.poll(() => total.getAttribute('data-complete')).toBe('true')
    await expect(total.getAttribute('data-total')).resolves.toBe(String(autoTotal + 20))
    await total.getByText(`总分 ${autoTotal + 20} / 100`).waitFor()

    await quietToasts(page)
    await page.screenshot({ path: shotPath('training-drill.png') })

    // The trainee's record shows the drill; opening it shows the whole conversation.
    await page.getByTestId('training-back').click()
    await page.getByTestId('training-tab-records').click()
    const drillRow = page.getByTestId('history-drill').filter({ hasText: '快递延误' })
    await drillRow.getByText(`${autoTotal + 20}/100`).waitFor()
    await drillRow.getByTestId('history-drill-open').click()
    await expect.poll(() => page.getByTestId('drill-line').count()).toBe(11)
    await page.getByTestId('drill-transcript').getByText('就这？连句道歉都没有？').waitFor()
    await page.getByTestId('training-back').click()
  })

  it('shows a lesson with its picture', async () => {
    await openTraining(page, 'materials')
    await page.getByTestId('lesson-search').locator('input').fill('工单流程')
    await page.getByTestId('lesson-hit').first().click()
    await page.getByTestId('lesson-title').getByText('售后工单流程').waitFor()
    const img = page.getByTestId('lesson-body').locator('img').first()
    await img.waitFor()
    await expect(img.getAttribute('src')).resolves.toMatch(/^data:image\/svg\+xml;base64,/)
    await expect
      .poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0)
    await quietToasts(page)
    await page.screenshot({ path: shotPath('training-lesson.png') })
  })

  it('an exam with all four question types is auto-scored; the trainer overrides the short answer', async () => {
    await openTraining(page, 'exams')
    const card = page.getByTestId('exam-card').filter({ hasText: '新人入职理论考核' })
    await card.getByTestId('exam-start').click()
    await page.getByTestId('exam-start-ok').click()
    await page.getByTestId('exam-paper').waitFor()
    const questions = page.getByTestId('exam-question')
    const n = await questions.count()
    const types = new Set<string>()
    for (let i = 0; i < n; i++) {
      const q = questions.nth(i)
      const type = (await q.getAttribute('data-type')) ?? ''
      types.add(type)
      if (type === 'single' || type === 'multiple')
        await q.getByTestId('exam-option').first().click()
      else if (type === 'truefalse') await q.getByTestId('exam-true').click()
      else {
        await q
          .getByTestId('exam-short')
          .fill('先向顾客道歉安抚情绪，再核对订单号，最后确认是否满意。')
        await q.getByTestId('exam-short').blur()
      }
    }
    expect([...types].sort()).toEqual(['multiple', 'short', 'single', 'truefalse'])
    await page.getByTestId('exam-submit').click()
    await page.getByTestId('exam-submit-ok').click()
    await page.getByTestId('exam-result').waitFor()
    const totalEl = page.getByTestId('exam-total')
    const before = Number(await totalEl.getAttribute('data-total'))
    const reviewed = page.getByTestId('exam-review')
    expect(await reviewed.count()).toBe(n)
    const shortReview = reviewed.and(page.locator('[data-type="short"]')).first()
    const [earnedBefore, max] = (
      (await shortReview.getByTestId('exam-item-score').textContent()) ?? ''
    )
      .match(/[\d.]+/g)!
      .map(Number) as [number, number]
    await expect(page.getByTestId('exam-override').count()).resolves.toBe(0)
    await page.getByTestId('training-back').click()

    // The trainer opens the trainee's paper and changes the short answer's points.
    await switchPerson(page, TRAINER.name, TRAINER.pin)
    await openTraining(page, 'dashboard')
    await page
      .getByTestId('training-dashboard')
      .getByTestId('history-exam')
      .filter({ hasText: TRAINEE.name })
      .getByTestId('history-exam-open')
      .click()
    const target = page.getByTestId('exam-review').and(page.locator('[data-type="short"]')).first()
    await target.getByTestId('exam-override').locator('input').first().fill(String(max))
    await target.getByTestId('override-reason').fill('答到了道歉、核对和确认满意，意思完整')
    await target.getByTestId('override-save').click()
    await target.getByTestId('exam-override-note').waitFor()
    const after = Math.round((before - earnedBefore + max) * 10) / 10
    await expect
      .poll(() => page.getByTestId('exam-total').getAttribute('data-total'))
      .toBe(String(after))
    await page.getByTestId('exam-total').getByText(`总分 ${after} /`).waitFor()
  })
  it('a trainer writes an exam template and imports drill scenarios from JSON files', async () => {
    // Still signed in as the trainer, on the paper just scored.
    await page.getByTestId('training-back').click()
    await openTraining(page, 'exams')
    await page.getByTestId('exam-new').click()
    const editor = page.getByTestId('exam-editor')
    await editor.getByTestId('exam-editor-title').fill('沟通技巧小测')
    await pick(page, 'exam-editor-banks', '沟通')
    await page.keyboard.press('Escape')
    const single = editor.getByTestId('exam-draw-single').locator('xpath=descendant-or-self::input')
    await single.fill('9')
    await page.getByTestId('exam-editor-save').click()
    // The bank holds 5 single-choice and 3 true/false questions (the form starts at 5 of
    // those): each field short of questions says how many are missing.
    await editor.getByText('单选题要抽 9 道，所选题库只有 5 道，还差 4 道').waitFor()
    await editor.getByText('判断题要抽 5 道，所选题库只有 3 道，还差 2 道').waitFor()
    await single.fill('3')
    await editor
      .getByTestId('exam-draw-truefalse')
      .locator('xpath=descendant-or-self::input')
      .fill('2')
    await page.getByTestId('exam-editor-save').click()
    await editor.waitFor({ state: 'detached' })
    await page
      .getByTestId('exam-card')
      .filter({ hasText: '沟通技巧小测' })
      .getByText('自建')
      .waitFor()

    await openTraining(page, 'drills')
    const scenario = structuredClone(drillsFile.drills[0]) as Record<string, unknown> & {
      turns: { id: string; next: { goto: string }[] }[]
    }
    scenario.id = 'drill.late-parcel-copy'
    scenario.title = '快递延误（门店版）'
    const input = page.getByTestId('drill-import').locator('input[type=file]')
    const broken = structuredClone(scenario)
    broken.turns.find((t) => t.id === 'ask')!.next[0]!.goto = 'nowhere'
    await input.setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(broken)),
    })
    await page
      .getByTestId('drill-import-errors')
      .getByText('节点 ask 指向不存在的节点 nowhere')
      .waitFor()
    expect(await page.locator('[data-scenario="drill.late-parcel-copy"]').count()).toBe(0)

    await input.setInputFiles({
      name: 'copy.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(scenario)),
    })
    await page.locator('[data-scenario="drill.late-parcel-copy"]').getByText('自建').waitFor()
    expect(await page.getByTestId('drill-import-errors').count()).toBe(0)
  })
})
