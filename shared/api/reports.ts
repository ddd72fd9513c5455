import { z } from 'zod'
import type { PeriodReport } from '../reports/aggregate'
import { assessmentWeightsSchema, type AssessmentWeights } from '../reports/assessment'
import {
  CATEGORIES,
  PLATFORMS,
  type Category,
  type Platform,
  type TicketStatus,
} from '../tickets/model'
import { method } from './define'

/**
 * Reports for any period (issue 9 item 2) and exports (item 4). A person without
 * `reports.team` sees their own figures; with it, the team's and anyone's.
 * Exports run as jobs: `exportStart` returns at once, `exportStatus` reports progress for the
 * progress bar, `exportFetch` hands the bytes over (saved by the renderer). Every export is
 * audited.
 */

export interface PeriodReportView extends PeriodReport {
  personNames: Record<string, string>
  teamNames: Record<string, string>
  utcOffsetMinutes: number
  /** The caller may change the assessment weights (settings.shop). */
  canSetWeights: boolean
}

/** One record behind an assessment figure (drill-down): an exam, a drill or a quality check. */
export interface AssessmentRecordRow {
  id: string
  title: string
  /** When it counts: handed in, ended, or the checked order's resolution. */
  at: string
  score: number
  /** Quality checks: the order checked. */
  ticketId: string | null
  orderNo: string | null
}

export interface DrillRow {
  id: string
  orderNo: string | null
  status: TicketStatus
  category: Category
  platform: Platform
  shopName: string
  assigneeName: string
  createdAt: string
  summary: string
}

export interface ExportStatus {
  jobId: string
  state: 'running' | 'done' | 'failed'
  done: number
  total: number
  /** zh-CN, when failed. */
  error: string | null
  name: string | null
}

export interface ExportFile {
  name: string
  mime: string
  bytesBase64: string
}

const iso = z.iso.datetime({ offset: true, error: '时间格式不正确' })
const id = z.string().trim().min(1).max(80)
const measure = z.enum(['received', 'resolved'])
const bucket = z.enum(['day', 'week', 'month'])

const period = z
  .object({ from: iso, to: iso, personId: id.optional() })
  .strict()
  .refine((v) => Date.parse(v.from) < Date.parse(v.to), { error: '结束时间须晚于开始时间' })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 400 * 86_400_000, {
    error: '报表期间最长约一年（400 天）',
  })

export const barSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('trend'), bucket, start: iso, measure }),
  z.object({ kind: z.literal('categoryWeek'), start: iso, category: z.enum(CATEGORIES) }),
  z.object({ kind: z.literal('hour'), hour: z.number().int().min(0).max(23) }),
  z.object({ kind: z.literal('category'), category: z.enum(CATEGORIES), measure }),
  z.object({ kind: z.literal('platform'), platform: z.enum(PLATFORMS), measure }),
  z.object({ kind: z.literal('shop'), shopId: id, measure }),
  z.object({ kind: z.literal('person'), personId: id, measure }),
])

export const exportRequestSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('shift'),
      format: z.enum(['xlsx', 'csv']),
      id,
      scope: z.enum(['person', 'team']).default('person'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('period'),
      format: z.enum(['xlsx', 'csv']),
      from: iso,
      to: iso,
      personId: id.optional(),
    })
    .strict(),
])
export type ExportRequest = z.infer<typeof exportRequestSchema>

export const reports = {
  period: method<PeriodReportView>()(period, { access: 'signedIn' }),
  /** The orders behind a bar of a chart (drill-down), at most `limit`. */
  orders: method<{ total: number; items: DrillRow[] }>()(
    z
      .object({
        from: iso,
        to: iso,
        personId: id.optional(),
        /** A shift summary's bars: the people of that shift (or the team). */
        shiftId: id.optional(),
        scope: z.enum(['person', 'team']).optional(),
        bar: barSchema,
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    { access: 'signedIn' },
  ),
  /** The exams, drills or quality checks behind one person's assessment figure. */
  assessmentRecords: method<{ items: AssessmentRecordRow[] }>()(
    z.object({ from: iso, to: iso, personId: id, part: z.enum(['qc', 'exam', 'drill']) }).strict(),
    { access: 'signedIn' },
  ),
  /** The weights of the combined assessment score, set by a supervisor (shop-wide). */
  setAssessmentWeights: method<AssessmentWeights>()(
    z.object({ weights: assessmentWeightsSchema }).strict(),
    { access: 'perm:settings.shop' },
  ),
  exportStart: method<ExportStatus>()(exportRequestSchema, { access: 'signedIn' }),
  exportStatus: method<ExportStatus>()(z.object({ jobId: id }).strict(), { access: 'signedIn' }),
  exportFetch: method<ExportFile>()(z.object({ jobId: id }).strict(), { access: 'signedIn' }),
}
