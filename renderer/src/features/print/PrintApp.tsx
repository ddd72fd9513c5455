import { Alert, Button, ConfigProvider, Space, Spin } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ShiftSummaryView } from '@shared/api/shifts'
import { toCallError } from '@shared/api/envelope'
import { kefu } from '../../api'
import { SummaryView } from '../shifts/SummaryView'
import '../shifts/shifts.css'
import './print.css'

const nonce = document.querySelector<HTMLMetaElement>('meta[name="kefu-nonce"]')?.content

/** `#/print/shift/<token>[?print=1]` → the token and whether to open the browser's print. */
export function parsePrintHash(hash: string): { token: string; autoPrint: boolean } | null {
  const m = /^#\/print\/shift\/([A-Za-z0-9_-]{20,64})(\?print=1)?$/.exec(hash)
  return m ? { token: m[1]!, autoPrint: !!m[2] } : null
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
    kefu.shifts
      .printData({ token: route.token })
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
      document.title = view?.title ?? document.title
      // Printing from the page itself: the browser's print dialog offers 「另存为 PDF」.
      if (route?.autoPrint) window.print()
    }, 100)
    return () => clearTimeout(timer)
  }, [ready]) // eslint-disable-line react-hooks/exhaustive-deps -- once when drawn

  return (
    <ConfigProvider
      locale={zhCN}
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
