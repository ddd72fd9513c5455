import { randomBytes } from 'node:crypto'
import type { Contract, ServiceImpl } from '../../shared/api'
import type { AuditEntry } from '../../shared/api/audit'
import { materialize } from '../../shared/data/merge'
import type { CallContext } from '../context'
import type { DocStore } from './doc-store'

/**
 * The audit trail (DESIGN §6): one doc per day (entity 'audit', id YYYY-MM-DD), each entry an
 * element of its grow-only set 'entries'. Grow-only means append-only by the merge rules
 * themselves: an entry can be added, never changed or removed, on any PC.
 */
export const AUDIT_ENTITY = 'audit'

export interface AuditWriter {
  write(
    ctx: Pick<CallContext, 'person' | 'deviceId' | 'deviceName'>,
    action: string,
    target: string,
    detail: string,
  ): Promise<void>
}

function dayOf(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

export function createAuditWriter(store: DocStore): AuditWriter {
  return {
    async write(ctx, action, target, detail) {
      const now = new Date()
      const entry: Omit<AuditEntry, 'id'> & { id: string } = {
        id: `${now.getTime().toString(36)}-${ctx.deviceId}-${randomBytes(4).toString('hex')}`,
        at: now.toISOString(),
        by: ctx.person?.id ?? 'system',
        byName: ctx.person?.name ?? '系统',
        dev: ctx.deviceId,
        devName: ctx.deviceName,
        action,
        target,
        detail: detail.slice(0, 500),
      }
      await store.commit(entry.by, [
        { entity: AUDIT_ENTITY, id: dayOf(now), kind: 'add', field: 'entries', value: entry },
      ])
    },
  }
}

/**
 * What other services call after anything worth auditing (orders, scripts, people, settings,
 * exports, backups, reveals, erasures): `await audit(ctx, 'script.edit', 'script/s1', '修改了…')`.
 * `detail` is zh-CN and never carries a customer's contact in clear.
 */
export function audit(
  ctx: CallContext,
  action: string,
  target: string,
  detail: string,
): Promise<void> {
  return ctx.audit(action, target, detail)
}

async function entries(store: DocStore): Promise<AuditEntry[]> {
  const out: AuditEntry[] = []
  for (const doc of await store.all(AUDIT_ENTITY)) {
    const list = (materialize<{ entries?: AuditEntry[] }>(doc).entries ?? []) as AuditEntry[]
    for (const e of list) {
      out.push({
        id: e.id,
        at: e.at,
        by: e.by,
        byName: e.byName,
        dev: e.dev,
        devName: e.devName,
        action: e.action,
        target: e.target,
        detail: e.detail,
      })
    }
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1))
}

export function auditService(store: DocStore): ServiceImpl<Contract['audit'], CallContext> {
  return {
    async list(q) {
      const from = q.from ? Date.parse(q.from) : -Infinity
      const to = q.to ? Date.parse(q.to) : Infinity
      const all = (await entries(store)).filter((e) => {
        if (q.by && e.by !== q.by) return false
        if (q.action && e.action !== q.action) return false
        const t = Date.parse(e.at)
        return t >= from && t <= to
      })
      return { total: all.length, entries: all.slice(q.offset, q.offset + q.limit) }
    },
    async actions() {
      return [...new Set((await entries(store)).map((e) => e.action))].sort()
    },
  }
}
