import path from 'node:path'
import type { Contract, ServiceImpl } from '../../shared/api'
import type { SaveExportResult } from '../../shared/api/files'
import { AppError, ErrorCode } from '../../shared/errors'
import type { SaveDialogAdapter, SaveFileFilter } from '../adapters/types'
import type { CallContext } from '../context'
import { writeExportFile, type WriteFs } from '../export/save'
import { audit } from './audit'

const FILTERS: Record<string, SaveFileFilter> = {
  xlsx: { name: 'Excel 工作簿', extensions: ['xlsx'] },
  csv: { name: 'CSV 文件（UTF-8）', extensions: ['csv'] },
  pdf: { name: 'PDF 文档', extensions: ['pdf'] },
  json: { name: 'JSON 文件', extensions: ['json'] },
}

/** The dialog offers the file's own type first, so Windows keeps (or adds) the right extension. */
export function filtersFor(name: string): SaveFileFilter[] {
  const ext = path.extname(name).slice(1).toLowerCase()
  const own =
    FILTERS[ext] ?? (ext ? { name: `${ext.toUpperCase()} 文件`, extensions: [ext] } : null)
  return own
    ? [own, { name: '所有文件', extensions: ['*'] }]
    : [{ name: '所有文件', extensions: ['*'] }]
}

/** Characters Windows refuses in a file name (a report title may carry a ':' or '/'). */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/[. ]+$/, '')
  return cleaned || '导出文件'
}

function sizeText(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`
}

/**
 * Saves an export where the person chooses (the Electron shell's save dialog). The service that
 * produced the bytes has audited the export itself; this adds the one fact it could not know,
 * where the file went, as a single 'export.save' entry once the write has succeeded.
 */
export function filesService(deps: {
  adapters: { saveDialog: SaveDialogAdapter }
  /** Tests put a failing file system here; the real one otherwise. */
  io?: WriteFs
}): ServiceImpl<Contract['files'], CallContext> {
  const dialog = deps.adapters.saveDialog
  return {
    canSaveNatively: () => ({ native: dialog.available() }),

    async saveExport({ name, bytesBase64 }, ctx): Promise<SaveExportResult> {
      if (!dialog.available()) {
        throw new AppError(
          ErrorCode.unavailable,
          '浏览器版不能选择保存位置，文件会下载到浏览器的“下载”文件夹。请刷新页面后重新导出。',
        )
      }
      const defaultName = safeFileName(name)
      const chosen = await dialog.choosePath({ defaultName, filters: filtersFor(defaultName) })
      if (!chosen) return { saved: false, cancelled: true }
      // GTK dialogs keep a typed name as is; a workbook without '.xlsx' would not open on a click.
      const ext = path.extname(defaultName)
      const file = path.extname(chosen) === '' && ext ? `${chosen}${ext}` : chosen
      const bytes = Buffer.from(bytesBase64, 'base64')
      await writeExportFile(file, bytes, deps.io)
      await audit(
        ctx,
        'export.save',
        file,
        `导出文件已保存：${path.basename(file)}（${sizeText(bytes.byteLength)}）`,
      )
      return { saved: true, path: file }
    },
  }
}
