import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CategoryOption, Shop, ShopSettings } from '@shared/api/shop'
import { CATEGORY_LABELS, PLATFORMS, PRIORITIES, type Platform } from '@shared/tickets/model'
import type { BusinessWindow, SlaSettings } from '@shared/tickets/sla'
import { kefu } from '../../api'
import { useCan } from '../auth/store'
import { failure } from '../tickets/format'
import { useLookups } from '../tickets/lookups'

/**
 * Shop-wide settings (these sync to every PC): the platforms and shops offered in the intake
 * form, the categories, SLA targets per priority and the business hours the clocks count.
 */
export function ShopPanel() {
  const { t } = useTranslation('shop')
  const canEdit = useCan('settings.shop')
  const [data, setData] = useState<ShopSettings | null>(null)
  const [error, setError] = useState<string | null>(null)
  const setShared = useLookups((s) => s.setShop)

  useEffect(() => {
    kefu.shop
      .get({})
      .then(setData)
      .catch((e) => setError(failure(e).message))
  }, [])
  const update = (s: ShopSettings) => {
    setData(s)
    setShared(s)
  }
  if (error) return <Alert type="error" showIcon title={error} />
  if (!data) return null
  return (
    <div className="shop-panel" style={{ maxWidth: 880 }} data-testid="shop-panel">
      {!canEdit && (
        <Alert type="info" showIcon title={t('readOnly')} style={{ marginBottom: 12 }} />
      )}
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Platforms data={data} onSaved={update} disabled={!canEdit} />
        <Shops data={data} onSaved={update} disabled={!canEdit} />
        <Categories data={data} onSaved={update} disabled={!canEdit} />
        <Sla data={data} onSaved={update} disabled={!canEdit} />
      </Space>
    </div>
  )
}

interface PartProps {
  data: ShopSettings
  onSaved(s: ShopSettings): void
  disabled: boolean
}

function useSaver() {
  const { t } = useTranslation('shop')
  const { message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (fn: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await fn()
      message.success(t('saved'))
    } catch (err) {
      setError(failure(err).message)
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run }
}

function Platforms({ data, onSaved, disabled }: PartProps) {
  const { t } = useTranslation('shop')
  const [value, setValue] = useState<Platform[]>(data.platforms)
  const s = useSaver()
  return (
    <Card size="small" title={t('platforms.title')}>
      <Typography.Paragraph type="secondary">{t('platforms.help')}</Typography.Paragraph>
      <Checkbox.Group
        value={value}
        disabled={disabled}
        onChange={(v) => setValue(v as Platform[])}
        options={PLATFORMS.map((p) => ({ value: p, label: t(`tickets:platform.${p}`) }))}
        data-testid="shop-platforms"
      />
      {s.error && <Typography.Paragraph type="danger">{s.error}</Typography.Paragraph>}
      <div style={{ marginTop: 8 }}>
        <Button
          disabled={disabled}
          loading={s.busy}
          onClick={() =>
            void s.run(async () => onSaved(await kefu.shop.setPlatforms({ platforms: value })))
          }
          data-testid="shop-platforms-save"
        >
          {t('common:actions.save')}
        </Button>
      </div>
    </Card>
  )
}

function Shops({ data, onSaved, disabled }: PartProps) {
  const { t } = useTranslation('shop')
  const [platform, setPlatform] = useState<Platform>(data.platforms[0] ?? 'pdd')
  const [name, setName] = useState('')
  const [editing, setEditing] = useState<Record<string, string>>({})
  const s = useSaver()
  const reload = async () => onSaved(await kefu.shop.get({}))
  const save = (shop: Omit<Shop, 'id' | 'disabled'> & { id?: string; disabled?: boolean }) =>
    s.run(async () => {
      await kefu.shop.saveShop(shop)
      await reload()
    })
  return (
    <Card size="small" title={t('shops.title')}>
      <Typography.Paragraph type="secondary">{t('shops.help')}</Typography.Paragraph>
      <Table<Shop>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data.shops}
        locale={{ emptyText: t('shops.none') }}
        data-testid="shop-list"
        columns={[
          {
            title: t('shops.platform'),
            dataIndex: 'platform',
            width: 140,
            render: (p: Platform) => t(`tickets:platform.${p}`),
          },
          {
            title: t('shops.name'),
            dataIndex: 'name',
            render: (n: string, shop) =>
              shop.id in editing ? (
                <Space.Compact>
                  <Input
                    size="small"
                    value={editing[shop.id]}
                    maxLength={40}
                    onChange={(e) => setEditing({ ...editing, [shop.id]: e.target.value })}
                  />
                  <Button
                    size="small"
                    type="primary"
                    onClick={() =>
                      void save({ ...shop, name: editing[shop.id] ?? n }).then(() => {
                        const next = { ...editing }
                        delete next[shop.id]
                        setEditing(next)
                      })
                    }
                  >
                    {t('common:actions.save')}
                  </Button>
                </Space.Compact>
              ) : (
                <Typography.Link
                  disabled={disabled}
                  onClick={() => setEditing({ ...editing, [shop.id]: n })}
                >
                  {n}
                </Typography.Link>
              ),
          },
          {
            title: t('shops.open'),
            dataIndex: 'disabled',
            width: 100,
            render: (d: boolean, shop) => (
              <Switch
                size="small"
                checked={!d}
                disabled={disabled}
                onChange={(on) => void save({ ...shop, disabled: !on })}
              />
            ),
          },
        ]}
      />
      <Space.Compact style={{ marginTop: 10 }}>
        <Select
          value={platform}
          onChange={setPlatform}
          style={{ width: 140 }}
          disabled={disabled}
          options={PLATFORMS.map((p) => ({ value: p, label: t(`tickets:platform.${p}`) }))}
          data-testid="shop-new-platform"
        />
        <Input
          value={name}
          maxLength={40}
          disabled={disabled}
          placeholder={t('shops.namePlaceholder')}
          onChange={(e) => setName(e.target.value)}
          onPressEnter={() => void save({ platform, name }).then(() => setName(''))}
          style={{ width: 260 }}
          data-testid="shop-new-name"
        />
        <Button
          icon={<PlusOutlined />}
          disabled={disabled}
          loading={s.busy}
          onClick={() => void save({ platform, name }).then(() => setName(''))}
          data-testid="shop-add"
        >
          {t('shops.add')}
        </Button>
      </Space.Compact>
      {s.error && (
        <Typography.Paragraph type="danger" data-testid="shop-error">
          {s.error}
        </Typography.Paragraph>
      )}
    </Card>
  )
}

function Categories({ data, onSaved, disabled }: PartProps) {
  const { t } = useTranslation('shop')
  const [rows, setRows] = useState<CategoryOption[]>(data.categories)
  const s = useSaver()
  return (
    <Card size="small" title={t('categories.title')}>
      <Typography.Paragraph type="secondary">{t('categories.help')}</Typography.Paragraph>
      <div className="category-grid">
        {rows.map((c, i) => (
          <Space key={c.key} style={{ marginBottom: 6, marginRight: 16 }}>
            <Switch
              size="small"
              checked={c.enabled}
              disabled={disabled}
              onChange={(on) => setRows(rows.map((r, j) => (j === i ? { ...r, enabled: on } : r)))}
            />
            <Input
              size="small"
              value={c.label}
              maxLength={12}
              disabled={disabled}
              placeholder={CATEGORY_LABELS[c.key]}
              style={{ width: 140 }}
              onChange={(e) =>
                setRows(rows.map((r, j) => (j === i ? { ...r, label: e.target.value } : r)))
              }
            />
          </Space>
        ))}
      </div>
      {s.error && <Typography.Paragraph type="danger">{s.error}</Typography.Paragraph>}
      <Button
        disabled={disabled}
        loading={s.busy}
        onClick={() =>
          void s.run(async () => onSaved(await kefu.shop.setCategories({ categories: rows })))
        }
      >
        {t('common:actions.save')}
      </Button>
    </Card>
  )
}

const DAYS = [0, 1, 2, 3, 4, 5, 6] as const

function Sla({ data, onSaved, disabled }: PartProps) {
  const { t } = useTranslation('shop')
  const [sla, setSla] = useState<SlaSettings>(data.sla)
  const s = useSaver()
  const setTarget = (
    p: (typeof PRIORITIES)[number],
    k: 'firstResponseMin' | 'resolutionMin',
    v: number | null,
  ) => setSla({ ...sla, targets: { ...sla.targets, [p]: { ...sla.targets[p], [k]: v ?? 0 } } })
  const setDay = (day: number, windows: BusinessWindow[]) =>
    setSla({
      ...sla,
      calendar: {
        ...sla.calendar,
        week: sla.calendar.week.map((w, i) => (i === day ? windows : w)),
      },
    })
  const sameEveryDay = () => {
    const monday = sla.calendar.week[1] ?? []
    setSla({
      ...sla,
      calendar: { ...sla.calendar, week: DAYS.map(() => monday.map((w) => ({ ...w }))) },
    })
  }
  return (
    <Card size="small" title={t('sla.title')}>
      <Typography.Paragraph type="secondary">{t('sla.help')}</Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey="p"
        dataSource={PRIORITIES.map((p) => ({ p }))}
        columns={[
          {
            title: t('sla.priority'),
            dataIndex: 'p',
            render: (p: string) => t(`tickets:priority.${p}`),
          },
          {
            title: t('sla.firstResponse'),
            render: (_: unknown, { p }) => (
              <InputNumber
                size="small"
                min={0.5}
                step={0.5}
                disabled={disabled}
                value={sla.targets[p].firstResponseMin}
                onChange={(v) => setTarget(p, 'firstResponseMin', v)}
                suffix={t('minutes')}
                data-testid={`sla-first-${p}`}
              />
            ),
          },
          {
            title: t('sla.resolution'),
            render: (_: unknown, { p }) => (
              <InputNumber
                size="small"
                min={1}
                disabled={disabled}
                value={sla.targets[p].resolutionMin}
                onChange={(v) => setTarget(p, 'resolutionMin', v)}
                suffix={t('minutes')}
                data-testid={`sla-resolution-${p}`}
              />
            ),
          },
        ]}
      />
      <Space wrap style={{ marginTop: 12 }}>
        <span>{t('sla.warnMinutes')}</span>
        <InputNumber
          size="small"
          min={0}
          disabled={disabled}
          value={sla.warnMinutes}
          onChange={(v) => setSla({ ...sla, warnMinutes: v ?? 0 })}
          suffix={t('minutes')}
        />
        <span>{t('sla.platformWarn')}</span>
        <InputNumber
          size="small"
          min={0}
          disabled={disabled}
          value={sla.platformWarnMinutes}
          onChange={(v) => setSla({ ...sla, platformWarnMinutes: v ?? 0 })}
          suffix={t('minutes')}
        />
        <span>{t('sla.unratedDays')}</span>
        <InputNumber
          size="small"
          min={0}
          max={90}
          disabled={disabled}
          value={sla.archiveUnratedAfterDays}
          onChange={(v) => setSla({ ...sla, archiveUnratedAfterDays: v ?? 0 })}
          suffix={t('days')}
        />
      </Space>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('hours.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('hours.help')}</Typography.Paragraph>
      {DAYS.map((day) => {
        const windows = sla.calendar.week[day] ?? []
        return (
          <div
            key={day}
            className="hours-row"
            style={{ display: 'flex', gap: 8, marginBottom: 6, alignItems: 'center' }}
          >
            <span style={{ width: 48 }}>{t(`hours.day.${day}`)}</span>
            {windows.length === 0 && (
              <Typography.Text type="secondary">{t('hours.closed')}</Typography.Text>
            )}
            {windows.map((w, i) => (
              <Space.Compact key={i}>
                <Input
                  size="small"
                  type="time"
                  value={w.start}
                  disabled={disabled}
                  style={{ width: 100 }}
                  onChange={(e) =>
                    setDay(
                      day,
                      windows.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)),
                    )
                  }
                  data-testid={`hours-${day}-${i}-start`}
                />
                <Input
                  size="small"
                  type="time"
                  value={w.end === '24:00' ? '00:00' : w.end}
                  disabled={disabled}
                  style={{ width: 100 }}
                  onChange={(e) =>
                    setDay(
                      day,
                      windows.map((x, j) => (j === i ? { ...x, end: e.target.value } : x)),
                    )
                  }
                  data-testid={`hours-${day}-${i}-end`}
                />
                <Button
                  size="small"
                  icon={<DeleteOutlined />}
                  disabled={disabled}
                  aria-label={t('hours.remove')}
                  onClick={() =>
                    setDay(
                      day,
                      windows.filter((_, j) => j !== i),
                    )
                  }
                />
              </Space.Compact>
            ))}
            <Button
              size="small"
              type="link"
              disabled={disabled || windows.length >= 6}
              onClick={() => setDay(day, [...windows, { start: '08:00', end: '23:00' }])}
            >
              {t('hours.add')}
            </Button>
          </div>
        )
      })}
      <Space style={{ marginTop: 8 }}>
        <Button size="small" disabled={disabled} onClick={sameEveryDay}>
          {t('hours.sameEveryDay')}
        </Button>
      </Space>
      {s.error && (
        <Typography.Paragraph type="danger" data-testid="sla-error">
          {s.error}
        </Typography.Paragraph>
      )}
      <div style={{ marginTop: 12 }}>
        <Button
          type="primary"
          disabled={disabled}
          loading={s.busy}
          onClick={() => void s.run(async () => onSaved(await kefu.shop.setSla({ sla })))}
          data-testid="sla-save"
        >
          {t('common:actions.save')}
        </Button>
      </div>
    </Card>
  )
}
