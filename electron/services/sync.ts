import type { Contract, ServiceImpl } from '../../shared/api'
import { AppError, ErrorCode } from '../../shared/errors'
import type { CallContext } from '../context'
import { storeAuthorize } from '../sync/authorize'
import { renewDeviceIdentity } from '../sync/device-renew'
import { stateFingerprint, SyncManager, type TargetConfig } from '../sync/manager'
import type { ServiceDeps } from './deps'

function peopleCount(deps: ServiceDeps): number {
  let n = 0
  for (const d of deps.store.all('person')) if (d.deleted === undefined) n++
  return n
}

const managers = new WeakMap<object, SyncManager>()

/** Stops background sync for a store that is closing (electron/core.ts close()). */
export async function closeSync(store: object): Promise<void> {
  const m = managers.get(store)
  managers.delete(store)
  await m?.close()
}

/** Sync (issue 8): one background loop per configured target, driven from Settings. */
export function syncService(deps: ServiceDeps): ServiceImpl<Contract['sync'], CallContext> {
  const manager = new SyncManager({
    dataDir: deps.dataDir,
    deviceId: deps.device.id,
    deviceName: () => deps.localSettings.get().pcName ?? deps.device.name,
    store: deps.store,
    safeStorage: deps.adapters.safeStorage,
    emit: (s) => deps.events.emit('sync.status', s),
    authorize: storeAuthorize(deps.store),
    renewDeviceId: () => renewDeviceIdentity(deps.dataDir),
  })
  managers.set(deps.store, manager)
  return {
    status: () => manager.statusView(),
    test: ({ target, passphrase }) => manager.test(target as TargetConfig, passphrase),
    async configure({ target, passphrase, encrypt }, ctx) {
      const view = await manager.configure(target as TargetConfig, passphrase, encrypt)
      const t = target as TargetConfig
      await ctx.audit(
        'sync.configure',
        'sync',
        `设置同步位置：${t.type === 'folder' ? `共享文件夹 ${t.path}` : `WebDAV ${t.url}（用户 ${t.user}）`}${encrypt ? '，加密' : ''}`,
      )
      return view
    },
    async disable(_input, ctx) {
      const view = await manager.disable()
      await ctx.audit('sync.disable', 'sync', '停用了同步')
      return view
    },
    syncNow: () => manager.syncNow(),
    log: () => manager.logView(),
    fingerprint: () => stateFingerprint(deps.store),
    conflicts: () => manager.conflicts(),
    aside: () => manager.aside(),
    acceptHeld: ({ deviceId }) => manager.acceptHeld(deviceId),
    join: async ({ target, passphrase }) => {
      if (peopleCount(deps) > 0) {
        throw new AppError(
          ErrorCode.forbidden,
          '这台电脑上已经有人员数据，不能再加入另一个同步空间；请由管理员在“设置 → 同步”中设置。',
        )
      }
      return manager.join(target as TargetConfig, passphrase, () => peopleCount(deps))
    },
  }
}
