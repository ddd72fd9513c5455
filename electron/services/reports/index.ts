import { randomBytes } from 'node:crypto'
import type { Contract, ServiceImpl } from '../../../shared/api'
import type {
  AssessmentRecordRow,
  DrillRow,
  ExportRequest,
  ExportStatus,
  PeriodReportView,
} from '../../../shared/api/reports'
import { can } from '../../../shared/auth/permissions'
import { applyRedactions, maskForViewer } from '../../../shared/auth/privacy'
import type { Person } from '../../../shared/auth/roles'
import { AppError, ErrorCode } from '../../../shared/errors'
import { ordersBehind, periodReport } from '../../../shared/reports/aggregate'
import {
  breakdownTables,
  ORDER_COLUMNS,
  orderRow,
  summaryLines,
  zonedTime,
  type ExportDoc,
} from '../../../shared/reports/export-model'
import { firstResponseMinutes } from '../../../shared/tickets/kpi'
import type { CallContext } from '../../context'
import { writeCsv } from '../../export/csv'
import { writeXlsx } from '../../export/xlsx'
import type { ServiceDeps } from '../deps'
import { shiftsApiFrom, type ShiftsApi } from '../shifts'
import { readTimeZone } from '../shop'
import type { DeskTicket } from '../tickets/common'
import {
  lookups,
  requireCovers,
  requirePerson,
  sourceOf,
  type Lookups,
  type ReportsDeps,
} from './context'
import {
  ASSESSMENT_PART_LABELS,
  ASSESSMENT_PARTS,
  starReasonText,
} from '../../../shared/reports/assessment'
import { recordsIn } from '../../../shared/training/assessment'
import { allChecks } from '../qc'
import { assessmentExtras, teamNames, weightsChange } from './training'

/**
 * Reports for any period and the export jobs (issue 9 items 2 and 4). An export runs in the
 * background: the renderer polls its status for the progress bar and fetches the bytes when
 * done (then saves them as a download, or through the save dialog in Electron).
 */

export type ReportsService = ServiceImpl<Contract['reports'], CallContext>

interface Job {
  status: ExportStatus
  owner: string
  bytes: Uint8Array | null
  mime: string
  finishedAt: number
}

const JOB_KEEP_MS = 10 * 60_000
const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
}

/** The people a period covers for this caller: `personId`, or the team with reports.team, or self. */
function scopeFor(p: Person, personId: string | undefined): string[] | null {
  const ids = personId ? [personId] : can(p, 'reports.team') ? null : [p.id]
  requireCovers(p, ids)
  return ids
}

function drillRow(t: DeskTicket, lk: Lookups): DrillRow {
  return {
    id: t.id,
    orderNo: t.orderNo ?? null,
    status: t.status,
    category: t.category,
    platform: t.platform,
    shopName: lk.shopName(t.shopId),
    assigneeName: lk.personName(t.assignee),
    createdAt: t.createdAt,
    summary: t.description.slice(0, 80),
  }
}

function fileSafe(s: string): string {
  return s.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/-+/g, '-')
}

export function createReports(deps: ReportsDeps, shifts: ShiftsApi): ReportsService {
  const { store } = deps
  const source = sourceOf(store)
  const jobs = new Map<string, Job>()

  function periodView(
    p: Person,
    personIds: string[] | null,
    fromMs: number,
    toMs: number,
  ): PeriodReportView {
    const lk = lookups(store)
    const tickets = source.active(fromMs, toMs)
    const { extras } = assessmentExtras(store, fromMs, toMs)
    const report = periodReport(
      tickets,
      { from: fromMs, to: toMs, ...(personIds ? { personIds } : {}) },
      lk.sla,
      extras,
    )
    const personNames: Record<string, string> = {}
    for (const [k, v] of lk.names) personNames[k] = v
    return {
      ...report,
      personNames,
      teamNames: teamNames(store),
      utcOffsetMinutes: lk.sla.calendar.utcOffsetMinutes,
      canSetWeights: can(p, 'settings.shop'),
    }
  }

  // Every time an export shows is on the shop's clock (the shop-wide setting), read per call so
  // a change made in Settings or received through sync counts from the next export.
  const tz = () => readTimeZone(store)

  /** The rows of the orders sheet, masked unless the reader may export contacts. */
  function orderRows(p: Person, ids: string[], lk: Lookups) {
    const unmasked = can(p, 'export.unmasked')
    const rows = []
    for (const id of ids) {
      const t = source.byId(id)
      if (!t) continue
      const shown = unmasked ? applyRedactions(t) : maskForViewer(t, p)
      rows.push(
        orderRow(shown, {
          timeZone: tz(),
          firstResponseMin: firstResponseMinutes(t, lk.sla),
          shopName: lk.shopName,
          personName: lk.personName,
        }),
      )
    }
    return { rows, unmasked }
  }

  function buildDoc(
    p: Person,
    req: ExportRequest,
  ): { doc: ExportDoc; audit: string; target: string } {
    const lk = lookups(store)
    if (req.kind === 'shift') {
      const built = shifts.summaryOf(p, req.id, req.scope)
      const v = built.view
      const { rows, unmasked } = orderRows(p, built.orderIds, lk)
      const lines = [
        {
          label: '期间',
          value: `${zonedTime(v.from, tz())} 至 ${zonedTime(v.to, tz())}`,
          kind: 'text' as const,
        },
        { label: '人员', value: v.people ? v.people.join('、') : '全体', kind: 'text' as const },
        ...summaryLines(v.figures, v.stillOpen.length),
      ]
      if (v.shift?.handoverNote)
        lines.push({ label: '交接说明', value: v.shift.handoverNote, kind: 'text' })
      return {
        doc: {
          title: v.title,
          lines,
          tables: breakdownTables(v.figures, {
            shopName: lk.shopName,
            scriptTitle: lk.scriptTitle,
            personName: lk.personName,
            stillOpen: built.raw.stillOpen,
          }),
          orders: { title: '工单明细', columns: ORDER_COLUMNS, rows },
        },
        target: `shift/${req.id}`,
        audit: `导出班次小结（${req.scope === 'team' ? '团队' : '个人'}，${rows.length} 单，${unmasked ? '含完整联系方式' : '联系方式已打码'}）`,
      }
    }
    const fromMs = Date.parse(req.from)
    const toMs = Date.parse(req.to)
    if (!(fromMs < toMs)) throw new AppError(ErrorCode.invalidInput, '结束时间须晚于开始时间')
    const personIds = scopeFor(p, req.personId)
    const v = periodView(p, personIds, fromMs, toMs)
    const people = personIds ? new Set(personIds) : null
    const ids = source
      .active(fromMs, toMs)
      .filter((t) => {
        const c = Date.parse(t.createdAt)
        return c >= fromMs && c < toMs && (!people || people.has(t.createdBy))
      })
      .map((t) => t.id)
      .sort()
    const { rows, unmasked } = orderRows(p, ids, lk)
    const who = personIds ? personIds.map(lk.personName).join('、') : '全体'
    return {
      doc: {
        title: `客服报表 ${zonedTime(v.from, tz()).slice(0, 10)} 至 ${zonedTime(new Date(toMs - 1).toISOString(), tz()).slice(0, 10)} ${who}`,
        lines: [
          {
            label: '期间',
            value: `${zonedTime(v.from, tz())} 至 ${zonedTime(v.to, tz())}`,
            kind: 'text',
          },
          { label: '人员', value: who, kind: 'text' },
          ...summaryLines(v.totals, null),
        ],
        tables: [
          ...breakdownTables(v.totals, {
            shopName: lk.shopName,
            scriptTitle: lk.scriptTitle,
            personName: lk.personName,
          }),
          {
            title: '人员考核',
            columns: [
              { key: 'rank', header: '排名', width: 6, kind: 'int' },
              { key: 'name', header: '姓名', width: 12, kind: 'text' },
              { key: 'composite', header: '综合分', width: 8, kind: 'min' },
              { key: 'received', header: '接收', width: 8, kind: 'int' },
              { key: 'resolved', header: '解决', width: 8, kind: 'int' },
              { key: 'fr', header: '首次响应平均（分钟）', width: 12, kind: 'min' },
              { key: 'w3', header: '3分钟回复率', width: 10, kind: 'pct' },
              { key: 'rr', header: '解决率', width: 8, kind: 'pct' },
              { key: 'sat', header: '满意度', width: 8, kind: 'pct' },
              { key: 'qc', header: '质检分', width: 8, kind: 'min' },
              { key: 'qcn', header: '质检单数', width: 8, kind: 'int' },
              { key: 'exam', header: '考试分', width: 8, kind: 'min' },
              { key: 'examn', header: '考试次数', width: 8, kind: 'int' },
              { key: 'drill', header: '演练分', width: 8, kind: 'min' },
              { key: 'drilln', header: '演练次数', width: 8, kind: 'int' },
            ],
            rows: v.people.map((r) => [
              r.rank,
              lk.personName(r.personId),
              r.composite,
              r.received,
              r.resolved,
              r.firstResponseAvgMin === null ? null : Math.round(r.firstResponseAvgMin * 10) / 10,
              r.within3MinRate,
              r.resolutionRate,
              r.satisfactionRate,
              r.qcScore,
              r.qcChecks,
              r.examScore,
              r.examCount,
              r.drillScore,
              r.drillCount,
            ]),
          },
          {
            title: '班组考核',
            columns: [
              { key: 'rank', header: '排名', width: 6, kind: 'int' },
              { key: 'team', header: '班组', width: 12, kind: 'text' },
              { key: 'members', header: '人数', width: 6, kind: 'int' },
              { key: 'composite', header: '综合分', width: 8, kind: 'min' },
              ...ASSESSMENT_PARTS.map((part) => ({
                key: part,
                header: ASSESSMENT_PART_LABELS[part],
                width: 10,
                kind: 'min' as const,
              })),
            ],
            rows: v.teams.map((t) => [
              t.rank,
              v.teamNames[t.teamId] ?? t.teamId,
              t.members,
              t.composite,
              ...ASSESSMENT_PARTS.map((part) => t.parts[part]),
            ]),
          },
          {
            title: '考核权重与月度优秀客服',
            columns: [
              { key: 'item', header: '项目', width: 24, kind: 'text' },
              { key: 'value', header: '内容', width: 60, kind: 'text' },
            ],
            rows: [
              ...ASSESSMENT_PARTS.map((part) => [
                `权重：${ASSESSMENT_PART_LABELS[part]}`,
                String(v.weights[part]),
              ]),
              [
                '月度优秀客服',
                v.star
                  ? `${lk.personName(v.star.personId)}：${v.star.reasons.map(starReasonText).join('；')}`
                  : '本期无人符合条件',
              ],
            ],
          },
        ],
        orders: { title: '工单明细', columns: ORDER_COLUMNS, rows },
      },
      target: 'report/period',
      audit: `导出报表（${who}，${rows.length} 单，${unmasked ? '含完整联系方式' : '联系方式已打码'}）`,
    }
  }

  const sweep = () => {
    const now = Date.now()
    for (const [k, j] of jobs)
      if (j.status.state !== 'running' && now - j.finishedAt > JOB_KEEP_MS) jobs.delete(k)
  }

  const jobOf = (jobId: string, p: Person): Job => {
    const j = jobs.get(jobId)
    if (!j || j.owner !== p.id)
      throw new AppError(ErrorCode.notFound, '找不到这个导出任务，可能已过期，请重新导出')
    return j
  }

  return {
    period({ from, to, personId }, ctx) {
      const p = requirePerson(ctx)
      return periodView(p, scopeFor(p, personId), Date.parse(from), Date.parse(to))
    },

    assessmentRecords({ from, to, personId, part }, ctx) {
      const p = requirePerson(ctx)
      scopeFor(p, personId)
      const fromMs = Date.parse(from)
      const toMs = Date.parse(to)
      let items: AssessmentRecordRow[]
      if (part === 'qc') {
        items = allChecks(store)
          .filter((d) => d.fields.personId === personId && typeof d.fields.score === 'number')
          .map((d) => {
            const ticketId = typeof d.fields.ticketId === 'string' ? d.fields.ticketId : null
            const t = ticketId ? source.byId(ticketId) : undefined
            return {
              id: d.id,
              title: t ? t.description.slice(0, 40) : '',
              at: typeof d.fields.resolvedAt === 'string' ? d.fields.resolvedAt : '',
              score: d.fields.score as number,
              ticketId,
              orderNo: t?.orderNo ?? null,
            }
          })
          .filter((r) => {
            const at = Date.parse(r.at)
            return at >= fromMs && at < toMs
          })
          .sort((a, b) => (a.at < b.at ? 1 : -1))
      } else {
        const { records } = assessmentExtras(store, fromMs, toMs)
        items = recordsIn(records, fromMs, toMs)
          .filter((r) => r.kind === part && r.personId === personId)
          .map((r) => ({ ...r, ticketId: null, orderNo: null }))
          .map(({ kind: _k, personId: _p, ...rest }) => rest)
      }
      return { items }
    },

    async setAssessmentWeights({ weights }, ctx) {
      const p = requirePerson(ctx)
      await store.commit(p.id, weightsChange(weights))
      await ctx.audit(
        'report.weights',
        'setting/assessment',
        `修改考核权重：${ASSESSMENT_PARTS.map((k) => `${ASSESSMENT_PART_LABELS[k]} ${weights[k]}`).join('，')}`,
      )
      return weights
    },

    orders({ from, to, personId, shiftId, scope, bar, limit }, ctx) {
      const p = requirePerson(ctx)
      let fromMs = Date.parse(from)
      let toMs = Date.parse(to)
      let personIds: string[] | null
      if (shiftId) {
        const built = shifts.summaryOf(p, shiftId, scope ?? 'person')
        fromMs = Date.parse(built.view.from)
        toMs = Date.parse(built.view.to)
        personIds = built.view.scope === 'team' ? null : [built.view.shift!.personId]
      } else personIds = scopeFor(p, personId)
      const lk = lookups(store)
      const ids = ordersBehind(
        source.active(fromMs, toMs),
        { from: fromMs, to: toMs, ...(personIds ? { personIds } : {}) },
        bar,
        lk.sla,
      )
      const items: DrillRow[] = []
      for (const id of ids.slice(0, limit)) {
        const t = source.byId(id)
        if (t) items.push(drillRow(t, lk))
      }
      return { total: ids.length, items }
    },

    exportStart(req, ctx) {
      const p = requirePerson(ctx)
      sweep()
      // Built now, so a refused export is refused at once and the figures are those of the click.
      const { doc, audit, target } = buildDoc(p, req)
      const jobId = randomBytes(12).toString('base64url')
      const name = `${fileSafe(doc.title)}.${req.format}`
      const job: Job = {
        status: {
          jobId,
          state: 'running',
          done: 0,
          total: doc.orders.rows.length,
          error: null,
          name,
        },
        owner: p.id,
        bytes: null,
        mime: MIME[req.format],
        finishedAt: 0,
      }
      jobs.set(jobId, job)
      const progress = (done: number, total: number) => {
        job.status = { ...job.status, done, total }
      }
      void (async () => {
        try {
          job.bytes =
            req.format === 'xlsx' ? await writeXlsx(doc, progress) : writeCsv(doc, progress)
          await ctx.audit('report.export', target, `${audit}，${req.format.toUpperCase()}`)
          job.status = { ...job.status, state: 'done', done: job.status.total }
        } catch (err) {
          job.status = {
            ...job.status,
            state: 'failed',
            error: err instanceof AppError ? err.message : `导出失败：${(err as Error).message}`,
          }
        } finally {
          job.finishedAt = Date.now()
        }
      })()
      return job.status
    },

    exportStatus({ jobId }, ctx) {
      return jobOf(jobId, requirePerson(ctx)).status
    },

    exportFetch({ jobId }, ctx) {
      const j = jobOf(jobId, requirePerson(ctx))
      if (j.status.state === 'running')
        throw new AppError(ErrorCode.conflict, '文件还在生成中，请稍候')
      if (!j.bytes) throw new AppError('export_failed', j.status.error ?? '导出失败，请重试')
      return {
        name: j.status.name ?? 'export',
        mime: j.mime,
        bytesBase64: Buffer.from(j.bytes).toString('base64'),
      }
    },
  }
}

export function reportsServiceFrom(deps: ServiceDeps): ReportsService {
  return createReports(
    { store: deps.store, device: deps.device, now: Date.now },
    shiftsApiFrom(deps),
  )
}
