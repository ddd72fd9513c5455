import { Space, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { PersonMenu } from '../features/auth/PersonMenu'
import { useApp } from './store'

const syncColor = {
  off: 'default',
  offline: 'warning',
  syncing: 'processing',
  upToDate: 'success',
  incomplete: 'warning',
  error: 'error',
} as const

/** Always visible: who is signed in, this PC, and the sync state (DESIGN §5). */
export function StatusBar() {
  const { t } = useTranslation()
  const info = useApp((s) => s.info)
  const sync = useApp((s) => s.sync)
  return (
    <div className="status-bar" role="status" data-testid="status-bar">
      <Space size="middle">
        <PersonMenu />
        <Tag color={syncColor[sync.state]} data-testid="status-sync" data-sync-state={sync.state}>
          {t(`status.sync.${sync.state}`)}
          {sync.message ? `：${sync.message}` : ''}
        </Tag>
      </Space>
      <Space size="middle">
        {info && (
          <Typography.Text type="secondary">
            {t('status.device', { name: info.deviceName })}
          </Typography.Text>
        )}
        {info && (
          <Typography.Text type="secondary">
            {info.shell === 'browser' ? t('status.shellBrowser') : t('status.shellElectron')}
          </Typography.Text>
        )}
      </Space>
    </div>
  )
}
