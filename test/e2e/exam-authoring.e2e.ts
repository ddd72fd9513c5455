import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { closeBrowser, launchApp, type AppHandle } from './harness'
import { addPerson, setupAdmin, switchPerson } from './people-helpers'

/**
 * Issue 19 "Done when", the exam part: a trainer builds a bank and a fixed paper in the app,
 * an agent takes it and cannot open a second attempt, the trainer confirms the short answer,
 * and the score appears in the agent's monthly assessment.
 */

const TRAINER = { name: '周老师', pin: '112233' }
const AGENT = { name: '小李', pin: '135790' }
const BOSS = { name: '陈主管', pin: '975310' }

let app: AppHandle
let page: Page

async function openTraining(tab: string): Promise<void> {
  await page.getByTestId('nav-training').click()
  await page.getByTestId(`training-tab-${tab}`).click()
}

async function pick(testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click()
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: label })
    .first()
    .click()
}

beforeAll(async () => {
  app = await launchApp()
  page = app.page
  await page.setViewportSize({ width: 1440, height: 900 })
  await setupAdmin(page)
  await addPerson(page, { ...TRAINER, roles: ['trainer'] })
  await addPerson(page, { ...AGENT, roles: ['agent'] })
  await addPerson(page, { ...BOSS, roles: ['supervisor'] })
})

afterAll(async () => {
  await app?.close()
  await closeBrowser()
})

describe('an exam the trainer builds', () => {
  it('bank, questions and a fixed paper; one open attempt; the confirmed score in the assessment', async () => {
    await switchPerson(page, TRAINER.name, TRAINER.pin)
    await openTraining('banks')
    await page.getByTestId('bank-new-name').fill('退换货规则')
    await page.getByTestId('bank-create').click()
    await page.getByText('已新建题库「退换货规则」').waitFor()

    await page.getByTestId('question-new').click()
    await page.getByTestId('question-form').getByText('判断题', { exact: true }).click()
    await page.getByTestId('question-stem').fill('顾客拆封试穿过的衣服一律不能退。')
    await page.getByTestId('question-form').getByText('错', { exact: true }).click()
    await page.getByTestId('question-explanation').fill('不影响二次销售即可退。')
    await page.getByTestId('question-save').click()
    await expect.poll(() => page.getByTestId('bank-question').count()).toBe(1)

    await page.getByTestId('question-new').click()
    await page.getByTestId('question-form').getByText('简答题', { exact: true }).click()
    await page.getByTestId('question-stem').fill('顾客收到破损商品，第一句话怎么说？')
    await page.getByTestId('question-keyword').first().fill('抱歉')
    await page.getByTestId('question-add-keyword').click()
    await page.getByTestId('question-keyword').nth(1).fill('照片')
    await page.getByTestId('question-explanation').fill('先道歉，再请顾客拍照。')
    await page.getByTestId('question-save').click()
    await expect.poll(() => page.getByTestId('bank-question').count()).toBe(2)

    await openTraining('exams')
    await page.getByTestId('exam-new').click()
    const editor = page.getByTestId('exam-editor')
    await editor.getByTestId('exam-editor-title').fill('退换货小测')
    await pick('exam-editor-banks', '退换货规则')
    await page.keyboard.press('Escape')
    await pick('exam-editor-fixed', '破损商品')
    // The list stays open for the next pick.
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: '试穿过的衣服' })
      .first()
      .click()
    await page.keyboard.press('Escape')
    await page.getByTestId('exam-editor-save').click()
    await editor.waitFor({ state: 'detached' })
    const card = page.getByTestId('exam-card').filter({ hasText: '退换货小测' })
    await card.getByText('固定试卷 2 题').waitFor()

    // The agent starts, answers one question, leaves: only 继续作答 is offered.
    await switchPerson(page, AGENT.name, AGENT.pin)
    await openTraining('exams')
    await card.getByTestId('exam-start').click()
    await page.getByTestId('exam-start-ok').click()
    await page.getByTestId('exam-paper').waitFor()
    const questions = page.getByTestId('exam-question')
    await expect(questions.nth(0).getAttribute('data-type')).resolves.toBe('short')
    await questions.nth(0).getByTestId('exam-short').fill('非常抱歉，麻烦您拍张照片给我')
    await questions.nth(0).getByTestId('exam-short').blur()
    await page.getByTestId('training-back').click()
    await card.getByTestId('exam-continue').waitFor()
    expect(await card.getByTestId('exam-start').count()).toBe(0)
    await card.getByTestId('exam-continue').click()
    await expect
      .poll(() => questions.nth(0).getByTestId('exam-short').inputValue())
      .toBe('非常抱歉，麻烦您拍张照片给我')
    await questions.nth(1).getByTestId('exam-false').click()
    await page.getByTestId('exam-submit').click()
    await page.getByTestId('exam-submit-ok').click()
    await page.getByTestId('exam-result').waitFor()
    await page.getByTestId('exam-pending').waitFor()
    const total = page.getByTestId('exam-total')
    await expect(total.getAttribute('data-total')).resolves.toBe('12')
    await page.getByTestId('training-back').click()

    // The trainer confirms the short answer from the grading queue.
    await switchPerson(page, TRAINER.name, TRAINER.pin)
    await openTraining('dashboard')
    await page
      .getByTestId('review-row')
      .filter({ hasText: AGENT.name })
      .getByTestId('review-open')
      .click()
    await page.getByTestId('exam-confirm').click()
    await expect.poll(() => page.getByTestId('exam-confirm').count()).toBe(0)
    await page.getByTestId('training-back').click()

    // 12 of 12 points: 100 in the agent's monthly assessment.
    await switchPerson(page, BOSS.name, BOSS.pin)
    await page.getByTestId('nav-reports').click()
    const row = page.getByTestId('assessment-table').locator('tr').filter({ hasText: AGENT.name })
    await row.getByTestId('assessment-exam').getByText('100').waitFor()
  })
})
