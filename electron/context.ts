import type { Session } from './sessions'

/** What a service method learns about its caller: always from the transport. */
export interface CallContext {
  session: Session
  deviceId: string
  deviceName: string
}
