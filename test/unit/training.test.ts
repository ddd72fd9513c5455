import { describe, expect, it } from 'vitest'
import drillsJson from '../../resources/content/drills.json'
import questionsJson from '../../resources/content/questions.json'
import { drillsFileSchema, questionsFileSchema } from '../../shared/content/schemas'
import {
  checkQuestionRows,
  drawExam,
  drillMarks,
  drillStep,
  dueTraining,
  ExamDrawError,
  missRates,
  newDrillState,
  pastDeadline,
  examDeadline,
  responseTimes,
  scoreExam,
  type DrillState,
  type StoredQuestion,
} from '../../shared/training'

const bank = questionsFileSchema.parse(questionsJson)
const questions: StoredQuestion[] = bank.questions
const onboarding = bank.examTemplates.find((t) => t.id === 'exam.onboarding')!
const lateParcel = drillsFileSchema
  .parse(drillsJson)
  .drills.find((d) => d.id === 'drill.late-parcel')!

const q = (type: StoredQuestion['type']) => questions.find((x) => x.type === type)!

describe('drawing an exam paper', () => {
  it('takes the number of each type the template asks for, from its banks only, in type order', () => {
    const paper = drawExam(onboarding, questions, 'attempt-1')
    const types = paper.map((x) => x.type)
    expect(types.filter((t) => t === 'single')).toHaveLength(onboarding.draw.single)
    expect(types.filter((t) => t === 'multiple')).toHaveLength(onboarding.draw.multiple)
    expect(types.filter((t) => t === 'truefalse')).toHaveLength(onboarding.draw.truefalse)
    expect(types.filter((t) => t === 'short')).toHaveLength(onboarding.draw.short)
    expect(types).toEqual([...types].sort((a, b) => order(a) - order(b)))
    expect(new Set(paper.map((x) => x.id)).size).toBe(paper.length)
    expect(paper.every((x) => onboarding.bankIds.includes(x.bankId))).toBe(true)
  })

  it('gives the same paper for the same seed, whatever order the bank is stored in, and another for another seed', () => {
    const a = drawExam(onboarding, questions, 'seed-A').map((x) => x.id)
    const again = drawExam(onboarding, [...questions].reverse(), 'seed-A').map((x) => x.id)
    expect(again).toEqual(a)
    const others = ['seed-B', 'seed-C', 'seed-D'].map((s) =>
      drawExam(onboarding, questions, s)
        .map((x) => x.id)
        .join(),
    )
    expect(others.some((o) => o !== a.join())).toBe(true)
  })

  it('says per type how many questions are missing when the bank is too small', () => {
    const tooFew = questions.filter((x) => x.type !== 'short' || x.id === q('short').id)
    try {
      drawExam(onboarding, tooFew, 'x')
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ExamDrawError)
      expect((err as ExamDrawError).shortfall).toEqual({ short: onboarding.draw.short - 1 })
    }
  })
})

const order = (t: string) => ['single', 'multiple', 'truefalse', 'short'].indexOf(t)

describe('scoring an attempt', () => {
  const single = q('single') as Extract<StoredQuestion, { type: 'single' }>
  const multiple = q('multiple') as Extract<StoredQuestion, { type: 'multiple' }>
  const tf = q('truefalse') as Extract<StoredQuestion, { type: 'truefalse' }>
  const short = q('short') as Extract<StoredQuestion, { type: 'short' }>
  const paper = [single, multiple, tf, short]
  const rules = { points: { single: 3, multiple: 5, truefalse: 2, short: 15 }, passMark: 60 }
  const wrongSingle = (single.answer + 1) % single.options.length

  it('scores choices exactly, multiple choice all or nothing, and a short answer by its keywords scaled to the points', () => {
    const allWords = short.answer.keywords.map((k) => k.word).join('，')
    const right = scoreExam(
      paper,
      {
        [single.id]: single.answer,
        [multiple.id]: [...multiple.answer].reverse(),
        [tf.id]: tf.answer,
        [short.id]: allWords,
      },
      rules,
    )
    expect(right.items.map((i) => i.earned)).toEqual([3, 5, 2, 15])
    expect(right.total).toBe(25)
    expect(right.passed).toBe(true)

    const partly = scoreExam(
      paper,
      {
        [single.id]: wrongSingle,
        [multiple.id]: multiple.answer
          .slice(0, Math.max(1, multiple.answer.length - 1))
          .concat(
            multiple.answer.length === 1
              ? [(multiple.answer[0]! + 1) % multiple.options.length]
              : [],
          ),
        [tf.id]: !tf.answer,
        [short.id]: '不知道',
      },
      rules,
    )
    expect(partly.items.map((i) => i.earned)).toEqual([0, 0, 0, 0])
    expect(partly.percent).toBe(0)
    expect(partly.passed).toBe(false)
  })

  it('gives a short answer the share of the rubric it matched', () => {
    const first = short.answer.keywords[0]!
    const s = scoreExam([short], { [short.id]: `我会先${first.word}` }, rules)
    const expected =
      Math.round(
        ((15 * Math.min(first.points, short.answer.maxPoints)) / short.answer.maxPoints) * 10,
      ) / 10
    expect(s.items[0]!.auto).toBe(expected)
    expect(s.items[0]!.matched).toContain(first.word)
  })

  it("lets the trainer override an answer, the latest override counting, never beyond the question's points", () => {
    const base = scoreExam(paper, { [short.id]: '不知道' }, rules)
    expect(base.total).toBe(0)
    const o = (points: number, at: string) => ({
      questionId: short.id,
      points,
      reason: '意思答对了',
      by: 't',
      byName: '周老师',
      at,
    })
    const s = scoreExam(paper, { [short.id]: '不知道' }, rules, [
      o(12, '2025-01-01T10:00:00Z'),
      o(9, '2025-01-01T09:00:00Z'),
    ])
    expect(s.items[3]!.auto).toBe(0)
    expect(s.items[3]!.earned).toBe(12)
    expect(s.items[3]!.override?.reason).toBe('意思答对了')
    expect(s.total).toBe(12)
    expect(scoreExam(paper, {}, rules, [o(99, 'z')]).total).toBe(15)
  })

  it('ignores answers of the wrong shape instead of crashing', () => {
    const s = scoreExam(
      paper,
      { [single.id]: 'B', [multiple.id]: 2, [tf.id]: 'yes', [short.id]: 7 },
      rules,
    )
    expect(s.total).toBe(0)
  })
})

describe('the exam clock', () => {
  it('takes answers until the time limit (and a short grace), not after', () => {
    const start = Date.UTC(2025, 0, 1, 9)
    const deadline = examDeadline(start, 40)
    expect(deadline - start).toBe(40 * 60_000)
    expect(pastDeadline(deadline, deadline + 10_000)).toBe(false)
    expect(pastDeadline(deadline, deadline + 31_000)).toBe(true)
  })
})

describe('which questions most people miss', () => {
  it('ranks questions by the share of attempts that did not earn full points', () => {
    const item = (questionId: string, earned: number) => ({
      questionId,
      type: 'single' as const,
      auto: earned,
      earned,
      max: 3,
    })
    const rates = missRates([
      { items: [item('q.a', 0), item('q.b', 3), item('q.c', 3)] },
      { items: [item('q.a', 0), item('q.b', 0), item('q.c', 3)] },
      { items: [item('q.a', 3), item('q.b', 0)] },
    ])
    expect(rates.map((r) => [r.questionId, r.missed, r.asked])).toEqual([
      ['q.a', 2, 3],
      ['q.b', 2, 3],
      ['q.c', 0, 2],
    ])
    expect(rates[0]!.rate).toBeCloseTo(2 / 3)
  })

  it('does not count a 7/10 short answer as wrong, but a 5/10 one', () => {
    const short = (earned: number) => ({
      questionId: 'q.s',
      type: 'short' as const,
      auto: earned,
      earned,
      max: 10,
    })
    expect(missRates([{ items: [short(7)] }])[0]).toMatchObject({ missed: 0, asked: 1 })
    expect(missRates([{ items: [short(5)] }])[0]).toMatchObject({ missed: 1, asked: 1 })
  })
})

describe('a scripted drill', () => {
  const start = (mode: 'scripted' | 'live' = 'scripted') =>
    drillStep(lateParcel, newDrillState(mode), { type: 'start', at: 1_000 }).state

  it("opens with the customer's message and a deadline from the scenario's time limit", () => {
    const s = start()
    expect(s.status).toBe('running')
    expect(s.transcript).toEqual([
      { role: 'customer', text: lateParcel.opening, nodeId: 'open', at: 1_000 },
    ])
    expect(s.deadline).toBe(1_000 + lateParcel.timeLimitMin * 60_000)
  })

  it('escalates when the first reply has no apology, and calms down once the trainee apologises', () => {
    let s: DrillState = start()
    const r1 = drillStep(lateParcel, s, {
      type: 'reply',
      text: '您好，请耐心等待物流更新。',
      at: 5_000,
    })
    s = r1.state
    expect(r1.added.map((e) => e.role)).toEqual(['agent', 'customer'])
    expect(r1.added[1]!.text).toContain('连句道歉都没有')
    expect(s.nodeId).toBe('angry')
    s = drillStep(lateParcel, s, {
      type: 'reply',
      text: '非常抱歉让您久等了，我马上帮您查。',
      at: 12_000,
    }).state
    expect(s.nodeId).toBe('ask')
    s = drillStep(lateParcel, s, {
      type: 'reply',
      text: '我这就联系快递催件，今天给您补发一个。',
      at: 20_000,
    }).state
    s = drillStep(lateParcel, s, {
      type: 'reply',
      text: '补发的预计周六前送到，原包裹到了您拒收就好。',
      at: 30_000,
    }).state
    s = drillStep(lateParcel, s, {
      type: 'reply',
      text: '好的，发出后第一时间告诉您，请问还有其他问题吗？',
      at: 35_000,
    }).state
    expect(s.status).toBe('ended')
    expect(s.outcome).toBe('satisfied')
    expect(() => drillStep(lateParcel, s, { type: 'reply', text: '在吗', at: 36_000 })).toThrow(
      '已经结束',
    )

    expect(responseTimes(s.transcript).map((r) => r.ms)).toEqual([
      4_000, 7_000, 8_000, 10_000, 5_000,
    ])
    const { marks, complete } = drillMarks(lateParcel, s.transcript, {})
    expect(marks.find((m) => m.id === 'apologised')!.earned).toBe(20)
    expect(marks.find((m) => m.id === 'tone')!.earned).toBeNull()
    expect(complete).toBe(false)
    const done = drillMarks(lateParcel, s.transcript, { tone: 8, stated_policy: 10, greeted: 0 })
    expect(done.complete).toBe(true)
    expect(done.marks.find((m) => m.id === 'greeted')).toMatchObject({
      earned: 0,
      autoEarned: 10,
      auto: true,
    })
  })

  it('refuses replies after the time is up', () => {
    const s = start()
    expect(() =>
      drillStep(lateParcel, s, { type: 'reply', text: '抱歉', at: s.deadline! + 1 }),
    ).toThrow('时间已到')
  })

  it('in live mode waits for the trainer to play the customer, and refuses that in scripted mode', () => {
    let s = start('live')
    expect(s.nodeId).toBeNull()
    s = drillStep(lateParcel, s, { type: 'reply', text: '抱歉让您久等', at: 2_000 }).state
    s = drillStep(lateParcel, s, { type: 'customer', text: '那你快点查！', at: 3_000 }).state
    expect(s.transcript.map((e) => e.role)).toEqual(['customer', 'agent', 'customer'])
    expect(() => drillStep(lateParcel, start(), { type: 'customer', text: '喂', at: 2 })).toThrow()
  })
})

describe('who is due for training', () => {
  const now = new Date('2025-03-15T10:00:00+08:00')
  const people = [
    { id: 'a', name: '小李' },
    { id: 'b', name: '小张' },
    { id: 'c', name: '老王' },
  ]
  const exam = (
    personId: string,
    at: string,
    passed: boolean,
    audience: 'onboarding' | 'monthly' = 'onboarding',
  ) => ({
    personId,
    templateId: `exam.${audience}`,
    title: audience === 'onboarding' ? '新人入职理论考核' : '月度小测',
    audience,
    at,
    percent: passed ? 90 : 50,
    passed,
  })

  it('lists new staff until they pass onboarding, anyone idle this month, and the latest failures', () => {
    const r = dueTraining(
      people,
      {
        exams: [
          exam('a', '2025-03-02T02:00:00Z', false),
          exam('a', '2025-03-05T02:00:00Z', true),
          exam('b', '2025-02-10T02:00:00Z', false),
          exam('c', '2025-01-10T02:00:00Z', true),
        ],
        drills: [
          {
            personId: 'c',
            scenarioId: 'drill.late-parcel',
            title: '快递延误',
            at: '2025-03-01T01:00:00Z',
            total: 40,
            max: 100,
          },
        ],
        classes: [],
      },
      now,
    )
    expect(r.due).toEqual([{ personId: 'b', name: '小张', reasons: ['onboarding', 'monthly'] }])
    expect(r.failed.map((f) => [f.name, f.kind, f.percent])).toEqual([
      ['老王', 'drill', 40],
      ['小张', 'exam', 50],
    ])
  })
})

describe('importing questions from a sheet', () => {
  const header = [
    '题库',
    '题型',
    '题干',
    '选项A',
    '选项B',
    '选项C',
    '选项D',
    '选项E',
    '选项F',
    '答案',
    '解析',
    '标签',
    '关键词',
    '满分',
  ]
  const banks = [{ id: 'bank.aftersales', title: '售后流程与政策' }]
  const row = (n: number, cells: string[]) => ({ row: n, cells })

  it('reads every question type', () => {
    const r = checkQuestionRows(
      {
        header,
        rows: [
          row(2, [
            '售后流程与政策',
            '单选',
            '七天无理由退货从哪天算起？',
            '下单',
            '签收次日',
            '发货',
            '',
            '',
            '',
            'B',
            '签收次日起算',
            '退货',
          ]),
          row(3, [
            '售后流程与政策',
            '多选题',
            '顾客投诉时要做哪些事？',
            '道歉',
            '记录订单号',
            '争辩',
            '',
            '',
            '',
            'A、B',
            '',
            '',
          ]),
          row(4, [
            'bank.aftersales',
            '判断',
            '破损商品可以让顾客先拍照。',
            '',
            '',
            '',
            '',
            '',
            '',
            '对',
            '',
            '',
          ]),
          row(5, [
            '售后流程与政策',
            '简答',
            '说说物流延误怎么安抚。',
            '',
            '',
            '',
            '',
            '',
            '',
            '',
            '',
            '',
            '道歉/抱歉:5；催件:5；补发/退款:5',
            '15',
          ]),
        ],
      },
      banks,
      [],
    )
    expect(r.errors).toEqual([])
    expect(r.questions.map((x) => x.question.type)).toEqual([
      'single',
      'multiple',
      'truefalse',
      'short',
    ])
    expect(r.questions[0]!.question).toMatchObject({
      answer: 1,
      options: ['下单', '签收次日', '发货'],
      isDefault: false,
    })
    expect(r.questions[1]!.question.answer).toEqual([0, 1])
    expect(r.questions[2]!.question.answer).toBe(true)
    expect(r.questions[3]!.question.answer).toEqual({
      keywords: [
        { word: '道歉', synonyms: ['抱歉'], points: 5 },
        { word: '催件', points: 5 },
        { word: '补发', synonyms: ['退款'], points: 5 },
      ],
      maxPoints: 15,
    })
  })

  it('reports every bad row with its row number and column, and keeps no question from the file', () => {
    const r = checkQuestionRows(
      {
        header,
        rows: [
          row(2, ['售后流程与政策', '单选', '好题目', '甲', '乙', '', '', '', '', 'A']),
          row(3, ['不存在的题库', '单选', '题干', '甲', '乙', '', '', '', '', 'A']),
          row(4, ['售后流程与政策', '填空', '题干二', '', '', '', '', '', '', 'x']),
          row(5, ['售后流程与政策', '单选', '题干三', '甲', '乙', '', '', '', '', 'D']),
          row(6, ['售后流程与政策', '判断', '题干四', '', '', '', '', '', '', '也许']),
          row(7, [
            '售后流程与政策',
            '简答',
            '题干五',
            '',
            '',
            '',
            '',
            '',
            '',
            '',
            '',
            '',
            '道歉',
            '',
          ]),
          row(8, ['售后流程与政策', '单选', '好题目', '甲', '乙', '', '', '', '', 'A']),
        ],
      },
      banks,
      [],
    )
    expect(r.questions).toEqual([])
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '题库'],
      [4, '题型'],
      [5, '答案'],
      [6, '答案'],
      [7, '关键词'],
      [8, '题干'],
    ])
    expect(r.errors[0]!.message).toContain('不存在的题库')
    expect(r.errors[5]!.message).toBe('与第 2 行的题干重复')
  })

  it('refuses a sheet without the header it needs', () => {
    const r = checkQuestionRows({ header: ['名字', '题干'], rows: [row(2, ['x', 'y'])] }, banks, [])
    expect(r.fileError).toContain('缺少列：题库、题型、答案')
  })
})
