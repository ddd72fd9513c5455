import {
  LIMITS,
  PLATFORM_LABELS,
  ticketIntakeSchema,
  toHalfWidth,
  type Platform,
  type TicketIntake,
  type TicketIntakeDraft,
} from './model'

/** Field key → zh-CN message, ready to show next to the field. */
export type FieldMessages = Partial<Record<keyof TicketIntake | '_', string>>

export interface IntakeCheck {
  /** Saving is refused while any error remains. */
  errors: FieldMessages
  /** Worth a second look; the agent may save anyway. */
  warnings: FieldMessages
  /** The parsed form when there are no errors. */
  value?: TicketIntake
}

/** Clocks of two PCs and a phone disagree a little; a couple of minutes ahead is not "the future". */
const CLOCK_SKEW_MS = 5 * 60_000
const DAY_MS = 86_400_000

/**
 * Points out missing or unclear details of a new order before it is saved (DOMAIN step 1:
 * "if the description is unclear the agent asks for details before saving").
 */
export function checkIntake(draft: TicketIntakeDraft, now: Date | string | number): IntakeCheck {
  const nowMs = typeof now === 'number' ? now : new Date(now).getTime()
  const errors: FieldMessages = {}
  const warnings: FieldMessages = {}
  const err = (k: keyof FieldMessages, msg: string) => {
    if (!(k in errors)) errors[k] = msg
  }
  const warn = (k: keyof FieldMessages, msg: string) => {
    if (!(k in errors) && !(k in warnings)) warnings[k] = msg
  }

  const parsed = ticketIntakeSchema.safeParse(emptyToUndefined(draft))
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = (issue.path[0] as keyof TicketIntake | undefined) ?? '_'
      err(key, issue.message)
    }
  }
  const d = parsed.success ? parsed.data : looseView(draft)

  const messageMs = timeOf(d.messageAt)
  const purchasedMs = timeOf(d.purchasedAt)
  const deadlineMs = timeOf(d.platformDeadline)

  if (messageMs !== null && messageMs > nowMs + CLOCK_SKEW_MS) {
    err('messageAt', '消息时间不能晚于现在')
  }
  if (purchasedMs !== null) {
    if (purchasedMs > nowMs + CLOCK_SKEW_MS) err('purchasedAt', '购买时间不能晚于现在')
    else if (messageMs !== null && messageMs < purchasedMs) {
      err('messageAt', '消息时间早于购买时间，请核对两个时间')
    } else if (nowMs - purchasedMs > 2 * 365 * DAY_MS) {
      warn('purchasedAt', '购买时间在两年以前，请核对是否填错年份')
    }
  }
  if (deadlineMs !== null) {
    if (deadlineMs < nowMs) warn('platformDeadline', '平台处理时限已过，请尽快处理或核对时间')
    else if (messageMs !== null && deadlineMs < messageMs) {
      warn('platformDeadline', '平台处理时限早于消息时间，请核对')
    }
  }

  if (typeof d.amount === 'number' && d.amount > LIMITS.absurdAmountFen) {
    warn('amount', '金额超过 100 万元，请核对是否多输了位数（金额单位为分）')
  }

  const orderNo = typeof d.orderNo === 'string' ? d.orderNo.trim() : ''
  if (!orderNo) {
    if (d.channel !== 'phone' && d.category !== 'suggestion') {
      warn('orderNo', '未填写订单编号，请向顾客确认；没有订单号的工单会在每日整理中列出')
    }
  } else if (isPlatform(d.platform) && !orderNoLooksUsual(d.platform, orderNo)) {
    warn(
      'orderNo',
      `订单编号格式与${PLATFORM_LABELS[d.platform]}常见格式不符，请核对；确认无误可继续保存`,
    )
  }
  if (!purchasedMs && orderNo && !('purchasedAt' in errors)) {
    warn('purchasedAt', '未填写购买时间，请在订单详情中核对')
  }

  const hasWho = [d.buyerId, d.customerName, d.contact].some(
    (v) => typeof v === 'string' && v.trim() !== '',
  )
  if (!hasWho) err('buyerId', '请至少填写买家ID/昵称、顾客姓名或联系方式中的一项')
  else if (!nonEmpty(d.contact) && d.channel === 'phone') {
    warn('contact', '电话来访请记录顾客的联系电话，便于回访')
  }
  if (nonEmpty(d.contact) && !contactLooksUsual(d.contact)) {
    warn('contact', '联系方式看起来不完整（手机号应为 11 位），请核对')
  }

  if (typeof d.description === 'string' && d.description.trim() !== '') {
    const vague = describeVagueness(d.description)
    if (vague) warn('description', vague)
  }

  if (
    (d.category === 'return_exchange' || d.category === 'logistics') &&
    !nonEmpty(d.trackingNo) &&
    !nonEmpty(d.returnTrackingNo)
  ) {
    warn('trackingNo', '物流或退换货问题建议记录快递单号，方便查询物流')
  }

  const result: IntakeCheck = { errors, warnings }
  if (parsed.success && Object.keys(errors).length === 0) result.value = parsed.data
  return result
}

/**
 * Whether an order number has the shape the platform usually shows. Only a hint for a
 * warning the agent can override: the formats below are what the platforms' seller
 * back-ends showed when this was written, they change without notice, so each range is
 * wider than what is commonly seen.
 *
 * - 拼多多: `yyMMdd-` then 15 digits, e.g. `231125-123456789012345` (accepts 12–18 digits).
 * - 淘宝/天猫: 18–19 digits (accepts 16–20).
 * - 京东: 11–13 digits (accepts 9–14; older orders are shorter).
 * - 抖音: 19 digits (accepts 16–20).
 * - 美团 / 饿了么: long digit strings (accepts 12–24).
 * - 其他: letters, digits, `-` and `_`, 4–64 characters.
 *
 * Spaces and full-width digits (typed through a Chinese IME) are tolerated.
 */
export function orderNoLooksUsual(platform: Platform, orderNo: string): boolean {
  const s = normalizeOrderNo(orderNo)
  switch (platform) {
    case 'pdd': {
      const m = /^(\d{2})(\d{2})(\d{2})-\d{12,18}$/.exec(s)
      if (!m) return false
      const month = Number(m[2])
      const day = Number(m[3])
      return month >= 1 && month <= 12 && day >= 1 && day <= 31
    }
    case 'taobao':
    case 'douyin':
      return /^\d{16,20}$/.test(s)
    case 'jd':
      return /^\d{9,14}$/.test(s)
    case 'meituan':
    case 'eleme':
      return /^\d{12,24}$/.test(s)
    case 'other':
      return /^[A-Za-z0-9_-]{4,64}$/.test(s)
  }
}

/** Order numbers as typed: full-width characters, spaces and dash variants unified. */
export function normalizeOrderNo(orderNo: string): string {
  return toHalfWidth(orderNo)
    .replace(/[\s\u3000]+/g, '')
    .replace(/[‐‑‒–—－]/g, '-')
}

// Words that say *that* something is wrong without saying *what*.
const VAGUE_WORDS = [
  '有问题',
  '出问题',
  '问题',
  '不行',
  '不好',
  '坏了',
  '不满意',
  '投诉',
  '差评',
  '退款',
  '退货',
  '换货',
  '怎么回事',
  '什么情况',
  '在吗',
  '在不在',
  '你好',
  '您好',
  '有人吗',
  '急',
  '快点',
]
const FILLER = /[\s\p{P}\p{S}啊呀吧呢了的嘛哦哈啦么吗噢]+/gu
// Compared after the same filler stripping as the description ("坏了" → "坏").
const VAGUE_CORES = new Set(VAGUE_WORDS.map((w) => w.replace(FILLER, '')))
const SUBJECTS = /(这个|那个|你们的?|我的?|商品|东西|产品|宝贝|订单|货|店家|客服|亲)/g

/**
 * A zh-CN hint when the description would not let a colleague act on it, or null when it
 * looks specific enough.
 */
export function describeVagueness(description: string): string | null {
  const compact = description.replace(FILLER, '')
  if (compact.length === 0) return '问题描述没有实际内容，请记录顾客反映的具体问题'
  const core = compact.replace(SUBJECTS, '')
  if (core.length === 0 || VAGUE_CORES.has(core) || VAGUE_CORES.has(compact)) {
    return '问题描述过于笼统，请向顾客询问具体情况（什么问题、何时发现、希望如何处理）后再保存'
  }
  if (compact.length < 5) {
    return '问题描述较短，请确认已记录顾客反映的具体问题和诉求'
  }
  return null
}

function contactLooksUsual(contact: unknown): boolean {
  if (typeof contact !== 'string') return true
  const s = toHalfWidth(contact).replace(/[\s-]/g, '')
  // Only digit strings are judged: a WeChat id or an e-mail is fine as is.
  if (!/^\+?\d+$/.test(s)) return true
  const digits = s.replace(/^\+?86/, '')
  if (digits.length === 11) return /^1[3-9]\d{9}$/.test(digits)
  // Landlines with area code (e.g. 021-12345678) have 10–12 digits.
  return digits.length >= 10 && digits.length <= 12 && digits.startsWith('0')
}

function emptyToUndefined(draft: TicketIntakeDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(draft)) {
    // An emptied optional field is "not given", not "given as empty".
    if (v === '' || v === null || v === undefined) continue
    out[k] = v
  }
  return out
}

function looseView(draft: TicketIntakeDraft): { [K in keyof TicketIntake]?: unknown } {
  return draft
}

function timeOf(v: unknown): number | null {
  if (typeof v !== 'string' || v === '') return null
  const ms = Date.parse(v)
  return Number.isNaN(ms) ? null : ms
}

function nonEmpty(v: unknown): boolean {
  return typeof v === 'string' && v.trim() !== ''
}

function isPlatform(v: unknown): v is Platform {
  return typeof v === 'string' && v in PLATFORM_LABELS
}
