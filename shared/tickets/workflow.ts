import { z } from 'zod'
import { AppError, ErrorCode } from '../errors'
import {
  CATEGORIES,
  LIMITS,
  PRIORITIES,
  STATUS_LABELS,
  attachmentInputSchema,
  customerUpdateInputSchema,
  departmentContactInputSchema,
  noteInputSchema,
  replyInputSchema,
  satisfactionInputSchema,
  slaBreachInputSchema,
  stepsInputSchema,
  type HistoryEntry,
  type Ticket,
  type TicketActionType,
  type TicketStatus,
  type TransitionEntry,
} from './model'
import { responseOf } from './first-response'

/**
 * The work order's state machine (issue 6 item 2):
 * 新建 → 处理中 ⇄ 待顾客回复 / 待部门处理 → 已解决 → 已归档.
 *
 * `transition` never mutates the ticket: it returns the new status, the fields to set and the
 * history entries to add; the service turns them into ops. Every change of status yields a
 * transition entry {from, to, by, at, dev, reason}; actions that leave the status as it is
 * (a transfer of an order already in hand, a 4–5 star answer) yield only their own entry.
 */

export const TICKET_ERROR = {
  illegalTransition: 'ticket_illegal_transition',
  notYetArchivable: 'ticket_not_yet_archivable',
} as const

const requiredNote = (label: string, min: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .min(min, { error: `${label}太简略，请至少写 ${min} 个字` })
    .max(LIMITS.note, { error: `${label}不能超过 ${LIMITS.note} 个字` })

const optionalReason = z
  .string()
  .trim()
  .max(LIMITS.text, { error: `原因不能超过 ${LIMITS.text} 个字` })
  .optional()

export const ticketActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start') }),
  z.object({
    type: z.literal('wait_customer'),
    reason: optionalReason,
    /** The question sent to the customer (it is the first response if none came before). */
    question: z
      .string()
      .trim()
      .max(LIMITS.text, { error: `问题内容不能超过 ${LIMITS.text} 个字` })
      .optional(),
    /** When the question was sent, if outside the app and earlier than now. */
    sentAt: z.iso.datetime({ offset: true, error: '发送时间不是有效的时间' }).optional(),
  }),
  z.object({ type: z.literal('wait_department'), reason: optionalReason }),
  z.object({ type: z.literal('resume'), reason: optionalReason }),
  z.object({
    type: z.literal('transfer'),
    to: z.string({ error: '请选择转办对象' }).trim().min(1, { error: '请选择转办对象' }),
    /** The situation and what the customer was told: the specialist starts from this. */
    handoverNote: requiredNote('交接说明', 5),
    team: z.string().trim().min(1).optional(),
  }),
  z.object({ type: z.literal('resolve'), resolutionNote: requiredNote('处理结果', 2) }),
  z.object({
    type: z.literal('simple_resolve'),
    steps: stepsInputSchema.shape.steps,
    customerConfirmed: z.boolean({ error: '请记录顾客是否确认' }),
    confirmation: stepsInputSchema.shape.confirmation,
    resolutionNote: z.string().trim().max(LIMITS.note).optional(),
  }),
  z.object({
    type: z.literal('record_satisfaction'),
    rating: satisfactionInputSchema.shape.rating,
    comment: satisfactionInputSchema.shape.comment,
  }),
  z.object({ type: z.literal('archive') }),
  z.object({ type: z.literal('reopen_archived'), reason: requiredNote('重新打开的原因', 2) }),
])
export type TicketAction = z.input<typeof ticketActionSchema>

export interface TransitionContext {
  /** Person acting. */
  by: string
  /** PC it happens on. */
  dev: string
  /** ISO time of the action. */
  at: string
  /** Fresh ids for history entries. */
  newId: () => string
  isSupervisor?: boolean
  /** Days a resolved order waits for a rating before it may be archived as 未评价 (default 3). */
  archiveUnratedAfterDays?: number
}

/** Ticket fields an action sets; `null` clears the field. */
export type TicketPatch = {
  [
    K in
      | 'assignee'
      | 'transferredTo'
      | 'team'
      | 'firstReplyAt'
      | 'resolvedAt'
      | 'resolutionNote'
      | 'archivedAt'
      | 'satisfaction'
      | 'archivedUnrated'
      | 'nextFollowUpAt'
      | 'category'
      | 'priority'
  ]?: Ticket[K] | null
}

export interface TransitionResult {
  status: TicketStatus
  patch: TicketPatch
  historyEntries: HistoryEntry[]
}

/** Which actions each status allows (role checks such as the supervisor's come on top). */
const ALLOWED: Record<TicketStatus, readonly TicketActionType[]> = {
  new: ['start', 'transfer', 'simple_resolve'],
  processing: ['wait_customer', 'wait_department', 'transfer', 'resolve', 'simple_resolve'],
  waiting_customer: ['resume', 'wait_department', 'transfer', 'resolve'],
  waiting_department: ['resume', 'wait_customer', 'transfer', 'resolve'],
  resolved: ['record_satisfaction', 'archive'],
  archived: ['reopen_archived'],
}

const TARGET: Partial<Record<TicketActionType, TicketStatus>> = {
  start: 'processing',
  wait_customer: 'waiting_customer',
  wait_department: 'waiting_department',
  resume: 'processing',
  transfer: 'processing',
  resolve: 'resolved',
  simple_resolve: 'resolved',
  archive: 'archived',
  reopen_archived: 'processing',
}

const ACTION_LABELS: Record<TicketActionType, string> = {
  start: '开始处理',
  wait_customer: '转为待顾客回复',
  wait_department: '转为待部门处理',
  resume: '恢复处理',
  transfer: '转办',
  resolve: '标记已解决',
  simple_resolve: '简单问题直接解决',
  record_satisfaction: '记录满意度',
  archive: '归档',
  reopen_archived: '重新打开',
}

export function allowedTransitions(status: TicketStatus): TicketActionType[] {
  return [...ALLOWED[status]]
}

export function canTransition(status: TicketStatus, action: TicketActionType): boolean {
  return ALLOWED[status].includes(action)
}

const DAY_MS = 86_400_000

/**
 * Applies one action to the order. Throws an AppError with a zh-CN message when the action
 * is not allowed in the order's status, its input is incomplete, or the person may not do it.
 */
export function transition(
  ticket: Ticket,
  action: TicketAction,
  ctx: TransitionContext,
): TransitionResult {
  const parsed = ticketActionSchema.safeParse(action)
  if (!parsed.success) {
    const fields: Record<string, string> = {}
    for (const i of parsed.error.issues) {
      const k =
        i.path
          .slice(i.path[0] === 'type' ? 0 : 0)
          .map(String)
          .join('.') || '_'
      if (!(k in fields)) fields[k] = i.message
    }
    const first = parsed.error.issues[0]
    throw new AppError(ErrorCode.invalidInput, first?.message ?? '操作内容不完整', fields)
  }
  const a = parsed.data
  const from = ticket.status
  if (!canTransition(from, a.type)) {
    throw new AppError(
      TICKET_ERROR.illegalTransition,
      `工单当前为“${STATUS_LABELS[from]}”，不能${ACTION_LABELS[a.type]}`,
    )
  }

  const entries: HistoryEntry[] = []
  const base = () => ({ id: ctx.newId(), at: ctx.at, by: ctx.by, dev: ctx.dev })
  const moveTo = (to: TicketStatus, reason?: string) => {
    if (to === from) return
    const e: TransitionEntry = { ...base(), type: 'transition', action: a.type, from, to }
    if (reason) e.reason = reason
    entries.push(e)
  }
  const patch: TicketPatch = {}
  let to: TicketStatus = TARGET[a.type] ?? from

  switch (a.type) {
    case 'start':
      moveTo(to)
      return { status: to, patch, historyEntries: entries }
    case 'archive':
      return archive(ticket, ctx, patch, entries, moveTo)
    case 'wait_customer': {
      if (a.question) {
        const q: HistoryEntry = { ...base(), type: 'reply', text: a.question, question: true }
        if (a.sentAt) q.sentAt = checkSentAt(ticket, a.sentAt, ctx.at)
        entries.push(q)
      }
      moveTo(to, a.reason || undefined)
      Object.assign(patch, firstResponsePatch(ticket, entries))
      return { status: to, patch, historyEntries: entries }
    }
    case 'wait_department':
    case 'resume':
      moveTo(to, a.reason || undefined)
      return { status: to, patch, historyEntries: entries }
    case 'transfer': {
      if (a.to === ticket.assignee) {
        throw new AppError(ErrorCode.invalidInput, '该工单已由此人处理，无需转办', {
          to: '已是当前处理人',
        })
      }
      moveTo(to)
      entries.push({
        ...base(),
        type: 'transfer',
        from: ticket.assignee,
        to: a.to,
        handoverNote: a.handoverNote,
      })
      patch.assignee = a.to
      patch.transferredTo = a.to
      if (a.team) patch.team = a.team
      return { status: to, patch, historyEntries: entries }
    }
    case 'resolve':
      moveTo(to, a.resolutionNote)
      patch.resolvedAt = ctx.at
      patch.resolutionNote = a.resolutionNote
      clearFollowUp(ticket, patch, entries, base)
      return { status: to, patch, historyEntries: entries }
    case 'simple_resolve': {
      if (!a.customerConfirmed) {
        throw new AppError(ErrorCode.invalidInput, '简单问题直接解决前，请先记录顾客的确认', {
          customerConfirmed: '请记录顾客是否确认',
        })
      }
      const note = a.resolutionNote || a.steps.join('；')
      const steps: HistoryEntry = {
        ...base(),
        type: 'steps',
        steps: a.steps,
        customerConfirmed: true,
      }
      if (a.confirmation) steps.confirmation = a.confirmation
      entries.push(steps)
      moveTo(to, note)
      patch.resolvedAt = ctx.at
      patch.resolutionNote = note
      Object.assign(patch, firstResponsePatch(ticket, entries))
      clearFollowUp(ticket, patch, entries, base)
      return { status: to, patch, historyEntries: entries }
    }
    case 'record_satisfaction': {
      const comment = a.comment || undefined
      const low = a.rating <= 3
      if (low && !comment) {
        throw new AppError(ErrorCode.invalidInput, '顾客不满意（1–3 星）时，请记录不满意的原因', {
          comment: '请填写顾客不满意的原因',
        })
      }
      const answer: HistoryEntry = { ...base(), type: 'satisfaction', rating: a.rating }
      if (comment) answer.comment = comment
      entries.push(answer)
      patch.satisfaction = a.rating
      if (low) {
        // Not satisfied: the remedy continues until the customer is (DOMAIN step 6).
        to = 'processing'
        moveTo(to, `顾客评价 ${a.rating} 星：${comment}`)
        patch.resolvedAt = null
      }
      return { status: to, patch, historyEntries: entries }
    }
    case 'reopen_archived':
      if (!ctx.isSupervisor) {
        throw new AppError(ErrorCode.forbidden, '只有客服主管可以重新打开已归档的工单')
      }
      moveTo(to, a.reason)
      patch.archivedAt = null
      patch.archivedUnrated = null
      patch.resolvedAt = null
      return { status: to, patch, historyEntries: entries }
  }
}

/**
 * A contact's `sentAt`, checked: not before the customer's message, not after it was recorded
 * (a minute of leeway for PC clocks that differ). Returns it in canonical UTC.
 */
export function checkSentAt(ticket: Pick<Ticket, 'messageAt'>, sentAt: string, at: string): string {
  const ms = Date.parse(sentAt)
  if (Number.isNaN(ms)) {
    throw new AppError(ErrorCode.invalidInput, '发送时间不是有效的时间', {
      sentAt: '发送时间不是有效的时间',
    })
  }
  if (ms < Date.parse(ticket.messageAt)) {
    throw new AppError(ErrorCode.invalidInput, '发送时间不能早于顾客的消息时间', {
      sentAt: '不能早于顾客的消息时间',
    })
  }
  if (ms > Date.parse(at) + 60_000) {
    throw new AppError(ErrorCode.invalidInput, '发送时间不能晚于现在', {
      sentAt: '不能晚于现在',
    })
  }
  return new Date(Math.min(ms, Date.parse(at))).toISOString()
}

/** `firstReplyAt` for the list, when these new entries hold an earlier first response. */
export function firstResponsePatch(
  ticket: Pick<Ticket, 'firstReplyAt'>,
  entries: readonly HistoryEntry[],
): TicketPatch {
  let best = ticket.firstReplyAt ? Date.parse(ticket.firstReplyAt) : Infinity
  let at: string | null = null
  for (const e of entries) {
    const r = responseOf(e)
    if (r && r.ms < best) {
      best = r.ms
      at = new Date(r.ms).toISOString()
    }
  }
  return at ? { firstReplyAt: at } : {}
}

/** A resolved order needs no follow-up: the time is cleared, and the history says so. */
function clearFollowUp(
  ticket: Ticket,
  patch: TicketPatch,
  entries: HistoryEntry[],
  base: () => { id: string; at: string; by: string; dev: string },
): void {
  if (!ticket.nextFollowUpAt) return
  patch.nextFollowUpAt = null
  entries.push({
    ...base(),
    type: 'field_change',
    field: 'nextFollowUpAt',
    from: ticket.nextFollowUpAt,
    reason: '工单已解决',
  })
}

function archive(
  ticket: Ticket,
  ctx: TransitionContext,
  patch: TicketPatch,
  entries: HistoryEntry[],
  moveTo: (to: TicketStatus, reason?: string) => void,
): TransitionResult {
  if (answeredSinceResolution(ticket)) {
    moveTo('archived')
  } else {
    const days = ctx.archiveUnratedAfterDays ?? 3
    const resolvedMs = ticket.resolvedAt ? Date.parse(ticket.resolvedAt) : NaN
    const waited = Date.parse(ctx.at) - resolvedMs
    if (!(waited >= days * DAY_MS)) {
      throw new AppError(
        TICKET_ERROR.notYetArchivable,
        `顾客尚未评价：已解决满 ${days} 天仍无评价时才可按“未评价”归档`,
      )
    }
    patch.archivedUnrated = true
    moveTo('archived', '未评价')
  }
  patch.archivedAt = ctx.at
  return { status: 'archived', patch, historyEntries: entries }
}

/** Whether the customer answered after the order was last resolved. */
export function answeredSinceResolution(ticket: Ticket): boolean {
  let resolvedMs = ticket.resolvedAt ? Date.parse(ticket.resolvedAt) : -Infinity
  for (const h of ticket.history) {
    if (h.type === 'transition' && h.to === 'resolved') {
      resolvedMs = Math.max(resolvedMs, Date.parse(h.at))
    }
  }
  return ticket.history.some((h) => h.type === 'satisfaction' && Date.parse(h.at) >= resolvedMs)
}

/** Applies a result to a ticket: what a service's ops amount to, for tests and optimistic UI. */
export function applyTransition(ticket: Ticket, result: TransitionResult): Ticket {
  const next: Ticket = {
    ...ticket,
    status: result.status,
    history: [...ticket.history, ...result.historyEntries],
  }
  const target = next as Record<string, unknown>
  for (const [k, v] of Object.entries(result.patch)) {
    if (v === null) delete target[k]
    else if (v !== undefined) target[k] = v
  }
  return next
}

/**
 * Entries that record work without moving the order: replies, progress updates, department
 * contacts, notes, attachments, SLA breaches. Transfers, satisfaction answers and case steps
 * change the order and go through `transition`.
 */
export const recordInputSchema = z.discriminatedUnion('type', [
  replyInputSchema,
  customerUpdateInputSchema,
  departmentContactInputSchema,
  noteInputSchema,
  attachmentInputSchema,
  slaBreachInputSchema,
])
export type RecordInput = z.input<typeof recordInputSchema>

/**
 * Validates one record and stamps it. A record that is the order's first response
 * (first-response.ts) also sets `firstReplyAt` (the SLA and KPI read the history; the field is
 * for lists).
 */
export function recordEntry(
  ticket: Ticket,
  input: RecordInput,
  ctx: Pick<TransitionContext, 'by' | 'dev' | 'at' | 'newId'>,
): { historyEntries: HistoryEntry[]; patch: TicketPatch } {
  const parsed = recordInputSchema.safeParse(input)
  if (!parsed.success) {
    const fields: Record<string, string> = {}
    for (const i of parsed.error.issues) {
      const k = i.path.map(String).join('.') || '_'
      if (!(k in fields)) fields[k] = i.message
    }
    throw new AppError(
      ErrorCode.invalidInput,
      parsed.error.issues[0]?.message ?? '记录内容不完整',
      fields,
    )
  }
  if (ticket.status === 'archived') {
    throw new AppError(
      TICKET_ERROR.illegalTransition,
      '工单已归档，不能再添加记录；如需继续处理请由主管重新打开',
    )
  }
  const entry = {
    ...parsed.data,
    id: ctx.newId(),
    at: ctx.at,
    by: ctx.by,
    dev: ctx.dev,
  } as HistoryEntry
  if ((entry.type === 'reply' || entry.type === 'customer_update') && entry.sentAt) {
    entry.sentAt = checkSentAt(ticket, entry.sentAt, ctx.at)
  }
  const patch = firstResponsePatch(ticket, [entry])
  return { historyEntries: [entry], patch }
}

/**
 * Category, priority or the next follow-up changed after intake: the field and a
 * `field_change` entry (from → to). Null when nothing changes.
 */
export function changeField(
  ticket: Ticket,
  change: FieldChange,
  ctx: Pick<TransitionContext, 'by' | 'dev' | 'at' | 'newId'>,
): { historyEntries: HistoryEntry[]; patch: TicketPatch } | null {
  const parsed = fieldChangeSchema.safeParse(change)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    throw new AppError(ErrorCode.invalidInput, first?.message ?? '修改内容不正确', {
      [first?.path.map(String).join('.') || '_']: first?.message ?? '修改内容不正确',
    })
  }
  const c = parsed.data
  if (ticket.status === 'archived') {
    throw new AppError(
      TICKET_ERROR.illegalTransition,
      '工单已归档，不能再修改；如需继续处理请由主管重新打开',
    )
  }
  if (c.field === 'nextFollowUpAt' && c.value && ticket.status === 'resolved') {
    throw new AppError(TICKET_ERROR.illegalTransition, '工单已解决，无需再设置跟进时间')
  }
  const before = ticket[c.field] ?? undefined
  const after = c.field === 'nextFollowUpAt' && c.value ? new Date(c.value).toISOString() : c.value
  if ((before ?? null) === (after ?? null)) return null
  const entry: HistoryEntry = {
    id: ctx.newId(),
    at: ctx.at,
    by: ctx.by,
    dev: ctx.dev,
    type: 'field_change',
    field: c.field,
  }
  if (before) entry.from = before
  if (after) entry.to = after
  if (c.reason) entry.reason = c.reason
  const patch: TicketPatch = { [c.field]: after ?? null }
  return { historyEntries: [entry], patch }
}

export const fieldChangeSchema = z.discriminatedUnion('field', [
  z.object({
    field: z.literal('category'),
    value: z.enum(CATEGORIES, { error: '请选择问题分类' }),
    reason: optionalReason,
  }),
  z.object({
    field: z.literal('priority'),
    value: z.enum(PRIORITIES, { error: '请选择优先级' }),
    reason: optionalReason,
  }),
  z.object({
    field: z.literal('nextFollowUpAt'),
    value: z.iso.datetime({ offset: true, error: '跟进时间不是有效的时间' }).nullable(),
    reason: optionalReason,
  }),
])
export type FieldChange = z.input<typeof fieldChangeSchema>

/** Roles that take cases: the people an order can be transferred or reassigned to. */
export const CASE_ROLES = ['agent', 'specialist', 'supervisor'] as const

/** Whether this person takes cases (a trainer or an admin alone does not). */
export function takesCases(person: { roles: readonly string[] }): boolean {
  return person.roles.some((r) => (CASE_ROLES as readonly string[]).includes(r))
}
