import { randomInt } from 'node:crypto'
import type { Contract, ServiceImpl } from '../../shared/api'
import type { QcCheckView, QcSampleOrder, QcSampleView } from '../../shared/api/qc'
import { can } from '../../shared/auth/permissions'
import type { Doc } from '../../shared/data/ops'
import { AppError, ErrorCode } from '../../shared/errors'
import { qcAverages, qcScore, sampleIds, type QcMarks } from '../../shared/reports/qc'
import type { CallContext } from '../context'
import type { ServiceDeps } from './deps'
import { live } from './doc-store'
import {
  forbidden,
  lookups,
  newId,
  requirePerson,
  sourceOf,
  type ReportsDeps,
  type ReportsStore,
} from './reports/context'

/**
 * Quality checks (质检, issue 9 item 3). A sample is a doc (entity 'qcSample') naming the
 * orders drawn; each scored order is its own doc (entity 'qcCheck', id `<sample>:<ticket>`),
 * so two supervisors scoring different orders of one sample on two PCs never collide, and a
 * re-score of the same order is last-writer-wins.
 */

export const QC_SAMPLE = 'qcSample'
export const QC_CHECK = 'qcCheck'

export type QcService = ServiceImpl<Contract['qc'], CallContext>

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

function lastResolution(history: readonly { type: string; to?: string; at: string; by: string }[]) {
  let last: { at: string; by: string } | null = null
  for (const h of history) {
    if (h.type === 'transition' && h.to === 'resolved' && (!last || h.at >= last.at))
      last = { at: h.at, by: h.by }
  }
  return last
}

export function checkView(
  doc: Doc,
  names: (id: string) => string,
  orderNoOf: (ticketId: string) => string | null = () => null,
): QcCheckView {
  const f = doc.fields
  const marks = (f.marks ?? {}) as QcMarks
  return {
    id: doc.id,
    sampleId: str(f.sampleId),
    ticketId: str(f.ticketId),
    orderNo: orderNoOf(str(f.ticketId)),
    personId: str(f.personId),
    personName: names(str(f.personId)),
    checkedBy: str(f.checkedBy),
    checkedByName: names(str(f.checkedBy)),
    checkedAt: str(f.checkedAt),
    resolvedAt: str(f.resolvedAt),
    marks,
    comments: (f.comments ?? {}) as QcCheckView['comments'],
    comment: str(f.comment),
    score: typeof f.score === 'number' ? f.score : qcScore(marks),
  }
}

/** Every live check, for the assessment table. */
export function allChecks(store: Pick<ReportsStore, 'all'>): Doc[] {
  return [...store.all(QC_CHECK)].filter((d) => live(d) && typeof d.fields.personId === 'string')
}

/** Average quality-check scores per person for orders resolved in [from, to). */
export function qcScoresFor(store: Pick<ReportsStore, 'all'>, fromMs: number, toMs: number) {
  return qcAverages(
    allChecks(store).map((d) => ({
      personId: d.fields.personId as string,
      score: typeof d.fields.score === 'number' ? d.fields.score : null,
      resolvedAt: str(d.fields.resolvedAt),
    })),
    fromMs,
    toMs,
  )
}

export function createQcService(
  deps: ReportsDeps,
  random: () => number = () => randomInt(2 ** 31),
): QcService {
  const { store } = deps
  const source = sourceOf(store)
  const orderNoOf = (ticketId: string) => source.byId(ticketId)?.orderNo ?? null

  function sampleView(doc: Doc): QcSampleView {
    const lk = lookups(store)
    const f = doc.fields
    const ids = Array.isArray(f.ticketIds) ? (f.ticketIds as string[]) : []
    const orders: QcSampleOrder[] = []
    for (const tid of ids) {
      const t = source.byId(tid)
      const checkDoc = store.get(QC_CHECK, `${doc.id}:${tid}`)
      const resolved = t ? lastResolution(t.history) : null
      orders.push({
        ticketId: tid,
        orderNo: t?.orderNo ?? null,
        category: t?.category ?? 'other',
        platform: t?.platform ?? 'other',
        resolvedAt: resolved?.at ?? '',
        summary: (t?.description ?? '（工单尚未同步到本机）').slice(0, 80),
        check: live(checkDoc) ? checkView(checkDoc, lk.personName, orderNoOf) : null,
      })
    }
    return {
      id: doc.id,
      personId: str(f.personId),
      personName: lk.personName(str(f.personId)),
      from: str(f.from),
      to: str(f.to),
      by: str(f.by),
      byName: lk.personName(str(f.by)),
      at: str(f.at),
      population: typeof f.population === 'number' ? f.population : ids.length,
      orders,
    }
  }

  return {
    async sample({ personId, from, to, n }, ctx) {
      const p = requirePerson(ctx)
      const fromMs = Date.parse(from)
      const toMs = Date.parse(to)
      if (!(fromMs < toMs)) throw new AppError(ErrorCode.invalidInput, '结束时间须晚于开始时间')
      // The person's resolved orders: their latest resolution in the period was theirs.
      const candidates = source
        .active(fromMs, toMs)
        .filter((t) => {
          const r = lastResolution(t.history)
          if (!r || r.by !== personId) return false
          const at = Date.parse(r.at)
          return at >= fromMs && at < toMs && (t.status === 'resolved' || t.status === 'archived')
        })
        .map((t) => t.id)
      if (candidates.length === 0) {
        throw new AppError('qc_nothing_to_sample', '这段时间里此人没有已解决的工单，无法抽检')
      }
      const ids = sampleIds(candidates, n, random())
      const id = newId('qc.')
      const fields: Record<string, unknown> = {
        personId,
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        by: p.id,
        at: new Date(deps.now()).toISOString(),
        ticketIds: ids,
        population: candidates.length,
      }
      await store.commit(
        p.id,
        Object.entries(fields).map(([field, value]) => ({
          entity: QC_SAMPLE,
          id,
          kind: 'set',
          field,
          value,
        })),
      )
      await ctx.audit(
        'qc.sample',
        `person/${personId}`,
        `质检抽检 ${ids.length} 单（共 ${candidates.length} 单已解决）`,
      )
      return sampleView(store.get(QC_SAMPLE, id)!)
    },

    samples({ personId, limit }, ctx) {
      requirePerson(ctx)
      const out: Doc[] = []
      for (const d of store.all(QC_SAMPLE)) {
        if (!live(d)) continue
        if (personId && d.fields.personId !== personId) continue
        out.push(d)
      }
      return out
        .sort((a, b) => (str(a.fields.at) < str(b.fields.at) ? 1 : -1))
        .slice(0, limit)
        .map(sampleView)
    },

    async score({ sampleId, ticketId, marks, comments, comment }, ctx) {
      const p = requirePerson(ctx)
      const sample = store.get(QC_SAMPLE, sampleId)
      if (!live(sample))
        throw new AppError('qc_sample_not_found', '找不到这次抽检，可能尚未同步到本机')
      const ids = (sample.fields.ticketIds as string[] | undefined) ?? []
      if (!ids.includes(ticketId))
        throw new AppError(ErrorCode.invalidInput, '这张工单不在本次抽检中')
      const t = source.byId(ticketId)
      const resolved = t ? lastResolution(t.history) : null
      const personId = str(sample.fields.personId)
      if (personId === p.id) throw forbidden('给自己的工单质检评分')
      const id = `${sampleId}:${ticketId}`
      const fields: Record<string, unknown> = {
        sampleId,
        ticketId,
        personId,
        checkedBy: p.id,
        checkedAt: new Date(deps.now()).toISOString(),
        resolvedAt: resolved?.at ?? str(sample.fields.to),
        marks,
        comments,
        comment,
        score: qcScore(marks),
      }
      await store.commit(
        p.id,
        Object.entries(fields).map(([field, value]) => ({
          entity: QC_CHECK,
          id,
          kind: 'set',
          field,
          value,
        })),
      )
      await ctx.audit('qc.score', `ticket/${ticketId}`, `质检评分 ${fields.score ?? '—'} 分`)
      return checkView(store.get(QC_CHECK, id)!, lookups(store).personName, orderNoOf)
    },

    checks({ personId, from, to }, ctx) {
      const p = requirePerson(ctx)
      const who = personId ?? p.id
      if (who !== p.id && !can(p, 'qc.score') && !can(p, 'reports.team'))
        throw forbidden('查看他人的质检成绩')
      const fromMs = from ? Date.parse(from) : -Infinity
      const toMs = to ? Date.parse(to) : Infinity
      const names = lookups(store).personName
      return allChecks(store)
        .filter((d) => d.fields.personId === who)
        .map((d) => checkView(d, names, orderNoOf))
        .filter((c) => {
          const at = Date.parse(c.resolvedAt)
          return at >= fromMs && at < toMs
        })
        .sort((a, b) => (a.checkedAt < b.checkedAt ? 1 : -1))
    },
  }
}

export function qcServiceFrom(deps: ServiceDeps): QcService {
  return createQcService({ store: deps.store, device: deps.device, now: Date.now })
}
