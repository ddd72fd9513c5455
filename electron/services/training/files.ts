import ExcelJS from 'exceljs'
import { protectCell } from '../../../shared/scripts/cells'
import { QUESTION_COLUMNS } from '../../../shared/training/import'

/** Question sheets (XLSX): reading an import and writing the blank template with examples. */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const SHEET = '题目'

function cellValue(cell: ExcelJS.Cell): unknown {
  const v = cell.value
  if (v === null || v === undefined) return ''
  if (typeof v === 'object' && !(v instanceof Date)) {
    if ('formula' in v || 'sharedFormula' in v) return cell.text
    if ('richText' in v) return v.richText.map((r) => r.text).join('')
    if ('text' in v) return String(v.text)
  }
  return cell.text
}

/** The first sheet (or the one named 题目) as header and rows; null when the file can't be read. */
export async function readQuestionSheet(
  bytes: Uint8Array,
): Promise<{ header: unknown[]; rows: { row: number; cells: unknown[] }[] } | null> {
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(Buffer.from(bytes) as never)
  } catch {
    return null
  }
  const ws = wb.worksheets.find((w) => w.name === SHEET) ?? wb.worksheets[0]
  if (!ws) return null
  const header: unknown[] = []
  const rows: { row: number; cells: unknown[] }[] = []
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    const cells: unknown[] = []
    r.eachCell({ includeEmpty: true }, (c, col) => {
      cells[col - 1] = cellValue(c)
    })
    if (n === 1) header.push(...cells)
    else rows.push({ row: n, cells })
  })
  return { header, rows }
}

const EXAMPLES: Record<string, string>[] = [
  {
    bank: '售后流程与政策',
    type: '单选',
    stem: '七天无理由退货的期限从哪天算起？',
    optA: '下单当天',
    optB: '签收次日',
    optC: '发货当天',
    answer: 'B',
    explanation: '从签收次日起算七天。',
    tags: '退换货',
  },
  {
    bank: '沟通与投诉处理',
    type: '多选',
    stem: '处理投诉时，哪些做法是对的？',
    optA: '先道歉安抚',
    optB: '记录订单号和问题',
    optC: '和顾客争论责任',
    optD: '约定回复时间',
    answer: 'ABD',
    explanation: '先安抚，再记录、转办、跟进。',
    tags: '投诉',
  },
  {
    bank: '平台规则与数据安全',
    type: '判断',
    stem: '可以把顾客的手机号发到工作群里方便同事联系。',
    answer: '错',
    explanation: '顾客信息不得外传。',
    tags: '数据安全',
  },
  {
    bank: '沟通与投诉处理',
    type: '简答',
    stem: '顾客说快递三天没动了，你第一句话怎么回？',
    answer: '',
    explanation: '先致歉，再核对订单并给出处理方案。',
    tags: '物流',
    keywords: '抱歉/不好意思/对不起:4；订单号/单号:3；催件/补发/联系快递:3',
    maxPoints: '10',
  },
]

export async function questionTemplateXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Kefu Desk'
  const ws = wb.addWorksheet(SHEET)
  ws.columns = QUESTION_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.key === 'stem' || c.key === 'keywords' ? 40 : c.key.startsWith('opt') ? 18 : 12,
  }))
  for (const e of EXAMPLES) {
    const row: Record<string, string> = {}
    for (const c of QUESTION_COLUMNS) row[c.key] = protectCell(e[c.key] ?? '')
    ws.addRow(row)
  }
  ws.getRow(1).font = { bold: true }
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  return new Uint8Array(await wb.xlsx.writeBuffer())
}
