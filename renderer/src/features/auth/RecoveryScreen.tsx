import { Alert, App, Button, Card, Popconfirm, Space, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RecoveryView } from '@shared/api/backup'
import { kefu } from '../../api'
import { screenStyle } from './layout'
import { useAuth } from './store'

/**
 * Start-up found damage it could not repair (DESIGN §6): shown instead of first start or
 * sign-in, so a damaged shop is never mistaken for a new one. The message from the store names
 * the missing range, since when, and where the damaged files were set aside.
 */
export function RecoveryScreen({ recovery }: { recovery: RecoveryView }) {
  const { t, i18n } = useTranslation('auth')
  const { message } = App.useApp()
  const load = useAuth((s) => s.load)
  const [busy, setBusy] = useState<'restore' | 'accept' | null>(null)
  const [error, setError] = useState<string | null>(null)

  const act = async (action: 'restoreBackup' | 'accept') => {
    setBusy(action === 'accept' ? 'accept' : 'restore')
    setError(null)
    try {
      const { recovery: left } = await kefu.backup.recover({ action })
      if (!left) message.success(t('damage.done'))
      else setError(`${t('damage.still')}${left.message}`)
      await load()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(null)
    }
  }

  return (
    <div style={screenStyle} data-testid="recovery-screen">
      <Typography.Title level={3}>{t('damage.title')}</Typography.Title>
      <Alert type="warning" showIcon title={t('damage.intro')} style={{ marginBottom: 16 }} />
      <Card>
        <Typography.Paragraph data-testid="recovery-message">
          {recovery.message}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          {t('damage.found', { at: new Date(recovery.foundAt).toLocaleString(i18n.language) })}
        </Typography.Paragraph>
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginBottom: 12 }}
            data-testid="recovery-error"
          />
        )}
        <Space orientation="vertical" style={{ width: '100%' }}>
          {recovery.backups > 0 ? (
            <>
              <Button
                type="primary"
                loading={busy === 'restore'}
                disabled={busy !== null}
                onClick={() => void act('restoreBackup')}
                data-testid="recovery-restore"
              >
                {t('damage.restore')}
              </Button>
              <Typography.Text type="secondary">{t('damage.restoreHint')}</Typography.Text>
            </>
          ) : (
            <>
              <Alert type="info" showIcon title={t('damage.noBackup')} />
              <Button onClick={() => void load()} data-testid="recovery-recheck">
                {t('damage.recheck')}
              </Button>
            </>
          )}
          <Typography.Text type="secondary">{t('damage.syncHint')}</Typography.Text>
          {recovery.peopleFound > 0 && (
            <>
              <Popconfirm title={t('damage.acceptConfirm')} onConfirm={() => void act('accept')}>
                <Button
                  danger
                  loading={busy === 'accept'}
                  disabled={busy !== null}
                  data-testid="recovery-accept"
                >
                  {t('damage.accept')}
                </Button>
              </Popconfirm>
              <Typography.Text type="secondary">{t('damage.acceptHint')}</Typography.Text>
            </>
          )}
        </Space>
      </Card>
    </div>
  )
}
