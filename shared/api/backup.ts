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

/**
 * Damage start-up could not repair (DESIGN §6): shown instead of first start or sign-in until
 * it is resolved. `message` is zh-CN and names the missing range, since when, and where the
 * damaged files were set aside.
 */
export interface RecoveryView {
  message: string
  missing: { from: number; to: number }[]
  /** Time of the last change before the missing range (ISO), when known. */
  since: string | null
  foundAt: string
  peopleExpected: number
  peopleFound: number
  setAside: string[]
  /** Readable backups to restore from. */
  backups: number
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
  /**
   * Only while start-up found damage (people.status().recovery): rebuild from the newest backup
   * plus everything still readable, or accept the data as it is (only while people remain).
   * Public, because the damage may have taken the people who could sign in. Audited.
   */
  recover: method<{ recovery: RecoveryView | null }>()(
    z.object({ action: z.enum(['restoreBackup', 'accept']) }).strict(),
    { access: 'public' },
  ),
}
