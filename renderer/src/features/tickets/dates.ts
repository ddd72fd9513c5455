import dayjs, { type Dayjs } from 'dayjs'

/** The start of that day on this PC, as the ISO the filters carry. */
export function dayStartIso(d: Dayjs | null): string | undefined {
  return d ? d.startOf('day').toISOString() : undefined
}

/** The last millisecond of that day on this PC: "to 5 May" includes all of 5 May. */
export function dayEndIso(d: Dayjs | null): string | undefined {
  return d ? d.endOf('day').toISOString() : undefined
}

export function isoToDay(iso: string | undefined): Dayjs | null {
  if (!iso) return null
  const d = dayjs(iso)
  return d.isValid() ? d : null
}
