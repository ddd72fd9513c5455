import { randomBytes } from 'node:crypto'
import type { Contract, ServiceImpl } from '../../shared/api'
import type { CategoryOption, Shop, ShopSettings } from '../../shared/api/shop'
import type { Change, Doc } from '../../shared/data/ops'
import { AppError, ErrorCode } from '../../shared/errors'
import {
  CATEGORIES,
  CATEGORY_LABELS,
  PLATFORMS,
  PLATFORM_LABELS,
  type Platform,
} from '../../shared/tickets/model'
import { defaultSlaSettings, slaSettingsSchema, type SlaSettings } from '../../shared/tickets/sla'
import { zoneOffsetMinutes, zoneOrDefault } from '../../shared/time'
import { requireSignedIn } from '../access'
import type { CallContext } from '../context'
import { live } from './doc-store'

/**
 * Shop-wide settings as store docs, so they sync (DESIGN §4):
 * - `setting/shop`: fields `platforms`, `categories`, `sla` (each last-writer-wins);
 * - `shop/<id>`: one doc per shop, so two PCs adding shops offline keep both.
 */
export const SETTING = 'setting'
export const SHOP_SETTING_ID = 'shop'
export const SHOP = 'shop'

export interface SettingsStore {
  commit(by: string, changes: Change[]): Promise<unknown>
  get(entity: string, id: string): Doc | undefined
  all(entity: string): Iterable<Doc>
}

function defaultCategories(): CategoryOption[] {
  return CATEGORIES.map((key) => ({ key, label: CATEGORY_LABELS[key], enabled: true }))
}

function isPlatform(v: unknown): v is Platform {
  return typeof v === 'string' && (PLATFORMS as readonly string[]).includes(v)
}

/** The SLA settings in force; a stored value that no longer parses falls back to the defaults. */
export function readSlaSettings(store: Pick<SettingsStore, 'get'>): SlaSettings {
  const doc = store.get(SETTING, SHOP_SETTING_ID)
  const raw = live(doc) ? doc.fields.sla : undefined
  if (raw === undefined) return defaultSlaSettings()
  const parsed = slaSettingsSchema.safeParse(raw)
  return parsed.success ? parsed.data : defaultSlaSettings()
}

export function readShops(store: Pick<SettingsStore, 'all'>): Shop[] {
  const out: Shop[] = []
  for (const doc of store.all(SHOP)) {
    if (!live(doc)) continue
    const f = doc.fields
    if (!isPlatform(f.platform) || typeof f.name !== 'string') continue
    out.push({ id: doc.id, platform: f.platform, name: f.name, disabled: f.disabled === true })
  }
  return out.sort(
    (a, b) =>
      PLATFORMS.indexOf(a.platform) - PLATFORMS.indexOf(b.platform) ||
      a.name.localeCompare(b.name, 'zh-CN'),
  )
}

export function readShopSettings(store: SettingsStore): ShopSettings {
  const doc = store.get(SETTING, SHOP_SETTING_ID)
  const f = live(doc) ? doc.fields : {}
  const platforms = Array.isArray(f.platforms) ? f.platforms.filter(isPlatform) : []
  const stored = Array.isArray(f.categories) ? (f.categories as CategoryOption[]) : []
  // Categories this version knows, in its order; a label stored by an older PC is kept.
  const categories = defaultCategories().map((c) => {
    const s = stored.find((x) => x && x.key === c.key)
    return s && typeof s.label === 'string' && typeof s.enabled === 'boolean'
      ? { key: c.key, label: s.label, enabled: s.enabled }
      : c
  })
  return {
    platforms: platforms.length ? platforms : [...PLATFORMS],
    shops: readShops(store),
    categories,
    sla: readSlaSettings(store),
    timeZone: zoneOrDefault(f.timeZone),
    lowRatingReasons: Array.isArray(f.lowRatingReasons)
      ? f.lowRatingReasons.filter((r): r is string => typeof r === 'string')
      : [...DEFAULT_LOW_RATING_REASONS],
  }
}

/** The shop's time zone (shared/time), default Asia/Shanghai. */
export function readTimeZone(store: Pick<SettingsStore, 'get'>): string {
  const doc = store.get(SETTING, SHOP_SETTING_ID)
  return zoneOrDefault(live(doc) ? doc.fields.timeZone : undefined)
}

/** What customers most often give as the reason for a low rating; supervisors edit the list. */
export const DEFAULT_LOW_RATING_REASONS = [
  '处理太慢',
  '问题没有解决',
  '回复态度不好',
  '补偿不满意',
  '物流太慢',
  '商品质量问题',
] as const

export function shopService(store: SettingsStore): ServiceImpl<Contract['shop'], CallContext> {
  const set = (field: string, value: unknown): Change => ({
    entity: SETTING,
    id: SHOP_SETTING_ID,
    kind: 'set',
    field,
    value,
  })

  return {
    get: () => readShopSettings(store),

    async saveShop(input, ctx) {
      const person = requireSignedIn(ctx)
      const shops = readShops(store)
      const clash = shops.find(
        (s) => s.id !== input.id && s.platform === input.platform && s.name === input.name,
      )
      if (clash) {
        throw new AppError(
          ErrorCode.conflict,
          `${PLATFORM_LABELS[input.platform]}已有名为「${input.name}」的店铺`,
          { name: '店铺名称已存在' },
        )
      }
      if (input.id && !shops.some((s) => s.id === input.id)) {
        throw new AppError(ErrorCode.notFound, '找不到此店铺，可能已被删除，请刷新后重试')
      }
      const id = input.id ?? `shop-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`
      await store.commit(person.id, [
        { entity: SHOP, id, kind: 'set', field: 'platform', value: input.platform },
        { entity: SHOP, id, kind: 'set', field: 'name', value: input.name },
        { entity: SHOP, id, kind: 'set', field: 'disabled', value: input.disabled },
      ])
      await ctx.audit(
        input.id ? 'shop.edit' : 'shop.add',
        `shop/${id}`,
        `${input.id ? '修改' : '新增'}店铺：${PLATFORM_LABELS[input.platform]} ${input.name}${input.disabled ? '（停用）' : ''}`,
      )
      return { id, platform: input.platform, name: input.name, disabled: input.disabled }
    },

    async setPlatforms(input, ctx) {
      const person = requireSignedIn(ctx)
      const platforms = PLATFORMS.filter((p) => input.platforms.includes(p))
      await store.commit(person.id, [set('platforms', platforms)])
      await ctx.audit(
        'settings.platforms',
        `setting/${SHOP_SETTING_ID}`,
        `启用的平台：${platforms.map((p) => PLATFORM_LABELS[p]).join('、')}`,
      )
      return readShopSettings(store)
    },

    async setCategories(input, ctx) {
      const person = requireSignedIn(ctx)
      const merged = defaultCategories().map(
        (c) => input.categories.find((x) => x.key === c.key) ?? c,
      )
      await store.commit(person.id, [set('categories', merged)])
      await ctx.audit('settings.categories', `setting/${SHOP_SETTING_ID}`, '修改了问题分类')
      return readShopSettings(store)
    },

    async setTimeZone(input, ctx) {
      const person = requireSignedIn(ctx)
      const sla = readSlaSettings(store)
      const calendar = { ...sla.calendar, utcOffsetMinutes: zoneOffsetMinutes(input.timeZone) }
      await store.commit(person.id, [
        set('timeZone', input.timeZone),
        set('sla', { ...sla, calendar }),
      ])
      await ctx.audit(
        'settings.timeZone',
        `setting/${SHOP_SETTING_ID}`,
        `店铺时区：${input.timeZone}`,
      )
      return readShopSettings(store)
    },

    async setLowRatingReasons(input, ctx) {
      const person = requireSignedIn(ctx)
      const reasons = [...new Set(input.reasons)]
      await store.commit(person.id, [set('lowRatingReasons', reasons)])
      await ctx.audit(
        'settings.lowRatingReasons',
        `setting/${SHOP_SETTING_ID}`,
        `差评常用原因：${reasons.join('、') || '（无）'}`,
      )
      return readShopSettings(store)
    },

    async setSla(input, ctx) {
      const person = requireSignedIn(ctx)
      await store.commit(person.id, [set('sla', input.sla)])
      await ctx.audit(
        'settings.sla',
        `setting/${SHOP_SETTING_ID}`,
        `修改了时限与营业时间（未评价 ${input.sla.archiveUnratedAfterDays} 天后可归档）`,
      )
      return readShopSettings(store)
    },
  }
}
