import { Alert, Button, Card, Empty, Form, Input, Space, Typography, type InputRef } from 'antd'
import { UserOutlined } from '@ant-design/icons'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SignInChoice } from '@shared/api/people'
import { kefu } from '../../api'
import { PinInput, usePinRules } from './PinInput'
import { screenStyle } from './layout'
import { useAuth } from './store'

/**
 * Sign-in, lock screen and quick switch in one: the people who signed in on this PC lately
 * come first; pick a name (↑ ↓ or a click), type the PIN, Enter.
 */
export function SignInScreen() {
  const { t } = useTranslation('auth')
  const lockedBy = useAuth((s) => s.lockedBy)
  const signIn = useAuth((s) => s.signIn)
  const [choices, setChoices] = useState<SignInChoice[] | null>(null)
  const [selected, setSelected] = useState<string | null>(lockedBy?.id ?? null)
  const [pin, setPin] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [recovering, setRecovering] = useState(false)
  // Counts answered sign-in attempts, so tests (and screen readers) can tell a new answer from the last.
  const [answered, setAnswered] = useState(0)
  const pinRef = useRef<InputRef>(null)
  const listRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    let live = true
    void kefu.people.signInChoices({}).then((c) => {
      if (!live) return
      setChoices(c)
      setSelected((s) => s ?? c[0]?.id ?? null)
    })
    return () => {
      live = false
    }
  }, [])

  const choose = useCallback((id: string) => {
    setSelected(id)
    setPin('')
    setError(null)
    setTimeout(() => pinRef.current?.focus(), 0)
  }, [])

  useEffect(() => {
    if (choices && selected) pinRef.current?.focus()
  }, [choices, selected])

  const submit = async () => {
    if (!selected || !pin || busy) return
    setBusy(true)
    setError(null)
    try {
      await signIn(selected, pin)
    } catch (err) {
      setError((err as Error).message)
      setPin('')
      pinRef.current?.focus()
    } finally {
      setBusy(false)
      setAnswered((n) => n + 1)
    }
  }

  const onListKey = (e: React.KeyboardEvent) => {
    if (!choices?.length) return
    const i = Math.max(
      0,
      choices.findIndex((c) => c.id === selected),
    )
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      const next = choices[(i + (e.key === 'ArrowDown' ? 1 : choices.length - 1)) % choices.length]!
      setSelected(next.id)
      listRef.current?.querySelector<HTMLElement>(`[data-person-id="${next.id}"]`)?.focus()
    } else if (e.key === 'Enter' && selected) {
      e.preventDefault()
      choose(selected)
    }
  }

  if (recovering) return <RecoverAdmin onBack={() => setRecovering(false)} />

  const person = choices?.find((c) => c.id === selected)
  const recent = choices?.filter((c) => c.recent) ?? []
  const others = choices?.filter((c) => !c.recent) ?? []
  const option = (c: SignInChoice) => (
    <Button
      key={c.id}
      role="option"
      aria-selected={c.id === selected}
      aria-label={c.name}
      data-person-id={c.id}
      type={c.id === selected ? 'primary' : 'default'}
      icon={<UserOutlined />}
      onClick={() => choose(c.id)}
      style={{ justifyContent: 'flex-start' }}
      block
    >
      {c.name}
    </Button>
  )

  return (
    <div style={screenStyle} data-testid="sign-in" data-answered={answered}>
      <Card style={{ maxWidth: 640, width: '100%' }}>
        <Typography.Title level={3}>
          {lockedBy ? t('signIn.lockedTitle') : t('signIn.title')}
        </Typography.Title>
        {lockedBy && (
          <Typography.Paragraph type="secondary">
            {t('signIn.lockedBody', { name: lockedBy.name })}
          </Typography.Paragraph>
        )}
        {choices && !choices.length && <Empty description={t('signIn.empty')} />}
        <div style={{ display: 'flex', gap: 24, flexWrap: 'wrap' }}>
          <div
            ref={listRef}
            role="listbox"
            aria-label={t('signIn.choose')}
            onKeyDown={onListKey}
            style={{
              flex: '1 1 200px',
              display: 'flex',
              flexDirection: 'column',
              gap: 6,
              maxHeight: 360,
              overflowY: 'auto',
            }}
            data-testid="sign-in-people"
          >
            {recent.length > 0 && (
              <Typography.Text type="secondary">{t('signIn.recent')}</Typography.Text>
            )}
            {recent.map(option)}
            {others.length > 0 && recent.length > 0 && (
              <Typography.Text type="secondary">{t('signIn.others')}</Typography.Text>
            )}
            {others.map(option)}
          </div>
          {person && (
            <Form layout="vertical" style={{ flex: '1 1 240px' }} onFinish={() => void submit()}>
              <Form.Item
                label={t('signIn.pinFor', { name: person.name })}
                validateStatus={error ? 'error' : undefined}
                help={error ?? undefined}
              >
                <PinInput
                  ref={pinRef}
                  value={pin}
                  onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
                  data-testid="sign-in-pin"
                />
              </Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                loading={busy}
                disabled={!pin}
                block
                data-testid="sign-in-submit"
              >
                {t('signIn.submit')}
              </Button>
            </Form>
          )}
        </div>
        <Space style={{ marginTop: 16, justifyContent: 'space-between', width: '100%' }}>
          <Typography.Text type="secondary">{t('signIn.hint')}</Typography.Text>
          <Button type="link" onClick={() => setRecovering(true)} data-testid="recover-link">
            {t('recovery.linkForgot')}
          </Button>
        </Space>
      </Card>
    </div>
  )
}

function RecoverAdmin({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation('auth')
  const signedIn = useAuth((s) => s.signedIn)
  const [form] = Form.useForm<{ code: string; newPin: string }>()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const pinRules = usePinRules()
  const submit = async () => {
    const v = await form.validateFields()
    setBusy(true)
    setError(null)
    try {
      const { me, recoveryCode } = await kefu.people.recoverAdmin(v)
      signedIn(me, recoveryCode)
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div style={screenStyle} data-testid="recover-admin">
      <Card title={t('recovery.formTitle')} style={{ maxWidth: 480, width: '100%' }}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={() => void submit()}>
          <Form.Item
            name="code"
            label={t('recovery.code')}
            rules={[{ required: true, whitespace: true, message: t('recovery.codeRequired') }]}
          >
            <Input
              autoFocus
              placeholder={t('recovery.codePlaceholder')}
              autoComplete="off"
              data-testid="recover-code"
            />
          </Form.Item>
          <Form.Item name="newPin" label={t('recovery.newPin')} rules={pinRules}>
            <PinInput data-testid="recover-pin" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="recover-submit">
              {t('recovery.submit')}
            </Button>
            <Button onClick={onBack}>{t('recovery.back')}</Button>
          </Space>
        </Form>
      </Card>
    </div>
  )
}
