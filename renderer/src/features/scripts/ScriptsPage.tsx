import { Alert, Badge, Button, Input, Select, Space, Table, Tabs, Tag } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Team } from '@shared/api/people'
import {
  CONTENT_PLATFORMS,
  CONTENT_PLATFORM_LABELS,
  SCRIPT_CATEGORIES,
  SCRIPT_CATEGORY_LABELS,
  SCRIPT_SCOPES,
  SCRIPT_SCOPE_LABELS,
  type ContentPlatform,
  type ScriptCategory,
  type ScriptScope,
  type ScriptView,
} from '@shared/scripts/model'
import { kefu } from '../../api'
import { useAuth } from '../auth/store'
import { ConflictsPanel } from './ConflictsPanel'
import { ImportExport } from './ImportExport'
import { ProposalsPanel } from './ProposalsPanel'
import { QuickPicker } from './QuickPicker'
import { ScriptEditor } from './ScriptEditor'
import { pickerIndex, useScripts } from './store'
import './register'
import './scripts.css'

/** The script library (话术库): browse, search, edit, proposals, conflicts, import/export. */
export function ScriptsPage() {
  const { t } = useTranslation('scripts')
  const me = useAuth((s) => s.me)
  const { scripts, usage, loaded, error, ensure, version } = useScripts()
  const [query, setQuery] = useState('')
  const [category, setCategory] = useState<ScriptCategory | undefined>()
  const [platform, setPlatform] = useState<ContentPlatform | undefined>()
  const [scope, setScope] = useState<ScriptScope | undefined>()
  const [editing, setEditing] = useState<{ id: string | null } | null>(null)
  const [teams, setTeams] = useState<Team[]>([])
  const [conflicts, setConflicts] = useState(0)

  const canEditShop = !!me?.permissions.includes('scripts.editShop')
  const canApprove = !!me?.permissions.includes('scripts.approve')

  useEffect(() => {
    void ensure()
    kefu.people
      .listTeams({})
      .then(setTeams)
      .catch(() => setTeams([]))
  }, [ensure])

  useEffect(() => {
    kefu.scripts
      .conflicts({})
      .then((c) => setConflicts(c.length))
      .catch(() => setConflicts(0))
  }, [version])

  const rows = useMemo(() => {
    let list: ScriptView[] = scripts
    if (query.trim()) {
      const byId = new Map(scripts.map((s) => [s.id, s]))
      list = pickerIndex
        .search(query, { limit: 500, usage: usage.mine })
        .map((h) => byId.get(h.script.id))
        .filter((s): s is ScriptView => !!s)
    }
    return list.filter(
      (s) =>
        (!category || s.category === category) &&
        (!platform || s.platforms.includes(platform)) &&
        (!scope || s.scope === scope),
    )
  }, [scripts, usage, query, category, platform, scope])

  const teamName = (id: string | null) => teams.find((x) => x.id === id)?.name ?? ''

  const library = (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          style={{ width: 260 }}
          placeholder={t('list.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="scripts-search"
        />
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('field.category')}
          value={category}
          onChange={setCategory}
          options={SCRIPT_CATEGORIES.map((c) => ({ value: c, label: SCRIPT_CATEGORY_LABELS[c] }))}
        />
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('field.platforms')}
          value={platform}
          onChange={setPlatform}
          options={CONTENT_PLATFORMS.map((p) => ({ value: p, label: CONTENT_PLATFORM_LABELS[p] }))}
        />
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('field.scope')}
          value={scope}
          onChange={setScope}
          options={SCRIPT_SCOPES.map((s) => ({ value: s, label: SCRIPT_SCOPE_LABELS[s] }))}
        />
        <Button type="primary" onClick={() => setEditing({ id: null })} data-testid="script-new">
          {canEditShop ? t('list.new') : t('list.newPersonal')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<ScriptView>
        size="small"
        rowKey="id"
        loading={!loaded}
        dataSource={rows}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        onRow={(s) => ({ onClick: () => setEditing({ id: s.id }), style: { cursor: 'pointer' } })}
        data-testid="scripts-table"
        columns={[
          {
            title: t('field.title'),
            render: (_, s) => (
              <Space size={4}>
                <span data-testid="script-row-title">{s.title}</span>
                {s.isDefault && <Tag>{t('list.default')}</Tag>}
                {s.conflict && <Tag color="red">{t('list.conflict')}</Tag>}
              </Space>
            ),
          },
          { title: t('field.body'), dataIndex: 'body', ellipsis: true },
          {
            title: t('field.category'),
            width: 110,
            render: (_, s) => SCRIPT_CATEGORY_LABELS[s.category],
          },
          {
            title: t('field.platforms'),
            width: 150,
            render: (_, s) => s.platforms.map((p) => CONTENT_PLATFORM_LABELS[p]).join('、'),
          },
          {
            title: t('field.scope'),
            width: 110,
            render: (_, s) =>
              s.scope === 'team'
                ? `${SCRIPT_SCOPE_LABELS.team}·${teamName(s.team)}`
                : SCRIPT_SCOPE_LABELS[s.scope],
          },
          {
            title: t('field.shortCode'),
            width: 100,
            render: (_, s) => (s.shortCode ? <code>/{s.shortCode}</code> : ''),
          },
          {
            title: t('list.uses'),
            width: 90,
            render: (_, s) => `${usage.mine[s.id] ?? 0} / ${usage.total[s.id] ?? 0}`,
          },
        ]}
      />
    </>
  )

  return (
    <div className="scripts-page" data-testid="scripts-page">
      <Tabs
        items={[
          { key: 'library', label: t('tabs.library'), children: library },
          {
            key: 'proposals',
            label: t('tabs.proposals'),
            children: <ProposalsPanel canApprove={canApprove} />,
          },
          ...(canEditShop || conflicts > 0
            ? [
                {
                  key: 'conflicts',
                  label: (
                    <Badge count={conflicts} size="small" offset={[8, 0]}>
                      {t('tabs.conflicts')}
                    </Badge>
                  ),
                  children: <ConflictsPanel />,
                },
              ]
            : []),
          {
            key: 'io',
            label: t('tabs.io'),
            children: <ImportExport canEditShop={canEditShop} teams={teams} />,
          },
        ]}
      />
      <ScriptEditor
        id={editing?.id ?? null}
        open={editing !== null}
        canEditShop={canEditShop}
        teams={teams}
        onClose={() => setEditing(null)}
      />
      <QuickPicker />
    </div>
  )
}
