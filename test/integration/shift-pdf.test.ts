import fs from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ShiftSummaryView } from '../../shared/api/shifts'
import { browserAdapters } from '../../electron/adapters/browser'
import { electronAdapters, type ElectronModules } from '../../electron/adapters/electron'
import { EventHub } from '../../electron/events'
import { APP_ORIGIN } from '../../electron/protocol'
import { cst, openShiftDesk, seedEarlyShift, tempDir, type ShiftDesk } from './shifts-fixture'

/**
 * 保存 PDF in the desktop app (issue 22 item 3): the shifts service prints the print view in
 * a hidden window through the Electron print adapter (driven here by a recording fake of
 * Electron's modules), in the one language the person works in; the browser build's twin has
 * no direct PDF and says to use 打印.
 */

interface Recorded {
  opened: string[]
  pdfOptions: unknown[]
  destroyed: number
  /** What the print view would have read with its token while the window was open. */
  seen: Array<ShiftSummaryView | null>
}

let dir: string
let d: ShiftDesk

beforeEach(() => {
  dir = tempDir()
})
afterEach(async () => {
  await d?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** Electron's modules as the adapters see them, recording the hidden print window's life. */
function recordingElectron(rec: Recorded): ElectronModules {
  return {
    Notification: Object.assign(function () {} as unknown as ElectronModules['Notification'], {
      isSupported: () => false,
    }),
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => new Uint8Array(),
      decryptString: () => '',
    },
    globalShortcut: { register: () => false, unregister: () => undefined },
    platform: 'win32',
    async openHiddenWindow(url) {
      rec.opened.push(url)
      const token = /#\/print\/shift\/([A-Za-z0-9_-]+)/.exec(url)![1]!
      return {
        webContents: {
          // The print view marks itself ready once its data is on the page.
          async executeJavaScript() {
            const env = await d.call<ShiftSummaryView>('shifts.printData', { token }, 'agent')
            rec.seen.push(env.ok ? env.value : null)
            return env.ok
          },
          async printToPDF(options) {
            rec.pdfOptions.push(options)
            return Buffer.from('%PDF-1.7 from the hidden window')
          },
        },
        destroy: () => void rec.destroyed++,
      }
    },
  }
}

describe('保存 PDF through the Electron print adapter', () => {
  it('prints the app’s own print view in the chosen language, saves the bytes and closes the window', async () => {
    const rec: Recorded = { opened: [], pdfOptions: [], destroyed: 0, seen: [] }
    const adapters = electronAdapters(recordingElectron(rec), APP_ORIGIN)(new EventHub())
    d = await openShiftDesk(dir, cst('2025-03-04 07:50'), adapters.print)
    const { shiftId } = await seedEarlyShift(d)

    const out = await d.ok<{ name: string; mime: string; bytesBase64: string }>(
      'shifts.pdf',
      { id: shiftId, pageUrl: `${APP_ORIGIN}/index.html#/shifts`, language: 'en' },
      'agent',
    )
    expect(rec.opened).toHaveLength(1)
    expect(rec.opened[0]).toMatch(
      new RegExp(`^${APP_ORIGIN}/index\\.html#/print/shift/[A-Za-z0-9_-]{32}\\?lang=en$`),
    )
    expect(rec.seen[0]?.figures.received).toBe(3)
    expect(rec.pdfOptions).toEqual([{ printBackground: true, preferCSSPageSize: true }])
    expect(rec.destroyed).toBe(1)
    expect(out.mime).toBe('application/pdf')
    expect(Buffer.from(out.bytesBase64, 'base64').toString()).toBe(
      '%PDF-1.7 from the hidden window',
    )
    expect(d.auditLog.at(-1)).toMatchObject({
      action: 'report.export',
      detail: '导出班次小结 PDF（个人）',
    })
    // The token dies with the print: the page can no longer be read with it.
    const token = /shift\/([A-Za-z0-9_-]+)/.exec(rec.opened[0]!)![1]!
    const after = await d.call('shifts.printData', { token }, 'agent')
    expect(after.ok).toBe(false)

    // Without a language the print view keeps its own (zh-CN); a foreign page is refused.
    await d.ok('shifts.pdf', { id: shiftId, pageUrl: `${APP_ORIGIN}/index.html#/shifts` }, 'agent')
    expect(rec.opened[1]).toMatch(/#\/print\/shift\/[A-Za-z0-9_-]{32}$/)
    const foreign = await d.call(
      'shifts.pdf',
      { id: shiftId, pageUrl: 'https://example.com/#/shifts', language: 'zh-CN' },
      'agent',
    )
    expect(foreign.ok ? null : foreign.error.code).toBe('invalid_input')
    expect(rec.opened).toHaveLength(2)
    const badLang = await d.call(
      'shifts.pdf',
      { id: shiftId, pageUrl: `${APP_ORIGIN}/index.html`, language: 'fr' },
      'agent',
    )
    expect(badLang.ok ? null : badLang.error.code).toBe('invalid_input')
  })

  it('the browser build’s twin has no direct PDF and points to 打印 → 另存为 PDF', async () => {
    d = await openShiftDesk(dir, cst('2025-03-04 07:50'), browserAdapters(new EventHub()).print)
    const { shiftId } = await seedEarlyShift(d)
    const r = await d.call(
      'shifts.pdf',
      { id: shiftId, pageUrl: 'http://127.0.0.1:5000/index.html', language: 'en' },
      'agent',
    )
    expect(r.ok ? null : r.error.code).toBe('unavailable')
    expect(r.ok ? '' : r.error.message).toContain('另存为 PDF')
  })
})
