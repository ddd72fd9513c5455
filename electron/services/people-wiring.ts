import { auditService, createAuditWriter } from './audit'
import type { ServiceDeps } from './deps'
import { peopleService } from './people'
import { PeopleLocal } from './people-local'
import { privacyService } from './privacy'
import { hasJoinedSpace } from '../sync/manager'
import { recoveryView } from './backup'

/** People, audit and privacy built from the common service deps (one line each in index.ts). */
export function peopleServiceFrom(deps: ServiceDeps) {
  return peopleService({
    store: deps.store,
    sessions: deps.sessions,
    local: PeopleLocal.open(deps.dataDir),
    audit: createAuditWriter(deps.store),
    joinedSpace: () => hasJoinedSpace(deps.dataDir),
    recovery: () => recoveryView(deps.store),
  })
}

export function auditServiceFrom(deps: ServiceDeps) {
  return auditService(deps.store)
}

export function privacyServiceFrom(deps: ServiceDeps) {
  return privacyService(deps.store)
}
