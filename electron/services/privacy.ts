import type { Contract, ServiceImpl } from '../../shared/api'
import type { ErasureStatus, RevealedContact } from '../../shared/api/privacy'
import { can } from '../../shared/auth/permissions'
import { maskContact } from '../../shared/auth/mask'
import {
  applyRedactions,
  canRevealContact,
  maskFreeTextFields,
  pastRetention,
  REDACTED,
  ticketMatches,
  type TicketLike,
} from '../../shared/auth/privacy'
import { materialize } from '../../shared/data/merge'
import type { Doc } from '../../shared/data/ops'
import { AppError, ErrorCode } from '../../shared/errors'
import { forbidden, requireSignedIn } from '../access'
import type { CallContext } from '../context'
import { live, type DocStore } from './doc-store'
import type { AuditWriter } from './audit'
import type { Eraser } from './privacy-erasure'

/** What Settings → 隐私 shows about the sync space and its PCs (read from sync/state.json). */
export interface SpaceView {
  configured: boolean
  /** Other PCs the space knows, by sync device id, with whether they count as active. */
  peers: { dev: string; name: string; active: boolean }[]
}

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

/** The texts of an order that masking changes, in clear (for the audited reveal). */
function clearTexts(t: TicketLike & { description?: unknown }): RevealedContact['texts'] {
  const masked = { ...t } as Record<string, unknown>
  maskFreeTextFields(masked)
  const out: NonNullable<RevealedContact['texts']> = {}
  if (typeof t.description === 'string' && masked.description !== t.description)
    out.description = t.description
  const history: Record<string, Record<string, string>> = {}
  const maskedHistory = (masked.history ?? []) as Record<string, unknown>[]
  ;(t.history ?? []).forEach((entry, i) => {
    const m = maskedHistory[i]
    if (!m || m === entry || typeof entry.id !== 'string') return
    for (const [k, v] of Object.entries(entry)) {
      if (typeof v === 'string' && m[k] !== v) (history[entry.id] ??= {})[k] = v
    }
  })
  if (Object.keys(history).length) out.history = history
  return out
}

export function privacyService(
  store: DocStore,
  eraser: Eraser,
  space: () => SpaceView = () => ({ configured: false, peers: [] }),
): ServiceImpl<Contract['privacy'], CallContext> {
  async function tickets(): Promise<Doc[]> {
    // Archived months too: an erasure or the retention period must reach every order.
    return store.query(TICKET, { includeArchived: true }).items
  }

  async function erase(
    by: string,
    docs: Doc[],
    extraValues: string[],
    reason: 'request' | 'retention' = 'request',
  ): Promise<{ tickets: number; entries: number }> {
    const r = await eraser.erase(by, docs, extraValues, reason)
    return { tickets: r.tickets, entries: r.entries }
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
      const texts = clearTexts(ticket)
      return {
        customerName: clear(ticket.customerName),
        contact: clear(ticket.contact),
        address: clear(ticket.address),
        ...(texts && Object.keys(texts).length ? { texts } : {}),
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

    async erasures() {
      const sp = space()
      const out: ErasureStatus[] = eraser.list().map((e) => {
        const marks = eraser.applied(e.id)
        const pcs = new Map<string, ErasureStatus['pcs'][number]>()
        for (const m of marks)
          pcs.set(m.dev, { dev: m.dev, name: m.name, appliedAt: m.at, active: true })
        for (const p of sp.peers) {
          const known = pcs.get(p.dev)
          if (known) known.active = p.active
          else pcs.set(p.dev, { dev: p.dev, name: p.name, appliedAt: null, active: p.active })
        }
        const list = [...pcs.values()]
        const allApplied = !!e.doneAt && list.every((p) => !p.active || p.appliedAt !== null)
        return {
          id: e.id,
          at: e.at,
          reason: e.reason,
          tickets: e.tickets.length,
          localDoneAt: e.doneAt ?? null,
          pcs: list,
          allApplied,
          space: sp.configured ? 'pending' : 'none',
        }
      })
      return { erasures: out }
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
        // The daily run erases on behalf of whoever set the period (ops need an author).
        {
          entity: SETTING,
          id: PRIVACY_SETTING,
          kind: 'set',
          field: 'retentionBy',
          value: person.id,
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
      const result = await erase(person.id, docs, [], 'retention')
      await ctx.audit(
        'privacy.retention',
        'ticket/*',
        `按保留期限（归档后 ${months} 个月）删除了 ${result.tickets} 个工单的顾客个人信息`,
      )
      return { tickets: result.tickets }
    },
  }
}

const DAY_MS = 24 * 3_600_000

/**
 * The retention period applied without anyone asking: shortly after start and then daily,
 * through the same erasure path as a request (ledger, ops, every copy on disk). Returns a stop.
 */
export function startRetention(
  store: DocStore,
  eraser: Eraser,
  audit: AuditWriter,
  device: { id: string; name: string },
  delayMs = 60_000,
): () => void {
  let stopped = false
  const run = async (): Promise<void> => {
    const doc = store.get(SETTING, PRIVACY_SETTING)
    if (stopped || !live(doc)) return
    const months = doc.fields.retentionMonths
    const by = doc.fields.retentionBy
    if (typeof months !== 'number' || months <= 0 || typeof by !== 'string') return
    const now = new Date()
    const docs = store.query(TICKET, { includeArchived: true }).items.filter((d) => {
      const t = ticketOf(d)
      return (
        pastRetention(t, months, now) &&
        [t.customerName, t.contact, t.address, t.buyerId].some((v) => !!v && v !== REDACTED)
      )
    })
    if (docs.length === 0) return
    const r = await eraser.erase(by, docs, [], 'retention')
    await audit.write(
      {
        session: null,
        deviceId: device.id,
        deviceName: device.name,
        person: null,
        audit: async () => {},
      } as unknown as CallContext,
      'privacy.retention',
      'ticket/*',
      `按保留期限（归档后 ${months} 个月）自动删除了 ${r.tickets} 个工单的顾客个人信息`,
    )
  }
  const tick = (): void => {
    void run().catch((err: unknown) => console.error('[privacy] retention', err))
  }
  const first = setTimeout(tick, delayMs)
  const daily = setInterval(tick, DAY_MS)
  first.unref?.()
  daily.unref?.()
  return () => {
    stopped = true
    clearTimeout(first)
    clearInterval(daily)
  }
}
