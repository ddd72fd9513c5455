import dayjs, { type Dayjs } from 'dayjs'
import 'dayjs/locale/zh-cn'
import i18n from '../../i18n'

/**
 * antd's date pickers take their words from ConfigProvider's locale (set in App) and their
 * month and weekday names, and the first day of the week, from dayjs: the zh-cn data must be
 * loaded, and dayjs's own default follows the interface language so anything formatted with
 * it reads the same as the pickers.
 */
function follow(lang: string | undefined) {
  dayjs.locale(lang?.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en')
}
follow(i18n.language)
i18n.on('languageChanged', follow)

/** The start of that day on this PC, as the ISO the filters carry. */
export function dayStartIso(d: Dayjs | null): string | undefined {
  return d ? d.startOf('day').toISOString() : undefined
}

/** The last millisecond of that day on this PC: "to 5 May" includes all of 5 May. */
export function dayEndIso(d: Dayjs | null): string | undefined {
  return d ? d.endOf('day').toISOString() : undefined
}

export function isoToDay(iso: string | undefined): Dayjs | null {
  if (!iso) return null
  const d = dayjs(iso)
  return d.isValid() ? d : null
}
