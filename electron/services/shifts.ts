import { randomBytes } from 'node:crypto'
import type { Contract, ServiceImpl } from '../../shared/api'
import type { HandoverView, ShiftSummaryView, ShiftView } from '../../shared/api/shifts'
import { can } from '../../shared/auth/permissions'
import type { Person } from '../../shared/auth/roles'
import { AppError, ErrorCode } from '../../shared/errors'
import {
  DEFAULT_SCHEDULE,
  scheduleSchema,
  slotWindow,
  type ShiftSlot,
} from '../../shared/reports/schedule'
import type { Adapters } from '../adapters/types'
import type { CallContext } from '../context'
import { shiftPdf } from '../export/pdf'
import type { ServiceDeps } from './deps'
import {
  buildSummary,
  forbidden,
  isShiftDoc,
  loadShift,
  lookups,
  newId,
  requireCovers,
  requirePerson,
  SCHEDULE,
  SHIFT,
  shiftView,
  usageCounts,
  type BuiltSummary,
  type ReportsDeps,
} from './reports/context'

/**
 * Shifts (班次, issue 9 item 1): one doc per shift (entity 'shift'), started on sign-in or
 * from the shop's schedule, ended with a handover note; who read a handover note is a
 * grow-only set 'acks' on the shift, so marking read on one PC never loses another's mark.
 */

export type ShiftsService = ServiceImpl<Contract['shifts'], CallContext>

export interface ShiftsDeps extends ReportsDeps {
  adapters: Pick<Adapters, 'print'>
}

/** How long a handover note waits for the next shift. */
const HANDOVER_WINDOW_MS = 24 * 3_600_000
const PRINT_TOKEN_MS = 120_000

export function readSchedule(store: ReportsDeps['store']): ShiftSlot[] {
  const raw = store.get(SCHEDULE, 'shop')
  const parsed = raw && !raw.deleted ? scheduleSchema.safeParse(raw.fields.slots) : null
  return parsed?.success ? parsed.data : DEFAULT_SCHEDULE.map((s) => ({ ...s }))
}

export interface ShiftsApi {
  service: ShiftsService
  /** The summary of a shift for a caller, permissions checked (also used by exports). */
  summaryOf(person: Person, id: string, scope: 'person' | 'team'): BuiltSummary
}

export function createShifts(deps: ShiftsDeps): ShiftsApi {
  const { store } = deps
  const printTokens = new Map<string, { view: ShiftSummaryView; until: number }>()

  const openShiftOf = (personId: string) => {
    for (const d of store.all(SHIFT)) {
      if (!isShiftDoc(d)) continue
      const f = d.fields
      if (f.personId === personId && f.deviceId === deps.device.id && !f.endedAt) return d
    }
    return null
  }

  const view = (id: string): ShiftView => shiftView(loadShift(store, id), lookups(store))

  function summaryOf(person: Person, id: string, scope: 'person' | 'team'): BuiltSummary {
    const doc = loadShift(store, id)
    const lk = lookups(store)
    const shift = shiftView(doc, lk)
    const personIds = scope === 'team' ? null : [shift.personId]
    requireCovers(person, personIds)
    if (scope === 'team' && !can(person, 'reports.team'))
      throw forbidden('查看团队报表与他人的班次小结')
    const toMs = shift.endedAt ? Date.parse(shift.endedAt) : deps.now()
    const baseline = doc.fields.scriptBaseline
    return buildSummary(store, {
      fromMs: Date.parse(shift.from),
      toMs: Math.max(toMs, Date.parse(shift.from) + 1),
      personIds,
      shift,
      ...(scope === 'person' && baseline && typeof baseline === 'object'
        ? {
            usageBaseline: {
              personId: shift.personId,
              deviceId: shift.deviceId,
              counts: baseline as Record<string, number>,
            },
          }
        : {}),
    })
  }

  const sweepTokens = () => {
    const now = Date.now()
    for (const [k, v] of printTokens) if (v.until < now) printTokens.delete(k)
  }

  const service: ShiftsService = {
    current(_input, ctx) {
      const p = requirePerson(ctx)
      const d = openShiftOf(p.id)
      return d ? shiftView(d, lookups(store)) : null
    },

    async start({ slotKey }, ctx) {
      const p = requirePerson(ctx)
      const open = openShiftOf(p.id)
      const slot = slotKey ? readSchedule(store).find((s) => s.key === slotKey) : undefined
      if (slotKey && !slot)
        throw new AppError(ErrorCode.invalidInput, '排班表里没有这个班次，请重新选择')
      const nowMs = deps.now()
      const fields: Record<string, unknown> = {}
      if (slot) {
        const w = slotWindow(slot, nowMs, lookups(store).sla.calendar.utcOffsetMinutes)
        fields.slotKey = slot.key
        fields.slotLabel = slot.label
        // Picked a little early: the summary starts at sign-in, not at the slot's start.
        fields.from = new Date(Math.min(w.fromMs, nowMs)).toISOString()
        fields.plannedEnd = new Date(w.toMs).toISOString()
      }
      if (open) {
        if (!slot || open.fields.slotKey === slot.key) return shiftView(open, lookups(store))
        await store.commit(
          p.id,
          Object.entries(fields).map(([field, value]) => ({
            entity: SHIFT,
            id: open.id,
            kind: 'set',
            field,
            value,
          })),
        )
        return view(open.id)
      }
      const id = newId('shift.')
      const startedAt = new Date(nowMs).toISOString()
      const all: Record<string, unknown> = {
        personId: p.id,
        deviceId: deps.device.id,
        deviceName: deps.device.name,
        startedAt,
        from: startedAt,
        scriptBaseline: usageCounts(store, p.id, deps.device.id),
        ...fields,
      }
      await store.commit(
        p.id,
        Object.entries(all).map(([field, value]) => ({
          entity: SHIFT,
          id,
          kind: 'set',
          field,
          value,
        })),
      )
      // Not audited: it follows every sign-in, which the people service already records.
      return view(id)
    },

    async end({ id, handoverNote }, ctx) {
      const p = requirePerson(ctx)
      const doc = loadShift(store, id)
      if (doc.fields.personId !== p.id && !can(p, 'reports.team')) throw forbidden('结束他人的班次')
      if (doc.fields.endedAt) {
        if (handoverNote && !doc.fields.handoverNote) {
          await store.commit(p.id, [
            { entity: SHIFT, id, kind: 'set', field: 'handoverNote', value: handoverNote },
          ])
        }
        return view(id)
      }
      const changes = [
        {
          entity: SHIFT,
          id,
          kind: 'set',
          field: 'endedAt',
          value: new Date(deps.now()).toISOString(),
        },
        { entity: SHIFT, id, kind: 'set', field: 'endedBy', value: p.id },
      ]
      if (handoverNote)
        changes.push({ entity: SHIFT, id, kind: 'set', field: 'handoverNote', value: handoverNote })
      await store.commit(p.id, changes)
      await ctx.audit(
        'shift.end',
        `shift/${id}`,
        handoverNote ? '结束班次并留下交接说明' : '结束班次',
      )
      return view(id)
    },

    get({ id }, ctx) {
      const p = requirePerson(ctx)
      const v = view(id)
      requireCovers(p, [v.personId])
      return v
    },

    list({ personId, limit }, ctx) {
      const p = requirePerson(ctx)
      const who = personId ?? (can(p, 'reports.team') ? null : p.id)
      requireCovers(p, who ? [who] : null)
      const lk = lookups(store)
      const out: ShiftView[] = []
      for (const d of store.all(SHIFT)) {
        if (!isShiftDoc(d)) continue
        if (who && d.fields.personId !== who) continue
        out.push(shiftView(d, lk))
      }
      return out.sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1)).slice(0, limit)
    },

    summary({ id, from, to, scope }, ctx) {
      const p = requirePerson(ctx)
      if (id) return summaryOf(p, id, scope).view
      const personIds = scope === 'team' ? null : [p.id]
      requireCovers(p, personIds)
      const fromMs = Date.parse(from!)
      const toMs = Date.parse(to!)
      if (!(fromMs < toMs)) throw new AppError(ErrorCode.invalidInput, '结束时间须晚于开始时间')
      return buildSummary(store, { fromMs, toMs, personIds, shift: null }).view
    },

    handover(_input, ctx) {
      const p = requirePerson(ctx)
      const since = deps.now() - HANDOVER_WINDOW_MS
      const out: HandoverView[] = []
      const lk = lookups(store)
      for (const d of store.all(SHIFT)) {
        if (!isShiftDoc(d)) continue
        const f = d.fields
        if (f.personId === p.id || typeof f.endedAt !== 'string') continue
        if (Date.parse(f.endedAt) < since) continue
        const acks = d.sets.acks ?? {}
        if (Object.hasOwn(acks, p.id)) continue
        const shift = shiftView(d, lk)
        const built = buildSummary(store, {
          fromMs: Date.parse(shift.from),
          toMs: Math.max(Date.parse(f.endedAt), Date.parse(shift.from) + 1),
          personIds: [shift.personId],
          shift,
        })
        if (!shift.handoverNote && built.view.stillOpen.length === 0) continue
        out.push({ shift, stillOpen: built.view.stillOpen })
      }
      return out
        .sort((a, b) => ((a.shift.endedAt ?? '') < (b.shift.endedAt ?? '') ? 1 : -1))
        .slice(0, 5)
    },

    async ackHandover({ id }, ctx) {
      const p = requirePerson(ctx)
      loadShift(store, id)
      await store.commit(p.id, [
        {
          entity: SHIFT,
          id,
          kind: 'add',
          field: 'acks',
          value: { id: p.id, at: new Date(deps.now()).toISOString() },
        },
      ])
      return null
    },

    schedule(_input, ctx) {
      requirePerson(ctx)
      return readSchedule(store)
    },

    async saveSchedule({ slots }, ctx) {
      const p = requirePerson(ctx)
      await store.commit(p.id, [
        { entity: SCHEDULE, id: 'shop', kind: 'set', field: 'slots', value: slots },
      ])
      await ctx.audit(
        'shift.schedule',
        'shiftSchedule/shop',
        `修改排班表：${slots.map((s) => `${s.label} ${s.start}–${s.end}`).join('，')}`,
      )
      return readSchedule(store)
    },

    printToken({ id, scope }, ctx) {
      const p = requirePerson(ctx)
      sweepTokens()
      const token = randomBytes(24).toString('base64url')
      printTokens.set(token, {
        view: summaryOf(p, id, scope).view,
        until: Date.now() + PRINT_TOKEN_MS,
      })
      return { token }
    },

    printData({ token }) {
      sweepTokens()
      const hit = printTokens.get(token)
      if (!hit) throw new AppError(ErrorCode.notFound, '打印链接已过期，请回到班次页面重新打印')
      return hit.view
    },

    async pdf({ id, scope, pageUrl, language }, ctx) {
      const p = requirePerson(ctx)
      const built = summaryOf(p, id, scope)
      sweepTokens()
      const token = randomBytes(24).toString('base64url')
      printTokens.set(token, { view: built.view, until: Date.now() + PRINT_TOKEN_MS })
      try {
        const bytes = await shiftPdf(deps.adapters.print, pageUrl, token, language)
        await ctx.audit(
          'report.export',
          `shift/${id}`,
          `导出班次小结 PDF（${scope === 'team' ? '团队' : '个人'}）`,
        )
        return {
          name: `${built.view.title.replace(/\s+/g, '-')}.pdf`,
          mime: 'application/pdf',
          bytesBase64: Buffer.from(bytes).toString('base64'),
        }
      } finally {
        printTokens.delete(token)
      }
    },
  }
  return { service, summaryOf }
}

/** Shared per data core: reports' exports reuse the same summaries. */
const apis = new WeakMap<object, ShiftsApi>()
export function shiftsApiFrom(deps: ServiceDeps): ShiftsApi {
  let api = apis.get(deps.store)
  if (!api) {
    api = createShifts({
      store: deps.store,
      device: deps.device,
      now: Date.now,
      adapters: deps.adapters,
    })
    apis.set(deps.store, api)
  }
  return api
}

export function shiftsServiceFrom(deps: ServiceDeps): ShiftsService {
  return shiftsApiFrom(deps).service
}
