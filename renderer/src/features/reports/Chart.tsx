import { BarChart, LineChart } from 'echarts/charts'
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'
import { fitCategoryLabels } from './axis-labels'

// Only the parts the reports use, so the bundle carries no unused chart types. SVG: crisp in a
// PDF, and nothing to paint on a canvas the print window may not have sized yet.
echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DatasetComponent,
  SVGRenderer,
])

export type ChartOption = echarts.EChartsCoreOption

export interface ChartProps {
  option: ChartOption
  height?: number
  /** A bar was clicked: series and data index (drill-down). */
  onBarClick?: (seriesIndex: number, dataIndex: number) => void
  /** Called once the chart has drawn (the print view waits for every chart). */
  onRendered?: () => void
  /** No animation: the print view must show the final picture at once. */
  still?: boolean
  /** Category labels fitted to the chart's width: one line, wrapped or turned, never overlapping. */
  fitLabels?: boolean
  testId?: string
}

/** Width the value axis and the grid's margins take from the plot, erring on the large side. */
const PLOT_MARGIN = 80

function withFittedLabels(option: ChartOption, width: number): ChartOption {
  const x = option.xAxis as { type?: string; data?: unknown[]; axisLabel?: object } | undefined
  if (!width || x?.type !== 'category' || !Array.isArray(x.data)) return option
  const axisLabel = fitCategoryLabels(x.data.map(String), width - PLOT_MARGIN)
  return { ...option, xAxis: { ...x, axisLabel: { ...x.axisLabel, ...axisLabel } } }
}

export function Chart({
  option,
  height = 260,
  onBarClick,
  onRendered,
  still,
  fitLabels,
  testId,
}: ChartProps) {
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const click = useRef(onBarClick)
  const rendered = useRef(onRendered)
  const fittedAt = useRef(0)
  const fit = useRef(fitLabels)
  click.current = onBarClick
  rendered.current = onRendered
  fit.current = fitLabels
  const draw = useRef(() => {})
  draw.current = () => {
    const c = chart.current
    const w = ref.current?.clientWidth ?? 0
    if (!c) return
    fittedAt.current = w
    const o = fitLabels ? withFittedLabels(option, w) : option
    c.setOption({ animation: !still, ...o }, true)
  }

  useEffect(() => {
    const el = ref.current!
    // The container's own size at once: a chart first drawn at a default size and resized later
    // may be printed before the resize lands.
    const c = echarts.init(el, undefined, {
      renderer: 'svg',
      width: el.clientWidth || undefined,
      height: el.clientHeight || undefined,
    })
    chart.current = c
    c.on('click', (p) => {
      const e = p as { seriesIndex?: number; dataIndex?: number }
      if (e.seriesIndex !== undefined && e.dataIndex !== undefined)
        click.current?.(e.seriesIndex, e.dataIndex)
    })
    c.on('finished', () => rendered.current?.())
    const ro = new ResizeObserver(() => {
      c.resize()
      // Labels fitted to the old width may no longer fit the new one.
      if (fit.current && el.clientWidth !== fittedAt.current) draw.current()
    })
    ro.observe(el)
    return () => {
      ro.disconnect()
      c.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    draw.current()
  }, [option, still, fitLabels])

  return (
    <div
      ref={ref}
      className="kefu-chart"
      data-testid={testId}
      style={{ width: '100%', height, cursor: onBarClick ? 'pointer' : undefined }}
    />
  )
}
