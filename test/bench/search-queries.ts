import type { Ticket } from '../../shared/tickets/model'
import type { Dataset, TicketTruth } from './lib/generate'

/**
 * Labelled queries: what an agent types into the desk's search box, each with the tickets a
 * person would expect to find. Relevance comes from how the generator wrote each ticket
 * (template intent and tags, the product, defect or dish it named, its numbers and customer),
 * never from either engine's output — a query may therefore have relevant tickets no lexical
 * engine can find (a damaged parcel described without the word 破损), which is the point.
 */
export interface LabelledQuery {
  q: string
  kind: 'topic' | 'product' | 'orderNo' | 'tracking' | 'customer'
  relevant: Set<string>
}

type Pred = (t: Ticket, tr: TicketTruth) => boolean

const tag =
  (...tags: string[]): Pred =>
  (_t, tr) =>
    tags.some((x) => tr.tags.includes(x))
const intent =
  (...intents: string[]): Pred =>
  (_t, tr) =>
    intents.includes(tr.intent)
const defect =
  (d: string): Pred =>
  (_t, tr) =>
    tr.intent === 'quality.defect' && tr.defect === d
/** The customer named the product in the description. */
const product =
  (p: string): Pred =>
  (t, tr) =>
    tr.product === p && t.description.includes(p)

const TOPICS: ReadonlyArray<readonly [string, Pred]> = [
  ['破损', intent('logistics.damaged')],
  ['外包装破损', intent('logistics.damaged')],
  ['没收到货', tag('not_received')],
  ['显示签收 没收到', tag('signed')],
  ['物流不动', tag('tracking_stuck')],
  ['退款 还没到账', tag('refund_not_arrived')],
  ['退款没到账', tag('refund_not_arrived')],
  ['钱还没退', tag('refund_not_arrived')],
  ['催发货', tag('not_shipped')],
  ['还没发货', tag('not_shipped')],
  ['质量问题', intent('quality.defect')],
  ['掉色', defect('掉色')],
  ['起球', defect('起球')],
  ['羊毛衫 起球', (t, tr) => defect('起球')(t, tr) && tr.product === '羊毛衫'],
  ['充不进电', defect('充不进电')],
  ['漏水', defect('漏水')],
  ['和图片不一样', intent('quality.mismatch')],
  ['发错货', tag('wrong_item')],
  ['尺码偏小', tag('size')],
  ['换货', tag('exchange')],
  ['退货地址', tag('return_address')],
  ['上门取件', tag('pickup')],
  ['退货单号', tag('returned')],
  ['改地址', tag('address')],
  ['取消订单', tag('cancel')],
  ['缺货', tag('out_of_stock')],
  ['态度差', tag('attitude')],
  ['差评', tag('bad_review')],
  ['投诉', intent('complaint')],
  ['发票', tag('invoice')],
  ['外卖凉了', tag('cold')],
  ['头发', tag('hair')],
  ['少送', tag('missing_item')],
  ['送餐超时', tag('late')],
]

const PRODUCTS = ['蓝牙耳机', '空气炸锅', '保温杯', '连衣裙']

const digitsOf = (s: string | undefined): string => (s ?? '').replace(/\D/g, '')

export function labelledQueries(data: Dataset): LabelledQuery[] {
  const { tickets, truth } = data
  const out: LabelledQuery[] = []
  const collect = (q: string, kind: LabelledQuery['kind'], pred: Pred): void => {
    const relevant = new Set<string>()
    tickets.forEach((t, i) => {
      if (pred(t, truth[i]!)) relevant.add(t.id)
    })
    if (relevant.size > 0) out.push({ q, kind, relevant })
  }
  for (const [q, pred] of TOPICS) collect(q, 'topic', pred)
  for (const p of PRODUCTS) collect(p, 'product', product(p))

  // Numbers and names of a few tickets, spread over the archive and the open ones.
  const n = tickets.length
  const picks = [0.13, 0.37, 0.61, 0.88, 0.97].map((f) => tickets[Math.floor(n * f)]!)
  for (const [k, t] of picks.entries()) {
    const order = t.orderNo!
    if (k < 3) {
      // Agents often type only the last 6 digits the customer reads out.
      const suffix = digitsOf(order).slice(-6)
      collect(suffix, 'orderNo', (x) => {
        const last = (x.orderNo ?? '').split(/\D+/).pop() ?? ''
        return last.endsWith(suffix)
      })
    } else collect(order, 'orderNo', (x) => x.orderNo === order)
  }
  const withTracking = picks.filter((t) => t.trackingNo)
  for (const [k, t] of withTracking.slice(0, 4).entries()) {
    const tn = t.trackingNo!
    if (k % 2 === 0)
      collect(tn, 'tracking', (x) => x.trackingNo === tn || x.returnTrackingNo === tn)
    else {
      const suffix = digitsOf(tn).slice(-8)
      collect(suffix, 'tracking', (x) =>
        [x.trackingNo, x.returnTrackingNo].some((v) => digitsOf(v).endsWith(suffix)),
      )
    }
  }
  for (const t of picks.slice(0, 3)) {
    const name = t.customerName!
    collect(name, 'customer', (x) => x.customerName === name)
  }
  const name = picks[3]!.customerName!
  collect(
    `${name} 退款`,
    'customer',
    (x, tr) => x.customerName === name && tr.intent.startsWith('refund'),
  )
  return out
}
