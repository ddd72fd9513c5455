import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Space,
  Tag,
  Typography,
} from 'antd'
import { useCallback, useEffect, useState } from 'react'
import type { ErasureStatus } from '@shared/api/privacy'
import { useTranslation } from 'react-i18next'
import { kefu } from '../../api'
import { Forbidden } from '../auth/Forbidden'
import { useCan } from '../auth/store'

/** Admins act on a customer's erasure request and keep the shop's retention period. */
export function PrivacyPanel() {
  const mayErase = useCan('privacy.erase')
  const maySet = useCan('settings.shop')
  const [version, setVersion] = useState(0)
  if (!mayErase && !maySet) return <Forbidden perm="privacy_erase" />
  return (
    <Space
      direction="vertical"
      size="large"
      style={{ maxWidth: 640, width: '100%' }}
      data-testid="privacy-panel"
    >
      {mayErase && <EraseCustomer onErased={() => setVersion((v) => v + 1)} />}
      <Retention mayApply={mayErase} maySet={maySet} />
      {mayErase && <Erasures version={version} />}
    </Space>
  )
}

function EraseCustomer({ onErased }: { onErased: () => void }) {
  const { t } = useTranslation('people')
  const { message } = App.useApp()
  const [form] = Form.useForm<{ contact?: string; buyerId?: string }>()
  const [busy, setBusy] = useState(false)
  const erase = async () => {
    const v = await form.validateFields()
    const input = {
      contact: v.contact?.trim() || undefined,
      buyerId: v.buyerId?.trim() || undefined,
    }
    if (!input.contact && !input.buyerId) {
      form.setFields([{ name: 'contact', errors: [t('privacy.either')] }])
      return
    }
    setBusy(true)
    try {
      const r = await kefu.privacy.eraseCustomer(input)
      message.success(t('privacy.erased', r))
      form.resetFields()
      onErased()
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card title={t('privacy.eraseTitle')}>
      <Typography.Paragraph type="secondary">{t('privacy.eraseBody')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="contact" label={t('privacy.contact')}>
          <Input maxLength={100} autoComplete="off" data-testid="erase-contact" />
        </Form.Item>
        <Form.Item name="buyerId" label={t('privacy.buyerId')}>
          <Input maxLength={100} autoComplete="off" data-testid="erase-buyer" />
        </Form.Item>
        <Popconfirm title={t('privacy.confirmErase')} onConfirm={() => void erase()}>
          <Button danger loading={busy} data-testid="erase-submit">
            {t('privacy.erase')}
          </Button>
        </Popconfirm>
      </Form>
    </Card>
  )
}

function Retention({ mayApply, maySet }: { mayApply: boolean; maySet: boolean }) {
  const { t } = useTranslation('people')
  const { message } = App.useApp()
  const [months, setMonths] = useState<number | null>(null)
  useEffect(() => {
    void kefu.privacy.getRetention({}).then((r) => setMonths(r.months))
  }, [])
  const save = async () => {
    try {
      await kefu.privacy.setRetention({ months })
      message.success(t('privacy.retentionSaved'))
    } catch (err) {
      message.error((err as Error).message)
    }
  }
  const apply = async () => {
    try {
      const r = await kefu.privacy.applyRetention({})
      message.success(t('privacy.applied', r))
    } catch (err) {
      message.error((err as Error).message)
    }
  }
  return (
    <Card title={t('privacy.retentionTitle')}>
      <Typography.Paragraph type="secondary">{t('privacy.retentionBody')}</Typography.Paragraph>
      <Space wrap>
        <span>{t('privacy.months')}</span>
        <InputNumber
          min={1}
          max={120}
          value={months}
          disabled={!maySet}
          placeholder={t('privacy.keepForever')}
          onChange={(v) => setMonths(typeof v === 'number' ? v : null)}
          data-testid="retention-months"
        />
        <span>{t('privacy.monthsUnit')}</span>
        {maySet && (
          <Button onClick={() => void save()} data-testid="retention-save">
            {t('privacy.saveRetention')}
          </Button>
        )}
        {mayApply && (
          <Button onClick={() => void apply()} disabled={!months} data-testid="retention-apply">
            {t('privacy.applyRetention')}
          </Button>
        )}
      </Space>
    </Card>
  )
}

/** Each erasure with this PC's state and every PC's, read from the ledger and their marks. */
function Erasures({ version }: { version: number }) {
  const { t, i18n } = useTranslation('people')
  const [items, setItems] = useState<ErasureStatus[] | null>(null)
  const load = useCallback(() => {
    void kefu.privacy
      .erasures({})
      .then((r) => setItems(r.erasures))
      .catch(() => setItems([]))
  }, [])
  useEffect(() => load(), [load, version])
  const time = (iso: string) => new Date(iso).toLocaleString(i18n.language)
  return (
    <Card
      title={t('privacy.erasuresTitle')}
      extra={
        <Button size="small" onClick={load} data-testid="erasures-refresh">
          {t('privacy.refresh')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('privacy.erasuresBody')}</Typography.Paragraph>
      <List
        size="small"
        loading={items === null}
        dataSource={items ?? []}
        locale={{ emptyText: t('privacy.noErasures') }}
        data-testid="erasures"
        renderItem={(e) => (
          <List.Item data-testid="erasure-row">
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap>
                <span>{time(e.at)}</span>
                <span>{t(`privacy.reason.${e.reason}`)}</span>
                <span>{t('privacy.ticketsCount', { n: e.tickets })}</span>
                {e.localDoneAt ? (
                  <Tag color="green" data-testid="erasure-local">
                    {t('privacy.localDone')}
                  </Tag>
                ) : (
                  <Tag color="orange" data-testid="erasure-local">
                    {t('privacy.localPending')}
                  </Tag>
                )}
                {e.allApplied ? (
                  <Tag color="green" data-testid="erasure-all">
                    {t('privacy.allApplied')}
                  </Tag>
                ) : (
                  <Tag color="orange" data-testid="erasure-all">
                    {t('privacy.notAllApplied')}
                  </Tag>
                )}
                <Tag
                  color={e.space === 'pending' ? 'orange' : 'default'}
                  data-testid="erasure-space"
                >
                  {t(`privacy.space.${e.space}`)}
                </Tag>
              </Space>
              {e.pcs.map((pc) => (
                <Typography.Text key={pc.dev} type="secondary" data-testid="erasure-pc">
                  {pc.name}
                  {pc.active ? '' : ` (${t('privacy.inactive')})`}:{' '}
                  {pc.appliedAt
                    ? t('privacy.pcApplied', { at: time(pc.appliedAt) })
                    : t('privacy.pcPending')}
                </Typography.Text>
              ))}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  )
}
