import fs from 'node:fs'
import path from 'node:path'
import type { Contract, ServiceImpl } from '../../shared/api'
import type { BackupInfo, BackupList, RecoveryView } from '../../shared/api/backup'
import { AppError, ErrorCode } from '../../shared/errors'
import type { CallContext } from '../context'
import type { Store } from '../store'
import { listBackupFiles } from '../store/backup'
import { audit } from './audit'

type BackupStore = Pick<
  Store,
  | 'dataDir'
  | 'backupNow'
  | 'listBackups'
  | 'restoreBackup'
  | 'recovery'
  | 'recoverFromBackup'
  | 'acceptDamage'
>

/** What the recovery screen shows (null: nothing to resolve). */
export function recoveryView(store: Pick<Store, 'recovery' | 'dataDir'>): RecoveryView | null {
  const r = store.recovery
  if (!r) return null
  return {
    message: r.message,
    missing: r.missing,
    since: r.since,
    foundAt: r.foundAt,
    peopleExpected: r.peopleExpected,
    peopleFound: r.peopleFound,
    setAside: r.setAside,
    backups: listBackupFiles(path.join(store.dataDir, 'backups')).length,
  }
}

const ASIDE = /^before-restore-\d{8}-\d{6}/

function setAsideDirs(dataDir: string): string[] {
  let names: string[]
  try {
    names = fs.readdirSync(dataDir)
  } catch {
    return []
  }
  return names
    .filter((n) => ASIDE.test(n))
    .sort()
    .reverse()
}

function sizeText(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`
}

/**
 * Backups from Settings. The store restores in place: it sets the current files aside, puts the
 * backup's files back and reloads itself behind the same object, then tells its subscribers
 * that everything changed (core forwards that to every window as `store.changed`). So every
 * service, which reads through that one Store, sees the restored data without a restart.
 */
export function backupService(deps: {
  store: BackupStore
}): ServiceImpl<Contract['backup'], CallContext> {
  const { store } = deps
  let restoring = false

  const list = async (): Promise<BackupList> => ({
    backups: await store.listBackups(),
    dataDir: store.dataDir,
    backupDir: path.join(store.dataDir, 'backups'),
    setAside: setAsideDirs(store.dataDir),
  })

  return {
    list: () => list(),

    async recover({ action }, ctx) {
      const found = store.recovery
      if (!found) throw new AppError('no_recovery', '数据完好，不需要恢复。')
      if (action === 'accept') {
        if (found.peopleFound === 0) {
          throw new AppError(
            ErrorCode.forbidden,
            '这个数据文件夹里已读不到任何人员，不能直接继续使用：请从备份恢复，或在其他电脑上从同步空间重建。',
          )
        }
        store.acceptDamage()
        await audit(ctx, 'recovery.accept', 'data', `接受了缺少的数据，继续使用：${found.message}`)
        return { recovery: null }
      }
      if (listBackupFiles(path.join(store.dataDir, 'backups')).length === 0) {
        throw new AppError(
          'no_backup',
          '这台电脑上没有备份可以恢复。请把备份文件（kefu-*.json.gz）放进数据文件夹的 backups/ 里再试。',
        )
      }
      const left = await store.recoverFromBackup()
      await audit(
        ctx,
        'recovery.restore',
        'data',
        left ? `从最新备份恢复后仍不完整：${left.message}` : '从最新备份恢复，数据已完整',
      )
      return { recovery: recoveryView(store) }
    },

    async create(_input, ctx): Promise<BackupInfo> {
      if (restoring) throw new AppError(ErrorCode.conflict, '正在恢复备份，请稍后再备份。')
      let name: string
      try {
        name = await store.backupNow()
      } catch (e) {
        if (e instanceof AppError) throw e
        throw new AppError(
          'backup_failed',
          `备份没有完成：${(e as Error).message}。请检查磁盘空间和数据目录的写入权限后再试。`,
        )
      }
      const info = (await store.listBackups()).find((b) => b.name === name)
      if (!info) throw new AppError('backup_failed', '备份文件没有找到，请再试一次。')
      await audit(
        ctx,
        'backup.create',
        `backup/${name}`,
        `立即备份：${name}（${sizeText(info.size)}）`,
      )
      return info
    },

    async restore({ name }, ctx) {
      if (restoring) throw new AppError(ErrorCode.conflict, '已经在恢复备份，请等它完成。')
      restoring = true
      try {
        const before = new Set(setAsideDirs(store.dataDir))
        try {
          await store.restoreBackup(name)
        } catch (e) {
          if (e instanceof AppError) throw e
          throw new AppError(
            'restore_failed',
            `恢复没有完成：${(e as Error).message}。恢复前的数据在数据目录的 before-restore-* 文件夹中，没有删除；请联系管理员处理。`,
          )
        }
        const aside = setAsideDirs(store.dataDir).find((d) => !before.has(d)) ?? ''
        // Recorded in the restored data, so the trail shows that the data went back in time.
        await audit(
          ctx,
          'backup.restore',
          `backup/${name}`,
          `恢复了备份 ${name}；恢复前的数据移到了 ${aside}/`,
        )
        return { name, setAsideDir: path.join(store.dataDir, aside) }
      } finally {
        restoring = false
      }
    },
  }
}
