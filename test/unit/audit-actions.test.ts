import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// Every action the services write to the audit trail has a name in zh-CN and in en (the
// 审计日志 page shows the raw action otherwise). The actions are read from the sources, so a
// new audited step without its names fails here.

const root = path.resolve(__dirname, '../..')

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : []
  })
}

/** The argument text of a call starting at `open` (the index of its '('). */
function argsAt(src: string, open: number): string {
  let depth = 0
  let quote: string | null = null
  for (let i = open; i < src.length; i++) {
    const c = src[i]!
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = null
      continue
    }
    if (c === "'" || c === '"' || c === '`') quote = c
    else if (c === '(') depth++
    else if (c === ')' && --depth === 0) return src.slice(open + 1, i)
  }
  return ''
}

function auditedActions(): Set<string> {
  const out = new Set<string>()
  for (const file of tsFiles(path.join(root, 'electron'))) {
    const src = fs.readFileSync(file, 'utf8')
    const call = /\b(?:ctx\.audit|audit|audit\.write|auditWriter\.write)\(/g
    let m: RegExpExecArray | null
    while ((m = call.exec(src))) {
      const args = argsAt(src, m.index + m[0].length - 1)
      // The action is the first string argument that looks like one ("ticket.create").
      for (const lit of args.matchAll(/'([a-z]+(?:\.[a-zA-Z]+)+)'/g)) out.add(lit[1]!)
    }
  }
  return out
}

function labels(locale: string): Record<string, string> {
  const file = path.join(root, 'renderer/src/i18n/locales', locale, 'audit.json')
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { actions: Record<string, string> }).actions
}

describe('audit action names', () => {
  const actions = auditedActions()

  it('finds the audited actions in the sources', () => {
    for (const a of ['ticket.create', 'ticket.attach', 'sync.configure', 'backup.restore'])
      expect(actions).toContain(a)
    expect(actions.size).toBeGreaterThan(40)
  })

  for (const locale of ['zh-CN', 'en']) {
    it(`every audited action has a ${locale} name`, () => {
      const have = labels(locale)
      const missing = [...actions].filter((a) => !have[a.replace(/\./g, '_')])
      expect(missing).toEqual([])
    })
  }

  it('failed imports, audited by the core, have names too', () => {
    expect(labels('zh-CN').import_failed).toBe('导入失败')
    expect(labels('en').import_failed).toBeTruthy()
  })
})
