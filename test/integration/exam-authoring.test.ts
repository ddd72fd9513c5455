import { describe, expect, it } from 'vitest'
import type { Loose, Shop } from './people.fixture'
import { shopsPerTest } from './shop-helpers'

/** Exams trainers run themselves (issue 19 item 2), through the real services. */
const shops = shopsPerTest()

async function bankWithFour(s: Shop): Promise<{ bank: Loose; qs: Loose[] }> {
  const bank = await s.ok('trainer', 'training.saveBank', {
    title: '退换货规则',
    description: '本店退换货的常见问题',
  })
  const q = (question: Loose) =>
    s.ok('trainer', 'training.saveQuestion', { bankId: bank.id, question })
  const qs = [
    await q({
      type: 'single',
      stem: '七天无理由退货从哪天算起？',
      options: ['下单当天', '签收次日', '发货当天'],
      answer: 1,
      explanation: '从顾客签收的次日开始计算。',
    }),
    await q({
      type: 'multiple',
      stem: '哪些商品不支持七天无理由？',
      options: ['定制商品', '鲜活易腐', '普通服装'],
      answer: [0, 1],
      explanation: '定制和鲜活商品除外。',
    }),
    await q({
      type: 'truefalse',
      stem: '顾客拆封试穿过的衣服一律不能退。',
      answer: false,
      explanation: '不影响二次销售即可退。',
    }),
    await q({
      type: 'short',
      stem: '顾客收到破损商品，第一句话怎么说？',
      answer: {
        keywords: [
          { word: '抱歉', points: 5 },
          { word: '照片', points: 5 },
        ],
        maxPoints: 10,
      },
      explanation: '先道歉，再请顾客拍照。',
    }),
  ]
  return { bank, qs }
}

describe('exams trainers build', () => {
  it('a new bank with four types, a fixed paper in the trainer’s order, one open attempt, tries and which counts', async () => {
    const s = await shops.staffed()
    const { bank, qs } = await bankWithFour(s)
    expect(
      (await s.ok('trainer', 'training.banks')).find((b: Loose) => b.id === bank.id),
    ).toMatchObject({
      title: '退换货规则',
      questions: 4,
    })
    const noAnswer = await s.call('trainer', 'training.saveQuestion', {
      bankId: bank.id,
      question: {
        type: 'single',
        stem: '题',
        options: ['甲', '乙'],
        answer: 5,
        explanation: '解析',
      },
    })
    expect(noAnswer.error.message).toBe('请选出正确答案')
    expect((await s.call('agent', 'training.saveBank', { title: '我的题库' })).error.code).toBe(
      'forbidden',
    )

    const order = [qs[3].id, qs[0].id, qs[2].id, qs[1].id]
    const exam = await s.ok('trainer', 'training.saveExam', {
      title: '退换货小测',
      passMark: 60,
      timeLimitMin: 20,
      draw: { single: 0, multiple: 0, truefalse: 0, short: 0 },
      bankIds: [bank.id],
      questionIds: order,
      maxTries: 2,
      counts: 'last',
    })
    expect(exam).toMatchObject({ questionIds: order, maxTries: 2, counts: 'last' })

    const first = await s.ok('agent', 'training.startExam', { templateId: exam.id })
    expect(first.paper.map((p: Loose) => p.id)).toEqual(order)
    // Coming back to an open paper continues it: no second attempt, no other questions.
    const again = await s.ok('agent', 'training.startExam', { templateId: exam.id })
    expect(again.id).toBe(first.id)
    expect((await s.ok('agent', 'training.results', {})).length).toBe(1)

    const right = {
      [qs[0].id]: 1,
      [qs[1].id]: [0, 1],
      [qs[2].id]: false,
      [qs[3].id]: '很抱歉，麻烦拍张照片',
    }
    await s.ok('agent', 'training.submitExam', { attemptId: first.id, answers: right })
    const second = await s.ok('agent', 'training.startExam', { templateId: exam.id })
    expect(second.id).not.toBe(first.id)
    await s.ok('agent', 'training.submitExam', { attemptId: second.id, answers: {} })
    const third = await s.call('agent', 'training.startExam', { templateId: exam.id })
    expect(third.error.message).toBe('「退换货小测」每人可考 2 次，您已用完；如需补考请联系讲师')

    await s.ok('trainer', 'training.overrideAnswer', {
      attemptId: first.id,
      questionId: qs[3].id,
      points: 10,
      reason: '确认关键词评分',
    })
    const now = Date.now()
    const report = await s.ok('supervisor', 'reports.period', {
      from: new Date(now - 86_400_000).toISOString(),
      to: new Date(now + 86_400_000).toISOString(),
    })
    // The last try counts (0 %), not the better first one.
    const row = report.people.find((p: Loose) => p.personId === s.ids.agent)
    expect([row.examScore, row.examCount]).toEqual([0, 1])

    const inUse = await s.call('trainer', 'training.deleteQuestion', { id: qs[0].id })
    expect(inUse.error.message).toBe('这道题在固定试卷「退换货小测」里，请先从试卷中移除')
    const loose = await s.ok('trainer', 'training.saveQuestion', {
      bankId: bank.id,
      question: {
        type: 'truefalse',
        stem: '可以先退款后退货。',
        answer: true,
        explanation: '视情况。',
      },
    })
    await s.ok('trainer', 'training.deleteQuestion', { id: loose.id })
    expect((await s.ok('trainer', 'training.questions', { bankId: bank.id })).length).toBe(4)
  })
})
