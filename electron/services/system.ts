import type { Contract, ServiceImpl } from '../../shared/api'
import type { CallContext } from '../context'
import type { ServiceDeps } from './deps'

export function systemService(deps: ServiceDeps): ServiceImpl<Contract['system'], CallContext> {
  return {
    info: () => ({
      name: 'Kefu Desk',
      version: deps.version,
      shell: deps.shell,
      dataDir: deps.dataDir,
      deviceId: deps.device.id,
      deviceName: deps.localSettings.get().pcName ?? deps.device.name,
      notices: deps.notices,
    }),
    ping: () => ({ pong: true as const, at: new Date().toISOString() }),
  }
}
