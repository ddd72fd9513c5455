import { Alert, Card, DatePicker, Segmented, Select, Space, Tabs } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PeriodReportView } from '@shared/api/reports'
import { toCallError } from '@shared/api/envelope'
import { CATEGORIES } from '@shared/tickets/model'
import { kefu } from '../../api'
import { useAuth, useCan } from '../auth/store'
import { MyChecks } from '../qc/MyChecks'
import { QcPanel } from '../qc/QcPanel'
import { Assessment } from './Assessment'
import { Chart, type ChartOption } from './Chart'
import { DrillModal, type DrillRequest } from './DrillModal'
import { ExportButtons } from './ExportButtons'
import { pct, shopDay } from './format'
import '../shifts/shifts.css'
import './reports.css'

type Bucket = 'day' | 'week' | 'month'
const PALETTE = [
  '#1f6feb',
  '#2da44e',
  '#bf8700',
  '#cf222e',
  '#8250df',
  '#0a7b83',
  '#d4a72c',
  '#6e7781',
]

/** Entities whose change alters the figures shown here. */
const REFRESH_ON = new Set([
  'ticket',
  'qcCheck',
  'examAttempt',
  'drillSession',
  'setting',
  'person',
])

/** Shop midnight (+08:00) of a picked day, as ISO. */
const startOf = (d: Dayjs) => new Date(`${d.format('YYYY-MM-DD')}T00:00:00+08:00`).toISOString()

/** 报表: trends, category share per week, volume by hour, the assessment table; drill-down on bars. */
export function ReportsPage() {
  const { t } = useTranslation('reports')
  const { t: tt } = useTranslation('tickets')
  const me = useAuth((s) => s.me)
  const seesTeam = useCan('reports.team')
  const scores = useCan('qc.score')
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [
    dayjs().startOf('month'),
    dayjs().endOf('month'),
  ])
  const [bucket, setBucket] = useState<Bucket>('day')
  const [personId, setPersonId] = useState<string | undefined>(undefined)
  const [report, setReport] = useState<PeriodReportView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [drill, setDrill] = useState<DrillRequest | null>(null)
  const [reload, setReload] = useState(0)

  // A new quality check, exam, drill or order changes the assessment: fetch it again.
  useEffect(
    () =>
      kefu.on('store.changed', ({ entities }) => {
        if (entities.some((e) => REFRESH_ON.has(e))) setReload((n) => n + 1)
      }),
    [],
  )

  const from = startOf(range[0])
  const to = startOf(range[1].add(1, 'day'))
  useEffect(() => {
    if (!me) return
    setError(null)
    kefu.reports
      .period({ from, to, ...(personId ? { personId } : {}) })
      .then(setReport)
      .catch((e: unknown) => setError(toCallError(e).message))
  }, [from, to, personId, me?.id, reload]) // eslint-disable-line react-hooks/exhaustive-deps -- inputs listed

  const off = report?.utcOffsetMinutes ?? 480
  const points = useMemo(() => report?.trends[bucket] ?? [], [report, bucket])
  const label = (iso: string) =>
    bucket === 'month' ? shopDay(iso, off).slice(0, 7) : shopDay(iso, off).slice(5)
  const base = { from, to, ...(personId ? { personId } : {}) }

  const trendOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('received'), t('resolved'), t('satisfaction')], top: 0 },
      grid: { left: 40, right: 48, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: points.map((p) => label(p.start)) },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        {
          name: t('received'),
          type: 'bar',
          data: points.map((p) => p.received),
          itemStyle: { color: '#1f6feb' },
        },
        {
          name: t('resolved'),
          type: 'bar',
          data: points.map((p) => p.resolved),
          itemStyle: { color: '#2da44e' },
        },
        {
          name: t('satisfaction'),
          type: 'line',
          yAxisIndex: 1,
          connectNulls: true,
          data: points.map((p) =>
            p.satisfactionRate === null ? null : Math.round(p.satisfactionRate * 1000) / 10,
          ),
        },
      ],
    }),
    [points, t], // eslint-disable-line react-hooks/exhaustive-deps -- label follows points
  )
  const weeks = useMemo(() => report?.categoryByWeek ?? [], [report])
  const shareOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${v}%` },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 48, bottom: 28 },
      xAxis: { type: 'category', data: weeks.map((w) => shopDay(w.start, off).slice(5)) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: CATEGORIES.map((c, i) => ({
        name: tt(`category.${c}`),
        type: 'bar',
        stack: 'share',
        itemStyle: { color: PALETTE[i] },
        data: weeks.map((w) => (w.shares[c] === null ? 0 : Math.round(w.shares[c]! * 1000) / 10)),
      })),
    }),
    [weeks, off, tt],
  )
  const hourOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      xAxis: { type: 'category', data: (report?.volumeByHour ?? []).map((_, h) => `${h}:00`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('received'),
          type: 'bar',
          data: report?.volumeByHour ?? [],
          itemStyle: { color: '#8250df' },
        },
      ],
    }),
    [report, t],
  )

  const name = (id: string) => report?.personNames[id] ?? id
  const periodTab = (
    <div className="reports-period" data-testid="reports-period">
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
          data-testid="reports-range"
        />
        {seesTeam && report && (
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('everyone')}
            value={personId}
            onChange={(v: string | undefined) => setPersonId(v)}
            options={report.people.map((p) => ({ value: p.personId, label: name(p.personId) }))}
          />
        )}
        <ExportButtons
          testId="report-export"
          request={(format) => ({ kind: 'period', format, ...base })}
        />
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
      {report && (
        <>
          <div className="summary-figures">
            {(
              [
                ['received', report.totals.received],
                ['resolved', report.totals.resolved],
                ['table.resolution', pct(report.totals.resolutionRate)],
                ['table.within3', pct(report.totals.firstResponse.within3MinRate)],
                ['satisfaction', pct(report.totals.satisfaction.rate)],
                ['table.sla', report.totals.slaBreaches.total],
              ] as const
            ).map(([k, v]) => (
              <div key={k} className="summary-figure" data-testid={`report-${k}`}>
                <div className="summary-figure-label">{t(k)}</div>
                <div className="summary-figure-value">{v}</div>
              </div>
            ))}
          </div>
          <Card
            size="small"
            title={t('trend')}
            extra={
              <Segmented
                value={bucket}
                onChange={(v) => setBucket(v as Bucket)}
                options={[
                  { value: 'day', label: t('bucket.day') },
                  { value: 'week', label: t('bucket.week') },
                  { value: 'month', label: t('bucket.month') },
                ]}
              />
            }
          >
            <Chart
              option={trendOption}
              testId="chart-trend"
              onBarClick={(s, i) => {
                const p = points[i]
                if (!p || s > 1) return
                const measure = s === 0 ? 'received' : 'resolved'
                setDrill({
                  ...base,
                  bar: { kind: 'trend', bucket, start: p.start, measure },
                  label: `${label(p.start)} ${t(measure)}`,
                })
              }}
            />
          </Card>
          <div className="reports-grid">
            <Card size="small" title={t('categoryShare')}>
              <Chart
                option={shareOption}
                testId="chart-share"
                onBarClick={(s, i) => {
                  const w = weeks[i]
                  const c = CATEGORIES[s]
                  if (!w || !c) return
                  setDrill({
                    ...base,
                    bar: { kind: 'categoryWeek', start: w.start, category: c },
                    label: `${shopDay(w.start, off)} ${tt(`category.${c}`)}`,
                  })
                }}
              />
            </Card>
            <Card size="small" title={t('byHour')}>
              <Chart
                option={hourOption}
                testId="chart-hours"
                onBarClick={(_s, i) =>
                  setDrill({
                    ...base,
                    bar: { kind: 'hour', hour: i },
                    label: `${i}:00–${i + 1}:00`,
                  })
                }
              />
            </Card>
          </div>
          <Assessment
            report={report}
            base={base}
            name={name}
            onOrders={setDrill}
            onChanged={() => setReload((n) => n + 1)}
          />
        </>
      )}
      <DrillModal req={drill} offsetMin={off} onClose={() => setDrill(null)} />
    </div>
  )

  return (
    <Tabs
      items={[
        { key: 'period', label: t('tabs.period'), children: periodTab },
        ...(scores ? [{ key: 'qc', label: t('tabs.qc'), children: <QcPanel /> }] : []),
        { key: 'mine', label: t('tabs.myQc'), children: <MyChecks /> },
      ]}
    />
  )
}
