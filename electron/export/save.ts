import fs from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../shared/errors'

/**
 * Writing an export to a path the person chose (the Electron shell's save dialog). What goes
 * wrong there is ordinary on a shop PC: the file is open in Excel or WPS (Windows refuses with
 * EBUSY or EPERM), the USB stick or disk is full, the folder is read-only. Each gets a message
 * that says what to do, in zh-CN.
 */

export function exportWriteError(err: unknown, file: string): AppError {
  const code = (err as NodeJS.ErrnoException | null)?.code ?? ''
  const name = path.basename(file)
  switch (code) {
    case 'EBUSY':
    case 'EPERM':
    case 'ETXTBSY':
      return new AppError(
        'export_file_locked',
        `文件「${name}」正被其他程序占用（可能已在 Excel 或 WPS 中打开）。请关闭该文件后重试，或换一个文件名保存。`,
      )
    case 'EACCES':
    case 'EROFS':
      return new AppError(
        'export_no_access',
        `没有权限写入「${name}」所在的文件夹。请换一个文件夹（例如“文档”或“桌面”）保存。`,
      )
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError(
        'export_disk_full',
        `磁盘空间不足，「${name}」没有保存成功。请清理磁盘或换一个磁盘（U 盘）后重试。`,
      )
    case 'ENOENT':
      return new AppError(
        'export_no_folder',
        `保存位置不存在：${path.dirname(file)}。请重新选择保存位置。`,
      )
    default:
      return new AppError(
        'export_write_failed',
        `「${name}」保存失败：${(err as Error)?.message ?? String(err)}`,
      )
  }
}

export interface WriteFs {
  writeFile(file: string, data: Uint8Array): Promise<void>
  rename(from: string, to: string): Promise<void>
  rm(file: string, opts: { force: boolean }): Promise<void>
}

const realFs: WriteFs = {
  writeFile: (f, d) => fs.writeFile(f, d),
  rename: (a, b) => fs.rename(a, b),
  rm: (f, o) => fs.rm(f, o),
}

/**
 * Writes next to the target and renames over it, so a full disk never leaves half a workbook
 * under the real name (and a file open in Excel is refused before anything is lost).
 */
export async function writeExportFile(
  file: string,
  data: Uint8Array,
  io: WriteFs = realFs,
): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`)
  try {
    await io.writeFile(tmp, data)
    await io.rename(tmp, file)
  } catch (err) {
    await io.rm(tmp, { force: true }).catch(() => undefined)
    throw exportWriteError(err, file)
  }
}
