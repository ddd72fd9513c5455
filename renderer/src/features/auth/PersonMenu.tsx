import { DownOutlined, UserOutlined } from '@ant-design/icons'
import { App, Button, Dropdown, Form, Modal } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ROLE_LABELS } from '@shared/auth/roles'
import { kefu } from '../../api'
import { PinInput, usePinRules } from './PinInput'
import { useAuth } from './store'

/** The status bar's person: who is signed in, and the quick switch / lock / sign-out menu. */
export function PersonMenu() {
  const { t } = useTranslation('auth')
  const { t: tc } = useTranslation()
  const { t: tp } = useTranslation('people')
  const me = useAuth((s) => s.me)
  const signOut = useAuth((s) => s.signOut)
  const lock = useAuth((s) => s.lock)
  const [changing, setChanging] = useState(false)
  if (!me) return <span data-testid="status-person">{tc('status.notSignedIn')}</span>
  const roles = me.roles.map((r) => tp(`roles.${r}`, { defaultValue: ROLE_LABELS[r] })).join('、')
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'switch', label: <span data-testid="menu-switch">{t('menu.switch')}</span> },
            {
              key: 'lock',
              label: <span data-testid="menu-lock">{t('menu.lock')}</span>,
              extra: 'Ctrl+L',
            },
            {
              key: 'changePin',
              label: <span data-testid="menu-change-pin">{t('menu.changePin')}</span>,
            },
            { type: 'divider' },
            { key: 'signOut', label: <span data-testid="menu-sign-out">{t('menu.signOut')}</span> },
          ],
          onClick: ({ key }) => {
            if (key === 'switch' || key === 'signOut') void signOut()
            else if (key === 'lock') void lock()
            else if (key === 'changePin') setChanging(true)
          },
        }}
      >
        <Button
          type="text"
          size="small"
          icon={<UserOutlined />}
          data-testid="status-person"
          data-person-id={me.id}
        >
          {tc('status.signedInAs', { name: me.name })}（{roles}）
          <DownOutlined />
        </Button>
      </Dropdown>
      {changing && <ChangePin onClose={() => setChanging(false)} />}
    </>
  )
}

function ChangePin({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('auth')
  const { message } = App.useApp()
  const [form] = Form.useForm<{ currentPin: string; newPin: string }>()
  const [busy, setBusy] = useState(false)
  const pinRules = usePinRules()
  const save = async () => {
    const v = await form.validateFields()
    setBusy(true)
    try {
      await kefu.people.changePin(v)
      message.success(t('changePin.done'))
      onClose()
    } catch (err) {
      form.setFields([{ name: 'currentPin', errors: [(err as Error).message] }])
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open
      title={t('changePin.title')}
      onOk={() => void save()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={() => void save()}>
        <Form.Item
          name="currentPin"
          label={t('changePin.current')}
          rules={[{ required: true, message: t('pin.required') }]}
        >
          <PinInput autoFocus />
        </Form.Item>
        <Form.Item name="newPin" label={t('changePin.next')} rules={pinRules}>
          <PinInput />
        </Form.Item>
      </Form>
    </Modal>
  )
}
