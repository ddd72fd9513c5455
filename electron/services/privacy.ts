import { randomBytes } from 'node:crypto'
import type { Contract, ServiceImpl } from '../../shared/api'
import { can } from '../../shared/auth/permissions'
import { maskContact } from '../../shared/auth/mask'
import {
  applyRedactions,
  canRevealContact,
  pastRetention,
  planTicketErasure,
  REDACTED,
  ticketMatches,
  type TicketLike,
} from '../../shared/auth/privacy'
import { materialize } from '../../shared/data/merge'
import type { Change, Doc } from '../../shared/data/ops'
import { AppError, ErrorCode } from '../../shared/errors'
import { forbidden, requireSignedIn } from '../access'
import type { CallContext } from '../context'
import { live, type DocStore } from './doc-store'

export const TICKET = 'ticket'
const SETTING = 'setting'
const PRIVACY_SETTING = 'privacy'

function ticketOf(doc: Doc): TicketLike & { orderNo?: string } {
  return materialize<TicketLike & { orderNo?: string }>(doc)
}

function label(t: { id: string; orderNo?: string }): string {
  return t.orderNo ? `订单 ${t.orderNo}` : `工单 ${t.id}`
}

function clear(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null
}

/** Counts the history texts a plan redacts. */
function redactedEntries(changes: Change[]): number {
  return new Set(
    changes
      .filter((c) => c.kind === 'add' && c.field === 'redactions')
      .map((c) => (c.value as { entry: string }).entry),
  ).size
}

export function privacyService(store: DocStore): ServiceImpl<Contract['privacy'], CallContext> {
  async function tickets(): Promise<Doc[]> {
    // Archived months too: an erasure or the retention period must reach every order.
    return store.query(TICKET, { includeArchived: true }).items
  }

  async function erase(
    by: string,
    docs: Doc[],
    extraValues: string[],
  ): Promise<{ tickets: number; entries: number }> {
    const now = new Date().toISOString()
    const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`
    let count = 0
    let entries = 0
    for (const doc of docs) {
      const changes = planTicketErasure(ticketOf(doc), { now, tag, extraValues })
      if (!changes.length) continue
      await store.commit(by, changes)
      count++
      entries += redactedEntries(changes)
    }
    return { tickets: count, entries }
  }

  async function retentionMonths(): Promise<number | null> {
    const doc = await store.get(SETTING, PRIVACY_SETTING)
    const v = live(doc) ? doc.fields.retentionMonths : null
    return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null
  }

  return {
    async revealContact(input, ctx) {
      const person = requireSignedIn(ctx)
      if (!can(person, 'contacts.revealAny') && !can(person, 'contacts.revealOwn'))
        throw forbidden('contacts.revealOwn')
      const doc = await store.get(TICKET, input.id)
      if (!live(doc)) throw new AppError(ErrorCode.notFound, '找不到此工单，可能已被删除')
      const ticket = applyRedactions(ticketOf(doc))
      if (!canRevealContact(person, ticket)) {
        throw new AppError(
          ErrorCode.forbidden,
          '没有权限：只能查看指派或转办给你的工单的顾客联系方式',
        )
      }
      await ctx.audit(
        'contact.reveal',
        `ticket/${ticket.id}`,
        `查看了${label(ticket)}的顾客联系方式`,
      )
      return {
        customerName: clear(ticket.customerName),
        contact: clear(ticket.contact),
        address: clear(ticket.address),
      }
    },

    async eraseCustomer(input, ctx) {
      const person = requireSignedIn(ctx)
      const match = { contact: input.contact, buyerId: input.buyerId }
      const docs = (await tickets()).filter((doc) => ticketMatches(ticketOf(doc), match))
      const extra = [input.contact, input.buyerId].filter((v): v is string => !!v)
      const result = await erase(person.id, docs, extra)
      const who = input.contact
        ? `联系方式 ${maskContact(input.contact)}`
        : `买家ID ${input.buyerId}`
      await ctx.audit(
        'customer.erase',
        input.contact ? `customer/${maskContact(input.contact)}` : `buyer/${input.buyerId}`,
        `按顾客要求删除个人信息（${who}）：${result.tickets} 个工单，${result.entries} 条处理记录`,
      )
      return result
    },

    async getRetention() {
      return { months: await retentionMonths() }
    },

    async setRetention(input, ctx) {
      const person = requireSignedIn(ctx)
      await store.commit(person.id, [
        {
          entity: SETTING,
          id: PRIVACY_SETTING,
          kind: 'set',
          field: 'retentionMonths',
          value: input.months,
        },
      ])
      await ctx.audit(
        'settings.retention',
        `setting/${PRIVACY_SETTING}`,
        input.months ? `个人信息保留期限设为归档后 ${input.months} 个月` : '取消了个人信息保留期限',
      )
      return { months: input.months }
    },

    async applyRetention(_input, ctx) {
      const person = requireSignedIn(ctx)
      const months = await retentionMonths()
      if (!months) throw new AppError(ErrorCode.conflict, '还没有设置个人信息保留期限')
      const now = new Date()
      const docs = (await tickets()).filter((doc) => {
        const t = ticketOf(doc)
        return (
          pastRetention(t, months, now) &&
          [t.customerName, t.contact, t.address, t.buyerId].some((v) => !!v && v !== REDACTED)
        )
      })
      const result = await erase(person.id, docs, [])
      await ctx.audit(
        'privacy.retention',
        'ticket/*',
        `按保留期限（归档后 ${months} 个月）删除了 ${result.tickets} 个工单的顾客个人信息`,
      )
      return { tickets: result.tickets }
    },
  }
}
