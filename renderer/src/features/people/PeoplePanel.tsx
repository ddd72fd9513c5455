import {
  App,
  Button,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PersonView, Team } from '@shared/api/people'
import { ROLES, type Role } from '@shared/auth/roles'
import { kefu } from '../../api'
import { Forbidden } from '../auth/Forbidden'
import { PinInput, usePinRules } from '../auth/PinInput'
import { useCan } from '../auth/store'

type Editing =
  | { kind: 'add' }
  | { kind: 'edit'; person: PersonView }
  | { kind: 'pin'; person: PersonView }
  | null

/** Admins add, change, disable and reset people, and keep the teams (售前组, 售后组, 夜班…). */
export function PeoplePanel() {
  const allowed = useCan('people.manage')
  if (!allowed) return <Forbidden perm="people_manage" />
  return <PeopleAdmin />
}

function PeopleAdmin() {
  const { t } = useTranslation('people')
  const { message } = App.useApp()
  const [people, setPeople] = useState<PersonView[]>([])
  const [teams, setTeams] = useState<Team[]>([])
  const [editing, setEditing] = useState<Editing>(null)

  const reload = useCallback(async () => {
    const [p, tm] = await Promise.all([kefu.people.list({}), kefu.people.listTeams({})])
    setPeople(p)
    setTeams(tm)
  }, [])
  useEffect(() => {
    void reload().catch((err: Error) => message.error(err.message))
  }, [reload, message])

  const teamName = (id: string) => teams.find((x) => x.id === id)?.name
  const toggle = async (p: PersonView) => {
    try {
      await kefu.people.update({ id: p.id, disabled: !p.disabled })
      await reload()
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  return (
    <div data-testid="people-panel">
      <Space style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('people.title')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing({ kind: 'add' })}
          data-testid="person-add"
        >
          {t('people.add')}
        </Button>
      </Space>
      <Table<PersonView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={people}
        data-testid="people-table"
        columns={[
          { title: t('people.name'), dataIndex: 'name' },
          {
            title: t('people.roles'),
            render: (_, p) => p.roles.map((r) => <Tag key={r}>{t(`roles.${r}`)}</Tag>),
          },
          {
            title: t('people.teams'),
            render: (_, p) =>
              p.teams
                .map((id) => teamName(id))
                .filter(Boolean)
                .join('、'),
          },
          {
            title: t('people.status'),
            render: (_, p) =>
              p.disabled ? (
                <Tag color="default">{t('people.disabled')}</Tag>
              ) : (
                <Tag color="green">{t('people.active')}</Tag>
              ),
          },
          {
            title: t('people.actions'),
            render: (_, p) => (
              <Space size="small">
                <Button size="small" onClick={() => setEditing({ kind: 'edit', person: p })}>
                  {t('people.edit')}
                </Button>
                <Button size="small" onClick={() => setEditing({ kind: 'pin', person: p })}>
                  {t('people.resetPin')}
                </Button>
                {p.disabled ? (
                  <Button size="small" onClick={() => void toggle(p)}>
                    {t('people.enable')}
                  </Button>
                ) : (
                  <Popconfirm
                    title={t('people.confirmDisable', { name: p.name })}
                    onConfirm={() => void toggle(p)}
                  >
                    <Button size="small" danger>
                      {t('people.disable')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <TeamsEditor teams={teams} onChange={reload} />
      {editing && editing.kind !== 'pin' && (
        <PersonForm
          person={editing.kind === 'edit' ? editing.person : null}
          teams={teams}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null)
            await reload()
          }}
        />
      )}
      {editing?.kind === 'pin' && (
        <ResetPin person={editing.person} onClose={() => setEditing(null)} />
      )}
    </div>
  )
}

interface PersonValues {
  name: string
  pin?: string
  roles: Role[]
  teams: string[]
}

function PersonForm({
  person,
  teams,
  onClose,
  onSaved,
}: {
  person: PersonView | null
  teams: Team[]
  onClose: () => void
  onSaved: () => Promise<void>
}) {
  const { t } = useTranslation('people')
  const { message } = App.useApp()
  const [form] = Form.useForm<PersonValues>()
  const [busy, setBusy] = useState(false)
  const pinRules = usePinRules()
  const save = async () => {
    const v = await form.validateFields()
    setBusy(true)
    try {
      if (person)
        await kefu.people.update({
          id: person.id,
          name: v.name,
          roles: v.roles,
          teams: v.teams ?? [],
        })
      else
        await kefu.people.create({
          name: v.name,
          pin: v.pin!,
          roles: v.roles,
          teams: v.teams ?? [],
        })
      message.success(person ? t('people.saved') : t('people.added', { name: v.name }))
      await onSaved()
    } catch (err) {
      const e = err as Error & { fields?: Record<string, string> }
      if (e.fields?.name) form.setFields([{ name: 'name', errors: [e.fields.name] }])
      message.error(e.message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open
      title={person ? t('people.editTitle', { name: person.name }) : t('people.add')}
      onOk={() => void save()}
      okButtonProps={{ id: 'person-save' }}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          person
            ? { name: person.name, roles: person.roles, teams: person.teams }
            : { roles: ['agent'], teams: [] }
        }
        onFinish={() => void save()}
      >
        <Form.Item
          name="name"
          label={t('people.name')}
          rules={[
            { required: true, whitespace: true, message: t('people.nameRequired') },
            { max: 20 },
          ]}
        >
          <Input autoFocus maxLength={20} data-testid="person-name" />
        </Form.Item>
        {!person && (
          <Form.Item
            name="pin"
            label={t('people.pin')}
            rules={pinRules}
            extra={t('people.pinHelp')}
          >
            <PinInput data-testid="person-pin" />
          </Form.Item>
        )}
        <Form.Item
          name="roles"
          label={t('people.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('people.rolesRequired') }]}
        >
          <Checkbox.Group
            options={ROLES.map((r) => ({
              value: r,
              label: <span data-testid={`role-${r}`}>{t(`roles.${r}`)}</span>,
            }))}
          />
        </Form.Item>
        <Form.Item name="teams" label={t('people.teams')}>
          <Select
            mode="multiple"
            allowClear
            options={teams.map((x) => ({ value: x.id, label: x.name }))}
            data-testid="person-teams"
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function ResetPin({ person, onClose }: { person: PersonView; onClose: () => void }) {
  const { t } = useTranslation('people')
  const { message } = App.useApp()
  const [form] = Form.useForm<{ pin: string }>()
  const pinRules = usePinRules()
  const save = async () => {
    const v = await form.validateFields()
    try {
      await kefu.people.resetPin({ id: person.id, pin: v.pin })
      message.success(t('people.pinReset', { name: person.name }))
      onClose()
    } catch (err) {
      message.error((err as Error).message)
    }
  }
  return (
    <Modal
      open
      title={t('people.resetTitle', { name: person.name })}
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={() => void save()}>
        <Form.Item
          name="pin"
          label={t('people.newPin')}
          rules={pinRules}
          extra={t('people.pinHelp')}
        >
          <PinInput autoFocus data-testid="reset-pin" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function TeamsEditor({ teams, onChange }: { teams: Team[]; onChange: () => Promise<void> }) {
  const { t } = useTranslation('people')
  const { message } = App.useApp()
  const [name, setName] = useState('')
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn()
      await onChange()
    } catch (err) {
      message.error((err as Error).message)
    }
  }
  const add = () =>
    run(async () => {
      await kefu.people.saveTeam({ name })
      setName('')
      message.success(t('teams.saved'))
    })
  return (
    <div style={{ marginTop: 24 }} data-testid="teams-editor">
      <Typography.Title level={5}>{t('teams.title')}</Typography.Title>
      <Space.Compact style={{ maxWidth: 360, marginBottom: 12 }}>
        <Input
          value={name}
          maxLength={20}
          placeholder={t('teams.namePlaceholder')}
          onChange={(e) => setName(e.target.value)}
          onPressEnter={() => name.trim() && void add()}
          data-testid="team-name"
        />
        <Button
          type="primary"
          disabled={!name.trim()}
          onClick={() => void add()}
          data-testid="team-add"
        >
          {t('teams.add')}
        </Button>
      </Space.Compact>
      {teams.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('teams.empty')}</Typography.Paragraph>
      ) : (
        <Space wrap>
          {teams.map((team) => (
            <Tag key={team.id} data-testid="team-tag">
              <Typography.Text
                editable={{
                  triggerType: ['icon'],
                  onChange: (v) =>
                    v.trim() &&
                    v !== team.name &&
                    void run(() => kefu.people.saveTeam({ id: team.id, name: v.trim() })),
                }}
              >
                {team.name}
              </Typography.Text>
              <Popconfirm
                title={t('teams.confirmRemove', { name: team.name })}
                onConfirm={() => void run(() => kefu.people.removeTeam({ id: team.id }))}
              >
                <Button type="link" size="small" danger>
                  {t('teams.remove')}
                </Button>
              </Popconfirm>
            </Tag>
          ))}
        </Space>
      )}
    </div>
  )
}
