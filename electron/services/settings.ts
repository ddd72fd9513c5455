import type { Contract, ServiceImpl } from '../../shared/api'
import { AppError, ErrorCode } from '../../shared/errors'
import type { CallContext } from '../context'
import type { ServiceDeps } from './deps'

function anyPerson(deps: ServiceDeps): boolean {
  for (const d of deps.store.all('person')) if (d.deleted === undefined) return true
  return false
}

/**
 * PC-local settings. The language is everyone's (the sign-in screen offers it); the PC's name
 * (shown in every audit entry and history line) and the idle lock are an admin's, except on a
 * PC nobody has been set up on yet (first start, or a PC about to join a sync space).
 */
export function settingsService(deps: ServiceDeps): ServiceImpl<Contract['settings'], CallContext> {
  return {
    getLocal: () => deps.localSettings.get(),
    async setLocal(patch, ctx) {
      const guarded = patch.pcName !== undefined || patch.idleLockMinutes !== undefined
      if (guarded && anyPerson(deps) && !ctx.person?.roles.includes('admin')) {
        throw new AppError(
          ctx.person ? ErrorCode.forbidden : ErrorCode.notSignedIn,
          ctx.person
            ? '只有管理员可以修改电脑名称和自动锁定时间'
            : '请先以管理员身份登录，再修改电脑名称和自动锁定时间',
        )
      }
      const before = deps.localSettings.get()
      const after = await deps.localSettings.update(patch)
      if (guarded && anyPerson(deps)) {
        const what: string[] = []
        if (patch.pcName !== undefined && patch.pcName !== before.pcName)
          what.push(`电脑名称 ${before.pcName ?? deps.device.name} → ${after.pcName}`)
        if (patch.idleLockMinutes !== undefined && patch.idleLockMinutes !== before.idleLockMinutes)
          what.push(`自动锁定 ${before.idleLockMinutes} → ${after.idleLockMinutes} 分钟`)
        if (what.length) await ctx.audit('settings.local', 'settings/local', what.join('；'))
      }
      return after
    },
  }
}
