import type { Change } from '../../../shared/data/ops'
import { isRole } from '../../../shared/auth/roles'
import { scopeOf } from '../../../shared/auth/permissions'
import { OPEN_STATUSES, SLA_KIND_LABELS, type SlaKind } from '../../../shared/tickets/model'
import { newSlaBreaches, slaState } from '../../../shared/tickets/sla'
import { readSlaSettings } from '../shop'
import {
  entryChanges,
  isTicketDoc,
  PERSON,
  SYSTEM,
  ticketOf,
  TICKET,
  type DeskDeps,
  type DeskTicket,
} from './common'

/**
 * The SLA watcher (issue 6 item 4): on a timer, records each clock that has run out as one
 * `sla_breach` entry per kind (the entry id is the kind, so two PCs recording the same breach
 * offline merge into one), and warns the people signed in on this PC about their orders close
 * to a breach, once per order and clock, through the notification adapter.
 */

const WARN_LABELS: Record<SlaKind, string> = {
  first_response: '首次响应',
  resolution: '处理',
  platform_deadline: '平台处理时限',
}

export interface SlaWatcher {
  /** One pass now (the timer calls this too). */
  tick(): Promise<{ breaches: number; warnings: number }>
  stop(): void
}

function label(t: DeskTicket): string {
  return t.orderNo ? `订单 ${t.orderNo}` : `工单 ${t.id}`
}

export function startSlaWatch(deps: DeskDeps, intervalMs: number): SlaWatcher {
  const warned = new Set<string>()
  let running: Promise<{ breaches: number; warnings: number }> | null = null

  function watchers(): { all: boolean; ids: Set<string> } {
    const ids = new Set(deps.signedIn())
    let all = false
    for (const id of ids) {
      const f = deps.store.get(PERSON, id)?.fields
      const roles = Array.isArray(f?.roles) ? f.roles.filter(isRole) : []
      if (scopeOf({ roles }, 'tickets.handle') === 'all') all = true
    }
    return { all, ids }
  }

  async function pass(): Promise<{ breaches: number; warnings: number }> {
    const sla = readSlaSettings(deps.store)
    const now = deps.now()
    const at = new Date(now).toISOString()
    const who = watchers()
    const changes: Change[] = []
    let warnings = 0
    let breaches = 0
    for (const doc of deps.store.all(TICKET)) {
      if (!isTicketDoc(doc) || !OPEN_STATUSES.has(doc.fields.status as never)) continue
      const t = ticketOf(doc)
      for (const kind of newSlaBreaches(t, now, sla)) {
        breaches++
        changes.push(
          ...entryChanges(
            t.id,
            [
              {
                id: `sla_breach:${kind}`,
                type: 'sla_breach',
                kind,
                at,
                by: SYSTEM,
                dev: deps.device.id,
              },
            ],
            deps.device.name,
          ),
        )
      }
      const mine =
        who.all || who.ids.has(t.assignee) || (!!t.transferredTo && who.ids.has(t.transferredTo))
      if (!mine) continue
      const s = slaState(t, now, sla)
      const clocks: [SlaKind, { warning: boolean; remainingMin: number | null }][] = [
        ['first_response', s.firstResponse],
        ['resolution', s.resolution],
      ]
      if (s.platformDeadline) clocks.push(['platform_deadline', s.platformDeadline])
      for (const [kind, c] of clocks) {
        const key = `${t.id}:${kind}`
        if (!c.warning || warned.has(key)) continue
        warned.add(key)
        warnings++
        const left = Math.max(0, Math.round(c.remainingMin ?? 0))
        deps.adapters.notifications.show({
          title: `工单即将超时：${WARN_LABELS[kind]}`,
          body: `${label(t)} 还剩约 ${left} 分钟${kind === 'platform_deadline' ? '' : '（营业时间）'}，请尽快处理`,
          tag: `sla-${key}`,
        })
      }
    }
    if (changes.length) {
      await deps.store.commit(SYSTEM, changes)
      const n = new Set(changes.map((c) => c.id)).size
      deps.adapters.notifications.show({
        title: '工单已超时',
        body: `${n} 个工单超过时限（${[...new Set(changes.map((c) => SLA_KIND_LABELS[(c.value as { kind: SlaKind }).kind]))].join('、')}），已记录`,
        tag: 'sla-breach',
      })
    }
    return { breaches, warnings }
  }

  function tick(): Promise<{ breaches: number; warnings: number }> {
    // One pass at a time: a slow disk must not stack passes that record the same breach twice.
    running ??= pass().finally(() => {
      running = null
    })
    return running
  }

  const timer =
    intervalMs > 0
      ? setInterval(() => {
          tick().catch((err: unknown) => console.error('[tickets] SLA watch failed', err))
        }, intervalMs)
      : null
  timer?.unref()
  return {
    tick,
    stop: () => {
      if (timer) clearInterval(timer)
    },
  }
}
