import { Empty, Table, Typography } from 'antd'
import { useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { ShiftSummaryView } from '@shared/api/shifts'
import type { Bar } from '@shared/reports/aggregate'
import { CATEGORIES, PLATFORMS, type Category, type Platform } from '@shared/tickets/model'
import { summaryTitle } from '../print/title'
import { Chart, type ChartOption } from '../reports/Chart'
import { minutes, pct, shopTime } from '../reports/format'

const CHARTS = 3

interface Props {
  view: ShiftSummaryView
  /** Print: no animation, and `onRendered` once every chart has drawn. */
  still?: boolean
  onRendered?: () => void
  onDrill?: (bar: Bar, label: string) => void
}

function barOption(
  labels: string[],
  received: number[],
  resolved: number[],
  t: (k: string) => string,
): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [t('received'), t('resolved')], top: 0 },
    // The plot shrinks to hold its axis labels, wrapped or turned by the Chart (fitLabels).
    grid: {
      left: 8,
      right: 16,
      top: 32,
      bottom: 8,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('received'),
        type: 'bar',
        data: received,
        barMaxWidth: 28,
        itemStyle: { color: '#1f6feb' },
      },
      {
        name: t('resolved'),
        type: 'bar',
        data: resolved,
        barMaxWidth: 28,
        itemStyle: { color: '#2da44e' },
      },
    ],
  }
}

/** The end-of-shift summary (issue 9 item 1): figures, breakdowns, scripts, open orders. */
export function SummaryView({ view, still, onRendered, onDrill }: Props) {
  const { t } = useTranslation('shifts')
  const { t: tt } = useTranslation('tickets')
  const f = view.figures
  const off = view.utcOffsetMinutes
  const drawn = useRef(new Set<number>())
  const done = (i: number) => () => {
    drawn.current.add(i)
    if (drawn.current.size === CHARTS) onRendered?.()
  }

  const cats = useMemo(
    () => CATEGORIES.filter((c) => f.byCategory[c].received + f.byCategory[c].resolved > 0),
    [f],
  )
  const plats = useMemo(
    () => PLATFORMS.filter((p) => f.byPlatform[p].received + f.byPlatform[p].resolved > 0),
    [f],
  )
  const catOption = useMemo(
    () =>
      barOption(
        cats.map((c) => tt(`category.${c}`)),
        cats.map((c) => f.byCategory[c].received),
        cats.map((c) => f.byCategory[c].resolved),
        t,
      ),
    [cats, f, t, tt],
  )
  const platOption = useMemo(
    () =>
      barOption(
        plats.map((p) => tt(`platform.${p}`)),
        plats.map((p) => f.byPlatform[p].received),
        plats.map((p) => f.byPlatform[p].resolved),
        t,
      ),
    [plats, f, t, tt],
  )
  const hourOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: {
        left: 8,
        right: 16,
        top: 16,
        bottom: 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      xAxis: { type: 'category', data: f.volumeByHour.map((_, h) => `${h}`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('received'), type: 'bar', data: f.volumeByHour, itemStyle: { color: '#8250df' } },
      ],
    }),
    [f, t],
  )
  const measure = (s: number) => (s === 0 ? 'received' : 'resolved')

  const figures: Array<[string, string | number]> = [
    ['received', f.received],
    ['resolved', f.resolved],
    ['transferred', f.transferred],
    ['stillOpen', view.stillOpen.length],
    ['slaBreaches', f.slaBreaches.total],
    ['frAvg', minutes(f.firstResponse.avgMin)],
    ['frP90', minutes(f.firstResponse.p90Min)],
    ['within3', pct(f.firstResponse.within3MinRate)],
    ['handlingAvg', minutes(f.handling.avgMin)],
    ['resolutionRate', pct(f.resolutionRate)],
    ['satisfaction', pct(f.satisfaction.rate)],
    ['answerRate', pct(f.answerRate)],
  ]

  return (
    <div className="shift-summary" data-testid="shift-summary">
      <Typography.Title level={3} data-testid="summary-title" style={{ marginTop: 0 }}>
        {summaryTitle(view, t)}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('period', { from: shopTime(view.from, off), to: shopTime(view.to, off) })}
        {view.shift ? ` · ${t('device', { name: view.shift.deviceName })}` : ''}
      </Typography.Paragraph>
      {view.shift?.handoverNote && (
        <Typography.Paragraph data-testid="summary-handover">
          <strong>{t('handoverNoteLead')}</strong>
          {view.shift.handoverNote}
        </Typography.Paragraph>
      )}
      <div className="summary-figures">
        {figures.map(([k, v]) => (
          <div key={k} className="summary-figure" data-testid={`figure-${k}`}>
            <div className="summary-figure-label">{t(`figures.${k}`)}</div>
            <div className="summary-figure-value">{v}</div>
          </div>
        ))}
      </div>

      <div className="summary-charts">
        <section>
          <Typography.Title level={5}>{t('byCategory')}</Typography.Title>
          <Chart
            option={catOption}
            still={still}
            fitLabels
            onRendered={done(0)}
            testId="chart-category"
            onBarClick={
              onDrill &&
              ((s, i) =>
                onDrill(
                  { kind: 'category', category: cats[i] as Category, measure: measure(s) },
                  tt(`category.${cats[i]}`),
                ))
            }
          />
        </section>
        <section>
          <Typography.Title level={5}>{t('byPlatform')}</Typography.Title>
          <Chart
            option={platOption}
            still={still}
            fitLabels
            onRendered={done(1)}
            testId="chart-platform"
            onBarClick={
              onDrill &&
              ((s, i) =>
                onDrill(
                  { kind: 'platform', platform: plats[i] as Platform, measure: measure(s) },
                  tt(`platform.${plats[i]}`),
                ))
            }
          />
        </section>
        <section>
          <Typography.Title level={5}>{t('byHour')}</Typography.Title>
          <Chart
            option={hourOption}
            still={still}
            fitLabels
            onRendered={done(2)}
            height={200}
            testId="chart-hour"
            onBarClick={
              onDrill &&
              ((_s, i) => onDrill({ kind: 'hour', hour: i }, t('hourLabel', { hour: i })))
            }
          />
        </section>
      </div>

      <Typography.Title level={5}>{t('byShop')}</Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="id"
        data-testid="summary-shops"
        dataSource={Object.entries(f.byShop).map(([id, b]) => ({
          id,
          name: view.shopNames[id] ?? id,
          ...b,
        }))}
        columns={[
          { title: t('shop'), dataIndex: 'name' },
          { title: t('received'), dataIndex: 'received', width: 90 },
          { title: t('resolved'), dataIndex: 'resolved', width: 90 },
        ]}
      />

      <Typography.Title level={5}>{t('scriptsUsed')}</Typography.Title>
      {view.scripts.length === 0 ? (
        <Typography.Paragraph type="secondary" data-testid="summary-scripts-empty">
          {t('scriptsNone')}
        </Typography.Paragraph>
      ) : (
        <ol className="summary-scripts" data-testid="summary-scripts">
          {view.scripts.slice(0, 10).map((s) => (
            <li key={s.scriptId}>
              {s.title} <Typography.Text type="secondary">× {s.count}</Typography.Text>
            </li>
          ))}
        </ol>
      )}

      <Typography.Title level={5}>
        {t('stillOpenTitle', { count: view.stillOpen.length })}
      </Typography.Title>
      {view.stillOpen.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stillOpenNone')} />
      ) : (
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          data-testid="summary-open"
          dataSource={view.stillOpen}
          columns={[
            { title: t('orderNo'), render: (_, o) => o.orderNo ?? o.id, width: 200 },
            { title: t('status'), render: (_, o) => tt(`status.${o.status}`), width: 100 },
            { title: t('priority'), render: (_, o) => tt(`priority.${o.priority}`), width: 70 },
            { title: t('assignee'), dataIndex: 'assigneeName', width: 90 },
            { title: t('orderHandover'), render: (_, o) => o.handoverNote ?? '' },
          ]}
        />
      )}
    </div>
  )
}
