import type { HistoryItem, SlaSummary, TicketDetail, TicketView } from '../../../shared/api/tickets'
import { canRevealContact, maskForViewer } from '../../../shared/auth/privacy'
import type { HistoryEntry, SlaKind } from '../../../shared/tickets/model'
import { slaState, type SlaState } from '../../../shared/tickets/sla'
import { allowedTransitions } from '../../../shared/tickets/workflow'
import { canAct, handlesAll, type DeskTicket, type ViewContext } from './common'

const SUMMARY_LEN = 80

/** The most pressing clock: breached before warning before running, the soonest due first. */
export function slaSummary(s: SlaState): SlaSummary {
  const breached: SlaKind[] = []
  if (s.firstResponse.breached) breached.push('first_response')
  if (s.resolution.breached) breached.push('resolution')
  if (s.platformDeadline?.breached) breached.push('platform_deadline')

  const running: {
    kind: SlaKind
    dueAt: string | null
    remainingMin: number
    warning: boolean
    breached: boolean
  }[] = []
  for (const [kind, c] of [
    ['first_response', s.firstResponse],
    ['resolution', s.resolution],
  ] as const) {
    if (!c.done && !c.paused && c.remainingMin !== null) {
      running.push({
        kind,
        dueAt: c.dueAt,
        remainingMin: c.remainingMin,
        warning: c.warning,
        breached: c.breached,
      })
    }
  }
  const p = s.platformDeadline
  if (p && !p.done && p.remainingMin !== null) {
    running.push({
      kind: 'platform_deadline',
      dueAt: p.dueAt,
      remainingMin: p.remainingMin,
      warning: p.warning,
      breached: p.breached,
    })
  }
  if (running.length === 0) {
    const paused = !s.resolution.done && s.resolution.paused
    return {
      state: paused ? 'paused' : 'done',
      kind: paused ? 'resolution' : null,
      dueAt: null,
      remainingMin: null,
      breached,
    }
  }
  running.sort((a, b) => Number(b.breached) - Number(a.breached) || a.remainingMin - b.remainingMin)
  const top = running[0]!
  return {
    state: top.breached ? 'breached' : top.warning ? 'warning' : 'ok',
    kind: top.kind,
    dueAt: top.dueAt,
    remainingMin: Math.round(top.remainingMin * 10) / 10,
    breached,
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null
}

export function toView(t: DeskTicket, vc: ViewContext, sla?: SlaState): TicketView {
  const masked = maskForViewer(t, vc.person)
  return {
    id: t.id,
    status: t.status,
    platform: t.platform,
    shopId: t.shopId,
    shopName: vc.shops.get(t.shopId)?.name ?? null,
    channel: t.channel,
    category: t.category,
    priority: t.priority,
    orderNo: str(t.orderNo),
    buyerId: str(masked.buyerId),
    customerName: str(masked.customerName),
    contact: str(masked.contact),
    summary: (typeof masked.description === 'string' ? masked.description : '').slice(
      0,
      SUMMARY_LEN,
    ),
    assignee: t.assignee,
    assigneeName: vc.names.get(t.assignee) ?? t.assignee,
    transferredTo: str(t.transferredTo),
    team: str(t.team),
    messageAt: t.messageAt,
    createdAt: t.createdAt,
    createdBy: t.createdBy,
    firstReplyAt: str(t.firstReplyAt),
    resolvedAt: str(t.resolvedAt),
    archivedAt: str(t.archivedAt),
    nextFollowUpAt: str(t.nextFollowUpAt),
    satisfaction: typeof t.satisfaction === 'number' ? t.satisfaction : null,
    archivedUnrated: t.archivedUnrated === true,
    updated: t.updated,
    sla: slaSummary(sla ?? slaState(t, vc.now, vc.sla)),
    contactMasked: true,
    canReveal: canRevealContact(vc.person, t),
    canAct: canAct(vc.person, t),
  }
}

export function toDetail(t: DeskTicket, vc: ViewContext, customerOrderCount: number): TicketDetail {
  const sla = slaState(t, vc.now, vc.sla)
  const masked = maskForViewer(t, vc.person)
  const history: HistoryItem[] = (
    masked.history as (HistoryEntry & { devName?: string; _hlc?: string; _by?: string })[]
  ).map((e) => {
    const { _hlc: _h, _by: _b, devName, ...entry } = e
    return {
      ...(entry as HistoryEntry),
      byName: vc.names.get(entry.by) ?? entry.by,
      devName: devName ?? entry.dev,
    }
  })
  // History is kept in the order the entries were added (hlc); show it in the order they happened.
  history.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  const { history: _h, redactions: _r, updated: _u, ...fields } = masked
  const acting = canAct(vc.person, t)
  const allowed = acting
    ? allowedTransitions(t.status).filter((a) => a !== 'reopen_archived' || handlesAll(vc.person))
    : []
  return {
    ticket: { ...fields, contactMasked: true } as TicketDetail['ticket'],
    view: toView(t, vc, sla),
    history,
    sla,
    allowedActions: allowed,
    canAct: acting,
    canNote:
      t.status !== 'archived' &&
      (acting ||
        (!!vc.person &&
          (t.createdBy === vc.person.id || t.history.some((h) => h.by === vc.person!.id)))),
    canReveal: canRevealContact(vc.person, t),
    customerOrderCount,
  }
}
