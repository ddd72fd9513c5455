import { App, Button, Card, Form, Input, InputNumber, Popconfirm, Space, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { kefu } from '../../api'
import { Forbidden } from '../auth/Forbidden'
import { useCan } from '../auth/store'

/** Admins act on a customer's erasure request and keep the shop's retention period. */
export function PrivacyPanel() {
  const mayErase = useCan('privacy.erase')
  const maySet = useCan('settings.shop')
  if (!mayErase && !maySet) return <Forbidden perm="privacy_erase" />
  return (
    <Space
      direction="vertical"
      size="large"
      style={{ maxWidth: 640, width: '100%' }}
      data-testid="privacy-panel"
    >
      {mayErase && <EraseCustomer />}
      <Retention mayApply={mayErase} maySet={maySet} />
    </Space>
  )
}

function EraseCustomer() {
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
