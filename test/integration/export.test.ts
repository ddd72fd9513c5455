import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ExportFile, ExportStatus } from '../../shared/api/reports'
import { parseCsv } from '../../shared/reports/cells'
import { ORDER_COLUMNS } from '../../shared/reports/export-model'
import { writeExportFile, exportWriteError } from '../../electron/export/save'
import { writeXlsx } from '../../electron/export/xlsx'
import {
  cst,
  EVIL,
  openShiftDesk,
  seedEarlyShift,
  tempDir,
  type ShiftDesk,
  type Staff,
} from './shifts-fixture'

/** Exports (issue 9 item 4): XLSX and CSV read back, masking, audit, progress, write errors. */
/** The 1-based column of a header on the orders sheet. */
const col = (header: string) => ORDER_COLUMNS.findIndex((c) => c.header === header) + 1
let dir: string
let d: ShiftDesk

beforeEach(async () => {
  dir = tempDir()
  d = await openShiftDesk(dir, cst('2025-03-04 07:50'))
})
afterEach(async () => {
  await d.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

async function exportOf(
  req: Record<string, unknown>,
  who: Staff,
): Promise<{ file: ExportFile; seen: ExportStatus[] }> {
  const seen: ExportStatus[] = [await d.ok<ExportStatus>('reports.exportStart', req, who)]
  while (seen[seen.length - 1]!.state === 'running') {
    await new Promise((r) => setTimeout(r, 10))
    seen.push(await d.ok<ExportStatus>('reports.exportStatus', { jobId: seen[0]!.jobId }, who))
  }
  const last = seen[seen.length - 1]!
  if (last.state !== 'done') throw new Error(`export failed: ${last.error}`)
  return { file: await d.ok<ExportFile>('reports.exportFetch', { jobId: last.jobId }, who), seen }
}

async function workbook(file: ExportFile): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(file.bytesBase64, 'base64') as unknown as ArrayBuffer)
  return wb
}

function summaryMap(ws: ExcelJS.Worksheet): Map<string, unknown> {
  const m = new Map<string, unknown>()
  ws.eachRow((row) => {
    const k = row.getCell(1).value
    if (typeof k === 'string' && !m.has(k)) m.set(k, row.getCell(2).value)
  })
  return m
}

describe('shift summary export', () => {
  it('XLSX: a summary sheet with the hand-computed figures and one formatted row per order', async () => {
    const { shiftId, t1, t2, t3 } = await seedEarlyShift(d)
    const { file } = await exportOf({ kind: 'shift', format: 'xlsx', id: shiftId }, 'agent')
    expect(file.name).toBe('班次小结-2025-03-04-早班-小王.xlsx')
    const wb = await workbook(file)
    const sum = wb.getWorksheet('汇总')!
    const orders = wb.getWorksheet('工单明细')!
    const m = summaryMap(sum)
    expect(sum.getCell('A1').value).toBe('班次小结 2025-03-04 早班 小王')
    expect(m.get('接收工单')).toBe(3)
    expect(m.get('已解决')).toBe(1)
    expect(m.get('转办')).toBe(1)
    expect(m.get('仍未完成')).toBe(2)
    expect(m.get('SLA 超时')).toBe(1)
    expect(m.get('首次响应平均（分钟）')).toBe(4)
    expect(m.get('首次响应 P90（分钟）')).toBe(6)
    expect(m.get('3分钟回复率')).toBe(0.5)
    expect(m.get('解决率')).toBeCloseTo(1 / 3, 10)
    expect(m.get('满意度（4–5分占比）')).toBe(1)
    expect(m.get('交接说明')).toBe('3号单顾客下午会再来电，请接班同事留意')
    // Formats: rates as percentages, minutes with one decimal; a styled header; widths.
    sum.eachRow((row) => {
      if (row.getCell(1).value === '3分钟回复率') expect(row.getCell(2).numFmt).toBe('0.0%')
      if (row.getCell(1).value === '首次响应平均（分钟）') expect(row.getCell(2).numFmt).toBe('0.0')
    })
    expect(orders.getRow(1).values).toEqual([undefined, ...ORDER_COLUMNS.map((c) => c.header)])
    expect(orders.getRow(1).getCell(1).font?.bold).toBe(true)
    // Widths fit the text, a Chinese character counting two: 首次响应（分钟） is 16 wide.
    expect(orders.getColumn(col('问题描述')).width).toBeGreaterThanOrEqual(50)
    expect(orders.getColumn(col('首次响应（分钟）')).width).toBeGreaterThanOrEqual(16)
    expect(orders.getColumn(col('订单编号')).width).toBeGreaterThanOrEqual(22)
    expect(orders.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(orders.rowCount).toBe(4)
    const ids = [2, 3, 4].map((r) => orders.getRow(r).getCell(1).value)
    expect(ids.sort()).toEqual([t1, t2, t3].sort())
    // The order whose description is a formula is a string cell exactly as typed (an XLSX
    // string cell is never a formula); contacts masked for an agent.
    const row3 = [2, 3, 4].map((r) => orders.getRow(r)).find((r) => r.getCell(1).value === t3)!
    const desc = row3.getCell(col('问题描述'))
    expect(desc.type).toBe(ExcelJS.ValueType.String)
    expect(desc.value).toBe(EVIL)
    expect(desc.formula).toBeUndefined()
    expect(row3.getCell(col('联系方式')).value).toBe('138****5678')
    // Times are date-time cells on the shop's clock (10:00 in Shanghai), money yuan with ¥.
    const msg = row3.getCell(col('消息时间'))
    expect(msg.type).toBe(ExcelJS.ValueType.Date)
    expect((msg.value as Date).toISOString()).toBe('2025-03-04T10:00:00.000Z')
    expect(msg.numFmt).toBe('yyyy-mm-dd hh:mm')
    expect(row3.getCell(col('金额（元）')).value).toBe(59.9)
    expect(row3.getCell(col('金额（元）')).numFmt).toBe('"¥"#,##0.00')
    expect(d.auditLog.filter((a) => a.action === 'report.export').map((a) => a.detail)).toEqual([
      '导出班次小结（个人，3 单，联系方式已打码），XLSX',
    ])
  })

  it('CSV: UTF-8 with BOM, the same figures, the formula neutralised', async () => {
    const { shiftId, t3 } = await seedEarlyShift(d)
    const { file } = await exportOf({ kind: 'shift', format: 'csv', id: shiftId }, 'agent')
    const bytes = Buffer.from(file.bytesBase64, 'base64')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(file.mime).toBe('text/csv; charset=utf-8')
    const rows = parseCsv(bytes.toString('utf8'))
    const line = (label: string) => rows.find((r) => r[0] === label)?.[1]
    expect(line('接收工单')).toBe('3')
    expect(line('3分钟回复率')).toBe('50.0%')
    const header = rows.findIndex((r) => r.join() === ORDER_COLUMNS.map((c) => c.header).join())
    const orderRows = rows.slice(header + 1).filter((r) => r.length > 1)
    expect(orderRows).toHaveLength(3)
    const t3row = orderRows.find((r) => r[0] === t3)!
    expect(t3row[col('问题描述') - 1]).toBe(`'${EVIL}`)
    expect(t3row[col('消息时间') - 1]).toBe('2025-03-04 10:00')
    expect(t3row[col('金额（元）') - 1]).toBe('59.9')
  })

  it("times follow the shop's time zone set in Settings, not the PC's", async () => {
    const { shiftId, t3 } = await seedEarlyShift(d)
    await d.ok('shop.setTimeZone', { timeZone: 'Asia/Tokyo' }, 'admin')
    const { file } = await exportOf({ kind: 'shift', format: 'csv', id: shiftId }, 'agent')
    const rows = parseCsv(Buffer.from(file.bytesBase64, 'base64').toString('utf8'))
    const header = rows.findIndex((r) => r.join() === ORDER_COLUMNS.map((c) => c.header).join())
    const t3row = rows.slice(header + 1).find((r) => r[0] === t3)!
    // 10:00 in Shanghai is 11:00 in Tokyo.
    expect(t3row[col('消息时间') - 1]).toBe('2025-03-04 11:00')
  })

  it('contacts in clear only for a role with export.unmasked (the admin)', async () => {
    const { shiftId } = await seedEarlyShift(d)
    const { file } = await exportOf(
      { kind: 'shift', format: 'csv', id: shiftId, scope: 'team' },
      'admin',
    )
    const text = Buffer.from(file.bytesBase64, 'base64').toString('utf8')
    expect(text).toContain('13812345678')
    expect(d.auditLog.at(-1)!.detail).toContain('含完整联系方式')
    const sup = await exportOf(
      { kind: 'shift', format: 'csv', id: shiftId, scope: 'team' },
      'supervisor',
    )
    expect(Buffer.from(sup.file.bytesBase64, 'base64').toString('utf8')).not.toContain(
      '13812345678',
    )
  })

  it("refuses another person's or the team's export without reports.team, and foreign jobs", async () => {
    const { shiftId } = await seedEarlyShift(d)
    const team = await d.call(
      'reports.exportStart',
      { kind: 'shift', format: 'xlsx', id: shiftId, scope: 'team' },
      'agent',
    )
    expect(team.ok ? null : team.error.code).toBe('forbidden')
    const other = await d.call(
      'reports.exportStart',
      { kind: 'shift', format: 'xlsx', id: shiftId },
      'agent2',
    )
    expect(other.ok ? null : other.error.code).toBe('forbidden')
    const { seen } = await exportOf({ kind: 'shift', format: 'csv', id: shiftId }, 'agent')
    const stolen = await d.call('reports.exportFetch', { jobId: seen[0]!.jobId }, 'agent2')
    expect(stolen.ok ? null : stolen.error.message).toBe(
      '找不到这个导出任务，可能已过期，请重新导出',
    )
  })

  it('a period export lists the orders received in the period, with the assessment table', async () => {
    await seedEarlyShift(d)
    const { file } = await exportOf(
      {
        kind: 'period',
        format: 'xlsx',
        from: cst('2025-03-01 00:00'),
        to: cst('2025-04-01 00:00'),
      },
      'supervisor',
    )
    const wb = await workbook(file)
    expect(wb.getWorksheet('工单明细')!.rowCount).toBe(5)
    const m = summaryMap(wb.getWorksheet('汇总')!)
    expect(m.get('接收工单')).toBe(4)
    expect(m.get('人员')).toBe('全体')
    expect(m.has('人员考核')).toBe(true)
  })
})

describe('long exports and write errors', () => {
  it('the XLSX writer reports progress in steps up to the total', async () => {
    const rows = Array.from({ length: 1_234 }, (_, i) =>
      ORDER_COLUMNS.map((c) => (c.kind === 'text' ? `单${i}` : i)),
    )
    const steps: Array<[number, number]> = []
    const bytes = await writeXlsx(
      {
        title: '大导出',
        lines: [],
        tables: [],
        orders: { title: '工单明细', columns: ORDER_COLUMNS, rows },
      },
      (done, total) => steps.push([done, total]),
    )
    expect(steps[0]).toEqual([0, 1234])
    expect(steps.map((s) => s[0])).toEqual([0, 500, 1000, 1234])
    expect(bytes.byteLength).toBeGreaterThan(10_000)
  })

  it('maps a locked file, a full disk and a read-only folder to zh-CN messages', async () => {
    const file = path.join(dir, '班次小结.xlsx')
    const failing = (code: string) => ({
      writeFile: async () => {
        throw Object.assign(new Error(code), { code })
      },
      rename: async () => undefined,
      rm: async () => undefined,
    })
    const cases: Array<[string, string, string]> = [
      ['EBUSY', 'export_file_locked', '正被其他程序占用（可能已在 Excel 或 WPS 中打开）'],
      ['EPERM', 'export_file_locked', '请关闭该文件后重试'],
      ['ENOSPC', 'export_disk_full', '磁盘空间不足'],
      ['EACCES', 'export_no_access', '没有权限写入'],
    ]
    for (const [code, appCode, text] of cases) {
      const err = await writeExportFile(file, new Uint8Array([1]), failing(code)).catch(
        (e: unknown) => e,
      )
      expect(err).toMatchObject({ code: appCode })
      expect((err as Error).message).toContain(text)
      expect((err as Error).message).toContain('班次小结.xlsx')
    }
    expect(exportWriteError(Object.assign(new Error('x'), { code: 'EIO' }), file).code).toBe(
      'export_write_failed',
    )
    // Real file system: a folder that does not exist, then a good write leaving no temp file.
    const gone = await writeExportFile(path.join(dir, 'nope', 'a.xlsx'), new Uint8Array([1])).catch(
      (e: unknown) => e,
    )
    expect(gone).toMatchObject({ code: 'export_no_folder' })
    await writeExportFile(file, new Uint8Array([1, 2, 3]))
    expect([...fs.readFileSync(file)]).toEqual([1, 2, 3])
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })
})
