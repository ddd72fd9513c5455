import { fillPlaceholders, findPlaceholders, type FilledText } from '../content/placeholders'

/**
 * Where the placeholders of a script get their values when it is used (issue 7): the open
 * order (顾客, 订单号, 金额, 快递单号…), the signed-in person (客服), the shop settings (店铺).
 * What none of them knows is asked of the agent before the text is used.
 */

/** The parts of an order that placeholders read. Amount in fen, as the ticket desk keeps it. */
export interface OrderFacts {
  customerName?: string | null
  buyerId?: string | null
  orderNo?: string | null
  amount?: number | null
  trackingNo?: string | null
  returnTrackingNo?: string | null
  product?: string | null
  purchasedAt?: string | null
}

export interface FillSources {
  order?: OrderFacts | null
  /** The signed-in person's name. */
  agentName?: string | null
  shopName?: string | null
  returnAddress?: string | null
}

const put = (out: Record<string, string>, name: string, v: string | null | undefined): void => {
  const s = typeof v === 'string' ? v.trim() : ''
  if (s) out[name] = s
}

/** Fen as the customer reads an amount in a chat: "39.90". */
export function yuanText(fen: number): string {
  const abs = Math.abs(Math.round(fen))
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** Placeholder name → value, for every placeholder the sources can fill. */
export function placeholderValues(src: FillSources): Record<string, string> {
  const out: Record<string, string> = {}
  const o = src.order
  if (o) {
    // A customer without a recorded name is still addressed by their platform nickname.
    put(out, '顾客', o.customerName || o.buyerId)
    put(out, '订单号', o.orderNo)
    if (typeof o.amount === 'number' && Number.isFinite(o.amount)) out['金额'] = yuanText(o.amount)
    put(out, '快递单号', o.trackingNo || o.returnTrackingNo)
    put(out, '商品', o.product)
  }
  put(out, '客服', src.agentName)
  put(out, '店铺', src.shopName)
  put(out, '退货地址', src.returnAddress)
  return out
}

export interface PreparedScript extends FilledText {
  /** Every placeholder of the body, in order of first appearance. */
  placeholders: string[]
}

/**
 * The script's text with what is known filled in; `missing` lists what the agent must supply.
 * Answers typed by the agent win over the sources (they saw the customer's own words).
 */
export function prepareScript(
  body: string,
  values: Readonly<Record<string, string>>,
  answers: Readonly<Record<string, string>> = {},
): PreparedScript {
  const merged: Record<string, string> = { ...values }
  for (const [k, v] of Object.entries(answers)) if (v.trim()) merged[k] = v.trim()
  return { ...fillPlaceholders(body, merged), placeholders: findPlaceholders(body) }
}
