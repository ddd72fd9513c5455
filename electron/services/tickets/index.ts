import type { Contract, ServiceImpl } from '../../../shared/api'
import type { SearchHighlight, TicketSearchHit } from '../../../shared/api/tickets'
import { maskContact, maskFreeText, maskName } from '../../../shared/auth/mask'
import { slaState } from '../../../shared/tickets/sla'
import type { CallContext } from '../../context'
import type { ServiceDeps } from '../deps'
import {
  isTicketDoc,
  loadTicket,
  requireAct,
  requirePerson,
  ticketOf,
  TICKET,
  viewContext,
  type DeskDeps,
  type DeskTicket,
} from './common'
import { attachmentType, decodeAttachment, getBlob, putBlob, sniffMime } from './attachments'
import { customerArchive, customerOrderIds } from './customer'
import { clearDraft, getDraft, saveDraft } from './drafts'
import { createTicket } from './intake'
import { listTickets, queueCounts } from './queues'
import { archiveResolved, review } from './review'
import { searchFields, TicketIndex, type SearchField } from './search-index'
import { readSynonyms, saveSynonyms, shopSynonymTable } from './synonyms'
import { startSlaWatch, type SlaWatcher } from './sla-watch'
import { toDetail, toView } from './views'
import { act, change, record, reassign, setFollowUp, type Actor } from './workflow'

export type TicketsService = ServiceImpl<Contract['tickets'], CallContext>

export interface TicketDesk {
  service: TicketsService
  /** The search index once loaded (start-up loads it in the background). */
  index: Promise<TicketIndex>
  sla: SlaWatcher
  /** Stops the watcher and writes the search index. */
  close(): Promise<void>
}

export interface DeskOptions {
  /** SLA watcher period; 0 turns the timer off (tests call `sla.tick()`). Default 60 s. */
  slaIntervalMs?: number
  /**
   * Least time between saves of the search index while orders change; negative: only on close.
   * Default 10 min: a save costs the main process a moment, and the journal after the saved
   * cursor is replayed at start anyway.
   */
  indexPersistMs?: number
}

/** Fields whose text is the customer's personal data: shown masked in a hit, never in clear. */
const PERSONAL_HIT_FIELDS: Partial<Record<SearchField, (s: string) => string>> = {
  customerName: maskName,
  contact: maskContact,
}

/** Search fields holding free text, masked in snippets (ids and personal fields are not). */
const FREE_TEXT_HIT_FIELDS = new Set([
  'description',
  'resolution',
  'replies',
  'updates',
  'contacts',
  'notes',
  'steps',
])

/**
 * A phone number matched by its last digits: the masked number keeps them, so mark them there
 * (the agent sees 138****5678 with 5678 marked, which is why the order came up).
 */
function maskedRanges(
  field: string,
  masked: string,
  snippet: string,
  ranges: [number, number][],
): [number, number][] {
  if (field !== 'contact' || ranges.length === 0) return []
  const tail = /\d{4}$/.exec(masked)
  if (!tail) return []
  const last = ranges[ranges.length - 1]!
  return last[1] === snippet.length ? [[masked.length - 4, masked.length]] : []
}

const FIELD_NAMES = { category: '问题分类', priority: '优先级', nextFollowUpAt: '下次跟进时间' }

/** A contact recorded with an earlier send time moves the first response: audited. */
function auditSentAt(ctx: CallContext, t: DeskTicket, what: string, sentAt: string) {
  return ctx.audit(
    'ticket.sentAt',
    `ticket/${t.id}`,
    `${what}按实际发送时间 ${sentAt} 记录（记录于 ${new Date().toISOString()}）：${t.orderNo ? `订单 ${t.orderNo}` : `工单 ${t.id}`}`,
  )
}

function actorOf(ctx: CallContext): Actor {
  return { person: requirePerson(ctx), deviceId: ctx.deviceId, devName: ctx.deviceName }
}

/** The ticket desk (工单台) behind `tickets.*`; the search index loads in the background. */
export function createTicketDesk(deps: DeskDeps, opts: DeskOptions = {}): TicketDesk {
  const indexReady = TicketIndex.open(deps.store, deps.dataDir, { persistMs: opts.indexPersistMs })
  // A failure is reported by the first call that needs the index, not as an unhandled rejection.
  indexReady.catch(() => undefined)
  const sla = startSlaWatch(deps, opts.slaIntervalMs ?? 60_000)

  async function detail(t: DeskTicket, ctx: CallContext) {
    const index = await indexReady
    const vc = viewContext(deps, ctx.person)
    return toDetail(t, vc, customerOrderIds(index, t).length - 1)
  }

  const service: TicketsService = {
    async create(input, ctx) {
      const actor = actorOf(ctx)
      const vc = viewContext(deps, actor.person)
      const out = await createTicket(deps, actor.person, actor.devName, input, vc)
      if ('result' in out) return out.result
      if (input.draftKey) await clearDraft(deps, actor.person, input.draftKey)
      await ctx.audit(
        'ticket.create',
        `ticket/${out.created.id}`,
        `新建工单${out.created.orderNo ? `：订单 ${out.created.orderNo}` : ''}`,
      )
      return { status: 'created', ticket: await detail(out.created, ctx), warnings: out.warnings }
    },

    async get(input, ctx) {
      requirePerson(ctx)
      return detail(loadTicket(deps.store, input.id), ctx)
    },

    list(input, ctx) {
      const p = requirePerson(ctx)
      return listTickets(deps, p, viewContext(deps, p), input)
    },

    counts(_input, ctx) {
      const p = requirePerson(ctx)
      return queueCounts(deps, p, viewContext(deps, p))
    },

    async search(input, ctx) {
      const p = requirePerson(ctx)
      const index = await indexReady
      const started = performance.now()
      const vc = viewContext(deps, p)
      const cache = new Map<string, DeskTicket | null>()
      const read = (id: string): DeskTicket | null => {
        if (!cache.has(id)) {
          const doc = deps.store.get(TICKET, id)
          cache.set(id, isTicketDoc(doc) ? ticketOf(doc) : null)
        }
        return cache.get(id)!
      }
      const raw = index.search(input.q, {
        limit: input.limit,
        includeArchived: input.includeArchived,
        synonyms: shopSynonymTable(deps.store),
        text: (id, field) => {
          const t = read(id)
          const v = t ? searchFields(t)[field as SearchField] : undefined
          // Snippets of free text show phone and ID numbers and addresses masked (issue 14
          // item 2); the index keeps them in clear, so the full number still finds the order.
          if (v === undefined || !FREE_TEXT_HIT_FIELDS.has(field)) return v
          return typeof v === 'string' ? maskFreeText(v) : v.map(maskFreeText)
        },
      })
      const hits: TicketSearchHit[] = []
      for (const h of raw) {
        const t = read(h.id)
        if (!t) continue
        const highlights: SearchHighlight[] = h.highlights.map((x) => {
          const mask = PERSONAL_HIT_FIELDS[x.field as SearchField]
          const masked = mask ? mask(x.snippet) : ''
          const out: SearchHighlight = mask
            ? {
                field: x.field,
                snippet: masked,
                ranges: maskedRanges(x.field, masked, x.snippet, x.snippetRanges),
              }
            : { field: x.field, snippet: x.snippet, ranges: x.snippetRanges }
          if (x.index !== undefined) out.index = x.index
          return out
        })
        hits.push({ ticket: toView(t, vc), score: h.score, highlights })
      }
      const tookMs = Math.round((performance.now() - started) * 10) / 10
      const indexing = index.progress
      return indexing ? { hits, tookMs, indexing } : { hits, tookMs }
    },

    async act(input, ctx) {
      const actor = actorOf(ctx)
      const t = await act(deps, actor, input.id, input.action)
      if (input.action.type === 'wait_customer' && input.action.sentAt && input.action.question) {
        await auditSentAt(ctx, t, '提问', input.action.sentAt)
      }
      await ctx.audit(
        `ticket.${input.action.type}`,
        `ticket/${t.id}`,
        `工单操作（${input.action.type}）：${t.orderNo ? `订单 ${t.orderNo}` : `工单 ${t.id}`}`,
      )
      return detail(t, ctx)
    },

    async reply(input, ctx) {
      const { id, ...rest } = input
      const t = await record(deps, actorOf(ctx), id, { type: 'reply', ...rest })
      if (rest.sentAt) await auditSentAt(ctx, t, '回复', rest.sentAt)
      return detail(t, ctx)
    },

    async addUpdate(input, ctx) {
      const { id, ...rest } = input
      const t = await record(deps, actorOf(ctx), id, { type: 'customer_update', ...rest })
      if (rest.sentAt) await auditSentAt(ctx, t, '进度告知', rest.sentAt)
      return detail(t, ctx)
    },

    async changeField(input, ctx) {
      const actor = actorOf(ctx)
      const before = loadTicket(deps.store, input.id)
      const t = await change(deps, actor, input.id, input.change)
      if (t.updated !== before.updated) {
        await ctx.audit(
          'ticket.change',
          `ticket/${t.id}`,
          `修改工单${FIELD_NAMES[input.change.field]}：${t.orderNo ? `订单 ${t.orderNo}` : `工单 ${t.id}`}`,
        )
      }
      return detail(t, ctx)
    },

    async addDepartmentContact(input, ctx) {
      const { id, ...rest } = input
      return detail(
        await record(deps, actorOf(ctx), id, { type: 'department_contact', ...rest }),
        ctx,
      )
    },

    async addNote(input, ctx) {
      const { id, ...rest } = input
      return detail(await record(deps, actorOf(ctx), id, { type: 'note', ...rest }), ctx)
    },

    async attach(input, ctx) {
      const actor = actorOf(ctx)
      const t = loadTicket(deps.store, input.id)
      requireAct(actor.person, t)
      const bytes = decodeAttachment(input.bytesBase64)
      // The type is what the bytes are, whatever the page claims (issue 14 item 7).
      const mime = attachmentType(bytes, input.name)
      const hash = await putBlob(deps.dataDir, bytes)
      const next = await record(deps, actor, input.id, {
        type: 'attachment',
        hash,
        name: input.name,
        mime,
        size: bytes.length,
      })
      await ctx.audit(
        'ticket.attach',
        `ticket/${input.id}`,
        `添加附件：${input.name.slice(0, 60)}（${mime}，${Math.ceil(bytes.length / 1024)} KB）`,
      )
      return detail(next, ctx)
    },

    async attachment(input, ctx) {
      requirePerson(ctx)
      // Name and type are in the order's attachment entry; the bytes alone say what kind of image.
      const bytes = await getBlob(deps.dataDir, input.hash)
      return {
        hash: input.hash,
        name: input.hash,
        mime: sniffMime(bytes),
        size: bytes.length,
        bytesBase64: bytes.toString('base64'),
      }
    },

    async setFollowUp(input, ctx) {
      return detail(await setFollowUp(deps, actorOf(ctx), input.id, input.at), ctx)
    },

    async reassign(input, ctx) {
      const actor = actorOf(ctx)
      const done = await reassign(deps, actor, input.ids, input.to)
      await ctx.audit('ticket.reassign', `person/${input.to}`, `改派了 ${done.length} 个工单`)
      return { reassigned: done }
    },

    async customer(input, ctx) {
      const p = requirePerson(ctx)
      return customerArchive(
        deps,
        await indexReady,
        loadTicket(deps.store, input.id),
        viewContext(deps, p),
      )
    },

    review(input, ctx) {
      const p = requirePerson(ctx)
      return review(deps, p, viewContext(deps, p), input)
    },

    async archiveResolved(input, ctx) {
      const actor = actorOf(ctx)
      const result = await archiveResolved(deps, actor, input.ids)
      if (result.archived.length) {
        await ctx.audit(
          'ticket.archive',
          'ticket/*',
          `每日整理归档了 ${result.archived.length} 个工单`,
        )
      }
      return result
    },

    synonyms(_input, ctx) {
      requirePerson(ctx)
      return readSynonyms(deps.store)
    },

    async setSynonyms(input, ctx) {
      const p = requirePerson(ctx)
      const out = await saveSynonyms(deps.store, p.id, input.groups)
      await ctx.audit(
        'settings.synonyms',
        'setting/search',
        `修改了搜索同义词（${out.shop.length} 组）`,
      )
      return out
    },

    slaState(input, ctx) {
      requirePerson(ctx)
      const t = loadTicket(deps.store, input.id)
      return slaState(t, deps.now(), viewContext(deps, ctx.person).sla)
    },

    saveDraft(input, ctx) {
      return saveDraft(deps, requirePerson(ctx), input.key, input.value)
    },
    getDraft(input, ctx) {
      return getDraft(deps, requirePerson(ctx), input.key)
    },
    async clearDraft(input, ctx) {
      await clearDraft(deps, requirePerson(ctx), input.key)
      return null
    },
  }

  return {
    service,
    index: indexReady,
    sla,
    async close() {
      sla.stop()
      await (await indexReady).close()
    },
  }
}

/** Opens the desk and waits for its search index (tests, and callers that need it ready). */
export async function openTicketDesk(deps: DeskDeps, opts: DeskOptions = {}): Promise<TicketDesk> {
  const desk = createTicketDesk(deps, opts)
  await desk.index
  return desk
}

/** The desk from the app's service deps (services/index.ts); `closeTicketDesk` on shutdown. */
export function ticketsServiceFrom(deps: ServiceDeps): TicketsService {
  const desk = createTicketDesk({
    dataDir: deps.dataDir,
    device: deps.device,
    store: deps.store,
    adapters: deps.adapters,
    signedIn: () =>
      deps.sessions
        .all()
        .map((s) => s.personId)
        .filter((id): id is string => !!id),
    now: Date.now,
  })
  desks.set(deps.store, desk)
  return desk.service
}

const desks = new WeakMap<object, TicketDesk>()

/** The search index of the desk opened on this store (privacy: erasure rewrites it). */
export function ticketIndexOf(store: object): Promise<TicketIndex> | null {
  return desks.get(store)?.index ?? null
}

/** Writes the search index and stops the SLA watcher of the desk opened on this store. */
export async function closeTicketDesk(store: object): Promise<void> {
  const desk = desks.get(store)
  desks.delete(store)
  if (desk) await desk.close()
}
