import type { ShiftSummaryView } from '@shared/api/shifts'
import { shopTime } from '../reports/format'

type T = (key: string) => string

/**
 * The summary's title in the language of the page it is on (the service's `view.title` is the
 * zh-CN one, for files and the audit log): a PDF in English must not open with a Chinese title.
 * Slot labels and names are the shop's own words and stay as typed.
 */
export function summaryTitle(view: ShiftSummaryView, t: T): string {
  return [
    t(view.scope === 'team' ? 'titleTeam' : 'titlePerson'),
    shopTime(view.from, view.utcOffsetMinutes).slice(0, 10),
    view.shift?.slotLabel ?? '',
    view.people?.join(t('nameSeparator')) ?? '',
  ]
    .filter(Boolean)
    .join(' ')
}
