import { z } from 'zod'
import { qcMarksSchema, type QcMarks } from '../reports/qc'
import type { Category, Platform } from '../tickets/model'
import { method } from './define'

/**
 * Quality checks (质检, issue 9 item 3). A supervisor (qc.score) draws a random sample of a
 * person's resolved orders in a period and scores each against the checklist; the person sees
 * their own scores; the monthly assessment averages them.
 */

export interface QcSampleOrder {
  ticketId: string
  orderNo: string | null
  category: Category
  platform: Platform
  resolvedAt: string
  summary: string
  /** The check, once scored. */
  check: QcCheckView | null
}

export interface QcSampleView {
  id: string
  personId: string
  personName: string
  from: string
  to: string
  by: string
  byName: string
  at: string
  /** Resolved orders the sample was drawn from. */
  population: number
  orders: QcSampleOrder[]
}

export interface QcCheckView {
  id: string
  sampleId: string
  ticketId: string
  /** The checked order's number as staff know it; null when it has none or has not synced. */
  orderNo: string | null
  personId: string
  personName: string
  checkedBy: string
  checkedByName: string
  checkedAt: string
  resolvedAt: string
  marks: QcMarks
  comments: Partial<Record<keyof QcMarks, string>>
  comment: string
  score: number | null
}

const id = z.string().trim().min(1).max(80)
const iso = z.iso.datetime({ offset: true, error: '时间格式不正确' })
const comment = z.string().trim().max(500, { error: '评语不能超过 500 个字' })

export const qc = {
  sample: method<QcSampleView>()(
    z
      .object({
        personId: id,
        from: iso,
        to: iso,
        n: z
          .number({ error: '请填写抽检数量' })
          .int({ error: '抽检数量须为整数' })
          .min(1, { error: '抽检数量至少为 1' })
          .max(50, { error: '一次最多抽检 50 单' }),
      })
      .strict(),
    { access: 'perm:qc.score' },
  ),
  samples: method<QcSampleView[]>()(
    z
      .object({ personId: id.optional(), limit: z.number().int().min(1).max(100).default(20) })
      .strict(),
    { access: 'perm:qc.score' },
  ),
  score: method<QcCheckView>()(
    z
      .object({
        sampleId: id,
        ticketId: id,
        marks: qcMarksSchema,
        comments: z
          .partialRecord(
            z.enum(['greeting', 'apology', 'policy', 'record', 'followUp', 'tone']),
            comment,
          )
          .default({}),
        comment: comment.default(''),
      })
      .strict(),
    { access: 'perm:qc.score' },
  ),
  /** The caller's own scores (anyone), or a person's (qc.score). */
  checks: method<QcCheckView[]>()(
    z.object({ personId: id.optional(), from: iso.optional(), to: iso.optional() }).strict(),
    { access: 'signedIn' },
  ),
}
