import { randomBytes } from 'node:crypto'
import type {
  OpenOrderView,
  ScriptUse,
  ShiftSummaryView,
  ShiftView,
} from '../../../shared/api/shifts'
import type { Person } from '../../../shared/auth/roles'
import { can } from '../../../shared/auth/permissions'
import type { Change, Doc, Op } from '../../../shared/data/ops'
import { AppError, ErrorCode } from '../../../shared/errors'
import { shiftSummary, type ShiftSummary } from '../../../shared/tickets/kpi'
import type { SlaSettings } from '../../../shared/tickets/sla'
import type { QueryOptions, StoreChange } from '../../store'
import { live } from '../doc-store'
import { readShops, readSlaSettings } from '../shop'
import { personNames } from '../tickets/common'
import { TicketSource } from './source'

/** The part of the data core shifts, reports and quality checks use. */
export interface ReportsStore {
  commit(by: string, changes: Change[]): Promise<Op[]>
  get(entity: string, id: string): Doc | undefined
  all(entity: string): Iterable<Doc>
  query(entity: string, q?: QueryOptions): { items: Doc[]; total: number }
  subscribe?(listener: (change: StoreChange) => void): () => void
}

export interface ReportsDeps {
  store: ReportsStore
  device: { id: string; name: string }
  now: () => number
}

export const SHIFT = 'shift'
export const SCHEDULE = 'shiftSchedule'
export const SCRIPT = 'script'
/** The scripts engineer's usage counters: one doc per script, a field per `person@device`. */
export const SCRIPT_USAGE = 'scriptUsage'

export function newId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(5).toString('hex')}`
}

export function requirePerson(ctx: { person: Person | null }): Person {
  if (!ctx.person) throw new AppError(ErrorCode.notSignedIn, '请先登录')
  return ctx.person
}

export function forbidden(what: string): AppError {
  return new AppError(ErrorCode.forbidden, `没有权限：${what}`)
}

/** One source per data core, so the materialised-ticket cache survives between calls. */
const sources = new WeakMap<ReportsStore, TicketSource>()
export function sourceOf(store: ReportsStore): TicketSource {
  let s = sources.get(store)
  if (!s) {
    s = new TicketSource(store)
    sources.set(store, s)
  }
  return s
}

/** Names and settings a report shows, read once per call. */
export interface Lookups {
  names: Map<string, string>
  shops: Map<string, string>
  sla: SlaSettings
  personName(id: string): string
  shopName(id: string): string
  scriptTitle(id: string): string
}

export function lookups(store: ReportsStore): Lookups {
  const names = personNames(store)
  const shops = new Map(readShops(store).map((s) => [s.id, s.name]))
  const titles = new Map<string, string>()
  return {
    names,
    shops,
    sla: readSlaSettings(store),
    personName: (id) => names.get(id) ?? id,
    shopName: (id) => shops.get(id) ?? id,
    scriptTitle(id) {
      if (!titles.has(id)) {
        const t = store.get(SCRIPT, id)?.fields.title
        titles.set(id, typeof t === 'string' && t ? t : `话术 ${id}`)
      }
      return titles.get(id)!
    },
  }
}

// ---- shifts as docs -------------------------------------------------------------------------

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

export function isShiftDoc(doc: Doc | undefined): doc is Doc {
  return (
    live(doc) && typeof doc.fields.personId === 'string' && typeof doc.fields.startedAt === 'string'
  )
}

export function shiftView(doc: Doc, lk: Pick<Lookups, 'personName'>): ShiftView {
  const f = doc.fields
  const personId = f.personId as string
  return {
    id: doc.id,
    personId,
    personName: lk.personName(personId),
    deviceId: str(f.deviceId) ?? '',
    deviceName: str(f.deviceName) ?? '',
    slotKey: str(f.slotKey),
    slotLabel: str(f.slotLabel),
    startedAt: f.startedAt as string,
    from: str(f.from) ?? (f.startedAt as string),
    plannedEnd: str(f.plannedEnd),
    endedAt: str(f.endedAt),
    handoverNote: str(f.handoverNote),
  }
}

export function loadShift(store: ReportsStore, id: string): Doc {
  const doc = store.get(SHIFT, id)
  if (!isShiftDoc(doc)) throw new AppError('shift_not_found', '找不到这个班次，可能尚未同步到本机')
  return doc
}

/** Usage counters of one person on one PC, per script (scripts.recordUse). */
export function usageCounts(
  store: ReportsStore,
  personId: string,
  deviceId: string,
): Record<string, number> {
  const field = `${personId}@${deviceId}`
  const out: Record<string, number> = {}
  for (const d of store.all(SCRIPT_USAGE)) {
    const v = d.fields[field]
    if (typeof v === 'number' && v > 0) out[d.id] = v
  }
  return out
}

// ---- the summary ------------------------------------------------------------------------------

export interface SummaryRequest {
  fromMs: number
  toMs: number
  personIds: string[] | null
  shift: ShiftView | null
  /** Usage counters at the shift's start, when the summary is one person's shift on this PC. */
  usageBaseline?: { personId: string; deviceId: string; counts: Record<string, number> }
}

export interface BuiltSummary {
  view: ShiftSummaryView
  raw: ShiftSummary
  /** Orders the summary touched (rows of the export). */
  orderIds: string[]
}

function dateLabel(ms: number, offsetMin: number): string {
  const d = new Date(ms + offsetMin * 60_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`
}

export function buildSummary(store: ReportsStore, req: SummaryRequest): BuiltSummary {
  const lk = lookups(store)
  const people = req.personIds ? new Set(req.personIds) : null
  const tickets = sourceOf(store).active(req.fromMs, req.toMs, people ?? undefined)
  const raw = shiftSummary(
    tickets,
    { from: req.fromMs, to: req.toMs, ...(req.personIds ? { personIds: req.personIds } : {}) },
    lk.sla,
  )

  // Replies record the script they came from; the usage counters also count scripts copied
  // into the platform's own chat window. Take the larger count of each script.
  const counts = new Map(raw.scriptsUsed.map((s) => [s.scriptId, s.count]))
  if (req.usageBaseline) {
    const now = usageCounts(store, req.usageBaseline.personId, req.usageBaseline.deviceId)
    for (const [id, n] of Object.entries(now)) {
      const delta = n - (req.usageBaseline.counts[id] ?? 0)
      if (delta > (counts.get(id) ?? 0)) counts.set(id, delta)
    }
  }
  const scripts: ScriptUse[] = [...counts]
    .filter(([, n]) => n > 0)
    .map(([scriptId, count]) => ({ scriptId, title: lk.scriptTitle(scriptId), count }))
    .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title, 'zh-CN'))

  const stillOpen: OpenOrderView[] = raw.stillOpen.map((o) => ({
    ...o,
    assigneeName: lk.personName(o.assignee),
    shopName: lk.shopName(o.shopId),
  }))

  // Orders the export lists: what the people did in the span, and what is still open.
  const ids = new Set(raw.stillOpen.map((o) => o.id))
  const fromIso = new Date(req.fromMs).toISOString()
  const toIso = new Date(req.toMs).toISOString()
  for (const t of tickets) {
    if (ids.has(t.id)) continue
    const mine = (p: string) => people === null || people.has(p)
    if (t.createdAt >= fromIso && t.createdAt < toIso && mine(t.createdBy)) ids.add(t.id)
    else if (
      t.history.some((h) => h.at >= fromIso && h.at < toIso && h.by !== 'system' && mine(h.by))
    )
      ids.add(t.id)
  }

  const offset = lk.sla.calendar.utcOffsetMinutes
  const who = req.personIds ? req.personIds.map(lk.personName) : null
  const slot = req.shift?.slotLabel ? ` ${req.shift.slotLabel}` : ''
  const title = `${who ? '班次小结' : '团队班次小结'} ${dateLabel(req.fromMs, offset)}${slot}${who ? ` ${who.join('、')}` : ''}`
  const shopNames: Record<string, string> = {}
  for (const id of Object.keys(raw.byShop)) shopNames[id] = lk.shopName(id)
  for (const o of raw.stillOpen) shopNames[o.shopId] = lk.shopName(o.shopId)
  const personNamesOut: Record<string, string> = {}
  for (const [k, v] of lk.names) personNamesOut[k] = v

  const { from: _f, to: _t, personIds: _p, stillOpen: _s, ...figures } = raw
  return {
    raw,
    orderIds: [...ids].sort(),
    view: {
      title,
      scope: req.personIds ? 'person' : 'team',
      shift: req.shift,
      from: raw.from,
      to: raw.to,
      people: who,
      figures,
      scripts,
      stillOpen,
      shopNames,
      personNames: personNamesOut,
      utcOffsetMinutes: offset,
    },
  }
}

/** Who a summary or report may cover: one's own always; others and the team with reports.team. */
export function requireCovers(person: Person, personIds: string[] | null): void {
  if (can(person, 'reports.team')) return
  if (personIds && personIds.every((p) => p === person.id)) return
  throw forbidden('查看团队报表与他人的班次小结')
}
