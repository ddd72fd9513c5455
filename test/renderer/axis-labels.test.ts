import { describe, expect, it } from 'vitest'
import { fitCategoryLabels, textWidth } from '../../renderer/src/features/reports/axis-labels'

/** Issue 22 item 3: category labels that never run into each other. */
const EN_CATEGORIES = [
  'Return/exchange',
  'Refund',
  'Quality',
  'Logistics',
  'Order change',
  'Review/complaint',
  'Suggestion',
  'Other',
]

describe('category axis labels', () => {
  it('short labels with room stay on one line', () => {
    expect(fitCategoryLabels(['退款', '物流问题'], 300)).toMatchObject({ rotate: 0, interval: 0 })
    expect(fitCategoryLabels(['退款', '物流问题'], 300).width).toBeUndefined()
  })

  it('labels wider than their bar wrap at word breaks to the width of one bar', () => {
    const a = fitCategoryLabels(['Order change', 'Review/complaint'], 160)
    expect(a).toMatchObject({ rotate: 0, interval: 0, overflow: 'break' })
    expect(a.width).toBeLessThanOrEqual(160 / 2 - 6)
    expect(a.width).toBeGreaterThanOrEqual(textWidth('complaint', 12))
  })

  it('labels that would need a word cut or many lines are turned, neighbours a line apart', () => {
    const a = fitCategoryLabels(EN_CATEGORIES, 250)
    expect(a.rotate).toBe(45)
    expect(a.interval).toBe(0)
    expect((250 / EN_CATEGORIES.length) * Math.SQRT1_2).toBeGreaterThanOrEqual(a.lineHeight)
  })

  it('very narrow bars turn labels upright and show every n-th one', () => {
    const hours = Array.from({ length: 24 }, (_, h) => `${h}:00 – ${h + 1}:00`)
    const a = fitCategoryLabels(hours, 240)
    expect(a.rotate).toBe(90)
    expect((a.interval + 1) * (240 / 24)).toBeGreaterThanOrEqual(a.lineHeight)
  })

  it('a Chinese character is as wide as the font; Latin letters narrower', () => {
    expect(textWidth('评价/投诉', 12)).toBeCloseTo(4 * 12 + 0.62 * 12, 5)
  })
})
