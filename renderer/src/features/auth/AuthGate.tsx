import { Alert, Radio, Spin } from 'antd'
import { useTranslation } from 'react-i18next'
import type { LocalSettings } from '@shared/api/settings'
import { useEffect, type ReactNode } from 'react'
import { useApp } from '../../app/store'
import { useHotkeys } from '../../app/hotkeys'
import { kefu } from '../../api'
import { FirstStart, RecoveryCodeNotice } from './FirstStart'
import { useIdle } from './idle'
import { RecoveryScreen } from './RecoveryScreen'
import { SignInScreen } from './SignInScreen'
import { useAuth } from './store'

/**
 * Nothing of the desk shows until someone is signed in: first start (no person yet), the
 * one-time recovery code, or the sign-in / lock screen. Signed in, it locks after the PC's
 * idle time and on Ctrl+L.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const { status, me, recoveryCode, loadError, load, lock } = useAuth()
  const idleMinutes = useApp((s) => s.settings?.idleLockMinutes ?? null)

  useEffect(() => {
    void load()
  }, [load])

  // The session may end elsewhere (disabled by an admin on another PC): look again on focus.
  useEffect(() => {
    const check = () => {
      if (!useAuth.getState().me) return
      void kefu.people.me({}).then((fresh) => {
        if (!fresh) useAuth.setState({ me: null })
        else useAuth.setState({ me: fresh })
      })
    }
    window.addEventListener('focus', check)
    const timer = window.setInterval(check, 60_000)
    return () => {
      window.removeEventListener('focus', check)
      window.clearInterval(timer)
    }
  }, [])

  useIdle(me ? idleMinutes : null, () => void lock())
  useHotkeys([{ combo: 'Ctrl+L', run: () => void lock(), inInputs: true }])

  if (loadError) return <Alert type="error" showIcon title={loadError} />
  if (!status) return <Spin size="large" />
  // Damage comes first: a damaged shop must never look like a new one (DESIGN §6).
  if (status.recovery) return withLanguage(<RecoveryScreen recovery={status.recovery} />)
  if (!status.hasPeople && !me) return withLanguage(<FirstStart />)
  if (!me) return withLanguage(<SignInScreen />)
  if (recoveryCode) return <RecoveryCodeNotice code={recoveryCode} />
  return <>{children}</>
}

/** Someone who reads English can switch before signing in (a PC-local setting, harmless to change). */
function withLanguage(screen: ReactNode) {
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <LanguageSwitch />
      </div>
      {screen}
    </>
  )
}

function LanguageSwitch() {
  const { t } = useTranslation()
  const language = useApp((s) => s.settings?.language ?? 'zh-CN')
  const updateSettings = useApp((s) => s.updateSettings)
  return (
    <Radio.Group
      size="small"
      optionType="button"
      value={language}
      aria-label={t('language.label')}
      onChange={(e) =>
        void updateSettings({ language: e.target.value as LocalSettings['language'] })
      }
      options={[
        { value: 'zh-CN', label: t('language.zh-CN') },
        { value: 'en', label: t('language.en') },
      ]}
      data-testid="language-switch"
    />
  )
}
