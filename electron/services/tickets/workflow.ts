import { can } from '../../../shared/auth/permissions'
import { isRole, type Person } from '../../../shared/auth/roles'
import { AppError, ErrorCode } from '../../../shared/errors'
import type { HistoryEntry } from '../../../shared/tickets/model'
import { readSlaSettings } from '../shop'
import {
  changeField,
  recordEntry,
  takesCases,
  transition,
  type FieldChange,
  type RecordInput,
  type TicketAction,
} from '../../../shared/tickets/workflow'
import {
  handlesAll,
  loadTicket,
  newId,
  PERSON,
  requireAct,
  ticketChanges,
  type DeskDeps,
  type DeskTicket,
} from './common'

export interface Actor {
  person: Person
  deviceId: string
  devName: string
}

function stamp(deps: Pick<DeskDeps, 'now'>, actor: Actor) {
  return {
    by: actor.person.id,
    dev: actor.deviceId,
    at: new Date(deps.now()).toISOString(),
    newId: () => newId('h'),
  }
}

/** An active person who may work orders: whom an order can be transferred or reassigned to. */
export function requireHandler(
  deps: Pick<DeskDeps, 'store'>,
  personId: string,
  field: string,
): Person {
  const doc = deps.store.get(PERSON, personId)
  const f = doc?.fields
  const roles = Array.isArray(f?.roles) ? f.roles.filter(isRole) : []
  const person: Person | null =
    doc && doc.deleted === undefined && f?.disabled !== true && typeof f?.name === 'string'
      ? {
          id: doc.id,
          name: f.name,
          roles,
          teams: Array.isArray(f.teams) ? (f.teams as string[]) : [],
        }
      : null
  if (!person)
    throw new AppError(ErrorCode.invalidInput, '找不到此人员，可能已停用', {
      [field]: '请选择在职人员',
    })
  if (!can(person, 'tickets.handle') || !takesCases(person)) {
    throw new AppError(
      ErrorCode.invalidInput,
      `${person.name}没有处理工单的权限，请选择售后处理专员或客服`,
      {
        [field]: '此人不能处理工单',
      },
    )
  }
  return person
}

/** A workflow action: status, fields and entries in one commit (DESIGN §4). */
export async function act(
  deps: DeskDeps,
  actor: Actor,
  id: string,
  action: TicketAction,
): Promise<DeskTicket> {
  const t = loadTicket(deps.store, id)
  requireAct(actor.person, t)
  if (action.type === 'transfer') requireHandler(deps, action.to, 'to')
  const sla = readSlaSettings(deps.store)
  const result = transition(t, action, {
    ...stamp(deps, actor),
    isSupervisor: handlesAll(actor.person),
    archiveUnratedAfterDays: sla.archiveUnratedAfterDays,
  })
  await deps.store.commit(
    actor.person.id,
    ticketChanges(t, result.status, result.patch, result.historyEntries, actor.devName),
  )
  return loadTicket(deps.store, id)
}

/** A record inside the order (reply, progress update, department contact, note, attachment). */
export async function record(
  deps: DeskDeps,
  actor: Actor,
  id: string,
  input: RecordInput,
): Promise<DeskTicket> {
  const t = loadTicket(deps.store, id)
  // An internal note may also come from whoever worked the order before (after a transfer,
  // the agent still adds what they learn later); everything else needs the order in hand.
  if (!(input.type === 'note' && workedOn(actor.person.id, t))) requireAct(actor.person, t)
  const { historyEntries, patch } = recordEntry(t, input, stamp(deps, actor))
  await deps.store.commit(
    actor.person.id,
    ticketChanges(t, null, patch, historyEntries, actor.devName),
  )
  return loadTicket(deps.store, id)
}

/** Whether the person created the order or has recorded anything in it. */
function workedOn(personId: string, t: DeskTicket): boolean {
  return t.createdBy === personId || t.history.some((h) => h.by === personId)
}

export async function setFollowUp(
  deps: DeskDeps,
  actor: Actor,
  id: string,
  at: string | null,
): Promise<DeskTicket> {
  const t = loadTicket(deps.store, id)
  if (t.status === 'archived') {
    throw new AppError('ticket_illegal_transition', '工单已归档，不能再设置跟进时间')
  }
  return change(deps, actor, id, { field: 'nextFollowUpAt', value: at })
}

/** Category, priority or next follow-up changed after intake, with a history entry. */
export async function change(
  deps: DeskDeps,
  actor: Actor,
  id: string,
  input: FieldChange,
): Promise<DeskTicket> {
  const t = loadTicket(deps.store, id)
  requireAct(actor.person, t)
  const result = changeField(t, input, stamp(deps, actor))
  if (!result) return t
  await deps.store.commit(
    actor.person.id,
    ticketChanges(t, null, result.patch, result.historyEntries, actor.devName),
  )
  return loadTicket(deps.store, id)
}

/**
 * A supervisor hands orders to someone else (an absent person's, in bulk). The new person
 * becomes the assignee, and the specialist too where the order had been transferred; a note
 * in each order says who moved it from whom.
 */
export async function reassign(
  deps: DeskDeps,
  actor: Actor,
  ids: string[],
  to: string,
): Promise<string[]> {
  if (!handlesAll(actor.person)) throw new AppError(ErrorCode.forbidden, '没有权限：改派工单')
  const target = requireHandler(deps, to, 'to')
  const at = new Date(deps.now()).toISOString()
  const names = new Map<string, string>()
  const nameOf = (pid: string) => {
    if (!names.has(pid)) {
      const n = deps.store.get(PERSON, pid)?.fields.name
      names.set(pid, typeof n === 'string' ? n : pid)
    }
    return names.get(pid)!
  }
  const done: string[] = []
  const changes = []
  for (const id of [...new Set(ids)]) {
    const t = loadTicket(deps.store, id)
    if (t.status === 'archived' || t.assignee === to) continue
    const note: HistoryEntry = {
      id: newId('h'),
      type: 'note',
      text: `主管${actor.person.name}将工单从${nameOf(t.assignee)}改派给${target.name}`,
      at,
      by: actor.person.id,
      dev: actor.deviceId,
    }
    const patch: Record<string, unknown> = { assignee: to }
    if (t.transferredTo) patch.transferredTo = to
    changes.push(...ticketChanges(t, null, patch, [note], actor.devName))
    done.push(id)
  }
  if (changes.length) await deps.store.commit(actor.person.id, changes)
  return done
}
