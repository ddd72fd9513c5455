import { z } from 'zod'
import { method } from './define'

const ref = z.object({ entity: z.literal('ticket'), id: z.string().trim().min(1).max(64) }).strict()

export interface RevealedContact {
  customerName: string | null
  contact: string | null
  address: string | null
  /**
   * Free text in clear where it held phone or ID numbers or an address that lists and the
   * order view show masked: the description, and history texts by entry id and property.
   */
  texts?: { description?: string; history?: Record<string, Record<string, string>> }
}

/** One PC's state of one erasure. */
export interface ErasurePc {
  dev: string
  name: string
  /** When that PC finished the erasure on its disk (null: not yet known here). */
  appliedAt: string | null
  /** Whether the sync space counts this PC as active (it holds compaction back). */
  active: boolean
}

/** An erasure (个人信息删除) and how far it has gone, checked from files, not promised. */
export interface ErasureStatus {
  id: string
  at: string
  reason: 'request' | 'retention'
  tickets: number
  /** This PC: every copy in its data folder struck and its search index rewritten. */
  localDoneAt: string | null
  pcs: ErasurePc[]
  /** Every active PC has applied it (true when no sync space is configured and this PC has). */
  allApplied: boolean
  /**
   * The sync space: 'none' when no space is configured; 'pending' while segments or
   * snapshots written before the erasure may still hold readable copies (removed by
   * compaction once every active PC has acknowledged; see docs/ARCHITECTURE.md §5).
   */
  space: 'none' | 'pending' | 'clean'
}

export const privacy = {
  /** The customer's contact in clear, for someone allowed to work the order; audited. */
  revealContact: method<RevealedContact>()(ref, { access: 'signedIn' }),
  /**
   * A customer's erasure request (个人信息删除): redacts their orders and their history, and
   * before answering strikes every copy on this PC's disk (view, journal, backups, index).
   */
  eraseCustomer: method<{ tickets: number; entries: number }>()(
    z
      .object({
        contact: z.string().trim().min(3, { error: '请填写联系方式' }).max(100).optional(),
        buyerId: z.string().trim().min(1).max(100).optional(),
      })
      .strict()
      .refine((v) => !!v.contact || !!v.buyerId, { error: '请填写顾客的联系方式或买家ID' }),
    { access: 'perm:privacy.erase' },
  ),
  /** Shop-wide: personal data of orders archived more than `months` ago is redacted; null keeps it. */
  getRetention: method<{ months: number | null }>()(z.object({}).strict(), { access: 'signedIn' }),
  setRetention: method<{ months: number | null }>()(
    z.object({ months: z.number().int().min(1).max(120).nullable() }).strict(),
    { access: 'perm:settings.shop' },
  ),
  applyRetention: method<{ tickets: number }>()(z.object({}).strict(), {
    access: 'perm:privacy.erase',
  }),
  /** Erasures, newest first, with each PC's state (Settings → 隐私). */
  erasures: method<{ erasures: ErasureStatus[] }>()(z.object({}).strict(), {
    access: 'perm:privacy.erase',
  }),
}
