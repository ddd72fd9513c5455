import { QUESTION_COLUMNS } from '../../../shared/training/import'
import { readSheet, writeSheet } from '../sheets'

/** Question sheets (XLSX): reading an import and writing the blank template with examples. */

const SHEET = '题目'

/** The question sheet (题目, else the first) of an upload; null when the file can't be read. */
export const readQuestionSheet = (bytes: Uint8Array) => readSheet(bytes, SHEET)

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

export function questionTemplateXlsx(): Promise<Uint8Array> {
  const columns = QUESTION_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.key === 'stem' || c.key === 'keywords' ? 40 : c.key.startsWith('opt') ? 18 : 12,
  }))
  return writeSheet(SHEET, columns, EXAMPLES)
}
