import { Badge, Button, DatePicker, Form, Select, Space, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { QUEUES, type QueueName, type TicketFilters } from '@shared/api/tickets'
import { CATEGORIES, PLATFORMS, PRIORITIES, STATUSES } from '@shared/tickets/model'
import { useDesk } from './store'
import { useDirectory, useShopSettings } from './lookups'
import { searchable } from './searchable'
import { dayEndIso, dayStartIso, isoToDay } from './dates'

/** Queues with their counts, then the filters that narrow the list. */
export function QueuePanel() {
  const { t } = useTranslation('tickets')
  const queue = useDesk((s) => s.queue)
  const counts = useDesk((s) => s.counts)
  const setQueue = useDesk((s) => s.setQueue)
  return (
    <nav className="queue-panel" aria-label={t('queues.label')} data-testid="queues">
      {QUEUES.map((q: QueueName) => (
        <button
          key={q}
          type="button"
          className={`queue-item${q === queue ? ' active' : ''}`}
          onClick={() => setQueue(q)}
          data-testid={`queue-${q}`}
          aria-current={q === queue}
        >
          <span>{t(`queues.${q}`)}</span>
          <Badge
            count={counts?.[q] ?? 0}
            showZero
            overflowCount={99999}
            color={
              (q === 'breachingSoon' || q === 'breached') && (counts?.[q] ?? 0) > 0
                ? q === 'breached'
                  ? '#cf1322'
                  : '#d4380d'
                : q === queue
                  ? '#1f6feb'
                  : '#bfbfbf'
            }
            data-testid={`queue-count-${q}`}
          />
        </button>
      ))}
      <Filters />
    </nav>
  )
}

function Filters() {
  const { t } = useTranslation('tickets')
  const filters = useDesk((s) => s.filters)
  const setFilters = useDesk((s) => s.setFilters)
  const shop = useShopSettings()
  const people = useDirectory()
  const patch = (p: Partial<TicketFilters>) => {
    const next: TicketFilters = { ...filters, ...p }
    for (const k of Object.keys(next) as (keyof TicketFilters)[]) {
      const v = next[k]
      if (v === undefined || (Array.isArray(v) && v.length === 0)) delete next[k]
    }
    setFilters(next)
  }
  const opts = <T extends string>(values: readonly T[], ns: string) =>
    values.map((v) => ({ value: v, label: t(`${ns}.${v}`) }))
  const active = Object.keys(filters).length
  const from = isoToDay(filters.from)
  const to = isoToDay(filters.to)
  return (
    <div className="filters" data-testid="filters">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text strong>{t('filters.title')}</Typography.Text>
        {active > 0 && (
          <Button
            size="small"
            type="link"
            onClick={() => setFilters({})}
            data-testid="filters-clear"
          >
            {t('filters.clear')}
          </Button>
        )}
      </Space>
      <Form layout="vertical" size="small">
        <Form.Item label={t('fields.status')}>
          <Select
            mode="multiple"
            allowClear
            {...searchable}
            value={filters.status ?? []}
            options={opts(STATUSES, 'status')}
            onChange={(v) => patch({ status: v })}
            placeholder={t('filters.any')}
            data-testid="filter-status"
          />
        </Form.Item>
        <Form.Item label={t('fields.category')}>
          <Select
            mode="multiple"
            allowClear
            {...searchable}
            value={filters.category ?? []}
            options={opts(CATEGORIES, 'category')}
            onChange={(v) => patch({ category: v })}
            placeholder={t('filters.any')}
            data-testid="filter-category"
          />
        </Form.Item>
        <Form.Item label={t('fields.platform')}>
          <Select
            mode="multiple"
            allowClear
            {...searchable}
            value={filters.platform ?? []}
            options={opts(PLATFORMS, 'platform')}
            onChange={(v) => patch({ platform: v })}
            placeholder={t('filters.any')}
            data-testid="filter-platform"
          />
        </Form.Item>
        <Form.Item label={t('fields.shop')}>
          <Select
            mode="multiple"
            allowClear
            {...searchable}
            value={filters.shopId ?? []}
            options={(shop?.shops ?? []).map((s) => ({
              value: s.id,
              label: `${t(`platform.${s.platform}`)} · ${s.name}`,
            }))}
            onChange={(v) => patch({ shopId: v })}
            placeholder={t('filters.any')}
            data-testid="filter-shop"
          />
        </Form.Item>
        <Form.Item label={t('fields.priority')}>
          <Select
            mode="multiple"
            allowClear
            {...searchable}
            value={filters.priority ?? []}
            options={opts(PRIORITIES, 'priority')}
            onChange={(v) => patch({ priority: v })}
            placeholder={t('filters.any')}
            data-testid="filter-priority"
          />
        </Form.Item>
        <Form.Item label={t('filters.person')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={filters.personId}
            options={people.map((p) => ({ value: p.id, label: p.name }))}
            onChange={(v) => patch({ personId: v ?? undefined })}
            placeholder={t('filters.anyone')}
            data-testid="filter-person"
          />
        </Form.Item>
        <Form.Item label={t('filters.from')}>
          <DatePicker
            style={{ width: '100%' }}
            value={from}
            onChange={(d) => patch({ from: dayStartIso(d) })}
            disabledDate={(d) => !!to && d.isAfter(to, 'day')}
            placeholder={t('filters.any')}
            data-testid="filter-from"
          />
        </Form.Item>
        <Form.Item label={t('filters.to')}>
          <DatePicker
            style={{ width: '100%' }}
            value={to}
            onChange={(d) => patch({ to: dayEndIso(d) })}
            disabledDate={(d) => !!from && d.isBefore(from, 'day')}
            placeholder={t('filters.any')}
            data-testid="filter-to"
          />
        </Form.Item>
      </Form>
    </div>
  )
}
