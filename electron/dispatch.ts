import { AppError, ErrorCode } from '../shared/errors'
import { lookupMethod, type Envelope } from '../shared/api'
import { parseInput } from '../shared/api/validate'
import type { CallContext } from './context'

export type MethodImpl = (input: unknown, ctx: CallContext) => unknown
export type Implementations = Record<string, Record<string, MethodImpl>>
export type AccessCheck = (access: string, ctx: CallContext, method: string) => void

/**
 * The one path every call takes, whichever transport brought it: look the method up in the
 * contract, parse its input, check access, run it, and answer an envelope. Nothing thrown here
 * reaches the transport, so bad input can never take the process down.
 */
export async function dispatch(
  impls: Implementations,
  checkAccess: AccessCheck,
  name: unknown,
  rawInput: unknown,
  ctx: CallContext,
): Promise<Envelope<unknown>> {
  try {
    if (typeof name !== 'string') throw new AppError(ErrorCode.unknownMethod, '未知的接口')
    const found = lookupMethod(name)
    const impl = found && impls[found.service]?.[found.method]
    if (!found || typeof impl !== 'function') {
      throw new AppError(ErrorCode.unknownMethod, `未知的接口：${name.slice(0, 80)}`)
    }
    // Access first: a caller who may not use a method learns nothing about its input.
    checkAccess(found.spec.access, ctx, name)
    const input = parseInput(found.spec, rawInput)
    ctx.session.lastActiveAt = Date.now()
    const value = await impl(input, ctx)
    return { ok: true, value: value === undefined ? null : value }
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toShape() }
    console.error('[dispatch]', typeof name === 'string' ? name : '?', err)
    return {
      ok: false,
      error: { code: ErrorCode.internal, message: '操作失败，请重试；如果反复出现请联系管理员' },
    }
  }
}
