/**
 * The roles on a shop floor (DOMAIN.md). A person may hold several (a supervisor who also
 * trains). Anyone taking training is a trainee: that is not a role.
 */
export const ROLES = ['agent', 'specialist', 'supervisor', 'trainer', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  agent: '客服专员',
  specialist: '售后处理专员',
  supervisor: '客服主管',
  trainer: '培训讲师',
  admin: '管理员',
}

/** The signed-in person as the services and the UI see them: never carries PIN material. */
export interface Person {
  id: string
  name: string
  roles: Role[]
  /** Team ids (售前组, 售后组, 夜班…). */
  teams: string[]
}

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v)
}
