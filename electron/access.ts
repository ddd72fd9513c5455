import { can, permissionLabel } from '../shared/auth/permissions'
import type { Person } from '../shared/auth/roles'
import { AppError, ErrorCode } from '../shared/errors'
import type { CallContext } from './context'
import type { AccessCheck } from './dispatch'

/** The signed-in person, or AppError 'not_signed_in'. */
export function requireSignedIn(ctx: Pick<CallContext, 'person'>): Person {
  if (!ctx.person) throw new AppError(ErrorCode.notSignedIn, '请先登录')
  return ctx.person
}

export function forbidden(perm: string): AppError {
  return new AppError(
    ErrorCode.forbidden,
    `没有权限：${permissionLabel(perm)}。如需此权限请联系管理员`,
  )
}

/**
 * For checks that depend on the data (own order or anyone's): the signed-in person holding
 * `perm`, or AppError 'not_signed_in' / 'forbidden' naming what was refused.
 */
export function requirePerm(ctx: Pick<CallContext, 'person'>, perm: string): Person {
  const person = requireSignedIn(ctx)
  if (!can(person, perm)) throw forbidden(perm)
  return person
}

/**
 * The contract's `access` of every method, checked by dispatch before the service runs:
 * 'public', 'signedIn', or 'perm:<name>' from the permission table in shared/auth.
 */
export const checkAccess: AccessCheck = (access, ctx) => {
  if (access === 'public') return
  if (access === 'signedIn') {
    requireSignedIn(ctx)
    return
  }
  if (access.startsWith('perm:')) {
    requirePerm(ctx, access.slice('perm:'.length))
    return
  }
  // A contract typo must fail closed, never open.
  throw new AppError(ErrorCode.forbidden, '没有权限执行此操作')
}
