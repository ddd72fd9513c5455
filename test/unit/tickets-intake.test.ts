import { describe, expect, it } from 'vitest'
import { checkIntake, describeVagueness, orderNoLooksUsual } from '../../shared/tickets/intake'
import { formatFen, yuanToFen, type TicketIntakeDraft } from '../../shared/tickets/model'
import { cst } from './tickets-helpers'

const now = cst('2024-03-04 12:00')

const good: TicketIntakeDraft = {
  platform: 'pdd',
  shopId: 'shop-1',
  channel: 'chat',
  messageAt: cst('2024-03-04 11:50'),
  orderNo: '240301-123456789012345',
  purchasedAt: cst('2024-03-01 20:15'),
  amount: 5990,
  buyerId: 'pdd_8812',
  customerName: '王女士',
  contact: '13800138000',
  description: '收到的玻璃杯有一道裂痕，顾客要求换一个新的',
  category: 'quality',
  priority: 'normal',
}

describe('checking a new order before it is saved', () => {
  it('a complete, clear order passes without remarks', () => {
    const r = checkIntake(good, now)
    expect(r.errors).toEqual({})
    expect(r.warnings).toEqual({})
    expect(r.value?.amount).toBe(5990)
  })

  it('empty required fields are named in zh-CN next to the field', () => {
    const r = checkIntake(
      { ...good, description: '   ', shopId: '', category: undefined, platform: undefined },
      now,
    )
    expect(r.errors).toMatchObject({
      description: '请填写问题描述',
      shopId: '请填写店铺',
      category: '请选择问题分类',
      platform: '请选择平台',
    })
    expect(r.value).toBeUndefined()
  })

  it('overlong fields are refused', () => {
    const r = checkIntake(
      { ...good, description: '很'.repeat(10_001), customerName: '名'.repeat(51) },
      now,
    )
    expect(r.errors.description).toBe('问题描述不能超过 10000 个字')
    expect(r.errors.customerName).toBe('顾客姓名不能超过 50 个字')
  })

  it('a purchase time in the future and a message before the purchase are errors', () => {
    expect(
      checkIntake({ ...good, purchasedAt: cst('2024-03-05 09:00') }, now).errors.purchasedAt,
    ).toBe('购买时间不能晚于现在')
    expect(checkIntake({ ...good, messageAt: cst('2024-03-04 12:30') }, now).errors.messageAt).toBe(
      '消息时间不能晚于现在',
    )
    expect(checkIntake({ ...good, messageAt: cst('2024-03-01 19:00') }, now).errors.messageAt).toBe(
      '消息时间早于购买时间，请核对两个时间',
    )
    // A PC clock a minute behind is not the future.
    expect(checkIntake({ ...good, messageAt: cst('2024-03-04 12:01') }, now).errors).toEqual({})
  })

  it('negative, fractional and absurd amounts', () => {
    expect(checkIntake({ ...good, amount: -100 }, now).errors.amount).toBe('金额不能为负数')
    expect(checkIntake({ ...good, amount: 59.9 }, now).errors.amount).toBe('金额须精确到分')
    expect(checkIntake({ ...good, amount: 200_000_000 }, now).warnings.amount).toBe(
      '金额超过 100 万元，请核对是否多输了位数（金额单位为分）',
    )
  })

  it('a vague description gets a warning asking for details', () => {
    for (const d of ['有问题', '东西有问题啊！', '商品坏了', '投诉', '在吗？', '怎么回事？？']) {
      expect(checkIntake({ ...good, description: d }, now).warnings.description, d).toBe(
        '问题描述过于笼统，请向顾客询问具体情况（什么问题、何时发现、希望如何处理）后再保存',
      )
    }
    expect(describeVagueness('？？？')).toBe('问题描述没有实际内容，请记录顾客反映的具体问题')
    expect(describeVagueness('没收到')).toBe('问题描述较短，请确认已记录顾客反映的具体问题和诉求')
    expect(describeVagueness('快递显示签收但顾客没收到包裹')).toBeNull()
  })

  it('someone to reach is required; details the end-of-day review would miss are warned', () => {
    const r = checkIntake({ ...good, buyerId: '', customerName: ' ', contact: undefined }, now)
    expect(r.errors.buyerId).toBe('请至少填写买家ID/昵称、顾客姓名或联系方式中的一项')
    expect(checkIntake({ ...good, orderNo: '' }, now).warnings.orderNo).toBe(
      '未填写订单编号，请向顾客确认；没有订单号的工单会在每日整理中列出',
    )
    expect(checkIntake({ ...good, contact: '1380013' }, now).warnings.contact).toBe(
      '联系方式看起来不完整（手机号应为 11 位），请核对',
    )
    expect(checkIntake({ ...good, contact: 'wx_wang2024' }, now).warnings.contact).toBeUndefined()
  })

  it('an unusual order number is only a warning the agent may override', () => {
    const r = checkIntake({ ...good, platform: 'jd', orderNo: '240301-123456789012345' }, now)
    expect(r.errors).toEqual({})
    expect(r.warnings.orderNo).toBe('订单编号格式与京东常见格式不符，请核对；确认无误可继续保存')
    expect(r.value).toBeDefined()
  })
})

describe('order number formats per platform', () => {
  const cases: Array<[Parameters<typeof orderNoLooksUsual>[0], string, boolean]> = [
    ['pdd', '231125-123456789012345', true],
    ['pdd', '２３１１２５－１２３４５６７８９０１２３４５', true], // typed with a full-width IME
    ['pdd', '231125123456789012345', false],
    ['pdd', '231325-123456789012345', false], // month 13
    ['taobao', '3712345678901234567', true],
    ['taobao', '371234567890123456', true],
    ['taobao', '12345678', false],
    ['jd', '285123456789', true],
    ['jd', '2851234567', true],
    ['jd', '3712345678901234567', false],
    ['douyin', '6921234567890123456', true],
    ['douyin', '231125-123456789012345', false],
    ['meituan', '4012345678901234567', true],
    ['eleme', '8012345678901234567', true],
    ['eleme', 'abc', false],
    ['other', 'SO-2024-0001', true],
    ['other', '订单', false],
  ]
  it.each(cases)('%s %s → %s', (platform, no, usual) => {
    expect(orderNoLooksUsual(platform, no)).toBe(usual)
  })
})

describe('money in fen', () => {
  it('parses what people type as yuan and formats it back', () => {
    expect(yuanToFen('59.9')).toBe(5990)
    expect(yuanToFen('¥1,299.00')).toBe(129900)
    expect(yuanToFen('１２.３')).toBe(1230)
    expect(yuanToFen('1.234')).toBeNull()
    expect(formatFen(5990)).toBe('¥59.90')
    expect(formatFen(5)).toBe('¥0.05')
  })
})
