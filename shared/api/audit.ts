import { z } from 'zod'
import { method } from './define'

/**
 * One line of the audit trail (DESIGN §6): who did what, when, on which PC. Append-only:
 * written by the services through `audit()`, never edited or deleted.
 */
export interface AuditEntry {
  id: string
  /** ISO time. */
  at: string
  /** Person id, or 'system' for what the app did by itself. */
  by: string
  byName: string
  /** Device (PC) id, and its name at the time. */
  dev: string
  devName: string
  /** `<area>.<verb>`, e.g. 'contact.reveal', 'person.create', 'customer.erase'. */
  action: string
  /** What it was done to, e.g. 'ticket/T123', 'person/p1'. */
  target: string
  /** Readable summary in zh-CN; never a customer's contact in clear. */
  detail: string
}

const isoDate = z.iso.datetime({ offset: true, error: '时间格式不正确' })

export const audit = {
  list: method<{ total: number; entries: AuditEntry[] }>()(
    z
      .object({
        by: z.string().trim().min(1).max(64).optional(),
        action: z.string().trim().min(1).max(64).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        offset: z.number().int().min(0).max(1_000_000).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    { access: 'perm:audit.view' },
  ),
  /** The action names in the trail so far, for the filter. */
  actions: method<string[]>()(z.object({}).strict(), { access: 'perm:audit.view' }),
}
