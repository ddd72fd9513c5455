import { CloudDownloadOutlined, HistoryOutlined, SaveOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Modal, Result, Space, Spin, Table, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { BackupInfo, BackupList } from '@shared/api/backup'
import { kefu } from '../../api'
import { useCan } from '../auth/store'
import { failure } from '../tickets/format'

const pad = (n: number) => String(n).padStart(2, '0')

/** 2026-11-25 09:30:00 in this PC's time: a backup is found by when it was made. */
export function backupTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

export function sizeText(bytes: number): string {
  if (bytes >= 1048576) return `${(bytes / 1048576).toFixed(1)} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

type Working = 'list' | 'backup' | 'restore' | null

/**
 * Settings → 备份: the store's daily backups of this PC's data folder, a backup now, and a
 * restore after a confirmation that says where the current data goes (never deleted). After a
 * restore the window reloads, so every open view reads the restored data.
 */
export function BackupPanel() {
  const { t } = useTranslation('backup')
  const canSee = useCan('backup.create')
  if (!canSee)
    return (
      <Result
        status="403"
        title={t('forbiddenTitle')}
        subTitle={t('forbidden')}
        data-testid="backup-forbidden"
      />
    )
  return <Backups />
}

function Backups() {
  const { t } = useTranslation('backup')
  const { message, modal } = App.useApp()
  const canRestore = useCan('backup.restore')
  const [data, setData] = useState<BackupList | null>(null)
  const [working, setWorking] = useState<Working>('list')
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState<BackupInfo | null>(null)

  const reload = useCallback(async () => {
    setData(await kefu.backup.list({}))
  }, [])

  useEffect(() => {
    reload()
      .catch((e) => setError(t('listFailed', { reason: failure(e).message })))
      .finally(() => setWorking(null))
  }, [reload, t])

  const backupNow = async () => {
    setWorking('backup')
    setError(null)
    try {
      const made = await kefu.backup.create({})
      message.success(t('created', { time: backupTime(made.at), size: sizeText(made.size) }))
      await reload()
    } catch (e) {
      setError(t('createFailed', { reason: failure(e).message }))
    } finally {
      setWorking(null)
    }
  }

  const restore = async (b: BackupInfo) => {
    setConfirming(null)
    setWorking('restore')
    setError(null)
    try {
      const res = await kefu.backup.restore({ name: b.name })
      setWorking(null)
      modal.success({
        title: t('restored.title'),
        content: (
          <div data-testid="backup-restored">
            <p>{t('restored.body', { time: backupTime(b.at) })}</p>
            <p>
              {t('restored.setAside')}
              <Typography.Text code copyable>
                {res.setAsideDir}
              </Typography.Text>
            </p>
            <p>{t('restored.reload')}</p>
          </div>
        ),
        okText: t('restored.ok'),
        okButtonProps: { 'data-testid': 'backup-reload' } as never,
        // Every open view (lists, panels, stores) reads afresh; the sign-in survives a reload.
        onOk: () => window.location.reload(),
      })
    } catch (e) {
      setWorking(null)
      setError(t('restoreFailed', { reason: failure(e).message }))
      await reload().catch(() => {})
    }
  }

  const tip =
    working === 'backup'
      ? t('working.backup')
      : working === 'restore'
        ? t('working.restore')
        : t('working.list')

  return (
    <div style={{ maxWidth: 880 }} data-testid="backup-panel">
      <Spin
        spinning={working !== null}
        description={tip}
        data-testid={working ? 'backup-working' : undefined}
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card
            size="small"
            title={t('title')}
            extra={
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={working === 'backup'}
                disabled={working !== null}
                onClick={() => void backupNow()}
                data-testid="backup-now"
              >
                {t('backupNow')}
              </Button>
            }
          >
            <Typography.Paragraph type="secondary">{t('help')}</Typography.Paragraph>
            {data && (
              <Typography.Paragraph type="secondary">
                {t('where')} <Typography.Text code>{data.backupDir}</Typography.Text>
              </Typography.Paragraph>
            )}
            {!canRestore && (
              <Alert
                type="info"
                showIcon
                title={t('restoreAdminOnly')}
                style={{ marginBottom: 12 }}
              />
            )}
            {error && (
              <Alert
                type="error"
                showIcon
                title={error}
                style={{ marginBottom: 12 }}
                data-testid="backup-error"
              />
            )}
            <Table<BackupInfo>
              rowKey="name"
              size="small"
              pagination={false}
              dataSource={data?.backups ?? []}
              locale={{ emptyText: t('empty') }}
              data-testid="backup-table"
              columns={[
                { title: t('col.time'), render: (_, b) => backupTime(b.at) },
                { title: t('col.size'), render: (_, b) => sizeText(b.size), width: 110 },
                {
                  title: t('col.file'),
                  dataIndex: 'name',
                  render: (n: string) => <Typography.Text type="secondary">{n}</Typography.Text>,
                },
                {
                  title: t('col.actions'),
                  width: 110,
                  render: (_, b) => (
                    <Button
                      size="small"
                      danger
                      icon={<CloudDownloadOutlined />}
                      disabled={!canRestore || working !== null}
                      onClick={() => setConfirming(b)}
                      data-testid="backup-restore"
                    >
                      {t('restore')}
                    </Button>
                  ),
                },
              ]}
            />
          </Card>
          {data && data.setAside.length > 0 && (
            <Card
              size="small"
              title={
                <>
                  <HistoryOutlined /> {t('asideTitle')}
                </>
              }
              data-testid="backup-aside"
            >
              <Typography.Paragraph type="secondary">
                {t('asideHelp')} <Typography.Text code>{data.dataDir}</Typography.Text>
              </Typography.Paragraph>
              <ul style={{ margin: 0 }}>
                {data.setAside.map((d) => (
                  <li key={d}>
                    <Typography.Text code>{d}/</Typography.Text>
                  </li>
                ))}
              </ul>
            </Card>
          )}
        </Space>
      </Spin>
      <Modal
        open={confirming !== null}
        title={t('confirm.title')}
        okText={t('confirm.ok')}
        okButtonProps={{ danger: true, 'data-testid': 'backup-confirm-ok' } as never}
        cancelText={t('confirm.cancel')}
        onCancel={() => setConfirming(null)}
        onOk={() => confirming && void restore(confirming)}
        destroyOnHidden
      >
        {confirming && data && (
          <div data-testid="backup-confirm">
            <p>{t('confirm.body', { time: backupTime(confirming.at) })}</p>
            <p>
              {t('confirm.aside')}
              <Typography.Text code>{data.dataDir}</Typography.Text>
              {t('confirm.asideTail')}
            </p>
            <p>{t('confirm.after')}</p>
          </div>
        )}
      </Modal>
    </div>
  )
}
