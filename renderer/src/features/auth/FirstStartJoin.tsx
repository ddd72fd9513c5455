import { Alert, Button, Form, Input, Space, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SyncTestResult } from '@shared/api/sync'
import { kefu } from '../../api'
import { TargetFields, toTarget, type TargetValues } from '../sync/TargetFields'
import { useAuth } from './store'

interface JoinValues extends TargetValues {
  passphrase?: string
}

/**
 * First start, the other way in: connect to the shop's existing sync space (a shared folder or
 * WebDAV), test it (the diagnosis comes from sync.test in plain zh-CN), join it, and then sign
 * in with one's existing PIN. People and shop settings come from the space: no second admin,
 * no second set of defaults.
 */
export function FirstStartJoin() {
  const { t } = useTranslation('auth')
  const [form] = Form.useForm<JoinValues>()
  const type = Form.useWatch('type', form) ?? 'folder'
  const [busy, setBusy] = useState<'test' | 'join' | null>(null)
  const [test, setTest] = useState<SyncTestResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [joined, setJoined] = useState<number | null>(null)
  const needsPassphrase =
    test?.encrypted === true ||
    test?.problem === 'needs_passphrase' ||
    test?.problem === 'wrong_passphrase'

  const values = async () => {
    const v = await form.validateFields()
    return {
      target: toTarget(v),
      ...(v.passphrase ? { passphrase: v.passphrase } : {}),
    }
  }

  const onTest = async () => {
    const input = await values()
    setBusy('test')
    setError(null)
    try {
      const r = await kefu.sync.test(input)
      setTest(
        r.ok && r.space === 'new'
          ? { ...r, ok: false, problem: 'not_a_space', message: t('join.emptyFolder') }
          : r,
      )
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(null)
    }
  }

  const onJoin = async () => {
    const input = await values()
    setBusy('join')
    setError(null)
    try {
      const r = await kefu.sync.join(input)
      setJoined(r.people)
      // People are here now: the gate moves on to the sign-in screen.
      await useAuth.getState().load()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(null)
    }
  }

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ type: 'folder' }}
      onValuesChange={(changed: Partial<JoinValues>) => {
        // A different place: the last diagnosis no longer applies.
        if (!('passphrase' in changed)) setTest(null)
      }}
      data-testid="join-form"
    >
      <TargetFields type={type} testIdPrefix="join" pathHelp={t('join.pathHelp')} />
      {needsPassphrase && (
        <Form.Item
          name="passphrase"
          label={t('join.passphrase')}
          extra={t('join.passphraseHelp')}
          rules={[
            { required: true, message: t('join.passphraseRequired') },
            { min: 6, message: t('join.passphraseShort') },
          ]}
        >
          <Input.Password data-testid="join-passphrase" autoComplete="new-password" autoFocus />
        </Form.Item>
      )}
      {test && (
        <Alert
          style={{ marginBottom: 12 }}
          type={test.ok ? 'success' : test.problem === 'clock_skew' ? 'warning' : 'error'}
          showIcon
          title={test.message}
          data-testid="join-test-result"
          data-problem={test.problem ?? 'ok'}
        />
      )}
      {error && (
        <Alert
          style={{ marginBottom: 12 }}
          type="error"
          showIcon
          title={error}
          data-testid="join-error"
        />
      )}
      {joined !== null && (
        <Typography.Paragraph type="success" data-testid="join-done">
          {t('join.done', { count: joined })}
        </Typography.Paragraph>
      )}
      <Space>
        <Button onClick={() => void onTest()} loading={busy === 'test'} data-testid="join-test">
          {t('join.test')}
        </Button>
        <Button
          type="primary"
          onClick={() => void onJoin()}
          loading={busy === 'join'}
          disabled={!test || (!test.ok && test.problem !== 'clock_skew')}
          data-testid="join-submit"
        >
          {t('join.submit')}
        </Button>
      </Space>
    </Form>
  )
}
