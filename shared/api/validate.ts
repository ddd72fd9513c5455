import { z } from 'zod'
import { AppError, ErrorCode } from '../errors'
import type { MethodSpec } from './define'

// Messages people read are zh-CN first (DESIGN §2); zod ships a zh-CN locale.
z.config(z.locales.zhCN())

/** Parses a method's raw input, or throws an AppError whose message says what is wrong, in zh-CN. */
export function parseInput(spec: MethodSpec, raw: unknown): unknown {
  const result = spec.input.safeParse(raw === undefined ? {} : raw)
  if (result.success) return result.data
  const fields: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || '_'
    if (!(key in fields)) fields[key] = issue.message
  }
  const first = result.error.issues[0]
  const where = first && first.path.length ? `（${first.path.map(String).join('.')}）` : ''
  throw new AppError(
    ErrorCode.invalidInput,
    `输入有误${where}：${first?.message ?? '格式不正确'}`,
    fields,
  )
}
