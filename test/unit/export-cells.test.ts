import { describe, expect, it } from 'vitest'
import { csvText, displayWidth, parseCsv } from '../../shared/reports/cells'
import { DEFAULT_TIME_ZONE, wallClockParts, zonedTime } from '../../shared/reports/export-model'

/** Issue 22: what the export cells carry before any writer sees them. */

describe('CSV keeps long order numbers whole', () => {
  it('an 18–19-digit order number is a quoted field behind an invisible tab, never a formula', () => {
    const text = csvText([['2503041234567890123', '250304123456789012', '0012345', '13812345678']])
    expect(text).toBe(
      '\uFEFF"\t2503041234567890123","\t250304123456789012","\t0012345",13812345678\r\n',
    )
    expect(text).not.toContain('="')
    expect(parseCsv(text)[0]).toEqual([
      '\t2503041234567890123',
      '\t250304123456789012',
      '\t0012345',
      '13812345678',
    ])
  })

  it('order numbers with letters or dashes stay as they are; the formula guard still comes first', () => {
    const text = csvText([['250301-100000000000001', 'YT1234567890123', '-2503041234567890123']])
    expect(parseCsv(text)[0]).toEqual([
      '250301-100000000000001',
      'YT1234567890123',
      "'-2503041234567890123",
    ])
  })

  it('numbers stay numbers', () => {
    expect(parseCsv(csvText([[2503041234567890, 12.5]]))[0]).toEqual(['2503041234567890', '12.5'])
  })
})

describe('column widths', () => {
  it('counts a Chinese character (and full-width punctuation) as two', () => {
    expect(displayWidth('订单编号')).toBe(8)
    expect(displayWidth('首次响应（分钟）')).toBe(16)
    expect(displayWidth('SLA 超时')).toBe(8)
    expect(displayWidth('2025-03-04 10:00')).toBe(16)
    expect(displayWidth('')).toBe(0)
  })
})

describe("times on the shop's clock", () => {
  it('Asia/Shanghai is the default, whatever the PC says', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Shanghai')
    expect(zonedTime('2025-03-04T16:30:00.000Z')).toBe('2025-03-05 00:30')
    expect(zonedTime('2025-03-04T01:59:00.000Z', 'Asia/Shanghai')).toBe('2025-03-04 09:59')
  })

  it('another zone follows its own rules (summer time in New York), empty for none', () => {
    expect(zonedTime('2025-01-15T15:00:00.000Z', 'America/New_York')).toBe('2025-01-15 10:00')
    expect(zonedTime('2025-07-15T15:00:00.000Z', 'America/New_York')).toBe('2025-07-15 11:00')
    expect(zonedTime(null)).toBe('')
    expect(zonedTime('not a time')).toBe('')
  })

  it('reads its own text back as wall-clock parts', () => {
    expect(wallClockParts('2025-03-04 00:05')).toEqual({ y: 2025, mo: 3, d: 4, h: 0, mi: 5 })
    expect(wallClockParts('2025-03-04')).toBeNull()
  })
})
