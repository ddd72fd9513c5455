import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { browserAdapters } from '../../electron/adapters/browser'
import type { SaveDialogAdapter, SaveFileFilter } from '../../electron/adapters/types'
import { createCore, type Core } from '../../electron/core'

/**
 * files.saveExport through the one dispatch path (issue 9 item 4): the save dialog is a recording
 * fake standing in for Electron's, the writes land in a real temp folder.
 */

type Answer = { ok: boolean; value?: any; error?: { code: string; message: string } } // eslint-disable-line @typescript-eslint/no-explicit-any

interface Asked {
  defaultName: string
  filters: SaveFileFilter[]
}

function recordingDialog(answers: (string | null)[]) {
  const asked: Asked[] = []
  const adapter: SaveDialogAdapter = {
    available: () => true,
    async choosePath(opts) {
      asked.push(opts)
      if (answers.length === 0) throw new Error('the test did not expect another dialog')
      return answers.shift()!
    },
  }
  return { adapter, asked }
}

let dir: string
let out: string
let core: Core | null = null

async function open(saveDialog?: SaveDialogAdapter) {
  core = await createCore({
    dataDir: path.join(dir, 'data'),
    shell: saveDialog ? 'electron' : 'browser',
    version: 'test',
    adapters: (events) => ({
      ...browserAdapters(events),
      ...(saveDialog ? { saveDialog } : {}),
    }),
  })
  const call = (name: string, input: unknown = {}, session = 'admin') =>
    core!.call(name, input, session) as Promise<Answer>
  const setup = await call('people.setupAdmin', { name: '店长', pin: '246810' })
  expect(setup.ok).toBe(true)
  return call
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-files-'))
  out = path.join(dir, '导出')
  fs.mkdirSync(out)
})
afterEach(async () => {
  vi.restoreAllMocks()
  await core?.close()
  core = null
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('files.saveExport in the Electron shell', () => {
  it('writes the bytes where the person chose, audits it once, and says where', async () => {
    const target = path.join(out, '早班小结.csv')
    const { adapter, asked } = recordingDialog([target])
    const call = await open(adapter)
    expect(await call('files.canSaveNatively')).toEqual({ ok: true, value: { native: true } })

    const csv = '\uFEFF工单号,状态\nT-1,已解决\n'
    const r = await call('files.saveExport', {
      name: '班次小结-2025-03-04-早班-小王.csv',
      mime: 'text/csv',
      bytesBase64: b64(csv),
    })
    expect(r).toEqual({ ok: true, value: { saved: true, path: target } })
    expect(fs.readFileSync(target, 'utf8')).toBe(csv)
    expect(asked).toEqual([
      {
        defaultName: '班次小结-2025-03-04-早班-小王.csv',
        filters: [
          { name: 'CSV 文件（UTF-8）', extensions: ['csv'] },
          { name: '所有文件', extensions: ['*'] },
        ],
      },
    ])
    // Nothing but the file itself is left in the folder (no temp file).
    expect(fs.readdirSync(out)).toEqual(['早班小结.csv'])

    const log = await call('audit.list', { action: 'export.save' })
    expect(log.value.entries).toHaveLength(1)
    expect(log.value.entries[0]).toMatchObject({
      action: 'export.save',
      target,
      byName: '店长',
    })
    expect(log.value.entries[0].detail).toContain('早班小结.csv')
  })

  it('cancelled: nothing written, nothing audited', async () => {
    const { adapter } = recordingDialog([null])
    const call = await open(adapter)
    const r = await call('files.saveExport', {
      name: '话术.xlsx',
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      bytesBase64: b64('PK'),
    })
    expect(r).toEqual({ ok: true, value: { saved: false, cancelled: true } })
    expect(fs.readdirSync(out)).toEqual([])
    expect((await call('audit.list', { action: 'export.save' })).value.entries).toEqual([])
  })

  it('adds the extension a Linux dialog left off, and replaces what Windows refuses in the name', async () => {
    const { adapter, asked } = recordingDialog([path.join(out, '三月报表')])
    const call = await open(adapter)
    const r = await call('files.saveExport', {
      name: '月报 2025/03.xlsx',
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      bytesBase64: b64('PK-bytes'),
    })
    expect(r.value).toEqual({ saved: true, path: path.join(out, '三月报表.xlsx') })
    expect(asked[0]!.defaultName).toBe('月报 2025_03.xlsx')
    expect(fs.readFileSync(path.join(out, '三月报表.xlsx'), 'utf8')).toBe('PK-bytes')
  })

  it('a file open in Excel (EBUSY): the zh-CN message, the old file untouched, no audit; a retry succeeds', async () => {
    const target = path.join(out, '班次小结.xlsx')
    fs.writeFileSync(target, 'old workbook')
    const { adapter } = recordingDialog([target, target])
    const call = await open(adapter)
    // Windows answers EBUSY when Excel holds the file; Linux never does, so the OS call is faked.
    const rename = vi.spyOn(fsp, 'rename').mockImplementationOnce(async () => {
      throw Object.assign(new Error(`EBUSY: resource busy or locked, rename '${target}'`), {
        code: 'EBUSY',
      })
    })
    const input = {
      name: '班次小结.xlsx',
      mime: 'application/octet-stream',
      bytesBase64: b64('new'),
    }
    const r = await call('files.saveExport', input)
    expect(rename).toHaveBeenCalled()
    expect(r.ok).toBe(false)
    expect(r.error!.code).toBe('export_file_locked')
    expect(r.error!.message).toContain('班次小结.xlsx')
    expect(r.error!.message).toMatch(/Excel/)
    expect(r.error!.message).toMatch(/关闭/)
    expect(fs.readFileSync(target, 'utf8')).toBe('old workbook')
    expect(fs.readdirSync(out)).toEqual(['班次小结.xlsx'])
    expect((await call('audit.list', { action: 'export.save' })).value.entries).toEqual([])

    // Excel closed: the same bytes saved again.
    const again = await call('files.saveExport', input)
    expect(again.value).toEqual({ saved: true, path: target })
    expect(fs.readFileSync(target, 'utf8')).toBe('new')
  })

  it('a full disk (ENOSPC) and a folder that is gone each get their own zh-CN message', async () => {
    const { adapter } = recordingDialog([
      path.join(out, 'a.pdf'),
      path.join(dir, '拔掉的U盘', 'a.pdf'),
    ])
    const call = await open(adapter)
    vi.spyOn(fsp, 'writeFile').mockImplementationOnce(async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    })
    const input = { name: 'a.pdf', mime: 'application/pdf', bytesBase64: b64('%PDF') }
    const full = await call('files.saveExport', input)
    expect(full.error).toMatchObject({ code: 'export_disk_full' })
    expect(full.error!.message).toContain('磁盘空间不足')
    expect(fs.readdirSync(out)).toEqual([])

    // A real failure this time: the folder chosen is not there (the USB stick was pulled).
    const gone = await call('files.saveExport', input)
    expect(gone.error).toMatchObject({ code: 'export_no_folder' })
    expect(gone.error!.message).toContain('保存位置不存在')
  })

  it('needs a signed-in person and refuses damaged input in zh-CN', async () => {
    const { adapter, asked } = recordingDialog([])
    const call = await open(adapter)
    const anon = await call(
      'files.saveExport',
      { name: 'a.csv', mime: 'text/csv', bytesBase64: '' },
      'nobody',
    )
    expect(anon.error?.code).toBe('not_signed_in')
    const bad = await call('files.saveExport', {
      name: 'a.csv',
      mime: 'text/csv',
      bytesBase64: '%%%',
    })
    expect(bad.error?.code).toBe('invalid_input')
    expect(bad.error?.message).toMatch(/[\u4e00-\u9fff]/)
    expect(asked).toEqual([])
  })
})

describe('files.saveExport in the browser build', () => {
  it('says the page downloads instead, and refuses a save with a clear message', async () => {
    const call = await open()
    expect(await call('files.canSaveNatively')).toEqual({ ok: true, value: { native: false } })
    const r = await call('files.saveExport', {
      name: 'a.csv',
      mime: 'text/csv',
      bytesBase64: b64('x'),
    })
    expect(r.ok).toBe(false)
    expect(r.error!.code).toBe('unavailable')
    expect(r.error!.message).toContain('下载')
  })
})
