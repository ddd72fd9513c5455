import { AppError, ErrorCode, isAppErrorShape, type AppErrorShape } from '../errors'
import type { Envelope } from './define'

const BROKEN_REPLY = '程序内部通信出错，请重试；如果反复出现请重启客服工作台'

/**
 * What a `window.kefu` call rejects with, on either transport: the service's stable code, its
 * zh-CN message and, for forms, the field messages.
 */
export class KefuCallError extends AppError {
  constructor(code: string, message: string, fields?: Record<string, string>) {
    super(code, message, fields)
    this.name = 'KefuCallError'
  }
}

function isEnvelope(v: unknown): v is Envelope<unknown> {
  if (typeof v !== 'object' || v === null) return false
  const env = v as { ok?: unknown; error?: unknown }
  if (env.ok === true) return 'value' in env
  return env.ok === false && isAppErrorShape(env.error)
}

/**
 * The value inside a transport's answer, or a KefuCallError carrying its code, zh-CN message
 * and field messages. Both bridges (HTTP and IPC) unwrap through here, so the renderer sees the
 * same error whichever transport it runs on.
 */
export function unwrapEnvelope<T>(envelope: Envelope<T> | unknown): T {
  if (!isEnvelope(envelope)) throw new KefuCallError(ErrorCode.internal, BROKEN_REPLY)
  if (envelope.ok) return envelope.value as T
  const { code, message, fields } = envelope.error
  throw new KefuCallError(code, message, fields)
}

/**
 * Whatever a `window.kefu` call rejected with (a KefuCallError from the HTTP bridge, the plain
 * copy the Electron preload hands over, or something unexpected) as a KefuCallError.
 */
export function toCallError(err: unknown): KefuCallError {
  if (err instanceof KefuCallError) return err
  if (isAppErrorShape(err)) {
    const fields = (err as AppErrorShape).fields
    const plain = typeof fields === 'object' && fields !== null ? { ...fields } : undefined
    return new KefuCallError(err.code, err.message, plain)
  }
  return new KefuCallError(ErrorCode.internal, BROKEN_REPLY)
}

/**
 * A plain-object copy of an error that survives Electron's contextBridge: the bridge rebuilds a
 * thrown Error from its message alone and drops `code` and `fields`, while plain objects are
 * copied with all their keys. The renderer reads `err.code`, `err.message` and `err.fields` the
 * same way on both transports (or calls toCallError for a real Error instance).
 */
export function bridgeableError(err: unknown): AppErrorShape & { name: 'KefuCallError' } {
  const e = toCallError(err)
  const shape: AppErrorShape & { name: 'KefuCallError' } = {
    name: 'KefuCallError',
    code: e.code,
    message: e.message,
  }
  if (e.fields) shape.fields = { ...e.fields }
  return shape
}
