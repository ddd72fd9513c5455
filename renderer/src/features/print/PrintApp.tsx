import { Alert, Button, ConfigProvider, Space, Spin } from 'antd'
import enUS from 'antd/locale/en_US'
import zhCN from 'antd/locale/zh_CN'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ShiftSummaryView } from '@shared/api/shifts'
import { toCallError } from '@shared/api/envelope'
import { kefu } from '../../api'
import i18n, { LANGUAGES, type Language } from '../../i18n'
import { SummaryView } from '../shifts/SummaryView'
import { summaryTitle } from './title'
import '../shifts/shifts.css'
import './print.css'

const nonce = document.querySelector<HTMLMetaElement>('meta[name="kefu-nonce"]')?.content

export interface PrintRoute {
  token: string
  /** Open the browser's print dialog once drawn (the browser build's 打印). */
  autoPrint: boolean
  /** The document's one language; the page's current one when absent. */
  lang: Language | null
}

/** `#/print/shift/<token>[?lang=en][&print=1]` → the token, the language, whether to print. */
export function parsePrintHash(hash: string): PrintRoute | null {
  const m = /^#\/print\/shift\/([A-Za-z0-9_-]{20,64})(?:\?(.*))?$/.exec(hash)
  if (!m) return null
  const q = new URLSearchParams(m[2] ?? '')
  for (const k of q.keys()) if (k !== 'lang' && k !== 'print') return null
  const lang = q.get('lang')
  if (lang !== null && !(LANGUAGES as readonly string[]).includes(lang)) return null
  const print = q.get('print')
  if (print !== null && print !== '1') return null
  return { token: m[1]!, autoPrint: print === '1', lang: lang as Language | null }
}

/**
 * The print view of a shift summary: the page the Electron shell prints to PDF in a hidden
 * window, and the page the browser build prints with window.print(). It needs no session: the
 * summary comes with a short-lived token. `data-print-ready` is set on the body once the data
 * is on the page and every chart has drawn; the printers wait for it.
 */
export function PrintApp() {
  const { t } = useTranslation('shifts')
  const route = parsePrintHash(window.location.hash)
  const [view, setView] = useState<ShiftSummaryView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [ready, setReady] = useState(false)

  useEffect(() => {
    document.body.classList.add('kefu-print')
    delete document.body.dataset.printReady
    if (!route) {
      setError(t('print.badLink'))
      return
    }
    // One language for the whole document: switched before anything of it is drawn.
    const lang = route.lang
    const switched = lang && lang !== i18n.language ? i18n.changeLanguage(lang) : Promise.resolve()
    if (lang) document.documentElement.lang = lang
    switched
      .then(() => kefu.shifts.printData({ token: route.token }))
      .then(setView)
      .catch((e: unknown) => setError(toCallError(e).message))
    return () => document.body.classList.remove('kefu-print')
  }, [route?.token]) // eslint-disable-line react-hooks/exhaustive-deps -- once per token

  useEffect(() => {
    if (!ready) return
    // A moment for the last chart's drawing to be on the page, not only queued (a timer, not
    // animation frames: a hidden print window may never paint a frame).
    const timer = setTimeout(() => {
      document.body.dataset.printReady = '1'
      // The PDF's own title (its metadata, and the name a browser suggests), in its language.
      if (view) document.title = summaryTitle(view, (k) => t(k))
      // Printing from the page itself: the browser's print dialog offers 「另存为 PDF」.
      if (route?.autoPrint) window.print()
    }, 100)
    return () => clearTimeout(timer)
  }, [ready]) // eslint-disable-line react-hooks/exhaustive-deps -- once when drawn

  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      csp={nonce ? { nonce } : undefined}
      theme={{ token: { colorPrimary: '#1f6feb' } }}
    >
      <div className="print-page" data-testid="print-page">
        <Space className="print-toolbar">
          <Button
            type="primary"
            onClick={() => window.print()}
            disabled={!ready}
            data-testid="print-now"
          >
            {t('print.print')}
          </Button>
          <Button onClick={() => (window.location.hash = '#/shifts')} data-testid="print-back">
            {t('print.back')}
          </Button>
        </Space>
        {error && <Alert type="error" showIcon title={error} data-testid="print-error" />}
        {!view && !error && <Spin />}
        {view && <SummaryView view={view} still onRendered={() => setReady(true)} />}
      </div>
    </ConfigProvider>
  )
}
