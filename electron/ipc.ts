import { methodNames, type Envelope, type EventMap, type EventName } from '../shared/api'
import { ErrorCode } from '../shared/errors'
import { isTrustedSender, sessionIdFor } from './security'

/** The channel pushed events travel on, main → every app window. */
export const EVENT_CHANNEL = 'kefu:event'

/** Electron's IpcMainInvokeEvent, structurally: who sent the call. */
export interface InvokeEventLike {
  sender: { id: number }
  /** Null once the frame navigated away or was destroyed. */
  senderFrame: { url: string } | null
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void
  removeHandler(channel: string): void
}

export interface CallTarget {
  call(name: string, input: unknown, sessionId: string): Promise<Envelope<unknown>>
}

const refused: Envelope<never> = {
  ok: false,
  error: { code: 'bad_origin', message: '拒绝访问：请求来自不可信的页面' },
}

function frameUrlOf(event: InvokeEventLike): string | null {
  try {
    // Reading senderFrame of a frame that is going away can throw in Electron.
    return event.senderFrame?.url ?? null
  } catch {
    return null
  }
}

/**
 * Serves the API contract over IPC (DESIGN §2): one `ipcMain.handle` per contract method, all
 * from one loop. Each call is answered with an envelope, never a thrown error: a frame that is
 * not the app's own page is refused, and the core parses the input, checks access and runs the
 * service for the window's session. Returns a function that removes the handlers.
 */
export function registerIpc(ipcMain: IpcMainLike, core: CallTarget, appOrigin: string): () => void {
  const names = methodNames()
  for (const name of names) {
    ipcMain.handle(name, async (event, input) => {
      if (!isTrustedSender(frameUrlOf(event), appOrigin)) {
        console.warn('[ipc] refused', name, 'from', String(frameUrlOf(event)).slice(0, 200))
        return refused
      }
      try {
        return await core.call(name, input, sessionIdFor(event.sender))
      } catch (err) {
        // core.call answers envelopes itself; this only catches a bug in it.
        console.error('[ipc]', name, err)
        return {
          ok: false,
          error: {
            code: ErrorCode.internal,
            message: '操作失败，请重试；如果反复出现请联系管理员',
          },
        } satisfies Envelope<never>
      }
    })
  }
  return () => {
    for (const name of names) ipcMain.removeHandler(name)
  }
}

export interface EventReceiver {
  id: number
  isDestroyed(): boolean
  getURL(): string
  send(channel: string, ...args: unknown[]): void
}

export interface EventFeed {
  addSink(sink: <E extends EventName>(event: E, payload: EventMap[E]) => void): () => void
}

/**
 * Forwards every service event to each live window showing the app's page (never to a page that
 * navigated elsewhere: events can name people and orders).
 */
export function forwardEvents(
  events: EventFeed,
  targets: () => Iterable<EventReceiver>,
  appOrigin: string,
): () => void {
  return events.addSink((event, payload) => {
    for (const wc of targets()) {
      if (wc.isDestroyed() || !isTrustedSender(wc.getURL(), appOrigin)) continue
      wc.send(EVENT_CHANNEL, event, payload)
    }
  })
}
