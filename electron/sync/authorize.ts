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
      return 'training.author'
    default:
      // Tickets, scripts, drafts, audit entries, history, unknown kinds: any known person.
      return null
  }
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
    // Default content and automatic entries carry the system as author.
    if (op.by === 'system') return true
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
    const perm = requiredPermission(op)
    return perm === null ? true : can({ roles }, perm)
  }
}
