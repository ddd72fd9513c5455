import { z } from 'zod'
import { method } from './define'

const ref = z.object({ entity: z.literal('ticket'), id: z.string().trim().min(1).max(64) }).strict()

export interface RevealedContact {
  customerName: string | null
  contact: string | null
  address: string | null
}

export const privacy = {
  /** The customer's contact in clear, for someone allowed to work the order; audited. */
  revealContact: method<RevealedContact>()(ref, { access: 'signedIn' }),
  /** A customer's erasure request (个人信息删除): redacts their orders and their history. */
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
}
