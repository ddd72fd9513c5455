import { z } from 'zod'
import {
  CATEGORIES,
  PLATFORMS,
  PRIORITIES,
  STATUSES,
  customerUpdateInputSchema,
  departmentContactInputSchema,
  noteInputSchema,
  replyInputSchema,
  type Category,
  type Channel,
  type HistoryEntry,
  type Platform,
  type Priority,
  type SlaKind,
  type Ticket,
  type TicketActionType,
  type TicketStatus,
} from '../tickets/model'
import type { FieldMessages } from '../tickets/intake'
import type { SlaState } from '../tickets/sla'
import { fieldChangeSchema, ticketActionSchema } from '../tickets/workflow'
import { method } from './define'

/**
 * The ticket desk (工单台, issue 6): intake, the workflow, records inside an order, queues,
 * search, the customer archive, the end-of-day review and drafts.
 *
 * Conventions:
 * - Times are ISO strings (`…Z`); money is fen (分).
 * - Lists, search hits, the customer archive and the detail show the customer's name, contact
 *   and address masked (`contactMasked: true`); `privacy.revealContact` shows them in clear,
 *   audited, to someone working the order (`canReveal`).
 * - Refusals are AppError `{code, message, fields?}`. Field messages are keyed by the input's
 *   path: `intake.<field>` is not used — `tickets.create` answers with the intake field names
 *   (`orderNo`, `purchasedAt`…); `tickets.act` with the action's field names (`handoverNote`,
 *   `resolutionNote`, `comment`…) when the service refuses, or `action.<field>` when the input
 *   shape itself is wrong.
 * - Error codes beyond the common ones: `ticket_illegal_transition`, `ticket_not_yet_archivable`,
 *   `attachment_too_large`, `ticket_not_found`.
 */

// ---- limits ---------------------------------------------------------------------------------

/** Largest attachment accepted (a phone photo is 2–6 MB; a chat screenshot well under 1 MB). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
export const ATTACHMENT_TOO_LARGE_MESSAGE = '附件不能超过 10 MB，请压缩图片或截取关键部分后再上传'
/** Default and largest page of a list. */
export const LIST_PAGE = 50
export const LIST_MAX = 500
/** Entity of drafts: PC-local, never synced (sync must skip it). */
export const DRAFT_ENTITY = 'draft'

// ---- shared pieces ----------------------------------------------------------------------------

const id = z.string().trim().min(1).max(64)
const iso = z.iso.datetime({ offset: true, error: '时间格式不正确' })
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })

export const QUEUES = [
  'mine',
  'transferred',
  'team',
  'breached',
  'breachingSoon',
  'followUpNow',
  'waiting',
  'today',
  'all',
] as const
export type QueueName = (typeof QUEUES)[number]
export const QUEUE_LABELS: Record<QueueName, string> = {
  mine: '我的工单',
  transferred: '转办给我',
  team: '本组工单',
  breached: '已超时',
  breachingSoon: '即将超时',
  followUpNow: '待跟进',
  waiting: '等待中',
  today: '今日工单',
  all: '全部工单',
}

export const LIST_SORTS = ['slaDue', 'priority', 'messageAt', 'createdAt', 'updatedAt'] as const
export type ListSort = (typeof LIST_SORTS)[number]

export const ticketFiltersSchema = z
  .object({
    status: z.array(z.enum(STATUSES)).max(STATUSES.length).optional(),
    category: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length).optional(),
    platform: z.array(z.enum(PLATFORMS)).max(PLATFORMS.length).optional(),
    shopId: z.array(id).max(200).optional(),
    priority: z.array(z.enum(PRIORITIES)).max(PRIORITIES.length).optional(),
    /** Message time range (inclusive); archived months in range are read too. */
    from: iso.optional(),
    to: iso.optional(),
    /** Assigned or transferred to this person. */
    personId: id.optional(),
  })
  .strict()
export type TicketFilters = z.infer<typeof ticketFiltersSchema>

// ---- results ----------------------------------------------------------------------------------

/** The most pressing of an order's clocks, for a countdown in a list row. */
export interface SlaSummary {
  /** 'paused': waiting for the customer; 'done': every clock has stopped. */
  state: 'ok' | 'warning' | 'breached' | 'paused' | 'done'
  /** Which clock this is about; null when done. */
  kind: SlaKind | null
  dueAt: string | null
  /** Minutes left (business minutes, wall minutes for the platform deadline); negative once overdue. */
  remainingMin: number | null
  /** Every clock that has run out (recorded or not). */
  breached: SlaKind[]
}

/** A row of a list, a search hit or the customer archive: contacts masked. */
export interface TicketView {
  id: string
  status: TicketStatus
  platform: Platform
  shopId: string
  shopName: string | null
  channel: Channel
  category: Category
  priority: Priority
  orderNo: string | null
  buyerId: string | null
  /** Masked (张*). */
  customerName: string | null
  /** Masked (138****1234). */
  contact: string | null
  /** First 80 characters of the problem as the customer described it. */
  summary: string
  assignee: string
  assigneeName: string
  transferredTo: string | null
  team: string | null
  messageAt: string
  createdAt: string
  createdBy: string
  firstReplyAt: string | null
  resolvedAt: string | null
  archivedAt: string | null
  nextFollowUpAt: string | null
  satisfaction: number | null
  archivedUnrated: boolean
  /** hlc of the latest change (sorts as text). */
  updated: string
  sla: SlaSummary
  contactMasked: true
  /** This viewer may reveal the contact (privacy.revealContact, audited). */
  canReveal: boolean
  /** This viewer may act on the order (their own, transferred to them, or a supervisor). */
  canAct: boolean
}

/** A history entry with the names a person reads (who, on which PC). */
export type HistoryItem = HistoryEntry & { byName: string; devName: string }

/** One order in full: every field (contacts masked), the history, the clocks, what may be done. */
export interface TicketDetail {
  ticket: Omit<Ticket, 'history'> & { nextFollowUpAt?: string; contactMasked: true }
  view: TicketView
  /** Oldest first. */
  history: HistoryItem[]
  sla: SlaState
  /** Actions the state machine allows now, narrowed by this viewer's permissions. */
  allowedActions: TicketActionType[]
  canAct: boolean
  /** May add an internal note: whoever may act, and whoever worked the order before (after a transfer). */
  canNote: boolean
  canReveal: boolean
  /** Other orders of the same customer (by contact or buyer id), for the customer archive link. */
  customerOrderCount: number
}

export type CreateResult =
  | { status: 'created'; ticket: TicketDetail; warnings: FieldMessages }
  /** An open order with this order number exists: open it instead, or resend with `confirmNew`. */
  | { status: 'duplicate'; duplicateOf: TicketView }
  /** Worth a second look (unusual order-number format…): resend with `acceptWarnings`. */
  | { status: 'warnings'; warnings: FieldMessages }

export type QueueCounts = Record<QueueName, number>

export interface ListResult {
  items: TicketView[]
  total: number
}

export interface SearchHighlight {
  /** description, orderNo, trackingNo, customerName, buyerId, notes, replies, updates, contacts, steps, resolution */
  field: string
  /** Entry index when the field is a list (notes, replies…). */
  index?: number
  snippet: string
  /** [start, end) ranges inside `snippet` to mark. */
  ranges: [number, number][]
}

/** The search synonyms: the shipped groups and the shop's own (a shop-wide setting). */
export interface SearchSynonyms {
  defaults: string[][]
  shop: string[][]
}

const synonymPhrase = z
  .string()
  .trim()
  .min(1, { error: '同义词不能为空' })
  .max(12, { error: '每个词不能超过 12 个字' })

export interface TicketSearchHit {
  ticket: TicketView
  score: number
  highlights: SearchHighlight[]
}

export interface SearchResult {
  hits: TicketSearchHit[]
  /** The index had to catch up (or was built) before answering. */
  tookMs: number
  /**
   * Set while the index is rebuilt or catches up in the background (first start, an unreadable
   * index file, a restored backup): the hits come from the orders indexed so far.
   */
  indexing?: { done: number; total: number }
}

export interface AttachmentResult {
  hash: string
  name: string
  mime: string
  size: number
}

export interface AttachmentBytes extends AttachmentResult {
  bytesBase64: string
}

export interface CustomerArchive {
  /** How the customer was recognised. */
  by: { contact: string | null; buyerId: string | null }
  customerName: string | null
  /** Newest first, archived months included. */
  orders: TicketView[]
}

export const REVIEW_PROBLEMS = [
  'no_order_no',
  'no_resolution_note',
  'no_satisfaction',
  'no_follow_up_today',
] as const
export type ReviewProblem = (typeof REVIEW_PROBLEMS)[number]
export const REVIEW_PROBLEM_LABELS: Record<ReviewProblem, string> = {
  no_order_no: '缺少订单编号',
  no_resolution_note: '已解决但缺少处理结果',
  no_satisfaction: '已解决但未记录满意度',
  no_follow_up_today: '未结工单今日没有跟进记录',
}

export interface ReviewItem {
  ticket: TicketView
  problems: ReviewProblem[]
}

export interface ReviewResult {
  date: string
  /** The day's orders (received that day, or still open) with incomplete records. */
  incomplete: ReviewItem[]
  /** Resolved orders that may be archived now (answered, or unanswered past the waiting days). */
  archivable: TicketView[]
}

export interface ArchiveResult {
  archived: string[]
  skipped: { id: string; message: string }[]
}

export interface Draft {
  key: string
  value: Record<string, unknown>
  savedAt: string
}

// ---- inputs -----------------------------------------------------------------------------------

/** The intake form as typed: checked by `checkIntake` in the service so every field gets its message. */
const intakeDraft = z.record(z.string().max(40), z.unknown())

const withId = <T extends z.ZodRawShape>(shape: T) => z.object({ id, ...shape }).strict()

export const tickets = {
  /** Records a new order (intake). Missing or wrong fields: AppError invalid_input with `fields`. */
  create: method<CreateResult>()(
    z
      .object({
        intake: intakeDraft,
        /** Save although an open order with this order number exists. */
        confirmNew: z.boolean().optional(),
        /** Save despite the warnings shown. */
        acceptWarnings: z.boolean().optional(),
        /** Draft to clear once saved (the new-order form's draft key). */
        draftKey: z.string().trim().min(1).max(100).optional(),
      })
      .strict(),
    { access: 'perm:tickets.create' },
  ),
  get: method<TicketDetail>()(withId({}), { access: 'signedIn' }),
  list: method<ListResult>()(
    z
      .object({
        queue: z.enum(QUEUES).default('mine'),
        filters: ticketFiltersSchema.default({}),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(LIST_MAX).default(LIST_PAGE),
        sort: z.enum(LIST_SORTS).optional(),
        dir: z.enum(['asc', 'desc']).optional(),
      })
      .strict(),
    { access: 'signedIn' },
  ),
  counts: method<QueueCounts>()(z.object({}).strict(), { access: 'signedIn' }),
  search: method<SearchResult>()(
    z
      .object({
        q: z
          .string()
          .trim()
          .min(1, { error: '请输入搜索内容' })
          .max(100, { error: '搜索内容不能超过 100 个字' }),
        limit: z.number().int().min(1).max(200).default(50),
        /** Archived months too (default true: finding an old order is what search is for). */
        includeArchived: z.boolean().default(true),
      })
      .strict(),
    { access: 'signedIn' },
  ),
  /** The search synonyms in force (shipped and the shop's own). */
  synonyms: method<SearchSynonyms>()(z.object({}).strict(), { access: 'signedIn' }),
  /** Replaces the shop's own synonym groups; applied to the next search, no rebuild. */
  setSynonyms: method<SearchSynonyms>()(
    z
      .object({
        groups: z
          .array(
            z
              .array(synonymPhrase)
              .min(2, { error: '每组至少要有两个词' })
              .max(20, { error: '每组最多 20 个词' }),
          )
          .max(300, { error: '同义词最多 300 组' }),
      })
      .strict(),
    { access: 'perm:settings.shop' },
  ),
  /** A workflow action (state machine in shared/tickets/workflow.ts). */
  act: method<TicketDetail>()(withId({ action: ticketActionSchema }), {
    access: 'perm:tickets.handle',
  }),
  /** A reply sent to the customer (typed or from a script); the first one is the first response. */
  reply: method<TicketDetail>()(withId(replyInputSchema.omit({ type: true }).shape), {
    access: 'perm:tickets.handle',
  }),
  /**
   * A progress update told to the customer (counts as the first response). `sentAt`: when it
   * was sent outside the app, if earlier than now; bounded and audited.
   */
  addUpdate: method<TicketDetail>()(withId(customerUpdateInputSchema.omit({ type: true }).shape), {
    access: 'perm:tickets.handle',
  }),
  addDepartmentContact: method<TicketDetail>()(
    withId(departmentContactInputSchema.omit({ type: true }).shape),
    { access: 'perm:tickets.handle' },
  ),
  addNote: method<TicketDetail>()(withId(noteInputSchema.omit({ type: true }).shape), {
    access: 'perm:tickets.handle',
  }),
  /** Photo or screenshot, stored by sha256 in the data folder; thumbnails are made by the renderer. */
  attach: method<TicketDetail>()(
    withId({
      name: z
        .string()
        .trim()
        .min(1, { error: '请填写文件名' })
        .max(200, { error: '文件名不能超过 200 个字' }),
      mime: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, { error: '附件类型不正确' }),
      // No length limit here: the service answers one too large with its own code,
      // attachment_too_large, before decoding (the transports bound the request itself).
      bytesBase64: z.string().min(1, { error: '附件是空的' }),
    }),
    { access: 'perm:tickets.handle' },
  ),
  attachment: method<AttachmentBytes>()(
    z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/, { error: '附件校验值不正确' }) }).strict(),
    { access: 'signedIn' },
  ),
  /** Next follow-up time (null clears it); due ones show in the "follow up now" queue. */
  setFollowUp: method<TicketDetail>()(withId({ at: iso.nullable() }), {
    access: 'perm:tickets.handle',
  }),
  /** Category, priority or next follow-up changed after intake; recorded in the history. */
  changeField: method<TicketDetail>()(z.object({ id, change: fieldChangeSchema }).strict(), {
    access: 'perm:tickets.handle',
  }),
  /** A supervisor hands an absent person's orders to someone else. */
  reassign: method<{ reassigned: string[] }>()(
    z.object({ ids: z.array(id).min(1, { error: '请选择工单' }).max(5000), to: id }).strict(),
    { access: 'perm:tickets.reassign' },
  ),
  /** Customer archive (客户档案): every order of this order's customer, by contact or buyer id. */
  customer: method<CustomerArchive>()(withId({}), { access: 'signedIn' }),
  /** End-of-day review (每日整理) of the caller's orders (a supervisor's: everyone's, or `personId`'s). */
  review: method<ReviewResult>()(
    z.object({ date: day.optional(), personId: id.optional() }).strict(),
    { access: 'perm:tickets.handle' },
  ),
  archiveResolved: method<ArchiveResult>()(
    z.object({ ids: z.array(id).min(1, { error: '请选择要归档的工单' }).max(5000) }).strict(),
    { access: 'perm:tickets.handle' },
  ),
  slaState: method<SlaState>()(withId({}), { access: 'signedIn' }),

  /** Drafts of this person on this PC (`new-ticket`, `reply:<ticketId>`…); survive a restart. */
  saveDraft: method<Draft>()(
    z
      .object({
        key: z.string().trim().min(1).max(100),
        value: z.record(z.string().max(40), z.unknown()),
      })
      .strict(),
    { access: 'signedIn' },
  ),
  getDraft: method<Draft | null>()(z.object({ key: z.string().trim().min(1).max(100) }).strict(), {
    access: 'signedIn',
  }),
  clearDraft: method<null>()(z.object({ key: z.string().trim().min(1).max(100) }).strict(), {
    access: 'signedIn',
  }),
}

export type { FieldMessages, SlaState }
