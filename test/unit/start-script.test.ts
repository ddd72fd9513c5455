import path from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without type declarations
import { BROWSER_CHOSEN_MESSAGE, parseStartArgs, startPlan } from '../../scripts/start.mjs'

interface Plan {
  shell: 'electron' | 'browser'
  steps: { cmd: string; args: string[] }[]
}
const plan = startPlan as (args: string[], exe: string | null, node?: string) => Plan
const root = path.resolve(import.meta.dirname, '../..')

describe('npm start', () => {
  it('builds, then launches Electron on the built main with the arguments passed through', () => {
    const p = plan(['--data-dir', '/tmp/d'], '/opt/electron/electron', '/usr/bin/node')
    expect(p.shell).toBe('electron')
    expect(p.steps[0]!.cmd).toBe('/usr/bin/node')
    expect(p.steps[0]!.args.at(-1)).toBe('build')
    expect(p.steps[0]!.args[0]).toMatch(/electron-vite/)
    expect(p.steps[1]).toEqual({
      cmd: '/opt/electron/electron',
      args: [path.join(root, 'out/main/index.js'), '--data-dir', '/tmp/d'],
    })
  })

  it('serves the browser build with node where Electron’s binary is missing', () => {
    const p = plan(['--port=8123'], null, '/usr/bin/node')
    expect(p.shell).toBe('browser')
    expect(p.steps[1]).toEqual({
      cmd: '/usr/bin/node',
      args: [path.join(root, 'out/main/web.js'), '--port=8123'],
    })
  })

  it('takes --browser and --electron for itself and passes everything else to the app', () => {
    const parse = parseStartArgs as (argv: string[]) => {
      browser: boolean
      retry: boolean
      appArgs: string[]
    }
    expect(parse(['--browser', '--data-dir', 'D:\\kefu'])).toEqual({
      browser: true,
      retry: false,
      appArgs: ['--data-dir', 'D:\\kefu'],
    })
    expect(parse(['--electron'])).toEqual({ browser: false, retry: true, appArgs: [] })
  })

  it('says in Chinese and English why the browser build runs when asked for it', () => {
    expect(BROWSER_CHOSEN_MESSAGE).toMatch(/浏览器版/)
    expect(BROWSER_CHOSEN_MESSAGE).toMatch(/browser build/)
  })
})
