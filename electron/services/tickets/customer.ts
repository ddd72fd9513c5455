import type { CustomerArchive } from '../../../shared/api/tickets'
import { maskContact, maskName } from '../../../shared/auth/mask'
import { applyRedactions } from '../../../shared/auth/privacy'
import {
  isTicketDoc,
  ticketOf,
  TICKET,
  type DeskDeps,
  type DeskTicket,
  type ViewContext,
} from './common'
import { customerKeys, type TicketIndex } from './search-index'
import { toView } from './views'

/** Other orders of this order's customer (by contact or buyer id), archived months included. */
export function customerOrderIds(index: TicketIndex, t: DeskTicket): string[] {
  const keys = customerKeys(applyRedactions(t))
  if (keys.length === 0) return [t.id]
  const ids = index.customerOrders(keys)
  return ids.includes(t.id) ? ids : [t.id, ...ids]
}

/** Customer archive (客户档案): every order of the customer, newest first, contacts masked. */
export function customerArchive(
  deps: Pick<DeskDeps, 'store'>,
  index: TicketIndex,
  t: DeskTicket,
  vc: ViewContext,
): CustomerArchive {
  const orders = []
  for (const id of customerOrderIds(index, t)) {
    const doc = id === t.id ? undefined : deps.store.get(TICKET, id)
    if (id !== t.id && !isTicketDoc(doc)) continue
    orders.push(toView(doc ? ticketOf(doc) : t, vc))
  }
  orders.sort((a, b) => (a.messageAt < b.messageAt ? 1 : a.messageAt > b.messageAt ? -1 : 0))
  const r = applyRedactions(t)
  return {
    by: {
      contact: typeof r.contact === 'string' && r.contact ? maskContact(r.contact) : null,
      buyerId: typeof r.buyerId === 'string' && r.buyerId ? r.buyerId : null,
    },
    customerName:
      typeof r.customerName === 'string' && r.customerName ? maskName(r.customerName) : null,
    orders,
  }
}
