import { z } from 'zod'
import { CATEGORIES, PLATFORMS, type Category, type Platform } from '../tickets/model'
import { slaSettingsSchema, type SlaSettings } from '../tickets/sla'
import { isTimeZone } from '../time'
import { method } from './define'

/**
 * Shop-wide settings (DESIGN §4: these sync): the shops per platform, the categories in use,
 * SLA targets, business hours and the days a resolved order waits for a rating before it may
 * be archived as 未评价 (both inside `sla`).
 */

export interface Shop {
  id: string
  platform: Platform
  name: string
  /** Closed shops stay for old orders but are not offered for new ones. */
  disabled: boolean
}

export interface CategoryOption {
  key: Category
  label: string
  enabled: boolean
}

export interface ShopSettings {
  /** Platforms offered in the intake form. */
  platforms: Platform[]
  shops: Shop[]
  categories: CategoryOption[]
  sla: SlaSettings
  /** The shop's IANA time zone: every time the app shows or exports is in it (shared/time). */
  timeZone: string
  /** Quick picks for a 1–3 star rating's reason (edited by supervisors). */
  lowRatingReasons: string[]
}

const shopName = z
  .string({ error: '请填写店铺名称' })
  .trim()
  .min(1, { error: '请填写店铺名称' })
  .max(40, { error: '店铺名称不能超过 40 个字' })

export const shop = {
  get: method<ShopSettings>()(z.object({}).strict(), { access: 'signedIn' }),
  /** Adds a shop (no id) or renames / closes one. */
  saveShop: method<Shop>()(
    z
      .object({
        id: z.string().trim().min(1).max(64).optional(),
        platform: z.enum(PLATFORMS, { error: '请选择平台' }),
        name: shopName,
        disabled: z.boolean().default(false),
      })
      .strict(),
    { access: 'perm:settings.shop' },
  ),
  setPlatforms: method<ShopSettings>()(
    z
      .object({
        platforms: z.array(z.enum(PLATFORMS)).min(1, { error: '请至少启用一个平台' }),
      })
      .strict(),
    { access: 'perm:settings.shop' },
  ),
  setCategories: method<ShopSettings>()(
    z
      .object({
        categories: z
          .array(
            z
              .object({
                key: z.enum(CATEGORIES),
                label: z
                  .string()
                  .trim()
                  .min(1, { error: '请填写分类名称' })
                  .max(12, { error: '分类名称不能超过 12 个字' }),
                enabled: z.boolean(),
              })
              .strict(),
          )
          .max(CATEGORIES.length),
      })
      .strict()
      .refine((v) => v.categories.some((c) => c.enabled), {
        error: '请至少启用一个问题分类',
        path: ['categories'],
      }),
    { access: 'perm:settings.shop' },
  ),
  /**
   * The shop's time zone; the SLA calendar's UTC offset follows it (business hours are the
   * shop's hours).
   */
  setTimeZone: method<ShopSettings>()(
    z
      .object({
        timeZone: z.string().trim().refine(isTimeZone, { error: '不认识这个时区，请从列表中选择' }),
      })
      .strict(),
    { access: 'perm:settings.shop' },
  ),
  setLowRatingReasons: method<ShopSettings>()(
    z
      .object({
        reasons: z
          .array(
            z
              .string()
              .trim()
              .min(1, { error: '原因不能为空' })
              .max(30, { error: '每条原因不能超过 30 个字' }),
          )
          .max(20, { error: '最多设置 20 条常用原因' }),
      })
      .strict(),
    { access: 'perm:settings.shop' },
  ),
  /** SLA targets, business hours (`calendar`), warning thresholds, unrated-archive days. */
  setSla: method<ShopSettings>()(z.object({ sla: slaSettingsSchema }).strict(), {
    access: 'perm:settings.shop',
  }),
}
