import { auditService, createAuditWriter } from './audit'
import type { ServiceDeps } from './deps'
import { peopleService } from './people'
import { PeopleLocal } from './people-local'
import { privacyService, startRetention } from './privacy'
import { Eraser, registerEraser } from './privacy-erasure'
import { readSpaceView } from './privacy-space'
import { ticketIndexOf } from './tickets'
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
  const eraser = new Eraser(deps.store, deps.dataDir, deps.device, async () => {
    const index = ticketIndexOf(deps.store)
    return index ? await index : null
  })
  const stopRetention = startRetention(
    deps.store,
    eraser,
    createAuditWriter(deps.store),
    deps.device,
  )
  registerEraser(deps.store, eraser, stopRetention)
  return privacyService(deps.store, eraser, () => readSpaceView(deps.dataDir))
}
