import { z } from 'zod'
import { unknownPlaceholders } from './placeholders'

/**
 * Schemas of the default content shipped in `resources/content/`. Every item has a fixed id,
 * so two PCs that load the same seed merge it instead of holding two copies (DESIGN §4).
 */

const text = z.string().trim().min(1)

/** A stable, readable id with a kind prefix: `script.greet.pdd.01`, `drill.late-parcel`. */
function idOf(prefix: string) {
  return z
    .string()
    .regex(
      new RegExp(`^${prefix}(\\.[a-z0-9]+(-[a-z0-9]+)*)+$`),
      `编号须以 ${prefix}. 开头，只含小写字母、数字、连字符和点`,
    )
}

// ─── Reply scripts (话术) ───────────────────────────────────────────────────────────────

export const SCRIPT_CATEGORIES = [
  'greeting',
  'presale',
  'apology',
  'order_change',
  'logistics',
  'return_exchange',
  'refund',
  'quality',
  'warranty',
  'follow_up',
  'review_reply',
  'satisfaction',
  'closing',
] as const
export type ScriptCategory = (typeof SCRIPT_CATEGORIES)[number]

export const SCRIPT_CATEGORY_LABELS: Record<ScriptCategory, string> = {
  greeting: '问候',
  presale: '售前咨询',
  apology: '致歉安抚',
  order_change: '订单修改',
  logistics: '物流',
  return_exchange: '退换货',
  refund: '退款',
  quality: '质量问题',
  warranty: '保修维修',
  follow_up: '进度跟进',
  review_reply: '评价回复',
  satisfaction: '催评/满意度',
  closing: '结束语',
}

export const PLATFORMS = ['all', 'pdd', 'taobao', 'jd', 'douyin', 'meituan', 'eleme'] as const
export type Platform = (typeof PLATFORMS)[number]

export const PLATFORM_LABELS: Record<Platform, string> = {
  all: '通用',
  pdd: '拼多多',
  taobao: '淘宝/天猫',
  jd: '京东',
  douyin: '抖音',
  meituan: '美团外卖',
  eleme: '饿了么',
}

export const scriptSchema = z
  .object({
    id: idOf('script'),
    title: text.max(40),
    body: text.max(500),
    category: z.enum(SCRIPT_CATEGORIES),
    platforms: z
      .array(z.enum(PLATFORMS))
      .min(1)
      .refine((p) => !p.includes('all') || p.length === 1, '“通用”不能与具体平台同时选择'),
    shortCode: z.string().regex(/^[a-z][a-z0-9]{1,11}$/, '快捷编码须为 2–12 位小写字母或数字'),
    tags: z.array(text.max(12)),
    scope: z.literal('shop'),
    isDefault: z.literal(true),
  })
  .strict()
  .superRefine((s, ctx) => {
    const unknown = unknownPlaceholders(s.body)
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['body'],
        message: `未知占位符：${unknown.map((n) => `{{${n}}}`).join('、')}`,
      })
    }
  })
export type Script = z.infer<typeof scriptSchema>

export const scriptsFileSchema = z
  .object({ format: z.literal(1), scripts: z.array(scriptSchema).min(1) })
  .strict()
export type ScriptsFile = z.infer<typeof scriptsFileSchema>

// ─── Training materials (课程与课件) ────────────────────────────────────────────────────

export const LESSON_KINDS = ['lesson', 'rule_note', 'case_study'] as const
export type LessonKind = (typeof LESSON_KINDS)[number]

export const LESSON_KIND_LABELS: Record<LessonKind, string> = {
  lesson: '课件',
  rule_note: '规则要点',
  case_study: '案例分析',
}

export const lessonSchema = z
  .object({
    id: idOf('lesson'),
    courseId: idOf('course'),
    title: text.max(40),
    kind: z.enum(LESSON_KINDS),
    /** Markdown; images point at files under `resources/content/images/`. */
    body: text.max(4000),
    tags: z.array(text.max(12)),
    minutes: z.number().int().min(1).max(120),
    version: z.number().int().min(1),
    isDefault: z.literal(true),
  })
  .strict()
export type Lesson = z.infer<typeof lessonSchema>

export const COURSE_AUDIENCES = ['onboarding', 'monthly', 'all'] as const
export type CourseAudience = (typeof COURSE_AUDIENCES)[number]

export const courseSchema = z
  .object({
    id: idOf('course'),
    title: text.max(40),
    description: text.max(300),
    lessonIds: z.array(idOf('lesson')).min(1),
    audience: z.enum(COURSE_AUDIENCES),
    isDefault: z.literal(true),
  })
  .strict()
export type Course = z.infer<typeof courseSchema>

export const coursesFileSchema = z
  .object({ format: z.literal(1), courses: z.array(courseSchema).min(1) })
  .strict()
export type CoursesFile = z.infer<typeof coursesFileSchema>

export const lessonsFileSchema = z
  .object({ format: z.literal(1), lessons: z.array(lessonSchema).min(1) })
  .strict()
export type LessonsFile = z.infer<typeof lessonsFileSchema>

// ─── Question bank and exams (理论考核) ─────────────────────────────────────────────────

export const QUESTION_TYPES = ['single', 'multiple', 'truefalse', 'short'] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

export const keywordRubricSchema = z
  .object({
    keywords: z
      .array(
        z
          .object({
            word: text,
            synonyms: z.array(text).optional(),
            points: z.number().positive(),
          })
          .strict(),
      )
      .min(1),
    maxPoints: z.number().positive(),
  })
  .strict()
  .refine(
    (r) => r.keywords.reduce((sum, k) => sum + k.points, 0) >= r.maxPoints,
    '关键词分值之和不能低于满分，否则无人能得满分',
  )
export type KeywordRubric = z.infer<typeof keywordRubricSchema>

const questionBase = {
  id: idOf('q'),
  bankId: idOf('bank'),
  stem: text.max(300),
  explanation: text.max(600),
  tags: z.array(text.max(12)),
  isDefault: z.literal(true),
}

const options = z.array(text.max(120)).min(2).max(8)

function indexIn(opts: readonly string[], i: number) {
  return Number.isInteger(i) && i >= 0 && i < opts.length
}

export const questionSchema = z.discriminatedUnion('type', [
  z
    .object({ ...questionBase, type: z.literal('single'), options, answer: z.number().int() })
    .strict()
    .refine((q) => indexIn(q.options, q.answer), {
      message: '答案须指向一个选项',
      path: ['answer'],
    }),
  z
    .object({
      ...questionBase,
      type: z.literal('multiple'),
      options,
      answer: z.array(z.number().int()).min(1),
    })
    .strict()
    .refine(
      (q) =>
        q.answer.every((i) => indexIn(q.options, i)) && new Set(q.answer).size === q.answer.length,
      { message: '答案须指向不同的选项', path: ['answer'] },
    ),
  z.object({ ...questionBase, type: z.literal('truefalse'), answer: z.boolean() }).strict(),
  z.object({ ...questionBase, type: z.literal('short'), answer: keywordRubricSchema }).strict(),
])
export type Question = z.infer<typeof questionSchema>

export const questionBankSchema = z
  .object({
    id: idOf('bank'),
    title: text.max(40),
    description: text.max(200),
    isDefault: z.literal(true),
  })
  .strict()
export type QuestionBank = z.infer<typeof questionBankSchema>

const perType = (n: z.ZodNumber) =>
  z.object({ single: n, multiple: n, truefalse: n, short: n }).strict()

export const examTemplateSchema = z
  .object({
    id: idOf('exam'),
    title: text.max(40),
    description: text.max(200),
    /** Percentage of the total points needed to pass. */
    passMark: z.number().int().min(1).max(100),
    timeLimitMin: z.number().int().min(1).max(240),
    /** How many questions of each type are drawn at random from the banks. */
    draw: perType(z.number().int().min(0)),
    /** Points for each question of a type; a short answer's rubric is scaled to this. */
    points: perType(z.number().positive()),
    bankIds: z.array(idOf('bank')).min(1),
    audience: z.enum(COURSE_AUDIENCES),
    /** A fixed paper (组卷): these questions in this order for everyone; `draw` is not used. */
    questionIds: z.array(z.string().min(1)).max(200).optional(),
    /** How many times a person may hand this exam in; absent or 0: no limit. */
    maxTries: z.number().int().min(0).max(20).optional(),
    /** Which try counts when there are several: the best (default) or the last. */
    counts: z.enum(['best', 'last']).optional(),
    isDefault: z.literal(true),
  })
  .strict()
  .refine(
    (e) => (e.questionIds?.length ?? 0) > 0 || QUESTION_TYPES.some((t) => e.draw[t] > 0),
    '至少要抽一道题',
  )
export type ExamTemplate = z.infer<typeof examTemplateSchema>

export const questionsFileSchema = z
  .object({
    format: z.literal(1),
    banks: z.array(questionBankSchema).min(1),
    questions: z.array(questionSchema).min(1),
    examTemplates: z.array(examTemplateSchema),
  })
  .strict()
export type QuestionsFile = z.infer<typeof questionsFileSchema>

// ─── Role-play drills (模拟演练) ────────────────────────────────────────────────────────

/** What the scripted customer can ask the trainee for; matched by patterns in the engine. */
export const ASKED_FOR = ['orderNo', 'photo', 'phone', 'address', 'reason'] as const
export type AskedFor = (typeof ASKED_FOR)[number]

/**
 * A check on the trainee's reply. Keywords are matched ignoring case, width and spaces.
 * `replyIndex` is true when this is the trainee's n-th reply (0 = the first).
 */
export type DrillCondition =
  | { anyKeyword: string[] }
  | { allKeywords: string[] }
  | { noneKeyword: string[] }
  | { askedFor: AskedFor }
  | { replyIndex: number }
  | { minChars: number }
  | { all: DrillCondition[] }
  | { any: DrillCondition[] }
  | { not: DrillCondition }

const keywords = z.array(text.max(20)).min(1)

export const drillConditionSchema: z.ZodType<DrillCondition> = z.lazy(() =>
  z.union([
    z.object({ anyKeyword: keywords }).strict(),
    z.object({ allKeywords: keywords }).strict(),
    z.object({ noneKeyword: keywords }).strict(),
    z.object({ askedFor: z.enum(ASKED_FOR) }).strict(),
    z.object({ replyIndex: z.number().int().min(0) }).strict(),
    z.object({ minChars: z.number().int().min(1) }).strict(),
    z.object({ all: z.array(drillConditionSchema).min(1) }).strict(),
    z.object({ any: z.array(drillConditionSchema).min(1) }).strict(),
    z.object({ not: drillConditionSchema }).strict(),
  ]),
)

export const DRILL_ENDS = ['satisfied', 'escalated', 'abandoned'] as const
export type DrillEnd = (typeof DRILL_ENDS)[number]

export const CUSTOMER_MOODS = ['calm', 'worried', 'annoyed', 'angry'] as const
export type CustomerMood = (typeof CUSTOMER_MOODS)[number]

const nodeId = z.string().regex(/^[a-z][a-z0-9-]*$/, '节点编号只含小写字母、数字和连字符')

export const drillNodeSchema = z
  .object({
    id: nodeId,
    customerSays: text.max(400),
    mood: z.enum(CUSTOMER_MOODS),
    /** Checked in order; the first branch whose condition holds is taken. */
    next: z.array(z.object({ when: drillConditionSchema, goto: nodeId }).strict()),
    /** Where the customer goes when no branch holds. */
    otherwise: nodeId.optional(),
    end: z.enum(DRILL_ENDS).optional(),
  })
  .strict()
  .superRefine((n, ctx) => {
    if (n.end !== undefined && (n.next.length > 0 || n.otherwise !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: '结束节点不能再有后续分支' })
    }
    if (n.end === undefined && n.otherwise === undefined) {
      ctx.addIssue({ code: 'custom', path: ['otherwise'], message: '未结束的节点须有默认去向' })
    }
  })
export type DrillNode = z.infer<typeof drillNodeSchema>

export const RUBRIC_ITEM_IDS = [
  'greeted',
  'apologised',
  'collected_order_no',
  'stated_policy',
  'offered_resolution',
  'confirmed_satisfaction',
  'tone',
] as const
export type RubricItemId = (typeof RUBRIC_ITEM_IDS)[number]

export const drillRubricItemSchema = z
  .object({
    id: z.enum(RUBRIC_ITEM_IDS),
    label: text.max(60),
    points: z.number().int().positive(),
    /**
     * Scored by the app when present: the condition is read against all the trainee's
     * replies taken together. Items without it are marked by the trainer.
     */
    auto: drillConditionSchema.optional(),
  })
  .strict()
export type DrillRubricItem = z.infer<typeof drillRubricItemSchema>

export const drillScenarioSchema = z
  .object({
    id: idOf('drill'),
    title: text.max(40),
    summary: text.max(200),
    platform: z.enum(PLATFORMS),
    persona: z
      .object({ name: text.max(20), mood: z.enum(CUSTOMER_MOODS), background: text.max(300) })
      .strict(),
    orderContext: z
      .object({
        orderNo: text.max(40),
        product: text.max(60),
        amount: z.number().nonnegative(),
        purchasedAt: z.iso.date(),
        shop: text.max(40).optional(),
        trackingNo: text.max(40).optional(),
        carrier: text.max(20).optional(),
        note: text.max(200).optional(),
      })
      .strict(),
    /** The customer's first message; it is what the start node says. */
    opening: text.max(400),
    start: nodeId,
    timeLimitMin: z.number().int().min(1).max(60),
    turns: z.array(drillNodeSchema).min(2),
    rubric: z.array(drillRubricItemSchema).min(1),
    isDefault: z.literal(true),
  })
  .strict()
  .superRefine((d, ctx) => {
    const ids = new Set<string>()
    for (const [i, n] of d.turns.entries()) {
      if (ids.has(n.id)) {
        ctx.addIssue({ code: 'custom', path: ['turns', i, 'id'], message: `节点编号重复：${n.id}` })
      }
      ids.add(n.id)
    }
    const start = d.turns.find((n) => n.id === d.start)
    if (!start) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: `起始节点不存在：${d.start}` })
    } else if (start.customerSays !== d.opening) {
      ctx.addIssue({
        code: 'custom',
        path: ['opening'],
        message: '开场白须与起始节点的顾客发言一致',
      })
    }
    for (const [i, n] of d.turns.entries()) {
      const targets = [...n.next.map((b) => b.goto), ...(n.otherwise ? [n.otherwise] : [])]
      for (const t of targets) {
        if (!ids.has(t)) {
          ctx.addIssue({
            code: 'custom',
            path: ['turns', i],
            message: `分支指向不存在的节点：${t}`,
          })
        }
      }
    }
    const rubricIds = d.rubric.map((r) => r.id)
    if (new Set(rubricIds).size !== rubricIds.length) {
      ctx.addIssue({ code: 'custom', path: ['rubric'], message: '评分项重复' })
    }
  })
export type DrillScenario = z.infer<typeof drillScenarioSchema>

export const drillsFileSchema = z
  .object({ format: z.literal(1), drills: z.array(drillScenarioSchema).min(1) })
  .strict()
export type DrillsFile = z.infer<typeof drillsFileSchema>

/** One line of a drill transcript. The trainee speaks as the agent. */
export const drillTranscriptEntrySchema = z
  .object({
    role: z.enum(['customer', 'agent']),
    text: z.string(),
    nodeId: nodeId.optional(),
    /** Epoch milliseconds, for per-turn response times. */
    at: z.number().int().nonnegative().optional(),
  })
  .strict()
export type DrillTranscriptEntry = z.infer<typeof drillTranscriptEntrySchema>
