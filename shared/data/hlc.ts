import { AppError, ErrorCode } from '../errors'

/**
 * Hybrid logical clock (DESIGN §4).
 *
 * A stamp is `${wall}-${counter}-${dev}`: `wall` is milliseconds since the epoch padded to 15
 * digits (good until the year 33658), `counter` is padded to 5 digits, `dev` is the device id.
 * Because the numeric parts are fixed-width, plain string comparison is the clock order, and
 * the device id breaks ties between PCs, so two ops never share a stamp.
 *
 * When the counter would pass 99 999 within one millisecond the wall part moves one
 * millisecond ahead instead; the order stays strict and the drift is negligible.
 */

const WALL_DIGITS = 15
const COUNTER_DIGITS = 5
const MAX_COUNTER = 99_999

/** Stamps further ahead than this of the local clock are held back (DESIGN §4). */
export const MAX_CLOCK_AHEAD_MS = 24 * 60 * 60 * 1000

const STAMP = /^(\d{15})-(\d{5})-([^\s]+)$/
/** Device ids appear in stamps and in sync folder names, so they stay path- and URL-safe. */
const DEVICE_ID = /^[A-Za-z0-9_.-]{1,64}$/

export interface HlcParts {
  wall: number
  counter: number
  dev: string
}

export function formatHlc(wall: number, counter: number, dev: string): string {
  return `${String(wall).padStart(WALL_DIGITS, '0')}-${String(counter).padStart(COUNTER_DIGITS, '0')}-${dev}`
}

export function parseHlc(s: string): HlcParts | null {
  if (typeof s !== 'string') return null
  const m = STAMP.exec(s)
  if (!m) return null
  return { wall: Number(m[1]), counter: Number(m[2]), dev: m[3] as string }
}

/** Wall-clock milliseconds of a stamp, or NaN when it is not a stamp. */
export function hlcWall(s: string): number {
  if (typeof s !== 'string' || s.length < WALL_DIGITS || s.charCodeAt(WALL_DIGITS) !== 45) {
    return Number.NaN
  }
  const head = s.slice(0, WALL_DIGITS)
  return /^\d+$/.test(head) ? Number(head) : Number.NaN
}

/** The clock order; the same as comparing the strings. */
export function compareHlc(a: string, b: string): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0
}

export function isValidDeviceId(dev: string): boolean {
  return typeof dev === 'string' && DEVICE_ID.test(dev)
}

export class Hlc {
  readonly deviceId: string
  private readonly now: () => number
  private wall = 0
  private counter = 0

  constructor(deviceId: string, now: () => number = Date.now) {
    if (!isValidDeviceId(deviceId)) {
      throw new AppError(
        ErrorCode.invalidInput,
        `设备编号“${deviceId}”无效：只能包含字母、数字、点、下划线和短横线，最长 64 个字符。`,
      )
    }
    this.deviceId = deviceId
    this.now = now
  }

  /** A stamp for a new local op, strictly greater than every stamp issued or received. */
  send(): string {
    const pt = Math.floor(this.now())
    if (pt > this.wall) {
      this.wall = pt
      this.counter = 0
    } else {
      this.bump()
    }
    return this.last()
  }

  /**
   * Moves the clock past a received stamp so that later local ops sort after it. A stamp more
   * than a day ahead of the local clock is ignored: one PC with a wrong date must not drag
   * every other PC's clock into the future (the store holds such ops back instead).
   * Unreadable stamps are ignored too.
   */
  receive(remote: string): void {
    const r = parseHlc(remote)
    if (!r) return
    const pt = Math.floor(this.now())
    if (r.wall - pt > MAX_CLOCK_AHEAD_MS) return
    if (r.wall > this.wall) {
      this.wall = r.wall
      this.counter = r.counter
    } else if (r.wall === this.wall && r.counter > this.counter) {
      this.counter = r.counter
    }
  }

  /**
   * Where the clock stands, written with this device's id: the last stamp issued, or the
   * position taken over from a received one (wall 0 before either). The store can persist it
   * and hand it back through receive() after a restart, in case the PC's clock went back.
   */
  last(): string {
    return formatHlc(this.wall, this.counter, this.deviceId)
  }

  private bump(): void {
    if (this.counter >= MAX_COUNTER) {
      this.wall += 1
      this.counter = 0
    } else {
      this.counter += 1
    }
  }
}
