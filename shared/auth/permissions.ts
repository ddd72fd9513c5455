import type { Person, Role } from './roles'

/**
 * How far a permission reaches: a person's own orders (assigned or transferred to them), their
 * team's, or everyone's.
 */
export type Scope = 'own' | 'team' | 'all'

export interface PermissionRule {
  /** What is refused, in the words of the forbidden message: 「没有权限：<label>」. */
  label: string
  /** The roles that hold it, each with its reach. A role not listed does not hold it. */
  roles: Partial<Record<Role, Scope>>
}

/**
 * THE permission table (DESIGN §6, issue 5). Services check these names; the UI only hides
 * what would be refused anyway. Features add their own permissions here, one line each, named
 * `<area>.<verb>`. Sync applies a received op only if its author held the matching permission.
 */
export const PERMISSIONS = {
  // work orders (售后工单)
  'tickets.create': {
    label: '新建工单',
    roles: { agent: 'all', specialist: 'all', supervisor: 'all', admin: 'all' },
  },
  'tickets.handle': {
    label: '处理工单',
    roles: { agent: 'own', specialist: 'own', supervisor: 'all', admin: 'all' },
  },
  'tickets.reassign': { label: '改派工单', roles: { supervisor: 'all', admin: 'all' } },

  // customer privacy
  'contacts.revealOwn': {
    label: '查看自己负责工单的顾客联系方式',
    roles: { agent: 'own', specialist: 'own' },
  },
  'contacts.revealAny': {
    label: '查看任意工单的顾客联系方式',
    roles: { supervisor: 'all', admin: 'all' },
  },
  'export.unmasked': { label: '导出未打码的顾客联系方式', roles: { admin: 'all' } },
  'privacy.erase': { label: '删除顾客个人信息', roles: { admin: 'all' } },

  // reply scripts (话术)
  'scripts.editShop': { label: '编辑全店话术', roles: { supervisor: 'all', admin: 'all' } },
  'scripts.approve': { label: '审核话术提议', roles: { supervisor: 'all', admin: 'all' } },

  // training (培训)
  'training.author': {
    label: '编写培训资料',
    roles: { trainer: 'all', supervisor: 'all', admin: 'all' },
  },
  'training.score': {
    label: '为考核和演练评分',
    roles: { trainer: 'all', supervisor: 'all', admin: 'all' },
  },
  'training.viewAll': {
    label: '查看所有学员的考核成绩',
    roles: { trainer: 'all', supervisor: 'all', admin: 'all' },
  },

  // people and oversight
  'people.manage': { label: '管理人员与班组', roles: { admin: 'all' } },
  'audit.view': { label: '查看审计日志', roles: { supervisor: 'all', admin: 'all' } },
  'reports.team': {
    label: '查看团队报表与他人的班次小结',
    roles: { supervisor: 'all', admin: 'all' },
  },
  'qc.score': { label: '质检抽检与评分', roles: { supervisor: 'all', admin: 'all' } },

  // the shop and this PC
  'settings.shop': { label: '修改全店设置', roles: { supervisor: 'all', admin: 'all' } },
  'backup.create': { label: '查看备份与立即备份', roles: { supervisor: 'all', admin: 'all' } },
  'backup.restore': { label: '恢复备份', roles: { admin: 'all' } },
  'sync.configure': { label: '设置同步', roles: { admin: 'all' } },
} satisfies Record<string, PermissionRule>

export type Permission = keyof typeof PERMISSIONS

const WIDTH: Record<Scope, number> = { own: 1, team: 2, all: 3 }

export function isPermission(name: string): name is Permission {
  return Object.hasOwn(PERMISSIONS, name)
}

export function permissionLabel(name: string): string {
  return isPermission(name) ? PERMISSIONS[name].label : name
}

/** The widest reach any of the person's roles gives for a permission, or null when none holds it. */
export function scopeOf(
  person: Pick<Person, 'roles'> | null | undefined,
  perm: string,
): Scope | null {
  if (!person || !isPermission(perm)) return null
  const rule: PermissionRule = PERMISSIONS[perm]
  let best: Scope | null = null
  for (const role of person.roles) {
    const s = Object.hasOwn(rule.roles, role) ? rule.roles[role] : undefined
    if (s && (!best || WIDTH[s] > WIDTH[best])) best = s
  }
  return best
}

/** Whether the person holds the permission at all (some reach). Unknown names are never held. */
export function can(person: Pick<Person, 'roles'> | null | undefined, perm: string): boolean {
  return scopeOf(person, perm) !== null
}

/** Whose data an order (or anything owned) is: the people working it and the team it sits in. */
export interface Owned {
  /** Person ids working it (e.g. a ticket's assignee and transferredTo). */
  people: (string | undefined | null)[]
  team?: string | null
}

/** Whether a reach covers a piece of data for this person. */
export function scopeCovers(scope: Scope | null, person: Person, target: Owned): boolean {
  if (scope === 'all') return true
  if (scope === 'team') {
    if (target.team && person.teams.includes(target.team)) return true
    return target.people.some((p) => !!p && p === person.id)
  }
  if (scope === 'own') return target.people.some((p) => !!p && p === person.id)
  return false
}

/** `can` with the data in view: the person holds `perm` with a reach covering `target`. */
export function canOn(person: Person | null | undefined, perm: string, target: Owned): boolean {
  if (!person) return false
  return scopeCovers(scopeOf(person, perm), person, target)
}

/** Every permission the person holds (for the UI to hide what the services would refuse). */
export function permissionsOf(person: Pick<Person, 'roles'> | null | undefined): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(person, p))
}
