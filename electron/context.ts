import type { Person } from '../shared/auth/roles'
import type { Session } from './sessions'

/** What a service method learns about its caller: always from the transport, never the payload. */
export interface CallContext {
  session: Session
  deviceId: string
  deviceName: string
  /**
   * The signed-in person, resolved from the session on every call (a person disabled on
   * another PC stops here at their next call), or null.
   */
  person: Person | null
  /** Appends to the audit trail; services call it through `audit()` in services/audit.ts. */
  audit(action: string, target: string, detail: string): Promise<void>
}
