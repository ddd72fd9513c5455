import { describe, expect, it } from 'vitest'
import {
  blankFreeText,
  erasureValues,
  findPersonalData,
  maskForViewer,
  maskFreeText,
  REDACTED,
  strikeOut,
  strikePattern,
  type TicketLike,
} from '../../shared/auth'

describe('personal data typed into free text is masked', () => {
  const cases: [string, string][] = [
    ['顾客电话 13812345678', '顾客电话 138****5678'],
    ['电话138 1234 5678请回电', '电话138****5678请回电'],
    ['138-1234-5678', '138****5678'],
    ['+86 138 1234 5678', '+86 138****5678'],
    ['+8613812345678', '+86138****5678'],
    ['８６ １３８１２３４５６７８', '86 138****5678'],
    ['１３８１２３４５６７８', '138****5678'],
    ['１３８－１２３４－５６７８', '138****5678'],
    ['座机021-12345678', '座机021-****5678'],
    ['座机 0571 8888 6666 转', '座机 0571-****6666 转'],
    ['(021)12345678', '021-****5678'],
    ['身份证110101199003071234', '身份证110****1234'],
    ['身份证 11010119900307123X。', '身份证 110****123X。'],
    ['110101 19900307 1234', '110****1234'],
    ['地址浙江省杭州市西湖区文三路90号3幢2单元501室', '地址浙江省杭州市西湖区****'],
    ['确认地址文三路 90 号东部软件园', '确认地址****东部软件园'],
    ['寄到上海市浦东新区张江路88弄3号', '寄到上海市浦东新区****'],
    ['住在幸福小区3栋2单元502室', '住在****'],
    [
      '已联系（13812341234），确认地址浙江省杭州市西湖区文三路90号',
      '已联系（138****1234），确认地址浙江省杭州市西湖区****',
    ],
  ]
  it.each(cases)('%s', (text, masked) => {
    expect(maskFreeText(text)).toBe(masked)
  })

  it('leaves order numbers, tracking numbers, amounts, dates and short numbers alone', () => {
    for (const text of [
      '订单号 240501-001，共 2 件',
      '快递单号SF1381234567812',
      '京东单号 302419203456781234 已签收',
      '金额 13812.34 元',
      '2024-06-01 10:00 已回访',
      '工号 10086，分机 8023',
      '淘宝订单 3812345678901234567',
    ]) {
      expect(findPersonalData(text), text).toEqual([])
      expect(maskFreeText(text)).toBe(text)
    }
  })

  it('masks the description and every history text an order shows, not ids or times', () => {
    const shown = maskForViewer(
      {
        id: 'T1',
        orderNo: '240501-001',
        trackingNo: 'SF1381234567812',
        description: '顾客电话 13812345678，说没收到',
        history: [
          {
            id: 'h1',
            type: 'note',
            at: '2024-06-01T10:00:00+08:00',
            by: 'p1',
            text: '回电 138-1234-5678',
          },
          { id: 'h2', type: 'reply', at: '2024-06-01T10:05:00+08:00', by: 'p1', text: '您好' },
        ],
      } as never,
      null,
    ) as unknown as Record<string, unknown> & { history: Record<string, unknown>[] }
    expect(shown.description).toBe('顾客电话 138****5678，说没收到')
    expect(shown.orderNo).toBe('240501-001')
    expect(shown.trackingNo).toBe('SF1381234567812')
    expect(shown.history[0]!.text).toBe('回电 138****5678')
    expect(shown.history[0]!.at).toBe('2024-06-01T10:00:00+08:00')
    expect(shown.history[1]!.text).toBe('您好')
  })
})

describe('erasure strikes a value in every form it is typed in', () => {
  const re = strikePattern(['+86 138 1234 5678', '欧阳锋', '浙江省杭州市西湖区文三路90号'])
  it.each([
    '13812345678',
    '138 1234 5678',
    '138-1234-5678',
    '+86 138 1234 5678',
    '+8613812345678',
    '008613812345678',
    '１３８１２３４５６７８',
    '１３８ １２３４ ５６７８',
    '欧阳锋',
    '浙江省杭州市西湖区文三路 90 号',
  ])('%s', (form) => {
    expect(strikeOut(`前${form}后`, re)).toBe(`前${REDACTED}后`)
  })

  it('takes the values of an order: fields, the address detail and numbers typed in its text', () => {
    const v = erasureValues({
      id: 'T1',
      customerName: '张伟',
      contact: '13812345678',
      address: '浙江省杭州市西湖区文三路90号',
      description: '另一个号码 13900001111',
      history: [
        {
          id: 'h1',
          type: 'note',
          at: '2024-06-01T10:00:00+08:00',
          text: '身份证110101199003071234',
        },
      ],
    } as TicketLike)
    expect(v.all).toEqual(
      expect.arrayContaining([
        '张伟',
        '13812345678',
        '文三路90号',
        '13900001111',
        '110101199003071234',
      ]),
    )
    // A two-character name is not struck outside the erased orders: a colleague may share it.
    expect(v.strong).not.toContain('张伟')
    expect(v.strong).toEqual(expect.arrayContaining(['13812345678', '13900001111']))
  })

  it('a late op keeps ids, times and status and loses its text', () => {
    expect(
      blankFreeText({
        id: 'n9',
        type: 'note',
        at: '2024-06-02T09:00:00+08:00',
        by: 'p1',
        text: '说姓欧阳',
      }),
    ).toEqual({ id: 'n9', type: 'note', at: '2024-06-02T09:00:00+08:00', by: 'p1', text: REDACTED })
    expect(blankFreeText('processing', 'status')).toBe('processing')
    expect(blankFreeText('2024-06-01T09:00:00+08:00', 'messageAt')).toBe(
      '2024-06-01T09:00:00+08:00',
    )
    expect(blankFreeText('顾客说了很多', 'description')).toBe(REDACTED)
  })
})
