import type { ComponentType } from 'react'
import type { FillContext } from '@shared/api/scripts'
import type { TicketDetail } from '@shared/api/tickets'
import type { UseContext } from '@shared/scripts/model'

/**
 * The reply box's extension point: the reply-script library (话术) plugs its picker in here,
 * so the ticket desk does not depend on the scripts feature.
 *
 * ```ts
 * import { registerReplyPicker } from '../tickets/reply-extension'
 * registerReplyPicker(ScriptPicker)
 * ```
 * The picker is shown beside the reply box. It gets the order (masked customer data, platform,
 * category, order number…) to fill placeholders, and `insert(text, scriptId)` puts the text at
 * the cursor; the reply is then recorded with that `scriptId`. In a training drill there is no
 * order: `fill` carries the drill's made-up order instead, and `context` is 'drill'.
 */
export interface ReplyPickerProps {
  /** The open order; null in a drill. */
  ticket: TicketDetail | null
  /** 'drill': a training reply, whose script uses the library does not count. */
  context: UseContext
  /** Placeholder values and platform when they do not come from an order (a drill). */
  fill?: FillContext
  insert(text: string, scriptId?: string): void
  /** The box's text right now (for a picker that filters by what is typed). */
  currentText: string
  /** Gives the focus back to the reply box (after a pick, or Esc). */
  focusReply(): void
}

export type ReplyPicker = ComponentType<ReplyPickerProps>

// One array per registration change: React's useSyncExternalStore needs a stable snapshot.
let pickers: readonly ReplyPicker[] = []
const listeners = new Set<() => void>()

export function registerReplyPicker(picker: ReplyPicker): () => void {
  if (!pickers.includes(picker)) pickers = [...pickers, picker]
  listeners.forEach((l) => l())
  return () => {
    pickers = pickers.filter((p) => p !== picker)
    listeners.forEach((l) => l())
  }
}

export function replyPickers(): readonly ReplyPicker[] {
  return pickers
}

export function onReplyPickersChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
