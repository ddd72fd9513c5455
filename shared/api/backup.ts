import { z } from 'zod'
import { method } from './define'

/**
 * Backups of this PC's data folder (DESIGN §3, issue 4 item 2). The store makes one a day on its
 * own; Settings lists them, makes one now, and puts one back. A restore never deletes anything:
 * the current data is moved into `before-restore-<time>/` inside the data folder first.
 */

export interface BackupInfo {
  /** File name in `<data folder>/backups/`, e.g. 'kefu-20261125-093000.json.gz'. */
  name: string
  /** Compressed size in bytes. */
  size: number
  /** When it was made (ISO). */
  at: string
}

export interface BackupList {
  backups: BackupInfo[]
  /** The data folder; backups live in its `backups/`, set-aside data in `before-restore-*` beside it. */
  dataDir: string
  backupDir: string
  /** Folders of data set aside by earlier restores, newest first (names inside the data folder). */
  setAside: string[]
}

export interface RestoreResult {
  name: string
  /** Where the data from before the restore now is (absolute path). */
  setAsideDir: string
}

const backupName = z
  .string({ error: '请选择要恢复的备份' })
  .regex(/^kefu-\d{8}-\d{6}(?:-\d+)?\.json\.gz$/, { error: '备份文件名不对' })

export const backup = {
  list: method<BackupList>()(z.object({}).strict(), { access: 'perm:backup.create' }),
  /** Makes a backup now (also flushes the view files first). */
  create: method<BackupInfo>()(z.object({}).strict(), { access: 'perm:backup.create' }),
  /** Puts a backup back after setting the current data aside; audited. */
  restore: method<RestoreResult>()(z.object({ name: backupName }).strict(), {
    access: 'perm:backup.restore',
  }),
}
