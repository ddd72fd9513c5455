import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { contentProblems, examShortfall, lessonImages } from '../../shared/content/checks'
import {
  evaluateCondition,
  nextTurn,
  reachableNodes,
  scoreRubric,
  startNode,
} from '../../shared/content/drill-engine'
import { scoreKeywordRubric } from '../../shared/content/keywords'
import {
  PLACEHOLDERS,
  fillPlaceholders,
  findPlaceholders,
  unknownPlaceholders,
} from '../../shared/content/placeholders'
import {
  SCRIPT_CATEGORIES,
  coursesFileSchema,
  drillScenarioSchema,
  drillsFileSchema,
  lessonsFileSchema,
  questionSchema,
  questionsFileSchema,
  scriptSchema,
  scriptsFileSchema,
  type DrillEnd,
  type DrillScenario,
  type DrillTranscriptEntry,
} from '../../shared/content/schemas'

const contentDir = fileURLToPath(new URL('../../resources/content/', import.meta.url))
const read = (name: string): unknown => JSON.parse(readFileSync(contentDir + name, 'utf8'))

const scripts = scriptsFileSchema.parse(read('scripts.json'))
const courses = coursesFileSchema.parse(read('courses.json'))
const lessons = lessonsFileSchema.parse(read('lessons.json'))
const questions = questionsFileSchema.parse(read('questions.json'))
const drills = drillsFileSchema.parse(read('drills.json'))

const drill = (id: string): DrillScenario => {
  const d = drills.drills.find((x) => x.id === id)
  if (!d) throw new Error(`no drill ${id}`)
  return d
}

/** Plays the trainee's replies against the scripted customer, as the training service would. */
function play(scenario: DrillScenario, replies: readonly string[]) {
  const transcript: DrillTranscriptEntry[] = [
    { role: 'customer', text: scenario.opening, nodeId: scenario.start },
  ]
  let nodeId = scenario.start
  let end: DrillEnd | null = null
  const path: string[] = [nodeId]
  for (const reply of replies) {
    if (end) throw new Error(`the drill already ended (${end}) before “${reply}”`)
    const step = nextTurn(scenario, nodeId, reply, transcript)
    transcript.push({ role: 'agent', text: reply })
    transcript.push({ role: 'customer', text: step.node.customerSays, nodeId: step.node.id })
    nodeId = step.node.id
    end = step.end
    path.push(nodeId)
  }
  return { transcript, nodeId, end, path }
}

describe('the shipped content files', () => {
  it('all parse against their schemas and agree with each other', () => {
    // Parsing happened at load; this states the cross-file rules hold too.
    expect(contentProblems({ scripts, courses, lessons, questions, drills })).toEqual([])
  })

  it('are pretty-printed UTF-8 JSON with fixed ids marked as defaults', () => {
    for (const name of [
      'scripts.json',
      'courses.json',
      'lessons.json',
      'questions.json',
      'drills.json',
    ]) {
      const raw = readFileSync(contentDir + name, 'utf8')
      expect(raw.split('\n').length, name).toBeGreaterThan(20)
      expect(raw.charCodeAt(0), `${name} has no BOM`).not.toBe(0xfeff)
    }
    const items = [
      ...scripts.scripts,
      ...courses.courses,
      ...lessons.lessons,
      ...questions.banks,
      ...questions.questions,
      ...questions.examTemplates,
      ...drills.drills,
    ]
    expect(items.every((i) => i.isDefault)).toBe(true)
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length)
  })
})

describe('default reply scripts', () => {
  const list = scripts.scripts

  it('has at least 60 scripts with unique short codes', () => {
    expect(list.length).toBeGreaterThanOrEqual(60)
    expect(new Set(list.map((s) => s.shortCode)).size).toBe(list.length)
  })

  it('covers every category, and every platform has its own variants', () => {
    for (const category of SCRIPT_CATEGORIES) {
      expect(list.filter((s) => s.category === category).length, category).toBeGreaterThan(0)
    }
    for (const platform of ['pdd', 'taobao', 'jd', 'douyin', 'meituan', 'eleme'] as const) {
      expect(
        list.filter((s) => s.platforms.includes(platform)).length,
        platform,
      ).toBeGreaterThanOrEqual(3)
    }
  })

  it('has food-delivery scripts for a late rider, spilled food and missing items', () => {
    const food = list.filter((s) => s.platforms.includes('meituan'))
    for (const word of ['骑手', '洒', '漏送']) {
      expect(
        food.some((s) => s.body.includes(word)),
        word,
      ).toBe(true)
    }
  })

  it('uses only known placeholders, and every known placeholder is used somewhere', () => {
    const used = new Set(list.flatMap((s) => findPlaceholders(s.body)))
    expect(list.flatMap((s) => unknownPlaceholders(s.body))).toEqual([])
    for (const p of PLACEHOLDERS) expect(used.has(p.name), p.name).toBe(true)
  })

  it('has no stray braces outside placeholders', () => {
    for (const s of list) {
      expect(s.body.replace(/\{\{[^{}]+\}\}/g, ''), s.id).not.toMatch(/[{}]/)
    }
  })

  it('reads as Chinese written for customers', () => {
    for (const s of list) {
      const han = s.body.match(/\p{Script=Han}/gu)?.length ?? 0
      expect(han / s.body.length, s.id).toBeGreaterThan(0.5)
    }
  })
})

describe('placeholders', () => {
  it('finds each name once, in order, tolerating spaces inside the braces', () => {
    expect(findPlaceholders('{{顾客}}您好，订单{{ 订单号 }}已发出，{{顾客}}请查收')).toEqual([
      '顾客',
      '订单号',
    ])
  })

  it('flags names the app cannot fill', () => {
    expect(unknownPlaceholders('{{顾客}}您好，您的{{会员等级}}已更新')).toEqual(['会员等级'])
    expect(unknownPlaceholders('没有占位符的句子')).toEqual([])
  })

  it('fills what it has and lists what the agent must still give', () => {
    const filled = fillPlaceholders('{{顾客}}您好，退款{{金额}}元已同意，{{时限}}内到账', {
      顾客: '王女士',
      金额: '39.90',
      时限: '  ',
    })
    expect(filled.text).toBe('王女士您好，退款39.90元已同意，{{时限}}内到账')
    expect(filled.missing).toEqual(['时限'])
  })

  it('rejects a script whose body uses an unknown placeholder', () => {
    const base = scripts.scripts[0]
    const bad = scriptSchema.safeParse({ ...base, body: '{{顾客}}您好，{{积分}}已到账' })
    expect(bad.success).toBe(false)
    expect(JSON.stringify(bad.error?.issues)).toContain('{{积分}}')
    expect(scriptSchema.safeParse({ ...base, platforms: ['all', 'pdd'] }).success).toBe(false)
    expect(scriptSchema.safeParse({ ...base, shortCode: 'DKH' }).success).toBe(false)
  })
})

describe('training materials', () => {
  const list = lessons.lessons
  const imagesDir = contentDir + 'images/'

  it('has at least 8 lessons and rule notes and at least 4 case studies', () => {
    expect(list.filter((l) => l.kind !== 'case_study').length).toBeGreaterThanOrEqual(8)
    expect(list.filter((l) => l.kind === 'case_study').length).toBeGreaterThanOrEqual(4)
  })

  it('covers the after-sales topics new agents are trained on', () => {
    const titles = list.filter((l) => l.kind !== 'case_study').map((l) => l.title)
    for (const topic of [
      '工单',
      '投诉',
      '退换货',
      '退款',
      '物流',
      '评价',
      '沟通',
      '平台规则',
      '信息保护',
    ]) {
      expect(
        titles.some((t) => t.includes(topic)),
        topic,
      ).toBe(true)
    }
  })

  it('each lesson is 600–1500 characters of markdown with headings and lists', () => {
    for (const l of list) {
      expect(l.body.length, l.id).toBeGreaterThanOrEqual(600)
      expect(l.body.length, l.id).toBeLessThanOrEqual(1500)
      expect(l.body, l.id).toMatch(/^#{1,3} \S/m)
      expect(l.body, l.id).toMatch(/^(- |\d+\. )\S/m)
    }
  })

  it('every course lists its lessons, and onboarding has the core course', () => {
    expect(
      courses.courses.some((c) => c.audience === 'onboarding' && c.lessonIds.length >= 5),
    ).toBe(true)
    const listed = courses.courses.flatMap((c) => c.lessonIds)
    expect(new Set(listed)).toEqual(new Set(list.map((l) => l.id)))
  })

  it('refers only to bundled SVG diagrams that are safe to display', () => {
    const referenced = list.flatMap((l) => lessonImages(l.body))
    expect(list.filter((l) => lessonImages(l.body).length > 0).length).toBeGreaterThanOrEqual(2)
    const files = readdirSync(imagesDir)
    for (const ref of referenced) {
      expect(ref).toMatch(/^images\/[a-z0-9-]+\.svg$/)
      expect(files, ref).toContain(ref.slice('images/'.length))
    }
    for (const f of files) {
      const svg = readFileSync(imagesDir + f, 'utf8')
      expect(referenced, `${f} is used by a lesson`).toContain(`images/${f}`)
      expect(svg, f).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
      expect(svg, f).toMatch(/<title[^>]*>\p{Script=Han}/u)
      // Markdown is sanitised before display; the pictures must not need anything it strips.
      expect(svg, f).not.toMatch(
        /<script|<foreignObject|\bon[a-z]+=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i,
      )
    }
  })
})

describe('question bank and exam templates', () => {
  const list = questions.questions

  it('has at least 40 questions of all four types', () => {
    expect(list.length).toBeGreaterThanOrEqual(40)
    for (const type of ['single', 'multiple', 'truefalse', 'short'] as const) {
      expect(list.filter((q) => q.type === type).length, type).toBeGreaterThanOrEqual(5)
    }
  })

  it('every exam template can be drawn from its banks', () => {
    expect(questions.examTemplates.length).toBeGreaterThanOrEqual(2)
    for (const e of questions.examTemplates) expect(examShortfall(e, list), e.id).toEqual({})
  })

  it('the onboarding exam draws all four question types', () => {
    const onboarding = questions.examTemplates.find((e) => e.audience === 'onboarding')
    expect(onboarding).toBeDefined()
    for (const n of Object.values(onboarding?.draw ?? {})) expect(n).toBeGreaterThan(0)
  })

  it('a template asking for more than the bank holds reports the shortfall', () => {
    const e = questions.examTemplates[0]
    if (!e) throw new Error('no template')
    const shorts = list.filter((q) => q.type === 'short' && e.bankIds.includes(q.bankId)).length
    expect(examShortfall({ ...e, draw: { ...e.draw, short: shorts + 3 } }, list)).toEqual({
      short: 3,
    })
  })

  it('each short answer’s model explanation earns full marks, a blank answer none', () => {
    for (const q of list) {
      if (q.type !== 'short') continue
      const model = scoreKeywordRubric(q.explanation, q.answer)
      expect(model.points, q.id).toBe(q.answer.maxPoints)
      expect(scoreKeywordRubric('', q.answer).points, q.id).toBe(0)
    }
  })

  it('keyword scoring accepts synonyms and ignores width and spaces', () => {
    const rubric = {
      keywords: [
        { word: '道歉', synonyms: ['抱歉'], points: 3 },
        { word: '7天', points: 2 },
      ],
      maxPoints: 5,
    }
    expect(scoreKeywordRubric('先 抱 歉，再说明７天内可退', rubric)).toEqual({
      points: 5,
      maxPoints: 5,
      matched: ['道歉', '7天'],
    })
  })

  it('rejects answers that point at no option', () => {
    const q = list.find((x) => x.type === 'multiple')
    expect(questionSchema.safeParse({ ...q, answer: [0, 0] }).success).toBe(false)
    expect(questionSchema.safeParse({ ...q, answer: [9] }).success).toBe(false)
  })
})

describe('role-play drill scenarios', () => {
  const NO_APOLOGY = '您好，请问有什么可以帮您？'
  const WITH_APOLOGY = '您好，非常抱歉让您遇到这种情况，我马上帮您处理。'

  it('has the six seeded topics, each a graph of 4–8 customer turns', () => {
    expect(drills.drills.map((d) => d.id).sort()).toEqual(
      [
        'drill.damaged-goods',
        'drill.food-delay',
        'drill.late-parcel',
        'drill.negative-review',
        'drill.refund-dispute',
        'drill.wrong-item',
      ].sort(),
    )
    expect(drill('drill.food-delay').platform).toBe('meituan')
    for (const d of drills.drills) {
      expect(d.turns.length, d.id).toBeGreaterThanOrEqual(4)
      expect(d.turns.length, d.id).toBeLessThanOrEqual(8)
    }
  })

  it('every goto names an existing node and every node can be reached from the opening', () => {
    for (const d of drills.drills) {
      const ids = new Set(d.turns.map((n) => n.id))
      for (const n of d.turns) {
        for (const t of [...n.next.map((b) => b.goto), ...(n.otherwise ? [n.otherwise] : [])]) {
          expect(ids.has(t), `${d.id}: ${n.id} → ${t}`).toBe(true)
        }
      }
      expect(reachableNodes(d), d.id).toEqual(ids)
      expect(startNode(d).customerSays).toBe(d.opening)
    }
  })

  it('a first reply without an apology makes every customer escalate, and the trainee can recover', () => {
    for (const d of drills.drills) {
      const cold = nextTurn(d, d.start, NO_APOLOGY, [])
      const warm = nextTurn(d, d.start, WITH_APOLOGY, [])
      expect(cold.node.mood === 'angry' || cold.end === 'escalated', d.id).toBe(true)
      expect(cold.node.id, d.id).not.toBe(warm.node.id)
      const ahead = reachableNodes(d, cold.node.id)
      expect(
        d.turns.some((n) => n.end === 'satisfied' && ahead.has(n.id)),
        `${d.id}: a satisfied ending is still reachable after the slip`,
      ).toBe(true)
    }
  })

  it('every scenario has a satisfied and an escalated ending', () => {
    for (const d of drills.drills) {
      const ends = new Set(d.turns.map((n) => n.end))
      expect(ends.has('satisfied'), d.id).toBe(true)
      expect(ends.has('escalated'), d.id).toBe(true)
    }
  })

  // Replies a trainee might really type, for the good path and for a slip and recovery.
  const walks: Record<string, { good: string[]; recovered: string[] }> = {
    'drill.late-parcel': {
      good: [
        '您好，非常抱歉让您久等了！麻烦您提供一下订单号，我马上帮您查物流。',
        '查到了，包裹在金华中转站滞留，我已经联系快递网点催件，同时今天就给您补发一份，走顺丰。',
        '补发的预计周六就能到，原来那个包裹到了您直接拒收就行。',
        '好的，发出后我第一时间把单号发您。您对这样处理还满意吗？还有什么需要帮忙的吗？',
      ],
      recovered: [
        NO_APOLOGY,
        '实在对不起，上次没跟进好是我们的问题，我马上帮您查。',
        '我这边联系快递网点加急处理，明天还不动就给您补发。',
        '补发的话明天就发顺丰，周六前能到。',
        '好的，您看这样处理满意吗？',
      ],
    },
    'drill.damaged-goods': {
      good: [
        '您好，真的非常抱歉！麻烦您拍几张照片发我：碎的碗、外包装和快递面单。',
        '照片收到了，确实是运输中压碎的。给您两个方案：马上补发一套新的，或者直接退款，您看选哪个？',
        '不用寄回的，碎的您直接处理掉就行，新的这次我们加厚包装。您对这样处理满意吗？',
      ],
      recovered: [
        '亲，在的，请问什么问题？',
        '对不起，是我们包装没做好，给您添麻烦了。',
        '麻烦您拍张照片给我看看碎的情况。',
        '我们马上给您补发一套。',
        '碎的需要您寄回哦。',
        '抱歉，您拍照就可以，不需要寄回。还有什么问题吗？',
      ],
    },
    'drill.refund-dispute': {
      good: [
        '您好，非常抱歉让您着急了。仓库验货时拍了照片，内胆有油渍和划痕，我发给您看一下。',
        '无理由退货要求商品不影响二次销售。给您两个方案您选：一是部分退款，二是把商品寄回给您，运费我们出。',
        '扣除内胆更换的成本80元，可以退您319元，您看满意吗？',
      ],
      recovered: [
        '您好，我们是按规定处理的。',
        '抱歉，刚才是我没说清楚。',
        '仓库验货照片显示内胆有划痕，影响二次销售。',
        '我们可以给您部分退款。',
        '可以退您319元，您看满意吗？',
      ],
    },
    'drill.wrong-item': {
      good: [
        '您好，非常抱歉！麻烦您发一下订单号和鞋盒标签的照片，我马上核对。',
        '核对过了，是我们仓库发错了。黑色42码今天就给您补发，走顺丰。',
        '错发的那双您方便时寄回，运费我们承担，退货地址我发您。您看这样满意吗？',
      ],
      recovered: [
        '亲，请问订单号多少？',
        '实在对不起，给您添麻烦了。',
        '麻烦发一下订单号。',
        '我们马上给您补发正确的鞋。',
        '运费由我们承担，您寄回就行，还有其他问题吗？',
      ],
    },
    'drill.negative-review': {
      good: [
        '您好赵女士，非常抱歉！前天晚上没人回复您是我们的失误，牙刷的问题也给您添麻烦了。',
        '我们马上给您补发一个新的充电座，如果还是不行就整支换新。',
        '不会的，您放心，评价是您的权利，我们只想把问题解决好。配件到了您用着满意再说。',
      ],
      recovered: [NO_APOLOGY, '对不起，是我们的失误。', '给您换一支新的。', '不会的，您满意就好。'],
    },
    'drill.food-delay': {
      good: [
        '您好，非常抱歉让您久等了！我马上联系骑手。',
        '骑手说五分钟内到。超时给您添麻烦了，这单超时按平台规则给您补偿，另外把饮料的钱退给您。',
        '好的，您看这样处理满意吗？',
      ],
      recovered: [
        '外卖在路上了。',
        '对不起，让您等太久了。',
        '我这就联系骑手问问。',
        '如果您来不及吃，可以给您全额退款。',
        '这单按平台规则给您补偿，还有其他问题吗？',
      ],
    },
  }

  it.each(Object.keys(walks))('%s: a good handling ends with a satisfied customer', (id) => {
    const d = drill(id)
    const run = play(d, walks[id]?.good ?? [])
    expect(run.end, run.path.join(' → ')).toBe('satisfied')
  })

  it.each(Object.keys(walks))(
    '%s: a trainee who slips first and then apologises recovers',
    (id) => {
      const d = drill(id)
      const run = play(d, walks[id]?.recovered ?? [])
      expect(findMood(d, run.path[1] ?? ''), run.path.join(' → ')).toBe('angry')
      expect(run.end, run.path.join(' → ')).toBe('satisfied')
    },
  )

  it('a trainee who never gives the customer a way forward ends escalated or abandoned', () => {
    const stall = '请您耐心等待。'
    for (const d of drills.drills) {
      const run = play(d, ['您好，非常抱歉。'])
      let { nodeId, end } = run
      const transcript = run.transcript
      for (let i = 0; i < 6 && !end; i++) {
        const step = nextTurn(d, nodeId, stall, transcript)
        transcript.push({ role: 'agent', text: stall })
        nodeId = step.node.id
        end = step.end
      }
      expect(['escalated', 'abandoned'], d.id).toContain(end)
    }
  })

  it('offering a red packet for a good review escalates the review drill', () => {
    const d = drill('drill.negative-review')
    const run = play(d, [
      '您好，非常抱歉，没及时回复是我们的失误。',
      '给您补发一个充电座。',
      '给您5元红包，麻烦改成好评哦。',
    ])
    expect(run.end).toBe('escalated')
  })

  it('the rubric scores its automatic items from the transcript and leaves the rest to the trainer', () => {
    const d = drill('drill.late-parcel')
    const good = scoreRubric(d, play(d, walks['drill.late-parcel']?.good ?? []).transcript)
    for (const mark of good) {
      const item = d.rubric.find((r) => r.id === mark.id)
      expect(mark.earned, mark.id).toBe(item?.auto ? mark.points : null)
    }
    const poor = scoreRubric(d, play(d, ['在的', '等着吧']).transcript)
    expect(poor.find((m) => m.id === 'apologised')?.earned).toBe(0)
    expect(poor.find((m) => m.id === 'offered_resolution')?.earned).toBe(0)
    expect(scoreRubric(d, []).every((m) => m.earned === 0 || m.earned === null)).toBe(true)
  })

  it('scenario rubrics add up to 100 points and include apology and resolution', () => {
    for (const d of drills.drills) {
      expect(
        d.rubric.reduce((s, r) => s + r.points, 0),
        d.id,
      ).toBe(100)
      const ids = d.rubric.map((r) => r.id)
      expect(ids, d.id).toEqual(expect.arrayContaining(['apologised', 'offered_resolution']))
    }
  })
})

function findMood(d: DrillScenario, nodeId: string): string {
  return d.turns.find((n) => n.id === nodeId)?.mood ?? ''
}

describe('drill engine', () => {
  const apology = { anyKeyword: ['抱歉', '对不起'] }

  it('matches keywords ignoring full-width letters, case and spaces', () => {
    expect(evaluateCondition({ anyKeyword: ['ok'] }, '好的ＯＫ', [])).toBe(true)
    expect(evaluateCondition(apology, '非常 抱 歉', [])).toBe(true)
    expect(evaluateCondition({ allKeywords: ['补发', '退款'] }, '可以补发', [])).toBe(false)
    expect(evaluateCondition({ noneKeyword: ['不知道'] }, '我帮您查一下', [])).toBe(true)
  })

  it('recognises how agents ask for the order number, a photo or a phone number', () => {
    expect(evaluateCondition({ askedFor: 'orderNo' }, '麻烦提供一下订单编号', [])).toBe(true)
    expect(evaluateCondition({ askedFor: 'orderNo' }, '您发下单号我查查', [])).toBe(true)
    expect(evaluateCondition({ askedFor: 'orderNo' }, '我马上帮您处理', [])).toBe(false)
    expect(evaluateCondition({ askedFor: 'photo' }, '您拍张照给我看看', [])).toBe(true)
    expect(evaluateCondition({ askedFor: 'phone' }, '留个联系方式', [])).toBe(true)
  })

  it('knows which reply this is from the transcript', () => {
    const before: DrillTranscriptEntry[] = [
      { role: 'customer', text: '在吗' },
      { role: 'agent', text: '您好' },
      { role: 'customer', text: '快递没到' },
    ]
    expect(evaluateCondition({ replyIndex: 0 }, '抱歉', [])).toBe(true)
    expect(evaluateCondition({ replyIndex: 1 }, '抱歉', before)).toBe(true)
    expect(evaluateCondition({ replyIndex: 0 }, '抱歉', before)).toBe(false)
  })

  it('combines checks with all, any and not', () => {
    const cond = {
      all: [
        apology,
        { not: { anyKeyword: ['规定'] } },
        { any: [{ minChars: 20 }, { askedFor: 'orderNo' as const }] },
      ],
    }
    expect(evaluateCondition(cond, '抱歉，麻烦发一下订单号', [])).toBe(true)
    expect(evaluateCondition(cond, '抱歉，这是规定，麻烦发一下订单号', [])).toBe(false)
    expect(evaluateCondition(cond, '抱歉', [])).toBe(false)
  })

  it('takes the first branch that holds, else the default', () => {
    const d = drill('drill.late-parcel')
    expect(nextTurn(d, 'open', '您好', []).via).toBe(0)
    expect(nextTurn(d, 'open', '抱歉', [])).toMatchObject({ via: 'otherwise', end: null })
  })

  it('refuses to go on from an ending or from a node that does not exist', () => {
    const d = drill('drill.late-parcel')
    expect(() => nextTurn(d, 'thanks', '好的', [])).toThrow(
      expect.objectContaining({ code: 'drill.ended' }),
    )
    expect(() => nextTurn(d, 'nowhere', '好的', [])).toThrow(
      expect.objectContaining({ code: 'drill.node_unknown' }),
    )
  })

  it('rejects an authored scenario whose branch points nowhere or whose ending branches on', () => {
    const d = drill('drill.late-parcel')
    const dangling = {
      ...d,
      turns: d.turns.map((n) => (n.id === 'ask' ? { ...n, otherwise: 'lost' } : n)),
    }
    expect(drillScenarioSchema.safeParse(dangling).success).toBe(false)
    const endless = {
      ...d,
      turns: d.turns.map((n) => (n.id === 'thanks' ? { ...n, otherwise: 'open' } : n)),
    }
    expect(drillScenarioSchema.safeParse(endless).success).toBe(false)
    expect(drillScenarioSchema.safeParse({ ...d, opening: '别的开场白' }).success).toBe(false)
  })
})
