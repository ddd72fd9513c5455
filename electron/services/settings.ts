import type { Contract, ServiceImpl } from '../../shared/api'
import type { CallContext } from '../context'
import type { ServiceDeps } from './deps'

export function settingsService(deps: ServiceDeps): ServiceImpl<Contract['settings'], CallContext> {
  return {
    getLocal: () => deps.localSettings.get(),
    setLocal: (patch) => deps.localSettings.update(patch),
  }
}
