import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'

export const LANGUAGES = ['zh-CN', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

type Bundle = Record<string, unknown>

/**
 * Each feature keeps its strings in `locales/<lang>/<namespace>.json`; they are gathered here so
 * features never edit a shared file. zh-CN is the source language, en must be complete too.
 */
const files = import.meta.glob<Bundle>('./locales/*/*.json', { eager: true, import: 'default' })

export function collectResources(): Record<string, Record<string, Bundle>> {
  const resources: Record<string, Record<string, Bundle>> = {}
  for (const [file, bundle] of Object.entries(files)) {
    const m = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(file)
    if (!m) continue
    const [, lang, ns] = m as unknown as [string, string, string]
    ;(resources[lang] ??= {})[ns] = bundle
  }
  return resources
}

export const namespaces = [
  ...new Set(Object.keys(files).map((f) => /\/([^/]+)\.json$/.exec(f)![1]!)),
]

void i18n.use(initReactI18next).init({
  resources: collectResources(),
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  ns: namespaces,
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
})

export default i18n

/**
 * antd's date pickers take month and weekday names, and the first day of the week, from dayjs:
 * its language follows the interface language, so pickers and formatted dates read alike.
 */
function followDayjs(lang: string | undefined) {
  dayjs.locale(lang?.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en')
}
followDayjs(i18n.language)
i18n.on('languageChanged', followDayjs)
