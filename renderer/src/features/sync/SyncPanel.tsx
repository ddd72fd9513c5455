import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  List,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type {
  SyncAsideOp,
  SyncConflict,
  SyncLogEntry,
  SyncStatusView,
  SyncTestResult,
} from '@shared/api/sync'
import { kefu } from '../../api'
import { useApp } from '../../app/store'
import { useCan } from '../auth/store'
import { showSyncStatus } from './status'
import { TargetFields, toTarget, type TargetValues } from './TargetFields'

interface FormValues extends TargetValues {
  passphrase?: string
  encrypt?: boolean
}

const stateColor = {
  off: 'default',
  offline: 'warning',
  syncing: 'processing',
  upToDate: 'success',
  incomplete: 'warning',
  error: 'error',
} as const

/** Settings → Sync: where the shop's PCs meet, test connection, sync now, the log, conflicts (DESIGN §5). */
export function SyncPanel() {
  const { t, i18n } = useTranslation('sync')
  const { message } = App.useApp()
  const live = useApp((s) => s.sync)
  const canConfigure = useCan('sync.configure')
  const canSettle = useCan('settings.shop')
  const [status, setStatus] = useState<SyncStatusView | null>(null)
  const [log, setLog] = useState<SyncLogEntry[]>([])
  const [conflicts, setConflicts] = useState<SyncConflict[]>([])
  const [aside, setAside] = useState<SyncAsideOp[]>([])
  const [fingerprint, setFingerprint] = useState<{ fingerprint: string; docs: number } | null>(null)
  const [test, setTest] = useState<SyncTestResult | null>(null)
  const [busy, setBusy] = useState<'test' | 'save' | 'now' | 'off' | null>(null)
  const [form] = Form.useForm<FormValues>()
  const type = Form.useWatch('type', form) ?? 'folder'

  const refresh = useCallback(async () => {
    const [s, l] = await Promise.all([kefu.sync.status({}), kefu.sync.log({})])
    setStatus(s)
    showSyncStatus(s)
    setLog(l)
    setFingerprint(await kefu.sync.fingerprint({}).catch(() => null))
    if (canSettle) setConflicts(await kefu.sync.conflicts({}).catch(() => []))
    if (canConfigure) setAside(await kefu.sync.aside({}).catch(() => []))
  }, [canConfigure, canSettle])

  useEffect(() => {
    void refresh()
  }, [refresh, live.state])

  useEffect(() => {
    if (!status?.target) return
    const tgt = status.target
    form.setFieldsValue(
      tgt.type === 'folder'
        ? { type: 'folder', path: tgt.path }
        : { type: 'webdav', url: tgt.url, user: tgt.user },
    )
  }, [status?.target, form])

  const run = async (kind: NonNullable<typeof busy>, fn: () => Promise<void>) => {
    setBusy(kind)
    try {
      await fn()
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setBusy(null)
      void refresh()
    }
  }

  const onTest = () =>
    run('test', async () => {
      const v = await form.validateFields()
      setTest(
        await kefu.sync.test({
          target: toTarget(v),
          ...(v.passphrase ? { passphrase: v.passphrase } : {}),
        }),
      )
    })
  const onSave = () =>
    run('save', async () => {
      const v = await form.validateFields()
      const s = await kefu.sync.configure({
        target: toTarget(v),
        encrypt: !!v.encrypt,
        ...(v.passphrase ? { passphrase: v.passphrase } : {}),
      })
      setStatus(s)
      showSyncStatus(s)
      setTest(null)
      message.success(t('saved'))
    })
  const onNow = () =>
    run('now', async () => {
      const r = await kefu.sync.syncNow({})
      if (r.state === 'upToDate')
        message.success(t('nowDone', { pushed: r.pushed, applied: r.applied }))
      else message.warning(r.message)
    })
  const onOff = () => run('off', async () => setStatus(await kefu.sync.disable({})))

  const state = status?.configured ? live.state : 'off'
  const fmt = (iso: string | null | undefined) =>
    iso ? new Date(iso).toLocaleString(i18n.language) : '—'

  return (
    <Space
      direction="vertical"
      size="large"
      style={{ width: '100%', maxWidth: 860 }}
      data-testid="sync-panel"
    >
      <Card size="small" title={t('statusTitle')}>
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={t('state')}>
            <Tag color={stateColor[state]} data-testid="sync-panel-state">
              {t(`states.${state}`)}
            </Tag>
            {live.message && <Typography.Text type="secondary">{live.message}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('lastSync')}>
            {fmt(live.at ?? status?.lastSyncAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('target')}>
            {status?.target
              ? status.target.type === 'folder'
                ? status.target.path
                : status.target.url
              : t('notSet')}
          </Descriptions.Item>
          <Descriptions.Item label={t('device')}>{status?.deviceId}</Descriptions.Item>
          {fingerprint && (
            <Descriptions.Item label={t('fingerprint')}>
              <Typography.Text code data-testid="sync-fingerprint">
                {fingerprint.fingerprint}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t('fingerprintHelp', { docs: fingerprint.docs })}
              </Typography.Text>
            </Descriptions.Item>
          )}
          {status?.encrypted && (
            <Descriptions.Item label={t('encryption')}>{t('encrypted')}</Descriptions.Item>
          )}
          {!!status?.heldBack && (
            <Descriptions.Item label={t('heldBack')}>{status.heldBack}</Descriptions.Item>
          )}
          {!!status?.gaps.length && (
            <Descriptions.Item label={t('gaps')} span={2}>
              <Space orientation="vertical" size={0} data-testid="sync-gaps">
                {status.gaps.map((g) => (
                  <Typography.Text key={g.deviceId} type="warning">
                    {t('gapOne', { name: g.name ?? g.deviceId, seq: g.seq, since: fmt(g.since) })}
                  </Typography.Text>
                ))}
              </Space>
            </Descriptions.Item>
          )}
          {!!status?.unknownDevices.length && (
            <Descriptions.Item label={t('unknown')} span={2}>
              <Space orientation="vertical" size={0} data-testid="sync-unknown">
                {status.unknownDevices.map((d) => (
                  <Typography.Text key={d.deviceId} type="warning">
                    {t('unknownOne', { name: d.name ?? d.deviceId })}
                  </Typography.Text>
                ))}
              </Space>
            </Descriptions.Item>
          )}
          {!!status?.heldBy.length && (
            <Descriptions.Item label={t('heldBy')} span={2}>
              <Space orientation="vertical" size={0} data-testid="sync-held">
                {status.heldBy.map((h) => (
                  <Space key={h.deviceId}>
                    <Typography.Text type="warning">
                      {t('heldOne', { name: h.name ?? h.deviceId, count: h.count })}
                    </Typography.Text>
                    {canConfigure && (
                      <Button
                        size="small"
                        data-testid={`sync-accept-held-${h.deviceId}`}
                        onClick={() =>
                          void kefu.sync
                            .acceptHeld({ deviceId: h.deviceId })
                            .then((r) => {
                              message.success(t('heldAccepted', { count: r.applied }))
                              return refresh()
                            })
                            .catch((e: Error) => message.error(e.message))
                        }
                      >
                        {t('heldAccept')}
                      </Button>
                    )}
                  </Space>
                ))}
                <Typography.Text type="secondary">{t('heldHelp')}</Typography.Text>
              </Space>
            </Descriptions.Item>
          )}
          {!!status?.ownMissing.length && (
            <Descriptions.Item label={t('ownMissing')} span={2}>
              <Typography.Text type="danger" data-testid="sync-own-missing">
                {t('ownMissingText', { seqs: status.ownMissing.join('、') })}
              </Typography.Text>
            </Descriptions.Item>
          )}
          {!!status?.silentDevices.length && (
            <Descriptions.Item label={t('silent')} span={2}>
              <Space orientation="vertical" size={0} data-testid="sync-silent">
                {status.silentDevices.map((d) => (
                  <Typography.Text key={d.deviceId} type="warning">
                    {t('silentOne', { name: d.name ?? d.deviceId, at: fmt(d.lastSeenAt) })}
                  </Typography.Text>
                ))}
                <Typography.Text type="secondary">{t('silentHelp')}</Typography.Text>
              </Space>
            </Descriptions.Item>
          )}
        </Descriptions>
        <Button
          type="primary"
          onClick={() => void onNow()}
          loading={busy === 'now'}
          disabled={!status?.configured}
          data-testid="sync-now"
        >
          {t('syncNow')}
        </Button>
      </Card>

      {canConfigure && (
        <Card size="small" title={t('setupTitle')}>
          {status?.secretStorage === 'plainFile' && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message={t('plainSecrets')}
              data-testid="sync-plain-secrets"
            />
          )}
          <Form form={form} layout="vertical" initialValues={{ type: 'folder', encrypt: false }}>
            <TargetFields
              type={type}
              testIdPrefix="sync"
              pathHelp={t('pathHelp')}
              passwordExtra={status?.target?.type === 'webdav' ? t('passwordKeep') : undefined}
            />
            <Form.Item
              name="passphrase"
              label={t('passphrase')}
              extra={t('passphraseHelp')}
              rules={[{ min: 6, message: t('passphraseShort') }]}
            >
              <Input.Password data-testid="sync-passphrase" autoComplete="new-password" />
            </Form.Item>
            <Form.Item name="encrypt" valuePropName="checked">
              <Checkbox data-testid="sync-encrypt">{t('encryptNew')}</Checkbox>
            </Form.Item>
            <Space>
              <Button
                onClick={() => void onTest()}
                loading={busy === 'test'}
                data-testid="sync-test"
              >
                {t('test')}
              </Button>
              <Button
                type="primary"
                onClick={() => void onSave()}
                loading={busy === 'save'}
                data-testid="sync-save"
              >
                {t('save')}
              </Button>
              {status?.configured && (
                <Button
                  danger
                  onClick={() => void onOff()}
                  loading={busy === 'off'}
                  data-testid="sync-disable"
                >
                  {t('disable')}
                </Button>
              )}
            </Space>
          </Form>
          {test && (
            <Alert
              style={{ marginTop: 12 }}
              type={test.ok ? 'success' : 'error'}
              showIcon
              message={test.message}
              data-testid="sync-test-result"
              data-problem={test.problem ?? 'ok'}
            />
          )}
        </Card>
      )}

      {canSettle && (
        <Card size="small" title={t('conflictsTitle')}>
          {conflicts.length === 0 ? (
            <Typography.Text type="secondary">{t('noConflicts')}</Typography.Text>
          ) : (
            <List
              data-testid="sync-conflicts"
              dataSource={conflicts}
              renderItem={(c) => (
                <List.Item>
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <Typography.Text strong>
                      {t(`entities.${c.entity}`, { defaultValue: c.entity })}：{c.title ?? c.id}（
                      {c.field}）
                    </Typography.Text>
                    {c.versions.map((v) => (
                      <Typography.Paragraph
                        key={v.hlc}
                        style={{ margin: 0 }}
                        ellipsis={{ rows: 2 }}
                      >
                        <Tag>{fmt(v.at)}</Tag>
                        <Tag>{v.dev}</Tag>
                        {v.preview}
                      </Typography.Paragraph>
                    ))}
                    <Typography.Text type="secondary">{t('conflictHow')}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      )}

      {canConfigure && aside.length > 0 && (
        <Card size="small" title={t('asideTitle')}>
          <Typography.Paragraph type="secondary">{t('asideHelp')}</Typography.Paragraph>
          <Table
            size="small"
            rowKey={(o) => `${o.hlc}/${o.entity}/${o.id}/${o.field ?? ''}`}
            dataSource={aside}
            pagination={{ pageSize: 10 }}
            columns={[
              { title: t('aside.by'), dataIndex: 'by' },
              { title: t('aside.device'), dataIndex: 'dev' },
              {
                title: t('aside.what'),
                render: (_: unknown, o: SyncAsideOp) =>
                  `${o.entity}/${o.id}${o.field ? ` · ${o.field}` : ''}`,
              },
            ]}
          />
        </Card>
      )}

      <Card size="small" title={t('logTitle')}>
        <List
          size="small"
          data-testid="sync-log"
          dataSource={log.slice(0, 50)}
          locale={{ emptyText: t('logEmpty') }}
          renderItem={(e) => (
            <List.Item>
              <Space>
                <Typography.Text type="secondary">{fmt(e.at)}</Typography.Text>
                <Tag
                  color={e.level === 'error' ? 'error' : e.level === 'warn' ? 'warning' : 'default'}
                >
                  {t(`levels.${e.level}`)}
                </Tag>
                <span>{e.message}</span>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  )
}
