import {
  BarChartOutlined,
  CustomerServiceOutlined,
  MessageOutlined,
  ReadOutlined,
  ScheduleOutlined,
  SettingOutlined,
} from '@ant-design/icons'
import { Alert, ConfigProvider, Layout, Menu, Spin, App as AntApp, message } from 'antd'
import enUS from 'antd/locale/en_US'
import zhCN from 'antd/locale/zh_CN'
import { useEffect } from 'react'
import { DISPLAY_NOBODY } from '@shared/api/settings'
import { useAuth } from '../features/auth/store'
import { applyDisplay, displayFor, themeFor, zoomHotkeys } from './display'
import { useTranslation } from 'react-i18next'
import { AuthGate } from '../features/auth/AuthGate'
import { sectionViews } from './sections'
import { StatusBar } from './StatusBar'
import { SECTIONS, useApp, type Section } from './store'
import { useHotkeys } from './hotkeys'
import { QuickPicker } from '../features/scripts/QuickPicker'

const icons: Record<Section, React.ReactNode> = {
  tickets: <CustomerServiceOutlined />,
  scripts: <MessageOutlined />,
  training: <ReadOutlined />,
  shifts: <ScheduleOutlined />,
  reports: <BarChartOutlined />,
  settings: <SettingOutlined />,
}

const nonce = document.querySelector<HTMLMetaElement>('meta[name="kefu-nonce"]')?.content

export function App() {
  const { t, i18n } = useTranslation()
  const { ready, loadError, section, go, load, info, settings, setDisplay } = useApp()
  const personKey = useAuth((s) => s.me?.id) ?? DISPLAY_NOBODY
  const display = displayFor(settings, personKey)

  useEffect(() => {
    void load()
  }, [load])

  // The marker the tests (and nothing else) wait for: never a sleep (STYLE.md).
  useEffect(() => {
    if (ready) document.body.dataset.appState = 'loaded'
  }, [ready])

  useEffect(() => applyDisplay(display), [display])

  useHotkeys([
    ...SECTIONS.map((s, i) => ({ combo: `Alt+${i + 1}`, run: () => go(s) })),
    ...zoomHotkeys(
      () => display.zoom,
      (zoom) =>
        void setDisplay(personKey, { ...display, zoom }).catch((err: Error) =>
          message.error(t('settings:display.saveFailed', { message: err.message })),
        ),
    ),
  ])

  const View = sectionViews[section]
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      csp={nonce ? { nonce } : undefined}
      theme={themeFor(display)}
    >
      <AntApp>
        <Layout className="shell">
          <Layout.Sider width={168} theme="light" className="shell-nav">
            <div className="brand">{t('appName')}</div>
            <Menu
              mode="inline"
              selectedKeys={[section]}
              onClick={(e) => go(e.key as Section)}
              items={SECTIONS.map((s, i) => ({
                key: s,
                icon: icons[s],
                label: (
                  <span data-testid={`nav-${s}`}>
                    {t(`nav.${s}`)}
                    <span className="hotkey-hint">Alt+{i + 1}</span>
                  </span>
                ),
              }))}
            />
          </Layout.Sider>
          <Layout>
            <Layout.Content className="shell-content" data-testid={`section-${section}`}>
              {loadError && (
                <Alert
                  type="error"
                  showIcon
                  title={t('errors.loadFailed', { message: loadError })}
                />
              )}
              {info?.notices.map((n) => (
                <Alert
                  key={n.code}
                  type="warning"
                  showIcon
                  closable
                  title={n.message}
                  style={{ marginBottom: 12 }}
                />
              ))}
              {ready ? (
                <AuthGate>
                  <View />
                  {/* Ctrl+/ opens the script picker in every section, copy-only outside an order. */}
                  <QuickPicker />
                </AuthGate>
              ) : (
                !loadError && <Spin size="large" />
              )}
            </Layout.Content>
            <Layout.Footer className="shell-footer">
              <StatusBar />
            </Layout.Footer>
          </Layout>
        </Layout>
      </AntApp>
    </ConfigProvider>
  )
}
