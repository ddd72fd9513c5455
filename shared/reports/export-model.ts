import type { KpiFigures, OpenOrder } from '../tickets/kpi'
import {
  CATEGORIES,
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  PLATFORMS,
  PLATFORM_LABELS,
  PRIORITY_LABELS,
  STATUS_LABELS,
  type Ticket,
} from '../tickets/model'
import type { CellValue } from './cells'
import { DEFAULT_TIME_ZONE, formatInZone } from '../time'

/**
 * What an export holds, as plain tables (issue 9 item 4, issue 22): the writers in
 * electron/export turn them into XLSX (typed, formatted cells) or CSV, so both files carry the
 * same figures under the same Chinese headers. Times are written as the shop's wall-clock
 * time, never the PC's.
 *
 * Cell kinds and their values: `text` a string; `int`, `pct` (a fraction, 0.5 for 50 %) and
 * `min` (minutes, a duration) numbers; `money` a number of yuan; `time` the shop's wall-clock
 * time as 「YYYY-MM-DD HH:MM」 (the XLSX writer makes it a date-time cell, a CSV reader parses
 * it as one).
 */

export type CellKind = 'text' | 'int' | 'pct' | 'min' | 'money' | 'time'

export { DEFAULT_TIME_ZONE }

/** ISO time as 「YYYY-MM-DD HH:MM」 on the wall clock of `timeZone` (IANA name); empty for none. */
export function zonedTime(
  iso: string | null | undefined,
  timeZone: string = DEFAULT_TIME_ZONE,
): string {
  return formatInZone(iso, timeZone, 'minute')
}

/** 「YYYY-MM-DD HH:MM」 (what zonedTime and localTime write) as its parts; null otherwise. */
export function wallClockParts(
  text: string,
): { y: number; mo: number; d: number; h: number; mi: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text)
  if (!m) return null
  return { y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: +m[4]!, mi: +m[5]! }
}

export interface Column {
  key: string
  header: string
  /**
   * The least width in characters (a Chinese character counts two); the XLSX writer widens a
   * column to fit its header and cells.
   */
  width: number
  kind: CellKind
}

export interface Table {
  title: string
  columns: Column[]
  rows: CellValue[][]
}

export interface SummaryLine {
  label: string
  value: CellValue
  kind: CellKind
}

export interface ExportDoc {
  /** Sheet and file title, e.g. 「班次小结 2026-11-25 早班 小李」. */
  title: string
  /** Lines of the summary sheet: label, value. */
  lines: SummaryLine[]
  /** Breakdown tables under the lines on the summary sheet. */
  tables: Table[]
  /** One row per order (the second sheet). */
  orders: Table
}

/** ISO time as 「YYYY-MM-DD HH:MM」 in the shop's local time; empty for none. */
export function localTime(iso: string | null | undefined, utcOffsetMinutes: number): string {
  if (!iso) return ''
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return ''
  const d = new Date(ms + utcOffsetMinutes * 60_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10)

/** The summary figures, in the order a shift summary reads (issue 9 item 1). */
export function summaryLines(f: KpiFigures, stillOpen: number | null): SummaryLine[] {
  const lines: SummaryLine[] = [
    { label: '接收工单', value: f.received, kind: 'int' },
    { label: '已解决', value: f.resolved, kind: 'int' },
    { label: '转办', value: f.transferred, kind: 'int' },
  ]
  if (stillOpen !== null) lines.push({ label: '仍未完成', value: stillOpen, kind: 'int' })
  lines.push(
    { label: 'SLA 超时', value: f.slaBreaches.total, kind: 'int' },
    { label: '首次响应平均（分钟）', value: round1(f.firstResponse.avgMin), kind: 'min' },
    { label: '首次响应 P90（分钟）', value: round1(f.firstResponse.p90Min), kind: 'min' },
    { label: '3分钟回复率', value: f.firstResponse.within3MinRate, kind: 'pct' },
    { label: '平均处理时长（分钟）', value: round1(f.handling.avgMin), kind: 'min' },
    { label: '解决率', value: f.resolutionRate, kind: 'pct' },
    { label: '满意度（4–5分占比）', value: f.satisfaction.rate, kind: 'pct' },
    { label: '评价率', value: f.answerRate, kind: 'pct' },
    { label: '未回复工单', value: f.unanswered, kind: 'int' },
  )
  return lines
}

const breakdownColumns = (first: string): Column[] => [
  { key: 'name', header: first, width: 18, kind: 'text' },
  { key: 'received', header: '接收', width: 10, kind: 'int' },
  { key: 'resolved', header: '解决', width: 10, kind: 'int' },
]

/** Breakdown tables: category, platform, shop, scripts used most, still-open orders. */
export function breakdownTables(
  f: KpiFigures,
  opts: {
    shopName: (id: string) => string
    scriptTitle: (id: string) => string
    personName: (id: string) => string
    stillOpen?: OpenOrder[]
  },
): Table[] {
  const tables: Table[] = [
    {
      title: '按问题分类',
      columns: breakdownColumns('问题分类'),
      rows: CATEGORIES.map((c) => [
        CATEGORY_LABELS[c],
        f.byCategory[c].received,
        f.byCategory[c].resolved,
      ]),
    },
    {
      title: '按平台',
      columns: breakdownColumns('平台'),
      rows: PLATFORMS.filter(
        (p) => f.byPlatform[p].received > 0 || f.byPlatform[p].resolved > 0,
      ).map((p) => [PLATFORM_LABELS[p], f.byPlatform[p].received, f.byPlatform[p].resolved]),
    },
    {
      title: '按店铺',
      columns: breakdownColumns('店铺'),
      rows: Object.entries(f.byShop)
        .sort((a, b) => b[1].received - a[1].received || (a[0] < b[0] ? -1 : 1))
        .map(([id, b]) => [opts.shopName(id), b.received, b.resolved]),
    },
    {
      title: '常用话术',
      columns: [
        { key: 'script', header: '话术', width: 30, kind: 'text' },
        { key: 'count', header: '使用次数', width: 10, kind: 'int' },
      ],
      rows: f.scriptsUsed.slice(0, 10).map((s) => [opts.scriptTitle(s.scriptId), s.count]),
    },
  ]
  if (opts.stillOpen) {
    tables.push({
      title: '仍未完成的工单（交接）',
      columns: [
        { key: 'id', header: '工单号', width: 18, kind: 'text' },
        { key: 'orderNo', header: '订单编号', width: 22, kind: 'text' },
        { key: 'status', header: '状态', width: 12, kind: 'text' },
        { key: 'priority', header: '优先级', width: 8, kind: 'text' },
        { key: 'assignee', header: '负责人', width: 10, kind: 'text' },
        { key: 'note', header: '交接说明', width: 50, kind: 'text' },
      ],
      rows: opts.stillOpen.map((o) => [
        o.id,
        o.orderNo ?? '',
        STATUS_LABELS[o.status],
        PRIORITY_LABELS[o.priority],
        opts.personName(o.assignee),
        o.handoverNote ?? '',
      ]),
    })
  }
  return tables
}

export const ORDER_COLUMNS: Column[] = [
  { key: 'id', header: '工单号', width: 18, kind: 'text' },
  { key: 'orderNo', header: '订单编号', width: 22, kind: 'text' },
  { key: 'amount', header: '金额（元）', width: 12, kind: 'money' },
  { key: 'platform', header: '平台', width: 10, kind: 'text' },
  { key: 'shop', header: '店铺', width: 16, kind: 'text' },
  { key: 'channel', header: '来源渠道', width: 10, kind: 'text' },
  { key: 'category', header: '问题分类', width: 10, kind: 'text' },
  { key: 'priority', header: '优先级', width: 8, kind: 'text' },
  { key: 'status', header: '状态', width: 10, kind: 'text' },
  { key: 'assignee', header: '负责人', width: 10, kind: 'text' },
  { key: 'createdBy', header: '接待人', width: 10, kind: 'text' },
  { key: 'messageAt', header: '消息时间', width: 17, kind: 'time' },
  { key: 'createdAt', header: '创建时间', width: 17, kind: 'time' },
  { key: 'firstReplyAt', header: '首次回复时间', width: 17, kind: 'time' },
  { key: 'firstResponseMin', header: '首次响应（分钟）', width: 12, kind: 'min' },
  { key: 'resolvedAt', header: '解决时间', width: 17, kind: 'time' },
  { key: 'satisfaction', header: '满意度', width: 8, kind: 'int' },
  { key: 'customerName', header: '顾客姓名', width: 10, kind: 'text' },
  { key: 'contact', header: '联系方式', width: 14, kind: 'text' },
  { key: 'description', header: '问题描述', width: 50, kind: 'text' },
  { key: 'handoverNote', header: '交接说明', width: 40, kind: 'text' },
]

/** One order as a row of ORDER_COLUMNS; the ticket is already masked (or not) for the reader. */
export function orderRow(
  t: Ticket,
  opts: {
    /** The shop's time zone (IANA); DEFAULT_TIME_ZONE when not given. */
    timeZone?: string
    firstResponseMin: number | null
    shopName: (id: string) => string
    personName: (id: string) => string
  },
): CellValue[] {
  let handover = ''
  for (const h of t.history) if (h.type === 'transfer') handover = h.handoverNote
  const tz = opts.timeZone ?? DEFAULT_TIME_ZONE
  return [
    t.id,
    t.orderNo ?? '',
    // Fen to yuan: at most two decimals, exact enough for a spreadsheet's sums.
    t.amount === undefined ? null : t.amount / 100,
    PLATFORM_LABELS[t.platform],
    opts.shopName(t.shopId),
    CHANNEL_LABELS[t.channel],
    CATEGORY_LABELS[t.category],
    PRIORITY_LABELS[t.priority],
    STATUS_LABELS[t.status],
    opts.personName(t.assignee),
    opts.personName(t.createdBy),
    zonedTime(t.messageAt, tz),
    zonedTime(t.createdAt, tz),
    zonedTime(t.firstReplyAt, tz),
    round1(opts.firstResponseMin),
    zonedTime(t.resolvedAt, tz),
    t.satisfaction ?? null,
    t.customerName ?? '',
    t.contact ?? '',
    t.description,
    handover,
  ]
}

/** The export as CSV rows: title, summary lines, each table, then the orders. */
export function csvRows(doc: ExportDoc): CellValue[][] {
  const rows: CellValue[][] = [[doc.title], []]
  for (const l of doc.lines) {
    const v =
      l.kind === 'pct' && typeof l.value === 'number' ? `${(l.value * 100).toFixed(1)}%` : l.value
    rows.push([l.label, v])
  }
  for (const t of doc.tables) {
    rows.push(
      [],
      [t.title],
      t.columns.map((c) => c.header),
      ...t.rows,
    )
  }
  rows.push(
    [],
    [doc.orders.title],
    doc.orders.columns.map((c) => c.header),
    ...doc.orders.rows,
  )
  return rows
}
