import type { ClientApi, MethodSpec } from './define'
import type { EventListener, EventName } from './events'
import { settings } from './settings'
import { people } from './people'
import { audit } from './audit'
import { privacy } from './privacy'
import { system } from './system'
import { tickets } from './tickets'
import { shop } from './shop'
import { sync } from './sync'
import { scripts } from './scripts'
import { training } from './training'
import { shifts } from './shifts'
import { reports } from './reports'
import { qc } from './qc'
import { backup } from './backup'
import { files } from './files'

/**
 * The one API contract. Each service's methods are declared in its own file; adding a method
 * there and in the service makes it available over IPC and HTTP with no other code.
 */
export const contract = {
  system,
  settings,
  people,
  audit,
  privacy,
  tickets,
  shop,
  sync,
  scripts,
  training,
  shifts,
  reports,
  qc,
  backup,
  files,
}

export type Contract = typeof contract
export type ServiceName = keyof Contract

/** `window.kefu`: the contract's methods plus a listener for pushed events. */
export type KefuApi = ClientApi<Contract> & {
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void
  shell: 'electron' | 'browser'
}

/** Every `service.method` name in the contract, for the transports' one registration loop. */
export function methodNames(): string[] {
  const names: string[] = []
  for (const [svc, methods] of Object.entries(contract)) {
    for (const m of Object.keys(methods)) names.push(`${svc}.${m}`)
  }
  return names
}

export function lookupMethod(name: string) {
  const dot = name.indexOf('.')
  if (dot < 0) return undefined
  const svc = name.slice(0, dot)
  const m = name.slice(dot + 1)
  if (!Object.hasOwn(contract, svc)) return undefined
  const methods = contract[svc as ServiceName] as Record<string, unknown>
  if (!Object.hasOwn(methods, m)) return undefined
  return {
    service: svc as ServiceName,
    method: m,
    spec: methods[m] as MethodSpec,
  }
}

export * from './define'
export * from './events'
export { unwrapEnvelope } from './envelope'
