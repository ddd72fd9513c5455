import { z } from 'zod'
import { method } from './define'

/**
 * Saving a file the services produced (exports of shift summaries, reports, reply scripts,
 * question templates) where the person chooses, through the Electron shell's save dialog
 * (issue 9 item 4). The browser build has no dialog: the page saves the same bytes as a
 * download, so it asks `canSaveNatively` first and never calls `saveExport`.
 */

export type SaveExportResult = { saved: true; path: string } | { saved: false; cancelled: true }

/** Big enough for a month's report over 100 000 orders; the HTTP host caps bodies at 40 MB. */
const MAX_BASE64 = 56_000_000

export const saveExportInput = z
  .object({
    /** Suggested in the dialog; the person may change it (and the folder). */
    name: z.string().trim().min(1, { error: '文件名不能为空' }).max(200, { error: '文件名太长' }),
    mime: z.string().trim().min(1).max(120),
    bytesBase64: z
      .string()
      .max(MAX_BASE64, { error: '文件太大，无法保存' })
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: '文件内容不完整，请重新导出' }),
  })
  .strict()

export const files = {
  /** True in the Electron shell (a save dialog exists); false in the browser build. */
  canSaveNatively: method<{ native: boolean }>()(z.object({}).strict(), { access: 'signedIn' }),
  /** Asks where to save, then writes; audited. Locked file, full disk, read-only folder: zh-CN errors. */
  saveExport: method<SaveExportResult>()(saveExportInput, { access: 'signedIn' }),
}
