import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const dir = path.resolve(import.meta.dirname, '../../renderer/src/i18n/locales')

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix]
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

describe('translations', () => {
  const namespaces = fs.readdirSync(path.join(dir, 'zh-CN')).filter((f) => f.endsWith('.json'))

  it('every namespace exists in both languages', () => {
    const en = fs.readdirSync(path.join(dir, 'en')).filter((f) => f.endsWith('.json'))
    expect(en.sort()).toEqual([...namespaces].sort())
  })

  for (const ns of namespaces) {
    it(`${ns}: English has every key Chinese has, and no empty string`, () => {
      const zh = JSON.parse(fs.readFileSync(path.join(dir, 'zh-CN', ns), 'utf8'))
      const en = JSON.parse(fs.readFileSync(path.join(dir, 'en', ns), 'utf8'))
      expect(keys(en).sort()).toEqual(keys(zh).sort())
      for (const k of keys(zh)) {
        const get = (o: unknown) =>
          k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o)
        expect(String(get(zh)).trim(), `zh-CN ${ns}:${k}`).not.toBe('')
        expect(String(get(en)).trim(), `en ${ns}:${k}`).not.toBe('')
      }
    })
  }
})
