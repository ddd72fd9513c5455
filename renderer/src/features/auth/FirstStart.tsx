import { Alert, Button, Card, Col, Form, Input, Row, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { kefu } from '../../api'
import { FirstStartJoin } from './FirstStartJoin'
import { PinInput, usePinRules } from './PinInput'
import { screenStyle } from './layout'
import { useAuth } from './store'

/** First start on a PC with nobody: create the first admin, or (with sync) join a space. */
export function FirstStart() {
  const { t } = useTranslation('auth')
  const signedIn = useAuth((s) => s.signedIn)
  const canJoin = useAuth((s) => s.status?.canJoinSpace ?? false)
  const [form] = Form.useForm<{ name: string; pin: string; pin2: string }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const pinRules = usePinRules()

  const create = async () => {
    const v = await form.validateFields()
    setBusy(true)
    setError(null)
    try {
      const { me, recoveryCode } = await kefu.people.setupAdmin({ name: v.name, pin: v.pin })
      signedIn(me, recoveryCode)
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div style={screenStyle} data-testid="first-start">
      <Typography.Title level={3}>{t('firstStart.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('firstStart.subtitle')}</Typography.Paragraph>
      <Row gutter={24}>
        <Col xs={24} md={12}>
          <Card title={t('firstStart.createTitle')}>
            <Typography.Paragraph type="secondary">
              {t('firstStart.createBody')}
            </Typography.Paragraph>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
            <Form form={form} layout="vertical" onFinish={() => void create()}>
              <Form.Item
                name="name"
                label={t('firstStart.name')}
                rules={[{ required: true, whitespace: true, max: 20 }]}
              >
                <Input
                  autoFocus
                  maxLength={20}
                  placeholder={t('firstStart.namePlaceholder')}
                  data-testid="setup-name"
                />
              </Form.Item>
              <Form.Item name="pin" label={t('pin.label')} rules={pinRules} extra={t('pin.help')}>
                <PinInput data-testid="setup-pin" />
              </Form.Item>
              <Form.Item
                name="pin2"
                label={t('pin.confirm')}
                dependencies={['pin']}
                rules={[
                  { required: true, message: t('pin.required') },
                  ({ getFieldValue }) => ({
                    validator: (_, v) =>
                      !v || v === getFieldValue('pin')
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('pin.mismatch'))),
                  }),
                ]}
              >
                <PinInput data-testid="setup-pin2" />
              </Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                loading={busy}
                block
                data-testid="setup-submit"
              >
                {t('firstStart.create')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={t('firstStart.joinTitle')} data-testid="join-space">
            <Typography.Paragraph type="secondary">{t('firstStart.joinBody')}</Typography.Paragraph>
            {canJoin ? (
              <FirstStartJoin />
            ) : (
              <Alert type="info" showIcon title={t('firstStart.joinSoon')} />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  )
}

/** The one-time recovery code, shown until the admin says it is written down. */
export function RecoveryCodeNotice({ code }: { code: string }) {
  const { t } = useTranslation('auth')
  const ack = useAuth((s) => s.ackRecoveryCode)
  return (
    <div style={screenStyle} data-testid="recovery-code-notice">
      <Card title={t('recovery.title')} style={{ maxWidth: 560 }}>
        <Typography.Paragraph>{t('recovery.body')}</Typography.Paragraph>
        <Typography.Title
          level={3}
          copyable={false}
          style={{ fontFamily: 'monospace', letterSpacing: 2 }}
          data-testid="recovery-code"
        >
          {code}
        </Typography.Title>
        <Button type="primary" autoFocus onClick={ack} data-testid="recovery-ack">
          {t('recovery.ack')}
        </Button>
      </Card>
    </div>
  )
}
