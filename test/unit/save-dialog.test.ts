import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { browserAdapters } from '../../electron/adapters/browser'
import {
  electronAdapters,
  type ElectronModules,
  type SaveDialogOptions,
} from '../../electron/adapters/electron'
import { EventHub } from '../../electron/events'
import { APP_ORIGIN } from '../../electron/protocol'
import { filtersFor, safeFileName } from '../../electron/services/files'

/** The save dialog behind exports (issue 9 item 4), with a recording fake of Electron's `dialog`. */

interface Shown {
  window: unknown
  options: SaveDialogOptions
}

function fakeShell(answers: { canceled: boolean; filePath?: string }[], window: unknown = 'main') {
  const shown: Shown[] = []
  const dialog = {
    async showSaveDialog(a: unknown, b?: SaveDialogOptions) {
      // Electron's two call shapes: (options) and (window, options).
      shown.push(
        b === undefined
          ? { window: null, options: a as SaveDialogOptions }
          : { window: a, options: b },
      )
      const next = answers.shift()
      if (!next) throw new Error('the test did not expect another dialog')
      return next
    },
  } as ElectronModules['dialog']
  const mods = {
    Notification: Object.assign(function () {}, { isSupported: () => false }),
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => new Uint8Array(),
      decryptString: () => '',
    },
    globalShortcut: { register: () => true, unregister: () => undefined },
    openHiddenWindow: () => Promise.reject(new Error('no print here')),
    platform: 'win32',
    dialog,
    dialogWindow: () => window,
    exportDir: path.join('/home/agent', 'Downloads'),
  } as unknown as ElectronModules
  return { adapter: electronAdapters(mods, APP_ORIGIN)(new EventHub()).saveDialog, shown, mods }
}

const xlsxFilters = filtersFor('班次小结-2025-03-04-早班-小王.xlsx')

describe('Electron save dialog adapter', () => {
  it('returns the chosen path and shows the dialog over the focused window with the filters', async () => {
    const chosen = path.join('/home/agent', 'Desktop', '早班小结.xlsx')
    const { adapter, shown } = fakeShell([{ canceled: false, filePath: chosen }], 'focused-window')
    expect(adapter.available()).toBe(true)
    const got = await adapter.choosePath({
      defaultName: '班次小结-2025-03-04-早班-小王.xlsx',
      filters: xlsxFilters,
    })
    expect(got).toBe(chosen)
    expect(shown).toHaveLength(1)
    expect(shown[0]!.window).toBe('focused-window')
    expect(shown[0]!.options.filters).toEqual([
      { name: 'Excel 工作簿', extensions: ['xlsx'] },
      { name: '所有文件', extensions: ['*'] },
    ])
    // The first dialog of a run opens in Downloads with the suggested name filled in.
    expect(shown[0]!.options.defaultPath).toBe(
      path.join('/home/agent', 'Downloads', '班次小结-2025-03-04-早班-小王.xlsx'),
    )
    expect(shown[0]!.options.properties).toContain('showOverwriteConfirmation')
  })

  it('answers null when the person cancels, and reopens the last folder used next time', async () => {
    const desktop = path.join('/home/agent', 'Desktop')
    const { adapter, shown } = fakeShell([
      { canceled: true, filePath: '' },
      { canceled: false, filePath: path.join(desktop, 'a.csv') },
      { canceled: true, filePath: '' },
    ])
    expect(await adapter.choosePath({ defaultName: 'a.csv', filters: filtersFor('a.csv') })).toBe(
      null,
    )
    expect(await adapter.choosePath({ defaultName: 'a.csv', filters: filtersFor('a.csv') })).toBe(
      path.join(desktop, 'a.csv'),
    )
    expect(await adapter.choosePath({ defaultName: 'b.pdf', filters: filtersFor('b.pdf') })).toBe(
      null,
    )
    expect(shown.map((s) => s.options.defaultPath)).toEqual([
      path.join('/home/agent', 'Downloads', 'a.csv'),
      path.join('/home/agent', 'Downloads', 'a.csv'),
      path.join(desktop, 'b.pdf'),
    ])
    expect(shown[2]!.options.filters?.[0]).toEqual({ name: 'PDF 文档', extensions: ['pdf'] })
  })

  it('opens an unparented dialog when no window is there to own it', async () => {
    const { adapter, shown } = fakeShell([{ canceled: false, filePath: '/tmp/x.json' }], null)
    expect(await adapter.choosePath({ defaultName: 'x.json', filters: filtersFor('x.json') })).toBe(
      '/tmp/x.json',
    )
    expect(shown[0]!.window).toBe(null)
    expect(shown[0]!.options.filters?.[0]).toEqual({ name: 'JSON 文件', extensions: ['json'] })
  })

  it('is unavailable without a dialog module and in the browser build', async () => {
    const { mods } = fakeShell([])
    delete mods.dialog
    const noDialog = electronAdapters(mods, APP_ORIGIN)(new EventHub()).saveDialog
    expect(noDialog.available()).toBe(false)
    await expect(noDialog.choosePath({ defaultName: 'a.xlsx', filters: [] })).rejects.toMatchObject(
      { code: 'unavailable' },
    )

    const browser = browserAdapters(new EventHub()).saveDialog
    expect(browser.available()).toBe(false)
    await expect(browser.choosePath({ defaultName: 'a.xlsx', filters: [] })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('下载'),
    })
  })
})

describe('suggested names and filters', () => {
  it('replaces characters Windows refuses in a file name', () => {
    expect(safeFileName('月报 2025/03: 售后组?.xlsx')).toBe('月报 2025_03_ 售后组_.xlsx')
    expect(safeFileName('...')).toBe('导出文件')
  })

  it('offers the file’s own type first and always “所有文件”', () => {
    expect(filtersFor('话术.csv')[0]).toEqual({ name: 'CSV 文件（UTF-8）', extensions: ['csv'] })
    expect(filtersFor('备注.txt')).toEqual([
      { name: 'TXT 文件', extensions: ['txt'] },
      { name: '所有文件', extensions: ['*'] },
    ])
    expect(filtersFor('无扩展名')).toEqual([{ name: '所有文件', extensions: ['*'] }])
  })
})
