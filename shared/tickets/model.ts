import { z } from 'zod'

/**
 * The after-sales work order (售后工单) as services materialise it from ops (DESIGN §4).
 *
 * Conventions used throughout shared/tickets:
 * - Times are ISO 8601 strings with an offset (services write UTC `…Z`). Business hours are
 *   read in the shop's local time through the calendar's `utcOffsetMinutes`, never through
 *   the machine's time zone.
 * - Money (`amount`) is an integer number of fen (分). Integers add up exactly and compare
 *   exactly; the UI converts with `yuanToFen` / `formatFen`.
 * - `history` is grow-only: entries are added, never edited or removed, each with its own id
 *   so two PCs adding entries offline keep both.
 */

export const PLATFORMS = ['pdd', 'taobao', 'jd', 'douyin', 'meituan', 'eleme', 'other'] as const
export type Platform = (typeof PLATFORMS)[number]
export const PLATFORM_LABELS: Record<Platform, string> = {
  pdd: '拼多多',
  taobao: '淘宝/天猫',
  jd: '京东',
  douyin: '抖音',
  meituan: '美团',
  eleme: '饿了么',
  other: '其他',
}

export const CHANNELS = ['chat', 'platform_ticket', 'phone', 'review'] as const
export type Channel = (typeof CHANNELS)[number]
export const CHANNEL_LABELS: Record<Channel, string> = {
  chat: '聊天窗口',
  platform_ticket: '平台售后单',
  phone: '电话',
  review: '评价',
}

export const CATEGORIES = [
  'return_exchange',
  'refund',
  'quality',
  'logistics',
  'order_change',
  'review_complaint',
  'suggestion',
  'other',
] as const
export type Category = (typeof CATEGORIES)[number]
export const CATEGORY_LABELS: Record<Category, string> = {
  return_exchange: '退换货',
  refund: '退款',
  quality: '质量问题',
  logistics: '物流问题',
  order_change: '订单修改',
  review_complaint: '评价/投诉',
  suggestion: '建议',
  other: '其他',
}

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const
export type Priority = (typeof PRIORITIES)[number]
export const PRIORITY_LABELS: Record<Priority, string> = {
  urgent: '紧急',
  high: '高',
  normal: '普通',
  low: '低',
}

export const STATUSES = [
  'new',
  'processing',
  'waiting_customer',
  'waiting_department',
  'resolved',
  'archived',
] as const
export type TicketStatus = (typeof STATUSES)[number]
export const STATUS_LABELS: Record<TicketStatus, string> = {
  new: '新建',
  processing: '处理中',
  waiting_customer: '待顾客回复',
  waiting_department: '待部门处理',
  resolved: '已解决',
  archived: '已归档',
}
/** Statuses in which the order still needs work from the shop. */
export const OPEN_STATUSES: ReadonlySet<TicketStatus> = new Set([
  'new',
  'processing',
  'waiting_customer',
  'waiting_department',
])

export const DEPARTMENTS = ['warehouse', 'logistics', 'finance', 'qc', 'presales', 'other'] as const
export type Department = (typeof DEPARTMENTS)[number]
export const DEPARTMENT_LABELS: Record<Department, string> = {
  warehouse: '仓储',
  logistics: '物流',
  finance: '财务',
  qc: '质检',
  presales: '售前',
  other: '其他',
}

/** How a progress update reached the customer. */
export const UPDATE_CHANNELS = ['platform_chat', 'sms', 'phone', 'other'] as const
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number]
export const UPDATE_CHANNEL_LABELS: Record<UpdateChannel, string> = {
  platform_chat: '平台聊天',
  sms: '短信',
  phone: '电话',
  other: '其他',
}

export const SLA_KINDS = ['first_response', 'resolution', 'platform_deadline'] as const
export type SlaKind = (typeof SLA_KINDS)[number]
export const SLA_KIND_LABELS: Record<SlaKind, string> = {
  first_response: '首次响应超时',
  resolution: '处理超时',
  platform_deadline: '超过平台处理时限',
}

/** Actions of the state machine (workflow.ts); kept here because transition entries name them. */
export const ACTIONS = [
  'start',
  'wait_customer',
  'wait_department',
  'resume',
  'transfer',
  'resolve',
  'simple_resolve',
  'record_satisfaction',
  'archive',
  'reopen_archived',
] as const
export type TicketActionType = (typeof ACTIONS)[number]

// ---- limits shared by the form, the services and checkIntake -------------------------------

export const LIMITS = {
  shortText: 50,
  orderNo: 64,
  contact: 100,
  address: 200,
  description: 10_000,
  text: 2000,
  note: 4000,
  /** Above this the amount is far outside any order a shop desk handles (¥1 000 000). */
  absurdAmountFen: 100_000_000,
} as const

// ---- zod helpers with zh-CN messages --------------------------------------------------------

const isoTime = (label: string) => z.iso.datetime({ offset: true, error: `${label}不是有效的时间` })

const requiredText = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过 ${max} 个字` })

const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label}格式不正确` })
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字` })
    .optional()

const enumOf = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { error: `请选择${label}` })

// ---- intake (the new-order form) -------------------------------------------------------------

/**
 * What the agent types when recording a new order. Structural rules only; `checkIntake`
 * adds the checks that need the clock or cross fields (future times, vague descriptions…).
 */
export const ticketIntakeSchema = z.object({
  platform: enumOf(PLATFORMS, '平台'),
  shopId: requiredText('店铺', LIMITS.orderNo),
  channel: enumOf(CHANNELS, '来源渠道'),
  messageAt: isoTime('消息时间'),
  /** Optional at save: a phone call may come without one; the end-of-day review lists it. */
  orderNo: optionalText('订单编号', LIMITS.orderNo),
  purchasedAt: isoTime('购买时间').optional(),
  /** Fen (分), an integer. */
  amount: z
    .number({ error: '金额格式不正确' })
    .int({ error: '金额须精确到分' })
    .min(0, { error: '金额不能为负数' })
    .optional(),
  buyerId: optionalText('买家ID/昵称', LIMITS.shortText),
  customerName: optionalText('顾客姓名', LIMITS.shortText),
  contact: optionalText('联系方式', LIMITS.contact),
  address: optionalText('地址', LIMITS.address),
  trackingNo: optionalText('快递单号', LIMITS.orderNo),
  returnTrackingNo: optionalText('退货快递单号', LIMITS.orderNo),
  platformDeadline: isoTime('平台处理时限').optional(),
  description: requiredText('问题描述', LIMITS.description),
  category: enumOf(CATEGORIES, '问题分类'),
  priority: enumOf(PRIORITIES, '优先级'),
  nextFollowUpAt: isoTime('下次跟进时间').optional(),
})
export type TicketIntake = z.infer<typeof ticketIntakeSchema>
/** A form in progress: anything may still be missing or wrong. */
export type TicketIntakeDraft = { [K in keyof TicketIntake]?: unknown }

// ---- history entries: inputs (what a caller supplies) ----------------------------------------

export const transitionInputSchema = z.object({
  type: z.literal('transition'),
  action: z.enum(ACTIONS),
  from: z.enum(STATUSES),
  to: z.enum(STATUSES),
  reason: optionalText('原因', LIMITS.text),
})

export const replyInputSchema = z.object({
  type: z.literal('reply'),
  text: requiredText('回复内容', LIMITS.text),
  scriptId: z.string().min(1).optional(),
  /**
   * Whether this reply may count as the first response. An automatic greeting can be
   * recorded with `false`; absent means true. The first response is the earliest reply that
   * may count.
   */
  firstResponse: z.boolean().optional(),
  /**
   * When it reached the customer, if sent outside the app (platform chat, phone) before it was
   * recorded; bounded between the customer's message and the recording (workflow checks).
   */
  sentAt: isoTime('发送时间').optional(),
  /** A question sent while marking 等待顾客回复. */
  question: z.boolean().optional(),
})

export const customerUpdateInputSchema = z.object({
  type: z.literal('customer_update'),
  channel: enumOf(UPDATE_CHANNELS, '告知渠道'),
  text: requiredText('进度说明', LIMITS.text),
  /** When it was sent to the customer, if earlier than its recording (see reply `sentAt`). */
  sentAt: isoTime('发送时间').optional(),
})

export const departmentContactInputSchema = z.object({
  type: z.literal('department_contact'),
  department: enumOf(DEPARTMENTS, '部门'),
  /** When the department was contacted (the entry's own `at` is when it was recorded). */
  contactAt: isoTime('联系时间'),
  discussed: requiredText('沟通内容', LIMITS.text),
  agreed: requiredText('商定结果', LIMITS.text),
  measure: requiredText('采取措施', LIMITS.text),
})

export const noteInputSchema = z.object({
  type: z.literal('note'),
  text: requiredText('备注', LIMITS.note),
})

export const transferInputSchema = z.object({
  type: z.literal('transfer'),
  from: z.string().min(1).optional(),
  to: requiredText('转办对象', LIMITS.orderNo),
  handoverNote: requiredText('交接说明', LIMITS.note),
})

export const satisfactionInputSchema = z.object({
  type: z.literal('satisfaction'),
  rating: z
    .number({ error: '请选择满意度评分' })
    .int({ error: '满意度评分须为 1 到 5 的整数' })
    .min(1, { error: '满意度评分须为 1 到 5 的整数' })
    .max(5, { error: '满意度评分须为 1 到 5 的整数' }),
  comment: optionalText('顾客意见', LIMITS.text),
})

export const attachmentInputSchema = z.object({
  type: z.literal('attachment'),
  /** sha256 of the content, lower-case hex: the blob's name in the data folder. */
  hash: z.string().regex(/^[0-9a-f]{64}$/, { error: '附件校验值不正确' }),
  name: requiredText('文件名', 200),
  mime: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, { error: '附件类型不正确' }),
  size: z.number().int().min(0, { error: '附件大小不正确' }),
})

export const slaBreachInputSchema = z.object({
  type: z.literal('sla_breach'),
  kind: z.enum(SLA_KINDS),
})

/** Fields changed after intake (category, priority, next follow-up), from → to. */
export const CHANGEABLE_FIELDS = ['category', 'priority', 'nextFollowUpAt'] as const
export type ChangeableField = (typeof CHANGEABLE_FIELDS)[number]
export const fieldChangeInputSchema = z.object({
  type: z.literal('field_change'),
  field: z.enum(CHANGEABLE_FIELDS),
  /** Previous value; absent when it was empty. */
  from: z.string().max(64).optional(),
  /** New value; absent when it was cleared. */
  to: z.string().max(64).optional(),
  reason: optionalText('原因', LIMITS.text),
})

/** A simple case handled on the spot: what was done, and that the customer confirmed it. */
export const stepsInputSchema = z.object({
  type: z.literal('steps'),
  steps: z
    .array(requiredText('处理步骤', LIMITS.text))
    .min(1, { error: '请至少记录一个处理步骤' })
    .max(30, { error: '处理步骤不能超过 30 条' }),
  customerConfirmed: z.boolean({ error: '请记录顾客是否确认' }),
  confirmation: optionalText('顾客确认内容', LIMITS.text),
})

export const historyEntryInputSchema = z.discriminatedUnion('type', [
  transitionInputSchema,
  replyInputSchema,
  customerUpdateInputSchema,
  departmentContactInputSchema,
  noteInputSchema,
  transferInputSchema,
  satisfactionInputSchema,
  attachmentInputSchema,
  slaBreachInputSchema,
  stepsInputSchema,
  fieldChangeInputSchema,
])
export type HistoryEntryInput = z.infer<typeof historyEntryInputSchema>

// ---- history entries as stored ---------------------------------------------------------------

const entryBase = {
  id: z.string().min(1),
  at: isoTime('记录时间'),
  /** Person who made the entry. */
  by: z.string().min(1),
  /** PC (device) it was made on. */
  dev: z.string().min(1),
}

export const historyEntrySchema = z.discriminatedUnion('type', [
  transitionInputSchema.extend(entryBase),
  replyInputSchema.extend(entryBase),
  customerUpdateInputSchema.extend(entryBase),
  departmentContactInputSchema.extend(entryBase),
  noteInputSchema.extend(entryBase),
  transferInputSchema.extend(entryBase),
  satisfactionInputSchema.extend(entryBase),
  attachmentInputSchema.extend(entryBase),
  slaBreachInputSchema.extend(entryBase),
  stepsInputSchema.extend(entryBase),
  fieldChangeInputSchema.extend(entryBase),
])
export type HistoryEntry = z.infer<typeof historyEntrySchema>
export type HistoryEntryType = HistoryEntry['type']
export type EntryOf<T extends HistoryEntryType> = Extract<HistoryEntry, { type: T }>
export type TransitionEntry = EntryOf<'transition'>
export type ReplyEntry = EntryOf<'reply'>
export type CustomerUpdateEntry = EntryOf<'customer_update'>
export type DepartmentContactEntry = EntryOf<'department_contact'>
export type NoteEntry = EntryOf<'note'>
export type TransferEntry = EntryOf<'transfer'>
export type SatisfactionEntry = EntryOf<'satisfaction'>
export type AttachmentEntry = EntryOf<'attachment'>
export type SlaBreachEntry = EntryOf<'sla_breach'>
export type StepsEntry = EntryOf<'steps'>
export type FieldChangeEntry = EntryOf<'field_change'>

// ---- the ticket ------------------------------------------------------------------------------

const personId = z.string().min(1)

/** A materialised ticket, e.g. as read back from a file or received from another PC. */
export const ticketSchema = ticketIntakeSchema.extend({
  id: z.string().min(1),
  status: z.enum(STATUSES),
  /** Person currently responsible. */
  assignee: personId,
  /** Specialist the order was transferred (转办) to, while it is theirs. */
  transferredTo: personId.optional(),
  team: z.string().min(1).optional(),
  createdBy: personId,
  createdAt: isoTime('创建时间'),
  firstReplyAt: isoTime('首次回复时间').optional(),
  resolvedAt: isoTime('解决时间').optional(),
  resolutionNote: optionalText('处理结果', LIMITS.note),
  archivedAt: isoTime('归档时间').optional(),
  /** Latest satisfaction answer (1–5); the full list is in history. */
  satisfaction: z.number().int().min(1).max(5).optional(),
  /** Archived without an answer after the waiting period (未评价). */
  archivedUnrated: z.boolean().optional(),
  history: z.array(historyEntrySchema),
})
export type Ticket = z.infer<typeof ticketSchema>

// ---- money -----------------------------------------------------------------------------------

/**
 * Parses what a person types as yuan ("12", "12.5", "¥1,299.00", full-width digits) into fen.
 * Returns null when it is not an amount with at most two decimals.
 */
export function yuanToFen(text: string): number | null {
  const s = toHalfWidth(text)
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/,/g, '')
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s)
  if (!m) return null
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -fen : fen
}

/** Fen as "¥12.50". */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.round(fen))
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** Full-width digits, letters and hyphen (typed through a Chinese IME) to ASCII. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
}
