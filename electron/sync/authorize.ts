import { can } from '../../shared/auth/permissions'
import { isRole, type Role } from '../../shared/auth/roles'
import type { Doc, Op } from '../../shared/data/ops'
import type { Authorize } from './engine'

/**
 * Which permission a received op needs (DESIGN §4: "a received op is applied only if its
 * author held the permission for it"), checked against the people this PC knows. The services
 * check the same table before they commit, so only a tampered or outdated PC's ops land aside.
 */
export function requiredPermission(op: Op): string | null {
  switch (op.entity) {
    case 'person':
    case 'team':
      return 'people.manage'
    case 'setting':
    case 'shop':
      return 'settings.shop'
    case 'lesson':
    case 'exam':
    case 'drill':
    case 'question':
    case 'course':
    case 'questionBank':
      return 'training.author'
    case 'scriptProposal':
      // Proposing is anyone's; the decision is a supervisor's.
      return op.kind === 'set' && DECISION_FIELDS.has(op.field ?? '') ? 'scripts.approve' : null
    default:
      // Tickets, scripts, drafts, audit entries, history, unknown kinds: any known person.
      return null
  }
}

const DECISION_FIELDS = new Set([
  'status',
  'decidedBy',
  'decidedByName',
  'decidedAt',
  'decisionNote',
  'resultId',
])

/**
 * What the system itself writes, accepted from any PC without a person behind it: audit
 * entries of things done before anyone signed in, the SLA watcher's breach entries, training
 * attempts and drills closed when their time ran out. Default content is never received
 * (every PC seeds itself), so nothing else authored by 'system' is taken.
 */
function systemMayWrite(op: Op): boolean {
  if (op.entity === 'audit') return op.kind === 'add' && op.field === 'entries'
  if (op.entity === 'ticket') {
    const v = op.value as { type?: unknown } | null | undefined
    return op.kind === 'add' && op.field === 'history' && v?.type === 'sla_breach'
  }
  if (op.entity === 'examAttempt')
    return op.kind === 'set' && ['status', 'submittedAt', 'late'].includes(op.field ?? '')
  if (op.entity === 'drillSession')
    return (
      (op.kind === 'set' && ['status', 'outcome', 'endedAt'].includes(op.field ?? '')) ||
      (op.kind === 'add' && op.field === 'turns')
    )
  return false
}

/**
 * Shop and team scripts are the supervisors' (scripts.editShop); a personal script only its
 * owner's (the services' canEditScope). A script still being built (no scope yet: its save's
 * ops arrive one by one, the scope after the title) is its author's, but only as personal.
 */
function scriptAllowed(op: Op, cur: Doc | undefined, roles: Role[]): boolean {
  const shop = can({ roles }, 'scripts.editShop')
  if (shop) return true
  const sets = (field: string) => op.kind === 'set' && op.field === field
  if (sets('scope') && op.value !== 'personal') return false
  if (sets('owner') && op.value !== op.by) return false
  if (sets('team') && op.value !== null) return false
  const scope = cur?.fields.scope
  if (scope === undefined) return cur?.fields.owner === undefined || cur.fields.owner === op.by
  return scope === 'personal' && cur?.fields.owner === op.by
}

export interface PersonLookup {
  get(entity: string, id: string): Doc | undefined
  all(entity: string): Iterable<Doc>
}

function rolesOf(doc: Doc | undefined): Role[] | null {
  if (!doc || doc.deleted !== undefined) return null
  const roles = doc.fields.roles
  return Array.isArray(roles) ? roles.filter(isRole) : []
}

function anyAdmin(people: PersonLookup): boolean {
  for (const d of people.all('person')) if (rolesOf(d)?.includes('admin')) return true
  return false
}

/** The real check over the store: pass it to SyncEngine as `authorize`. */
export function storeAuthorize(people: PersonLookup): Authorize {
  return (op) => {
    if (op.by === 'system') return systemMayWrite(op)
    const roles = rolesOf(people.get('person', op.by))
    if (op.entity === 'person' || op.entity === 'team') {
      // The first admin creates themself before anyone holds people.manage.
      if (!anyAdmin(people)) return true
      // A person changes their own PIN and sign-in details, never their own roles.
      if (
        op.entity === 'person' &&
        op.id === op.by &&
        op.field !== 'roles' &&
        op.field !== 'disabled'
      ) {
        return roles !== null
      }
    }
    if (roles === null) return false
    // Audit entries record what a signed-in person did (a reveal is audited as its agent).
    if (op.entity === 'audit') return op.kind === 'add' && op.field === 'entries'
    if (op.entity === 'script') return scriptAllowed(op, people.get('script', op.id), roles)
    const perm = requiredPermission(op)
    return perm === null ? true : can({ roles }, perm)
  }
}
