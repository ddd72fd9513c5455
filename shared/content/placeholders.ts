/**
 * Placeholders in reply-script bodies: `{{顾客}}`, `{{订单号}}` … Chinese names, because the
 * supervisors who write scripts read and type them in Chinese.
 */

/** Where the value of a placeholder comes from when a script is used in an order. */
export type PlaceholderSource = 'ticket' | 'person' | 'shop' | 'ask'

export interface PlaceholderInfo {
  readonly name: string
  readonly description: string
  readonly example: string
  readonly source: PlaceholderSource
}

export const PLACEHOLDERS = [
  { name: '顾客', description: '顾客称呼（昵称或姓名）', example: '王女士', source: 'ticket' },
  { name: '订单号', description: '平台订单编号', example: '240611-583920174', source: 'ticket' },
  { name: '日期', description: '日期，如发货日、预计到货日', example: '6月12日', source: 'ask' },
  { name: '时间', description: '具体时刻，如外卖预计送达时间', example: '18:40', source: 'ask' },
  { name: '金额', description: '金额（元），如退款、补偿金额', example: '39.90', source: 'ask' },
  { name: '商品', description: '商品名称', example: '纯棉四件套', source: 'ticket' },
  { name: '规格', description: '商品规格，如颜色、尺码、口味', example: '灰色 XL', source: 'ask' },
  { name: '快递公司', description: '承运快递公司', example: '中通快递', source: 'ask' },
  { name: '快递单号', description: '物流运单号', example: 'ZT7731029384756', source: 'ask' },
  {
    name: '退货地址',
    description: '店铺退货地址（含收件人和电话）',
    example: '浙江省杭州市余杭区仓前街道 12 号 售后组 收',
    source: 'shop',
  },
  { name: '客服', description: '当前客服的称呼', example: '小鱼', source: 'person' },
  { name: '店铺', description: '店铺名称', example: '暖居家纺旗舰店', source: 'shop' },
  { name: '时限', description: '承诺的处理时限', example: '48小时', source: 'ask' },
] as const satisfies readonly PlaceholderInfo[]

export type PlaceholderName = (typeof PLACEHOLDERS)[number]['name']

const KNOWN = new Set<string>(PLACEHOLDERS.map((p) => p.name))

// Tolerates spaces inside the braces, since people type `{{ 顾客 }}` too.
const PATTERN = /\{\{\s*([^{}\s]+)\s*\}\}/g

export function isKnownPlaceholder(name: string): name is PlaceholderName {
  return KNOWN.has(name)
}

/** Placeholder names in a body, each once, in order of first appearance. */
export function findPlaceholders(body: string): string[] {
  const seen = new Set<string>()
  for (const m of body.matchAll(PATTERN)) {
    if (m[1] !== undefined) seen.add(m[1])
  }
  return [...seen]
}

/** Placeholder names in a body that the app cannot fill: flagged when a script is saved. */
export function unknownPlaceholders(body: string): string[] {
  return findPlaceholders(body).filter((name) => !KNOWN.has(name))
}

export interface FilledText {
  text: string
  /** Placeholders left without a value: the agent is asked for them before use. */
  missing: string[]
}

/**
 * Fills the placeholders that have a non-blank value; the others stay as written and are
 * listed in `missing`, so nothing half-filled reaches a customer unnoticed.
 */
export function fillPlaceholders(
  body: string,
  values: Readonly<Record<string, string>>,
): FilledText {
  const missing = new Set<string>()
  const text = body.replace(PATTERN, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined
    if (value === undefined || value.trim() === '') {
      missing.add(name)
      return whole
    }
    return value
  })
  return { text, missing: [...missing] }
}
