import { describe, expect, it } from 'vitest'
import {
  DEFAULT_TIME_ZONE,
  formatInZone,
  fromZoneTime,
  isTimeZone,
  zoneOffsetMinutes,
  zoneOrDefault,
} from '../../shared/time'

describe('the shop time zone', () => {
  const at = '2025-03-04T02:05:09.000Z' // 10:05:09 in Shanghai

  it('formats every time in the shop zone, whatever the PC zone', () => {
    expect(formatInZone(at, 'Asia/Shanghai')).toBe('2025-03-04 10:05')
    expect(formatInZone(at, 'Asia/Shanghai', 'second')).toBe('2025-03-04 10:05:09')
    expect(formatInZone(at, 'Asia/Shanghai', 'date')).toBe('2025-03-04')
    expect(formatInZone(at, 'Asia/Shanghai', 'short', '2025-12-31T00:00:00Z')).toBe('03-04 10:05')
    expect(formatInZone(at, 'Asia/Shanghai', 'short', '2024-12-31T00:00:00Z')).toBe(
      '2025-03-04 10:05',
    )
    expect(formatInZone(at, 'Europe/London')).toBe('2025-03-04 02:05')
    expect(formatInZone('2025-03-03T16:30:00Z', 'Asia/Shanghai', 'date')).toBe('2025-03-04')
    expect(formatInZone(null, 'Asia/Shanghai')).toBe('')
    expect(formatInZone('not a time', 'Asia/Shanghai')).toBe('')
  })

  it('reads a wall time in the zone back to the instant, also across summer time', () => {
    expect(
      new Date(
        fromZoneTime(
          { year: 2025, month: 3, day: 4, hour: 10, minute: 5, second: 9 },
          'Asia/Shanghai',
        ),
      ).toISOString(),
    ).toBe(at)
    const summer = fromZoneTime({ year: 2025, month: 7, day: 1, hour: 9 }, 'Europe/London')
    expect(new Date(summer).toISOString()).toBe('2025-07-01T08:00:00.000Z')
    expect(zoneOffsetMinutes('Asia/Shanghai', at)).toBe(480)
    expect(zoneOffsetMinutes('Europe/London', '2025-07-01T08:00:00Z')).toBe(60)
  })

  it('an unknown zone falls back to Asia/Shanghai', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
    expect(zoneOrDefault(undefined)).toBe(DEFAULT_TIME_ZONE)
    expect(zoneOrDefault('Mars/Olympus')).toBe('Asia/Shanghai')
  })
})
