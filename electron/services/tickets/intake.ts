import type { CreateResult, TicketView } from '../../../shared/api/tickets'
import type { Person } from '../../../shared/auth/roles'
import type { Change } from '../../../shared/data/ops'
import { AppError, ErrorCode } from '../../../shared/errors'
import { checkIntake, normalizeOrderNo, type FieldMessages } from '../../../shared/tickets/intake'
import { OPEN_STATUSES, PLATFORM_LABELS, type TicketIntake } from '../../../shared/tickets/model'
import { readShops } from '../shop'
import {
  isTicketDoc,
  newId,
  ticketOf,
  TICKET,
  type DeskDeps,
  type DeskTicket,
  type ViewContext,
} from './common'
import { toView } from './views'

export interface IntakeRequest {
  intake: Record<string, unknown>
  confirmNew?: boolean
  acceptWarnings?: boolean
}

/** An open order with the same order number (formats typed with spaces or full-width digits match). */
export function openDuplicate(deps: Pick<DeskDeps, 'store'>, orderNo: string): DeskTicket | null {
  const want = normalizeOrderNo(orderNo)
  if (!want) return null
  for (const doc of deps.store.all(TICKET)) {
    if (!isTicketDoc(doc)) continue
    const o = doc.fields.orderNo
    if (typeof o !== 'string' || normalizeOrderNo(o) !== want) continue
    if (!OPEN_STATUSES.has(doc.fields.status as never)) continue
    return ticketOf(doc)
  }
  return null
}

function shopProblem(deps: Pick<DeskDeps, 'store'>, intake: TicketIntake): string | null {
  const shops = readShops(deps.store).filter((s) => s.platform === intake.platform)
  // Until shops are set up in Settings, the shop is typed freely.
  if (shops.length === 0) return null
  const shop = shops.find((s) => s.id === intake.shopId)
  if (!shop) return `请选择${PLATFORM_LABELS[intake.platform]}的店铺`
  if (shop.disabled) return `店铺「${shop.name}」已停用，请选择其他店铺`
  return null
}

/**
 * Intake: refuse what is missing or wrong (field messages), offer an open order with the same
 * order number, show warnings until the agent accepts them, then save the order as ops.
 */
export async function createTicket(
  deps: DeskDeps,
  person: Person,
  devName: string,
  req: IntakeRequest,
  vc: ViewContext,
): Promise<
  | { result: Exclude<CreateResult, { status: 'created' }> }
  | { created: DeskTicket; warnings: FieldMessages }
> {
  const nowMs = deps.now()
  const check = checkIntake(req.intake, nowMs)
  const errors = { ...check.errors }
  if (check.value) {
    const shop = shopProblem(deps, check.value)
    if (shop) errors.shopId = shop
  }
  const errorKeys = Object.keys(errors) as (keyof FieldMessages)[]
  if (errorKeys.length > 0 || !check.value) {
    const first = errorKeys[0]
    throw new AppError(
      ErrorCode.invalidInput,
      first ? (errors[first] ?? '请检查填写的内容') : '请检查填写的内容',
      errors as Record<string, string>,
    )
  }
  const intake = check.value

  if (intake.orderNo && !req.confirmNew) {
    const dup = openDuplicate(deps, intake.orderNo)
    if (dup) {
      const view: TicketView = toView(dup, vc)
      return { result: { status: 'duplicate', duplicateOf: view } }
    }
  }
  if (Object.keys(check.warnings).length > 0 && !req.acceptWarnings) {
    return { result: { status: 'warnings', warnings: check.warnings } }
  }

  const id = newId('t')
  const at = new Date(nowMs).toISOString()
  const fields: Record<string, unknown> = {
    ...intake,
    status: 'new',
    assignee: person.id,
    createdBy: person.id,
    createdAt: at,
    createdOn: devName,
  }
  if (person.teams[0]) fields.team = person.teams[0]
  const changes: Change[] = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([field, value]) => ({ entity: TICKET, id, kind: 'set', field, value }))
  await deps.store.commit(person.id, changes)
  const doc = deps.store.get(TICKET, id)
  if (!isTicketDoc(doc)) throw new AppError(ErrorCode.internal, '工单保存后未能读取，请刷新后查看')
  return { created: ticketOf(doc), warnings: check.warnings }
}
