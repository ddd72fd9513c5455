import { describe, expect, it } from 'vitest'
import type { Loose } from './people.fixture'
import { shopsPerTest } from './shop-helpers'

const shops = shopsPerTest()
const shop = shops.staffed

/** The communication bank holds 5 single, 2 multiple, 3 true/false and 2 short questions. */
const exam = {
  title: '沟通技巧小测',
  passMark: 70,
  timeLimitMin: 15,
  draw: { single: 3, multiple: 1, truefalse: 2, short: 1 },
  bankIds: ['bank.communication'],
}

const problemsOf = (error: Loose): string[] => Object.values(error.fields ?? {})

/** The late-parcel replies that take the scripted customer to a satisfied end. */
const SATISFYING = [
  '您好，真的非常抱歉让您久等了，我马上帮您查。',
  '我这边马上联系快递催件，同时给您补发一个。',
  '补发的预计周六前送到，原来的包裹到了您拒收就好。',
  '好的，发出后我第一时间告诉您，请问还有其他问题吗？',
]

describe('exam templates written by trainers', () => {
  it('are saved by a trainer and taken by a trainee, with questions from the chosen bank only', async () => {
    const s = await shop()
    const saved = await s.ok('trainer', 'training.saveExam', exam)
    expect(saved).toMatchObject({ title: '沟通技巧小测', passMark: 70, isDefault: false })
    expect(saved.id).toMatch(/^exam\./)

    const listed: Loose[] = await s.ok('agent', 'training.exams')
    expect(listed.map((e) => e.id)).toContain(saved.id)

    const attempt = await s.ok('agent', 'training.startExam', { templateId: saved.id })
    expect(attempt.paper).toHaveLength(7)
    expect(attempt.timeLimitMin).toBe(15)
    const bank: Loose[] = await s.ok('trainer', 'training.questions', {
      bankId: 'bank.communication',
    })
    const inBank = new Set(bank.map((q) => q.id))
    for (const q of attempt.paper) expect(inBank.has(q.id)).toBe(true)
    expect(attempt.paper.filter((q: Loose) => q.type === 'short')).toHaveLength(1)

    // An edit keeps the id; the next attempt follows the new rules.
    const edited = await s.ok('supervisor', 'training.saveExam', {
      ...exam,
      id: saved.id,
      passMark: 90,
      draw: { single: 5, multiple: 0, truefalse: 0, short: 0 },
    })
    expect(edited.id).toBe(saved.id)
    const again = await s.ok('agent2', 'training.startExam', { templateId: saved.id })
    expect(again.passMark).toBe(90)
    expect(again.paper.map((q: Loose) => q.type)).toEqual(Array(5).fill('single'))
    const all: Loose[] = await s.ok('agent', 'training.exams')
    expect(all.filter((e) => e.id === saved.id)).toHaveLength(1)
  })

  it('are refused when a draw asks for more questions than the banks hold, naming the type and the shortfall', async () => {
    const s = await shop()
    const before: Loose[] = await s.ok('trainer', 'training.exams')
    const r = await s.call('trainer', 'training.saveExam', {
      ...exam,
      draw: { single: 8, multiple: 1, truefalse: 2, short: 1 },
    })
    expect(r.error.code).toBe('invalid_input')
    expect(r.error.message).toContain('单选题')
    expect(r.error.message).toContain('还差 3 道')
    expect(r.error.fields['draw.single']).toContain('只有 5 道')
    expect(await s.ok('trainer', 'training.exams')).toHaveLength(before.length)

    const nothing = await s.call('trainer', 'training.saveExam', {
      ...exam,
      draw: { single: 0, multiple: 0, truefalse: 0, short: 0 },
    })
    expect(nothing.error.code).toBe('invalid_input')
    expect(nothing.error.message).toContain('至少要抽一道题')
  })

  it('cannot be written by an agent or trainee', async () => {
    const s = await shop()
    expect((await s.call('agent', 'training.saveExam', exam)).error.code).toBe('forbidden')
    expect((await s.call('specialist', 'training.saveExam', exam)).error.code).toBe('forbidden')
    const ids = ((await s.ok('agent', 'training.exams')) as Loose[]).map((e) => e.id)
    expect(ids.sort()).toEqual(['exam.monthly-rules', 'exam.onboarding'])
  })
})

describe('drill scenarios as JSON files', () => {
  it('a file with a dangling goto imports nothing and lists every problem', async () => {
    const s = await shop()
    const exported = await s.ok('trainer', 'training.exportDrill', { id: 'drill.late-parcel' })
    const scenario = JSON.parse(exported.json)
    scenario.id = 'drill.late-parcel-broken'
    const ask = scenario.turns.find((t: Loose) => t.id === 'ask')
    ask.next[0].goto = 'nowhere'
    // 'offer' stays reachable through 'impatient'; a node nothing leads to is a second problem.
    scenario.turns.push({
      id: 'lonely',
      customerSays: '没人到这里',
      mood: 'calm',
      next: [],
      end: 'satisfied',
    })

    const before: Loose[] = await s.ok('trainer', 'training.drills')
    const r = await s.call('trainer', 'training.importDrill', { json: JSON.stringify(scenario) })
    expect(r.error.code).toBe('invalid_input')
    const problems = problemsOf(r.error)
    expect(problems).toContain('节点 ask 指向不存在的节点 nowhere')
    expect(problems).toContain('节点 lonely 从开场无法到达')
    expect(r.error.message).toContain('未导入')
    expect(await s.ok('trainer', 'training.drills')).toHaveLength(before.length)

    const bad = await s.call('trainer', 'training.importDrill', { json: '{"id": "drill.x",' })
    expect(problemsOf(bad.error)[0]).toContain('不是有效的 JSON')
  })

  it('a valid file imports as a copy of a shipped scenario, plays scripted to its end, and may be replaced by a new version', async () => {
    const s = await shop()
    const exported = await s.ok('trainer', 'training.exportDrill', { id: 'drill.late-parcel' })
    expect(exported.name).toBe('drill.late-parcel.json')
    expect(Buffer.from(exported.bytesBase64, 'base64').toString('utf8')).toBe(exported.json)

    // A shipped scenario is never overwritten, even by its own file.
    const same = await s.call('trainer', 'training.importDrill', { json: exported.json })
    expect(same.error.code).toBe('drill.is_default')
    expect(same.error.message).toContain('副本')

    const copy = {
      ...JSON.parse(exported.json),
      id: 'drill.late-parcel-copy',
      title: '快递延误（门店版）',
    }
    const imported = await s.ok('trainer', 'training.importDrill', { json: JSON.stringify(copy) })
    expect(imported).toMatchObject({
      created: true,
      scenario: { id: 'drill.late-parcel-copy', title: '快递延误（门店版）', isDefault: false },
    })
    const listed: Loose[] = await s.ok('agent', 'training.drills')
    expect(listed.find((d) => d.id === 'drill.late-parcel')?.title).not.toBe('快递延误（门店版）')
    expect(listed.find((d) => d.id === 'drill.late-parcel-copy')?.isDefault).toBe(false)

    let v = await s.ok('agent', 'training.startDrill', {
      scenarioId: 'drill.late-parcel-copy',
      mode: 'scripted',
    })
    expect(v.scenario.title).toBe('快递延误（门店版）')
    for (const text of SATISFYING)
      v = await s.ok('agent', 'training.drillReply', { sessionId: v.id, text })
    expect(v.status).toBe('ended')
    expect(v.outcome).toBe('satisfied')

    // A new version of the imported scenario replaces it; the drill already played keeps its own.
    const next = { ...copy, title: '快递延误（第二版）', turns: copy.turns }
    const replaced = await s.ok('supervisor', 'training.importDrill', {
      json: JSON.stringify(next),
    })
    expect(replaced.created).toBe(false)
    const titles = ((await s.ok('agent', 'training.drills')) as Loose[]).map((d) => d.title)
    expect(titles).toContain('快递延误（第二版）')
    expect(titles).not.toContain('快递延误（门店版）')
    const kept = await s.ok('agent', 'training.drillSession', { id: v.id })
    expect(kept.scenario.title).toBe('快递延误（门店版）')
    expect(kept.outcome).toBe('satisfied')

    const roundTrip = await s.ok('trainer', 'training.exportDrill', {
      id: 'drill.late-parcel-copy',
    })
    expect(JSON.parse(roundTrip.json).title).toBe('快递延误（第二版）')
  })

  it('cannot be imported or exported by an agent or trainee', async () => {
    const s = await shop()
    const exported = await s.ok('trainer', 'training.exportDrill', { id: 'drill.food-delay' })
    const json = JSON.stringify({ ...JSON.parse(exported.json), id: 'drill.food-delay-copy' })
    expect((await s.call('agent', 'training.importDrill', { json })).error.code).toBe('forbidden')
    expect(
      (await s.call('agent', 'training.exportDrill', { id: 'drill.food-delay' })).error.code,
    ).toBe('forbidden')
    const ids = ((await s.ok('agent', 'training.drills')) as Loose[]).map((d) => d.id)
    expect(ids).not.toContain('drill.food-delay-copy')
  })
})
