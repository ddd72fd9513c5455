import { afterEach, describe, expect, it, vi } from 'vitest'
import { shippedContent } from '../../electron/services/training/seed'
import { PINS, type Loose, type Shop } from './people.fixture'
import { exchange, shopsPerTest, xlsxBase64 } from './shop-helpers'
import { QUESTION_COLUMNS } from '../../shared/training/import'

const shops = shopsPerTest()
const shop = shops.staffed
// Hooks run last-registered first: real timers are back before the shops close.
afterEach(() => {
  vi.useRealTimers()
})

const xlsx = (rows: (string | number)[][]) => xlsxBase64('题目', rows)

// The sheet's columns as the template offers them (their wording is pinned in the unit test).
const HEADER = QUESTION_COLUMNS.map((c) => c.header)

/** Answers every question of a paper right, from the bank the test can read as a trainer. */
async function rightAnswers(s: Shop, attempt: Loose): Promise<Record<string, unknown>> {
  const bank: Loose[] = await s.ok('trainer', 'training.questions')
  const out: Record<string, unknown> = {}
  for (const p of attempt.paper) {
    const q = bank.find((x) => x.id === p.id)
    out[p.id] =
      q.type === 'short' ? q.answer.keywords.map((k: Loose) => k.word).join('，') : q.answer
  }
  return out
}

describe('training materials', () => {
  it('are loaded once on first start with fixed ids, and two PCs that sync hold one copy', async () => {
    const a = await shop()
    const c = shippedContent()
    const courses: Loose[] = await a.ok('agent', 'training.courses')
    expect(courses.map((x) => x.id).sort()).toEqual(c.courses.map((x) => x.id).sort())
    const lessons = courses.flatMap((x) => x.lessons)
    expect(lessons).toHaveLength(c.lessons.length)
    expect(lessons.filter((l) => l.kind === 'case_study').length).toBeGreaterThanOrEqual(4)

    const b = await shops.blank()
    await b.ok('admin', 'people.setupAdmin', { name: '二号机店长', pin: PINS.admin })
    await b.ok('admin', 'training.courses')
    await exchange(a, b)
    await exchange(b, a)
    for (const s of [a, b]) {
      const live = (e: string) => [...s.core.store.all(e)].filter((d) => !d.deleted).length
      expect(live('lesson')).toBe(c.lessons.length)
      expect(live('question')).toBe(c.questions.length)
      expect(live('drill')).toBe(c.drills.length)
    }

    const seeded = a.core.store
      .opsAfter(null, 1_000_000)
      .filter((o) => o.entity === 'lesson').length
    const again = await shops.restart(a)
    await again.ok('admin', 'people.signIn', { personId: a.ids.admin, pin: PINS.admin })
    await again.ok('admin', 'training.courses')
    expect(
      again.core.store.opsAfter(null, 1_000_000).filter((o) => o.entity === 'lesson').length,
    ).toBe(seeded)
  })

  it('are searchable in Chinese and show their images inline, never as a remote link', async () => {
    const s = await shop()
    const hits: Loose[] = await s.ok('agent', 'training.searchLessons', { query: '投诉' })
    expect(hits.map((h) => h.id)).toContain('lesson.complaint.01')
    const refund: Loose[] = await s.ok('agent', 'training.searchLessons', { query: '退款到账' })
    expect(refund[0].id).toBe('lesson.refund.01')

    const withImage = shippedContent().lessons.find((l) => l.body.includes('images/'))!
    const detail = await s.ok('agent', 'training.lesson', { id: withImage.id })
    const paths = Object.keys(detail.images)
    expect(paths.length).toBeGreaterThan(0)
    for (const p of paths) expect(detail.images[p]).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(detail.canEdit).toBe(false)
  })

  it('are written by trainers as versions; a trainee may not, and a stale edit is refused', async () => {
    const s = await shop()
    const before = await s.ok('trainer', 'training.lesson', { id: 'lesson.flow.01' })
    const draft = {
      courseId: before.lesson.courseId,
      title: before.lesson.title,
      kind: before.lesson.kind,
      body: `${before.lesson.body}\n\n> 新增：每天下班前核对当天工单。`,
      tags: before.lesson.tags,
      minutes: before.lesson.minutes,
    }
    const denied = await s.call('agent', 'training.saveLesson', {
      id: 'lesson.flow.01',
      base: before.base,
      draft,
    })
    expect(denied.error.code).toBe('forbidden')

    const after = await s.ok('trainer', 'training.saveLesson', {
      id: 'lesson.flow.01',
      base: before.base,
      draft,
      note: '补充归档要求',
    })
    expect(after.lesson.body).toContain('每天下班前核对当天工单')
    expect(after.versions).toHaveLength(2)
    expect(after.versions[0]).toMatchObject({ byName: '周老师', note: '补充归档要求' })
    expect(after.versions[1].body).toBe(before.lesson.body)

    const stale = await s.call('supervisor', 'training.saveLesson', {
      id: 'lesson.flow.01',
      base: before.base,
      draft: { ...draft, body: '另一个版本' },
    })
    expect(stale.error.code).toBe('conflict')

    const created = await s.ok('supervisor', 'training.saveLesson', {
      draft: {
        courseId: 'course.cases',
        title: '案例：预售商品延迟发货',
        kind: 'case_study',
        body: '顾客买了预售款……',
        tags: ['预售'],
        minutes: 5,
      },
    })
    const courses: Loose[] = await s.ok('agent', 'training.courses')
    expect(courses.find((c) => c.id === 'course.cases').lessons.map((l: Loose) => l.id)).toContain(
      created.lesson.id,
    )
    expect((await s.ok('agent', 'training.searchLessons', { query: '预售' }))[0].id).toBe(
      created.lesson.id,
    )
  })

  it('edited on two PCs offline shows both versions until an author settles it', async () => {
    const a = await shop()
    const b = await shops.blank()
    await exchange(a, b)
    await b.ok('trainer', 'people.signIn', { personId: a.ids.trainer, pin: PINS.trainer })
    const base = (await a.ok('trainer', 'training.lesson', { id: 'lesson.refund.01' })) as Loose
    const edit = (body: string) => ({ ...base.lesson, body })
    const draftOf = (l: Loose) => ({
      courseId: l.courseId,
      title: l.title,
      kind: l.kind,
      body: l.body,
      tags: l.tags,
      minutes: l.minutes,
    })
    await a.ok('trainer', 'training.saveLesson', {
      id: 'lesson.refund.01',
      base: base.base,
      draft: draftOf(edit('一号机的写法')),
    })
    await b.ok('trainer', 'training.saveLesson', {
      id: 'lesson.refund.01',
      base: base.base,
      draft: draftOf(edit('二号机的写法')),
    })
    await exchange(a, b)
    await exchange(b, a)
    const seen = await a.ok('trainer', 'training.lesson', { id: 'lesson.refund.01' })
    expect(seen.lesson.conflict).toBe(true)
    expect(seen.conflicts.map((c: Loose) => c.body).sort()).toEqual([
      '一号机的写法',
      '二号机的写法',
    ])
    const winner = seen.conflicts.find((c: Loose) => c.body === '二号机的写法').hlc
    const settled = await a.ok('trainer', 'training.settleLesson', {
      id: 'lesson.refund.01',
      winner,
      body: '二号机的写法，补上一号机的例子',
    })
    expect(settled.conflicts).toEqual([])
    expect(settled.lesson.body).toBe('二号机的写法，补上一号机的例子')
  })
})

describe('theory exams', () => {
  it('draw a paper without answers, score all four types, and let a trainer override a short answer with a reason', async () => {
    const s = await shop()
    const attempt = await s.ok('agent', 'training.startExam', { templateId: 'exam.onboarding' })
    expect(new Set(attempt.paper.map((p: Loose) => p.type))).toEqual(
      new Set(['single', 'multiple', 'truefalse', 'short']),
    )
    expect(JSON.stringify(attempt.paper)).not.toMatch(/"answer"|explanation/)
    expect(attempt.deadline - attempt.startedAt).toBe(40 * 60_000)
    const other = await s.ok('agent2', 'training.startExam', { templateId: 'exam.onboarding' })
    expect(other.paper.map((p: Loose) => p.id)).not.toEqual(attempt.paper.map((p: Loose) => p.id))

    const answers = await rightAnswers(s, attempt)
    const short = attempt.paper.find((p: Loose) => p.type === 'short')
    answers[short.id] = '这个我不会'
    const first = attempt.paper[0]
    await s.ok('agent', 'training.saveAnswer', {
      attemptId: attempt.id,
      questionId: first.id,
      answer: answers[first.id],
    })
    const done = await s.ok('agent', 'training.submitExam', { attemptId: attempt.id, answers })
    const shortItem = done.score.items.find((i: Loose) => i.questionId === short.id)
    expect(shortItem.earned).toBe(0)
    expect(done.score.total).toBe(done.score.max - shortItem.max)
    expect(
      done.review.find((r: Loose) => r.question.id === short.id).question.explanation,
    ).toBeTruthy()

    // A trainee reading another trainee's result is refused.
    const peek = await s.call('agent2', 'training.attempt', { id: attempt.id })
    expect(peek.ok).toBe(false)
    expect(peek.error.code).toBe('forbidden')
    const theirs = await s.call('agent2', 'training.results', { personId: s.ids.agent })
    expect(theirs.error.code).toBe('forbidden')
    const mine: Loose[] = await s.ok('agent2', 'training.results', {})
    expect(mine.every((r) => r.personId === s.ids.agent2)).toBe(true)

    expect(
      (
        await s.call('agent2', 'training.overrideAnswer', {
          attemptId: attempt.id,
          questionId: short.id,
          points: 10,
          reason: '意思对了',
        })
      ).error.code,
    ).toBe('forbidden')
    const tooMuch = await s.call('trainer', 'training.overrideAnswer', {
      attemptId: attempt.id,
      questionId: short.id,
      points: shortItem.max + 1,
      reason: '意思对了',
    })
    expect(tooMuch.error.message).toBe(`分数不能超过本题满分 ${shortItem.max} 分`)
    const noReason = await s.call('trainer', 'training.overrideAnswer', {
      attemptId: attempt.id,
      questionId: short.id,
      points: 10,
      reason: '',
    })
    expect(noReason.error.code).toBe('invalid_input')
    const fixed = await s.ok('trainer', 'training.overrideAnswer', {
      attemptId: attempt.id,
      questionId: short.id,
      points: 10,
      reason: '讲到了道歉和补发，只是用词不同',
    })
    expect(fixed.score.total).toBe(done.score.total + 10)
    expect(fixed.score.items.find((i: Loose) => i.questionId === short.id).override).toMatchObject({
      byName: '周老师',
      reason: '讲到了道歉和补发，只是用词不同',
    })
    expect((await s.ok('agent', 'training.attempt', { id: attempt.id })).score.total).toBe(
      done.score.total + 10,
    )

    const stats: Loose[] = await s.ok('trainer', 'training.questionStats', {})
    // Ten of fifteen shows the answer was understood: no longer among the missed questions.
    expect(stats.find((x) => x.questionId === short.id)).toMatchObject({ asked: 1, missed: 0 })
    expect(stats.filter((x) => x.missed > 0)).toHaveLength(0)
    expect((await s.call('agent', 'training.questionStats', {})).error.code).toBe('forbidden')
  })

  it('refuses answers after the time limit and hands the paper in as it stood', async () => {
    const s = await shop()
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
    const attempt = await s.ok('agent', 'training.startExam', { templateId: 'exam.monthly-rules' })
    const q = attempt.paper.find((p: Loose) => p.type === 'truefalse')
    await s.ok('agent', 'training.saveAnswer', {
      attemptId: attempt.id,
      questionId: q.id,
      answer: true,
    })
    vi.setSystemTime(Date.now() + 21 * 60_000)
    const late = await s.call('agent', 'training.saveAnswer', {
      attemptId: attempt.id,
      questionId: q.id,
      answer: false,
    })
    expect(late.error.code).toBe('exam.time_up')
    const after = await s.ok('agent', 'training.submitExam', {
      attemptId: attempt.id,
      answers: { [q.id]: false },
    })
    expect(after.status).toBe('submitted')
    expect(after.late).toBe(true)
    expect(after.answers[q.id]).toBe(true)
  })

  it('imports questions from XLSX only when every row is good, reporting each bad row in Chinese', async () => {
    const s = await shop()
    const before = (await s.ok('trainer', 'training.questions')).length
    const bad = await xlsx([
      HEADER,
      [
        '售后流程与政策',
        '单选',
        '好题：退货地址在哪里查？',
        '订单详情',
        '商品评价',
        '',
        '',
        '',
        '',
        'A',
      ],
      ['没有这个题库', '判断', '题干', '', '', '', '', '', '', '对'],
      ['售后流程与政策', '判断', '顾客说的话都要记录。', '', '', '', '', '', '', '也许吧'],
    ])
    const preview = await s.ok('trainer', 'training.importQuestionsPreview', {
      name: '题目.xlsx',
      bytesBase64: bad,
    })
    expect(preview.errors.map((e: Loose) => [e.row, e.column])).toEqual([
      [3, '题库'],
      [4, '答案'],
    ])
    const refused = await s.call('trainer', 'training.importQuestions', {
      name: '题目.xlsx',
      bytesBase64: bad,
    })
    expect(refused.error.code).toBe('invalid_input')
    expect(refused.error.message).toBe('第 3、4 行有问题，未导入任何题目')
    expect(refused.error.fields['row4.答案']).toContain('应为 对 或 错')
    expect((await s.ok('trainer', 'training.questions')).length).toBe(before)

    const good = await xlsx([
      HEADER,
      [
        '售后流程与政策',
        '单选',
        '好题：退货地址在哪里查？',
        '订单详情',
        '商品评价',
        '',
        '',
        '',
        '',
        'A',
        '在订单详情页。',
      ],
      [
        '沟通与投诉处理',
        '简答',
        '顾客说要投诉，你先说什么？',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '投诉',
        '抱歉/对不起:5；记录:5',
        10,
      ],
    ])
    expect(
      await s.ok('trainer', 'training.importQuestions', { name: '题目.xlsx', bytesBase64: good }),
    ).toEqual({ imported: 2 })
    expect((await s.ok('trainer', 'training.questions')).length).toBe(before + 2)
    expect(
      (await s.call('agent', 'training.importQuestions', { name: '题目.xlsx', bytesBase64: good }))
        .error.code,
    ).toBe('forbidden')
    const template = await s.ok('trainer', 'training.questionTemplate')
    const templated = await s.ok('trainer', 'training.importQuestionsPreview', {
      name: 'x.xlsx',
      bytesBase64: template.bytesBase64,
    })
    expect(templated).toMatchObject({ count: 4, errors: [], fileError: null })
  })
})

describe('role-play drills', () => {
  it('a scripted customer escalates without an apology; the trainer joins with a PIN and scores; it stays out of tickets and script usage', async () => {
    const s = await shop()
    const assigned = await s.ok('trainer', 'training.assignDrill', {
      scenarioId: 'drill.late-parcel',
      traineeId: s.ids.agent,
      mode: 'scripted',
    })
    expect(assigned.status).toBe('assigned')
    expect(
      (await s.call('agent2', 'training.startDrill', { sessionId: assigned.id })).error.code,
    ).toBe('forbidden')
    const usageBefore = (await s.ok('agent', 'scripts.list')).usage

    let v = await s.ok('agent', 'training.startDrill', { sessionId: assigned.id })
    expect(v.transcript).toHaveLength(1)
    expect(v.transcript[0].role).toBe('customer')
    v = await s.ok('agent', 'training.drillReply', {
      sessionId: v.id,
      text: '您好，物流在路上，请耐心等待。',
      scriptIds: ['script.greet.all.01'],
    })
    expect(v.transcript.at(-1).text).toContain('连句道歉都没有')
    expect(v.mood).toBe('angry')
    v = await s.ok('agent', 'training.drillReply', {
      sessionId: v.id,
      text: '真的非常抱歉，让您久等了，我马上帮您查。',
    })
    expect(v.transcript.at(-1).text).toContain('订单号')
    v = await s.ok('agent', 'training.drillReply', {
      sessionId: v.id,
      text: '我这边马上联系快递催件，同时给您补发一个。',
    })
    v = await s.ok('agent', 'training.drillReply', {
      sessionId: v.id,
      text: '补发的预计周六前送到，原来的包裹到了您拒收就好。',
    })
    v = await s.ok('agent', 'training.drillReply', {
      sessionId: v.id,
      text: '好的，发出后我第一时间告诉您，请问还有其他问题吗？',
    })
    expect(v.status).toBe('ended')
    expect(v.outcome).toBe('satisfied')
    expect(v.responseTimes).toHaveLength(5)
    expect(v.complete).toBe(false)
    expect(v.canScore).toBe(false)

    expect(
      (await s.call('agent', 'training.scoreDrill', { sessionId: v.id, marks: { tone: 10 } })).error
        .code,
    ).toBe('forbidden')
    const wrong = await s.call('agent', 'training.joinAsTrainer', {
      sessionId: v.id,
      personId: s.ids.trainer,
      pin: '0000',
    })
    expect(wrong.error.code).toBe('wrong_pin')
    const notTrainer = await s.call('agent', 'training.joinAsTrainer', {
      sessionId: v.id,
      personId: s.ids.agent2,
      pin: PINS.agent2,
    })
    expect(notTrainer.error.code).toBe('forbidden')
    v = await s.ok('agent', 'training.joinAsTrainer', {
      sessionId: v.id,
      personId: s.ids.trainer,
      pin: PINS.trainer,
    })
    expect(v).toMatchObject({ trainerHere: true, canScore: true, trainer: { name: '周老师' } })
    expect((await s.ok('agent', 'people.me')).id).toBe(s.ids.agent)
    const over = await s.call('agent', 'training.scoreDrill', {
      sessionId: v.id,
      marks: { tone: 11 },
    })
    expect(over.error.message).toContain('最多 10 分')
    v = await s.ok('agent', 'training.scoreDrill', {
      sessionId: v.id,
      marks: { tone: 8, stated_policy: 12 },
      comment: '第一句忘了道歉，后面补救得好',
    })
    expect(v.complete).toBe(true)
    const autoTotal = v.marks
      .filter((m: Loose) => m.auto)
      .reduce((sum: number, m: Loose) => sum + m.earned, 0)
    expect(v.total).toBe(autoTotal + 20)

    // Another trainee's window can't read it; the trainee's history shows it with the transcript.
    expect((await s.call('agent2', 'training.drillSession', { id: v.id })).error.code).toBe(
      'forbidden',
    )
    const history = await s.ok('agent', 'training.history', {})
    const record = history.drills.find((d: Loose) => d.id === v.id)
    expect(record).toMatchObject({
      outcome: 'satisfied',
      total: v.total,
      trainerName: '周老师',
      complete: true,
    })
    const again = await s.ok('trainer', 'training.drillSession', { id: v.id })
    expect(again.transcript.map((t: Loose) => t.role)).toEqual([
      'customer',
      ...Array(5).fill(['agent', 'customer']).flat(),
    ])
    expect(again.comment).toBe('第一句忘了道歉，后面补救得好')

    expect([...s.core.store.all('ticket')]).toHaveLength(0)
    expect((await s.ok('agent', 'scripts.list')).usage).toEqual(usageBefore)
  })

  it('in live mode the joined trainer plays the customer; time runs out on the server', async () => {
    const s = await shop()
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
    let v = await s.ok('agent', 'training.startDrill', {
      scenarioId: 'drill.food-delay',
      mode: 'live',
    })
    expect(
      (await s.call('agent', 'training.drillCustomer', { sessionId: v.id, text: '还没到？' })).error
        .code,
    ).toBe('forbidden')
    await s.ok('agent', 'training.joinAsTrainer', {
      sessionId: v.id,
      personId: s.ids.supervisor,
      pin: PINS.supervisor,
    })
    v = await s.ok('agent', 'training.drillReply', {
      sessionId: v.id,
      text: '抱歉让您久等了，我马上联系骑手。',
    })
    v = await s.ok('agent', 'training.drillCustomer', {
      sessionId: v.id,
      text: '快点，我一点要上班！',
      mood: 'angry',
    })
    expect(v.transcript.at(-1)).toMatchObject({
      role: 'customer',
      text: '快点，我一点要上班！',
      mood: 'angry',
    })
    vi.setSystemTime(Date.now() + 61 * 60_000)
    const late = await s.call('agent', 'training.drillReply', { sessionId: v.id, text: '还在吗' })
    expect(late.error.code).toBe('drill.time_up')
    expect((await s.ok('agent', 'training.drillSession', { id: v.id })).outcome).toBe('timeout')
  })
})

describe('training records', () => {
  it('keep attendance and feedback, and the dashboard shows who is due and who failed — for trainers only', async () => {
    const s = await shop()
    const cls = await s.ok('trainer', 'training.saveClass', {
      title: '三月月度培训：差评回复',
      courseId: 'course.platform',
      at: new Date().toISOString(),
      attendance: [
        { personId: s.ids.agent, present: true },
        { personId: s.ids.agent2, present: false },
      ],
    })
    expect(cls.attendance).toHaveLength(2)
    expect(
      (
        await s.call('agent', 'training.saveClass', {
          title: 'x',
          at: new Date().toISOString(),
          attendance: [],
        })
      ).error.code,
    ).toBe('forbidden')
    const seenByAgent: Loose[] = await s.ok('agent', 'training.classes')
    expect(seenByAgent[0].attendance).toEqual([
      { personId: s.ids.agent, name: '小李', present: true },
    ])
    await s.ok('agent', 'training.feedback', {
      courseId: 'course.platform',
      rating: 4,
      comment: '案例很实用',
    })

    const attempt = await s.ok('agent2', 'training.startExam', { templateId: 'exam.onboarding' })
    await s.ok('agent2', 'training.submitExam', { attemptId: attempt.id, answers: {} })

    const dash = await s.ok('supervisor', 'training.dashboard')
    const due = (id: string | undefined) =>
      dash.due.find((d: Loose) => d.personId === id)?.reasons ?? []
    expect(due(s.ids.agent)).toEqual(['onboarding'])
    expect(due(s.ids.agent2)).toEqual(['onboarding'])
    expect(due(s.ids.specialist)).toEqual(['onboarding', 'monthly'])
    // The people who run the floor are not listed as behind on training.
    for (const who of [s.ids.admin, s.ids.trainer, s.ids.supervisor]) expect(due(who)).toEqual([])
    expect(dash.due).toHaveLength(3)
    expect(dash.failed).toEqual([
      expect.objectContaining({
        personId: s.ids.agent2,
        kind: 'exam',
        title: '新人入职理论考核',
        percent: 0,
      }),
    ])
    expect(dash.feedback).toEqual([
      { courseId: 'course.platform', courseTitle: expect.any(String), count: 1, average: 4 },
    ])
    expect(dash.missed.length).toBeGreaterThan(0)
    expect((await s.call('agent', 'training.dashboard')).error.code).toBe('forbidden')

    const h = await s.ok('agent', 'training.history', {})
    expect(h.classes).toEqual([
      expect.objectContaining({ title: '三月月度培训：差评回复', present: true }),
    ])
    expect(h.feedback[0]).toMatchObject({ rating: 4, comment: '案例很实用' })
    expect((await s.call('agent', 'training.history', { personId: s.ids.agent2 })).error.code).toBe(
      'forbidden',
    )
    expect(
      (await s.ok('trainer', 'training.history', { personId: s.ids.agent2 })).exams,
    ).toHaveLength(1)
  })
})
