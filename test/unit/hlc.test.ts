import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { compareHlc, formatHlc, Hlc, hlcWall, parseHlc } from '../../shared/data/hlc'

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
// 2025-03-01 09:00 in Shanghai, a morning shift.
const T0 = Date.UTC(2025, 2, 1, 1, 0, 0)

function fakeClock(start = T0) {
  let t = start
  return {
    now: () => t,
    set: (ms: number) => {
      t = ms
    },
    advance: (ms: number) => {
      t += ms
    },
  }
}

describe('hybrid logical clock stamps', () => {
  it('are fixed-width text that sorts in time order, with the device id last', () => {
    const s = formatHlc(T0, 7, 'pc-front-desk')
    expect(s).toBe('001740790800000-00007-pc-front-desk')
    expect(parseHlc(s)).toEqual({ wall: T0, counter: 7, dev: 'pc-front-desk' })
    expect(hlcWall(s)).toBe(T0)

    const stamps = [
      formatHlc(T0 + 1, 0, 'a'),
      formatHlc(T0, 12, 'a'),
      formatHlc(T0, 2, 'b'),
      formatHlc(T0, 2, 'a'),
      formatHlc(999, 0, 'z'),
    ]
    const byText = [...stamps].sort()
    const byTime = [...stamps].sort((x, y) => {
      const p = parseHlc(x)!
      const q = parseHlc(y)!
      return p.wall - q.wall || p.counter - q.counter || (p.dev < q.dev ? -1 : 1)
    })
    expect(byText).toEqual(byTime)
    expect(compareHlc(stamps[0]!, stamps[1]!)).toBe(1)
    expect(compareHlc(stamps[1]!, stamps[0]!)).toBe(-1)
    expect(compareHlc(stamps[2]!, stamps[2]!)).toBe(0)
  })

  it('reject text that is not a stamp', () => {
    for (const bad of [
      '',
      'abc',
      '1740790800000-00007-pc',
      '001740790800000-7-pc',
      '001740790800000-00007-',
      '001740790800000-00007-a b',
    ]) {
      expect(parseHlc(bad)).toBeNull()
    }
    expect(hlcWall('not a stamp')).toBeNaN()
  })
})

describe('Hlc', () => {
  it('gives every local op a stamp greater than the one before, even when the PC clock stands still or goes back', () => {
    const clock = fakeClock()
    const hlc = new Hlc('pc-a', clock.now)
    const a = hlc.send()
    const b = hlc.send()
    clock.set(T0 - HOUR) // someone corrects the Windows clock backwards
    const c = hlc.send()
    clock.set(T0 + 5)
    const d = hlc.send()
    expect([a, b, c, d]).toEqual([...new Set([a, b, c, d])].sort())
    expect(parseHlc(a)).toEqual({ wall: T0, counter: 0, dev: 'pc-a' })
    expect(parseHlc(c)).toEqual({ wall: T0, counter: 2, dev: 'pc-a' })
    expect(parseHlc(d)).toEqual({ wall: T0 + 5, counter: 0, dev: 'pc-a' })
    expect(hlc.last()).toBe(d)
  })

  it('moves the wall part on when 100 000 ops share one millisecond', () => {
    const hlc = new Hlc('pc-a', () => T0)
    let prev = hlc.send()
    let outOfOrder = 0
    for (let i = 0; i < 100_000; i++) {
      const next = hlc.send()
      if (!(next > prev)) outOfOrder++
      prev = next
    }
    expect(outOfOrder).toBe(0)
    expect(parseHlc(prev)).toEqual({ wall: T0 + 1, counter: 0, dev: 'pc-a' })
  })

  it('stamps after a received op sort after it, though this PC runs slow', () => {
    const clock = fakeClock()
    const hlc = new Hlc('pc-a', clock.now)
    hlc.send()
    const remote = formatHlc(T0 + 10 * 60 * 1000, 3, 'pc-b') // the other PC is 10 minutes ahead
    hlc.receive(remote)
    const mine = hlc.send()
    expect(mine > remote).toBe(true)
    expect(parseHlc(mine)).toEqual({ wall: T0 + 10 * 60 * 1000, counter: 4, dev: 'pc-a' })
  })

  it('after a tie with another PC, the next stamp still sorts after the received one', () => {
    const hlc = new Hlc('pc-a', () => T0)
    hlc.send()
    const remote = formatHlc(T0, 0, 'pc-z')
    hlc.receive(remote)
    expect(hlc.send() > remote).toBe(true)
  })

  it('a stamp an hour ahead moves the clock, one more than a day ahead does not', () => {
    const clock = fakeClock()
    const hlc = new Hlc('pc-a', clock.now)
    hlc.receive(formatHlc(T0 + HOUR, 0, 'pc-b'))
    expect(hlcWall(hlc.send())).toBe(T0 + HOUR)

    const wrongDate = formatHlc(T0 + 365 * DAY, 0, 'pc-c') // a PC whose date is a year off
    hlc.receive(wrongDate)
    const after = hlc.send()
    expect(hlcWall(after)).toBe(T0 + HOUR)
    expect(after < wrongDate).toBe(true)

    hlc.receive(formatHlc(T0 + DAY + 1, 0, 'pc-c'))
    expect(hlcWall(hlc.send())).toBe(T0 + HOUR)
    hlc.receive(formatHlc(T0 + DAY, 0, 'pc-c'))
    expect(hlcWall(hlc.send())).toBe(T0 + DAY)
  })

  it('ignores a received stamp it cannot read', () => {
    const hlc = new Hlc('pc-a', () => T0)
    const before = hlc.send()
    hlc.receive('garbage')
    hlc.receive('999999999999999-99999-x y')
    expect(parseHlc(hlc.send())).toEqual({ ...parseHlc(before)!, counter: 1 })
  })

  it('refuses a device id that would not be safe in a stamp or a folder name', () => {
    for (const bad of ['', 'pc a', '前台电脑', 'a/b', 'x'.repeat(65)]) {
      expect(() => new Hlc(bad)).toThrow(AppError)
    }
    expect(new Hlc('3f2a9c1e-77b0-4c5e-9d1a-0a1b2c3d4e5f').deviceId).toBe(
      '3f2a9c1e-77b0-4c5e-9d1a-0a1b2c3d4e5f',
    )
  })

  it('can be put back where it stood before a restart', () => {
    const clock = fakeClock()
    const first = new Hlc('pc-a', clock.now)
    first.send()
    const saved = first.send()
    clock.set(T0 - 10_000) // restarted with the clock set back
    const again = new Hlc('pc-a', clock.now)
    again.receive(saved)
    expect(again.send() > saved).toBe(true)
  })
})
