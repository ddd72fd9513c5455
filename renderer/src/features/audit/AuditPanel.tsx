import { Button, DatePicker, Select, Space, Table, Typography } from 'antd'
import dayjs from 'dayjs'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AuditEntry } from '@shared/api/audit'
import type { Person } from '@shared/auth/roles'
import { kefu } from '../../api'
import { Forbidden } from '../auth/Forbidden'
import { useCan } from '../auth/store'

const PAGE = 50

/** Supervisors and admins read who did what, when, on which PC; filtered by person, action, dates. */
export function AuditPanel() {
  const allowed = useCan('audit.view')
  if (!allowed) return <Forbidden perm="audit_view" />
  return <AuditTrail />
}

interface Filters {
  by?: string
  action?: string
  from?: string
  to?: string
}

/** A yyyy-mm-dd from a date picker as the start or end of that day in this PC's time zone. */
function dayBound(day: string | undefined, end: boolean): string | undefined {
  if (!day) return undefined
  const d = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`)
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}

function AuditTrail() {
  const { t, i18n } = useTranslation('audit')
  const [filters, setFilters] = useState<Filters>({})
  const [page, setPage] = useState(1)
  const [data, setData] = useState<{ total: number; entries: AuditEntry[] }>({
    total: 0,
    entries: [],
  })
  const [people, setPeople] = useState<Person[]>([])
  const [actions, setActions] = useState<string[]>([])
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    void Promise.all([kefu.people.directory({}), kefu.audit.actions({})]).then(([p, a]) => {
      setPeople(p)
      setActions(a)
    })
  }, [])

  const load = useCallback(async () => {
    setLoading(true)
    try {
      const r = await kefu.audit.list({
        by: filters.by,
        action: filters.action,
        from: dayBound(filters.from, false),
        to: dayBound(filters.to, true),
        offset: (page - 1) * PAGE,
        limit: PAGE,
      })
      setData(r)
      setError(null)
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setLoading(false)
    }
  }, [filters, page])
  useEffect(() => {
    void load()
  }, [load])

  // Action names are dotted (person.create); i18n keys use _ since a dot nests.
  const actionLabel = (a: string) => t(`actions.${a.replace(/\./g, '_')}`, { defaultValue: a })
  const set = (patch: Filters) => {
    setPage(1)
    setFilters((f) => ({ ...f, ...patch }))
  }

  return (
    <div data-testid="audit-panel">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 160 }}
          placeholder={t('filters.person')}
          value={filters.by}
          onChange={(v) => set({ by: v })}
          options={people.map((p) => ({ value: p.id, label: p.name }))}
          data-testid="audit-filter-person"
        />
        <Select
          allowClear
          style={{ width: 200 }}
          placeholder={t('filters.action')}
          value={filters.action}
          onChange={(v) => set({ action: v })}
          options={actions.map((a) => ({ value: a, label: actionLabel(a) }))}
          data-testid="audit-filter-action"
        />
        <DatePicker
          aria-label={t('filters.from')}
          placeholder={t('filters.from')}
          value={filters.from ? dayjs(filters.from) : null}
          onChange={(d) => set({ from: d ? d.format('YYYY-MM-DD') : undefined })}
          style={{ width: 160 }}
          data-testid="audit-filter-from"
        />
        <DatePicker
          aria-label={t('filters.to')}
          placeholder={t('filters.to')}
          value={filters.to ? dayjs(filters.to) : null}
          onChange={(d) => set({ to: d ? d.format('YYYY-MM-DD') : undefined })}
          style={{ width: 160 }}
          data-testid="audit-filter-to"
        />
        <Button
          onClick={() => set({ by: undefined, action: undefined, from: undefined, to: undefined })}
        >
          {t('filters.reset')}
        </Button>
        <Typography.Text type="secondary">{t('total', { total: data.total })}</Typography.Text>
      </Space>
      {error && <Typography.Paragraph type="danger">{error}</Typography.Paragraph>}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data.entries}
        data-testid="audit-table"
        pagination={{
          current: page,
          pageSize: PAGE,
          total: data.total,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          {
            title: t('columns.at'),
            dataIndex: 'at',
            width: 170,
            render: (v: string) => new Date(v).toLocaleString(i18n.language),
          },
          { title: t('columns.person'), dataIndex: 'byName', width: 100 },
          { title: t('columns.device'), dataIndex: 'devName', width: 120 },
          {
            title: t('columns.action'),
            dataIndex: 'action',
            width: 150,
            render: (v: string) => actionLabel(v),
          },
          { title: t('columns.target'), dataIndex: 'target', width: 160 },
          { title: t('columns.detail'), dataIndex: 'detail' },
        ]}
      />
    </div>
  )
}
