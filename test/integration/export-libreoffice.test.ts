import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportFile, ExportStatus } from '../../shared/api/reports'
import { ORDER_COLUMNS } from '../../shared/reports/export-model'
import {
  cellsOf,
  convertWithCalc,
  csvImportOptions,
  readCalc,
  SOFFICE_TIMEOUT_MS,
  type CalcBook,
  type CalcCell,
} from './libreoffice'
import {
  at,
  create,
  cst,
  openShiftDesk,
  tempDir,
  type ShiftDesk,
  type Staff,
} from './shifts-fixture'

/**
 * Issue 22 "Done when": the XLSX and the CSV of a shift summary and of a month report, holding
 * orders whose text looks like a formula and whose order numbers have 18–19 digits, are opened
 * by LibreOffice Calc and read back cell by cell: types, values, no formulas, order numbers
 * whole. The XLSX is opened as is; the CSV with the import options stated in csvImportOptions.
 */

interface Odd {
  orderNo: string
  description: string
  /** Fen, or none. */
  amount?: number
  message: string
  recorded: string
  replied: string
  /** Minutes from the message to the reply (business hours cover these times). */
  firstResponse: number
}

const ODD: Odd[] = [
  {
    orderNo: '2503041234567890123',
    description: '=1+2 衣服尺码偏小，顾客想换大一码，已让顾客拍吊牌照片',
    amount: 12990,
    message: '2025-03-04 08:05',
    recorded: '2025-03-04 08:06',
    replied: '2025-03-04 08:07',
    firstResponse: 2,
  },
  {
    orderNo: '2503041234567890124',
    description: '+86 开头的号码已停用，顾客请我们改用旺旺联系',
    amount: 5990,
    message: '2025-03-04 09:00',
    recorded: '2025-03-04 09:01',
    replied: '2025-03-04 09:05',
    firstResponse: 5,
  },
  {
    orderNo: '250304123456789012',
    description: '-5 元优惠券没有自动抵扣，顾客要求补差价',
    amount: 100,
    message: '2025-03-04 10:10',
    recorded: '2025-03-04 10:11',
    replied: '2025-03-04 10:14',
    firstResponse: 4,
  },
  {
    orderNo: '2503049876543210987',
    description: '@客服主管 顾客要求今天之内给答复',
    message: '2025-03-04 11:00',
    recorded: '2025-03-04 11:02',
    replied: '2025-03-04 11:03',
    firstResponse: 3,
  },
]
const HANDOVER = '@晚班同事 2503041234567890124 的顾客下午会再联系'
const TRANSFER_NOTE = '=SUM(A1:A9) 顾客坚持要全额退款，请主管定夺'
const HEADERS = ORDER_COLUMNS.map((c) => c.header)
const col = (header: string) => HEADERS.indexOf(header)

let dir: string
let d: ShiftDesk
let books: Record<string, CalcBook>

async function exportBytes(req: Record<string, unknown>, who: Staff): Promise<Buffer> {
  let s = await d.ok<ExportStatus>('reports.exportStart', req, who)
  while (s.state === 'running') {
    await new Promise((r) => setTimeout(r, 10))
    s = await d.ok<ExportStatus>('reports.exportStatus', { jobId: s.jobId }, who)
  }
  if (s.state !== 'done') throw new Error(`export failed: ${s.error}`)
  const f = await d.ok<ExportFile>('reports.exportFetch', { jobId: s.jobId }, who)
  return Buffer.from(f.bytesBase64, 'base64')
}

/** 小王's early shift: the odd orders above, one transferred with a note that looks like a formula. */
async function seed(): Promise<string> {
  at(d, '2025-03-04 07:55')
  const shift = await d.ok<{ id: string }>('shifts.start', { slotKey: 'early' }, 'agent')
  for (const [i, o] of ODD.entries()) {
    at(d, o.recorded)
    const id = await create(d, 'agent', {
      messageAt: cst(o.message),
      orderNo: o.orderNo,
      description: o.description,
      amount: o.amount,
    })
    at(d, o.replied)
    await d.ok('tickets.reply', { id, text: '您好，我是客服小王，马上为您处理' }, 'agent')
    if (i === 1) {
      await d.ok('tickets.act', { id, action: { type: 'start' } }, 'agent')
      await d.ok(
        'tickets.act',
        { id, action: { type: 'transfer', to: 'specialist', handoverNote: TRANSFER_NOTE } },
        'agent',
      )
    }
  }
  at(d, '2025-03-04 12:00')
  await d.ok('shifts.end', { id: shift.id, handoverNote: HANDOVER }, 'agent')
  return shift.id
}

beforeAll(async () => {
  dir = tempDir()
  d = await openShiftDesk(dir, cst('2025-03-04 07:50'))
  const shiftId = await seed()
  const month = { kind: 'period', from: cst('2025-03-01 00:00'), to: cst('2025-04-01 00:00') }
  const files: Record<string, Buffer> = {
    'shift.xlsx': await exportBytes({ kind: 'shift', format: 'xlsx', id: shiftId }, 'agent'),
    'shift.csv': await exportBytes({ kind: 'shift', format: 'csv', id: shiftId }, 'agent'),
    'month.xlsx': await exportBytes({ ...month, format: 'xlsx' }, 'supervisor'),
    'month.csv': await exportBytes({ ...month, format: 'csv' }, 'supervisor'),
    // The control: what the guard and the tab prevent, so the stated options are shown to bite.
    'control.csv': Buffer.from('\uFEFF=1+2 衣服尺码偏小,2503041234567890123\r\n'),
  }
  const inDir = path.join(dir, 'exports')
  fs.mkdirSync(inDir)
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(inDir, name), bytes)
  // Two runs, not five: one for the workbooks (Calc detects the format) and one for the CSV
  // files, whose import filter and options must be forced (and would break an XLSX).
  const runs: Array<[ext: string, infilter?: string]> = [
    ['xlsx'],
    ['csv', `Text - txt - csv (StarCalc):${csvImportOptions(HEADERS.length)}`],
  ]
  books = {}
  for (const [ext, infilter] of runs) {
    const names = Object.keys(files).filter((n) => n.endsWith(`.${ext}`))
    const outDir = path.join(dir, `calc-${ext}`)
    await convertWithCalc(
      names.map((n) => path.join(inDir, n)),
      outDir,
      infilter,
    )
    const read = await readCalc(names.map((n) => path.join(outDir, n.replace(/\.\w+$/, '.fods'))))
    for (const [base, book] of Object.entries(read)) books[`${base}.${ext}`] = book
  }
}, 3 * SOFFICE_TIMEOUT_MS)

afterAll(async () => {
  await d?.close()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

function ordersIn(rows: CalcCell[][]): Map<string, CalcCell[]> {
  const h = rows.findIndex((r) => r.map((c) => c.v).join('|') === HEADERS.join('|'))
  expect(h, 'the orders header row').toBeGreaterThanOrEqual(0)
  const out = new Map<string, CalcCell[]>()
  for (const r of rows.slice(h + 1)) {
    const no = r[col('订单编号')]
    if (no?.t === 'string') out.set(String(no.v).replace(/^\t/, ''), r)
  }
  return out
}

function noFormulas(book: CalcBook): void {
  const found = [...cellsOf(book)].filter((x) => x.cell.f !== null)
  expect(found.map((x) => `${x.at} ${x.cell.f}`)).toEqual([])
}

function lineValue(rows: CalcCell[][], label: string): CalcCell | undefined {
  return rows.find((r) => r[0]?.v === label)?.[1]
}

describe('LibreOffice Calc reads the XLSX exports as typed cells', () => {
  for (const which of ['shift', 'month'] as const) {
    it(`${which}: order numbers and customer text are strings exactly as typed, times dates, money yuan`, () => {
      const book = books[`${which}.xlsx`]!
      noFormulas(book)
      const orders = ordersIn(book['工单明细']!)
      expect([...orders.keys()].sort()).toEqual(ODD.map((o) => o.orderNo).sort())
      for (const o of ODD) {
        const r = orders.get(o.orderNo)!
        expect(r[col('订单编号')]).toMatchObject({ t: 'string', v: o.orderNo, s: o.orderNo })
        expect(r[col('问题描述')]).toMatchObject({ t: 'string', v: o.description, f: null })
        const local = o.message.replace(' ', 'T') + ':00'
        expect(r[col('消息时间')]).toMatchObject({ t: 'date', v: local, s: o.message })
        expect(r[col('创建时间')]).toMatchObject({ t: 'date', s: o.recorded })
        expect(r[col('首次回复时间')]).toMatchObject({ t: 'date', s: o.replied })
        expect(r[col('首次响应（分钟）')]).toMatchObject({ t: 'float', v: o.firstResponse })
        const money = r[col('金额（元）')]
        if (o.amount === undefined) expect(money?.t ?? null).toBeNull()
        else {
          expect(money).toMatchObject({ v: o.amount / 100 })
          expect(['float', 'currency']).toContain(money!.t)
          expect(money!.s).toBe(`¥${(o.amount / 100).toFixed(2)}`)
        }
      }
      // No string cell anywhere carries the CSV guard's apostrophe.
      const quoted = [...cellsOf(book)].filter((x) => x.cell.t === 'string' && /^'/.test(x.cell.s))
      expect(quoted.map((x) => x.at)).toEqual([])
      const sum = book['汇总']!
      expect(lineValue(sum, '3分钟回复率')).toMatchObject({ t: 'percentage' })
      expect(lineValue(sum, '接收工单')).toMatchObject({ t: 'float', v: 4 })
    })
  }

  it('shift: the handover note and the transfer note are plain strings', () => {
    const book = books['shift.xlsx']!
    expect(lineValue(book['汇总']!, '交接说明')).toMatchObject({ t: 'string', v: HANDOVER })
    const r = ordersIn(book['工单明细']!).get(ODD[1]!.orderNo)!
    expect(r[col('交接说明')]).toMatchObject({ t: 'string', v: TRANSFER_NOTE, f: null })
  })
})

describe('LibreOffice Calc reads the CSV exports with the stated import options', () => {
  it('the options bite: an unguarded formula is evaluated and a bare 19-digit number is cut', () => {
    const [row] = Object.values(books['control.csv']!)[0]!
    expect(row![0]!.f).not.toBeNull()
    expect(row![1]).toMatchObject({ t: 'float' })
    expect(String(row![1]!.s)).not.toBe('2503041234567890123')
  })

  for (const which of ['shift', 'month'] as const) {
    it(`${which}: no formulas, order numbers whole, guarded text as text, times and money typed`, () => {
      const book = books[`${which}.csv`]!
      noFormulas(book)
      const rows = Object.values(book)[0]!
      const orders = ordersIn(rows)
      expect([...orders.keys()].sort()).toEqual(ODD.map((o) => o.orderNo).sort())
      for (const o of ODD) {
        const r = orders.get(o.orderNo)!
        // The invisible leading tab keeps it text; every digit is there.
        expect(r[col('订单编号')]).toMatchObject({ t: 'string', v: `\t${o.orderNo}` })
        expect(r[col('问题描述')]).toMatchObject({ t: 'string', v: `'${o.description}`, f: null })
        const local = o.message.replace(' ', 'T') + ':00'
        expect(r[col('消息时间')]).toMatchObject({ t: 'date', v: local })
        expect(r[col('首次响应（分钟）')]).toMatchObject({ t: 'float', v: o.firstResponse })
        const money = r[col('金额（元）')]
        if (o.amount === undefined) expect(money?.t ?? null).toBeNull()
        else expect(money).toMatchObject({ t: 'float', v: o.amount / 100 })
      }
      expect(lineValue(rows, '3分钟回复率')).toMatchObject({ t: 'percentage' })
      expect(lineValue(rows, '接收工单')).toMatchObject({ t: 'float', v: 4 })
    })
  }
})
