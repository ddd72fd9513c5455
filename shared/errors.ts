/** Errors cross every boundary as values: a stable code for code, a zh-CN message for people. */
export interface AppErrorShape {
  code: string
  message: string
  /** Field-level messages for forms, keyed by field path (zh-CN). */
  fields?: Record<string, string>
}

export class AppError extends Error {
  readonly code: string
  readonly fields?: Record<string, string>
  constructor(code: string, message: string, fields?: Record<string, string>) {
    super(message)
    this.name = 'AppError'
    this.code = code
    if (fields) this.fields = fields
  }
  toShape(): AppErrorShape {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message }
  }
}

export function isAppErrorShape(v: unknown): v is AppErrorShape {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as AppErrorShape).code === 'string' &&
    typeof (v as AppErrorShape).message === 'string'
  )
}

/** The common codes; services may add their own. */
export const ErrorCode = {
  invalidInput: 'invalid_input',
  unknownMethod: 'unknown_method',
  notSignedIn: 'not_signed_in',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  internal: 'internal',
  unavailable: 'unavailable',
} as const
