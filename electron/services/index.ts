import type { Contract, ServiceImpl } from '../../shared/api'
import type { CallContext } from '../context'
import type { Implementations } from '../dispatch'
import type { ServiceDeps } from './deps'
import { settingsService } from './settings'
import { auditServiceFrom, peopleServiceFrom, privacyServiceFrom } from './people-wiring'
import { systemService } from './system'
import { ticketsServiceFrom } from './tickets'
import { shopService } from './shop'
import { syncService } from './sync'
import { scriptsService } from './scripts'
import { trainingServiceFrom } from './training'
import { shiftsServiceFrom } from './shifts'
import { reportsServiceFrom } from './reports'
import { qcServiceFrom } from './qc'
import { backupService } from './backup'
import { filesService } from './files'

export type Services = { [S in keyof Contract]: ServiceImpl<Contract[S], CallContext> }

/** One module per capability; this is the only list of them. */
export function createServices(deps: ServiceDeps): Services {
  return {
    system: systemService(deps),
    settings: settingsService(deps),
    people: peopleServiceFrom(deps),
    audit: auditServiceFrom(deps),
    privacy: privacyServiceFrom(deps),
    tickets: ticketsServiceFrom(deps),
    shop: shopService(deps.store),
    sync: syncService(deps),
    scripts: scriptsService(deps),
    training: trainingServiceFrom(deps),
    shifts: shiftsServiceFrom(deps),
    reports: reportsServiceFrom(deps),
    qc: qcServiceFrom(deps),
    backup: backupService(deps),
    files: filesService(deps),
  }
}

export function asImplementations(services: Services): Implementations {
  return services as unknown as Implementations
}
