import { create } from 'zustand'
import type { HandoverView, ShiftView } from '@shared/api/shifts'
import type { ShiftSlot } from '@shared/reports/schedule'
import { kefu } from '../../api'
import { useApp } from '../../app/store'
import { useAuth } from '../auth/store'

interface ShiftsState {
  current: ShiftView | null
  handover: HandoverView[]
  schedule: ShiftSlot[]
  error: string | null
  /** After a sign-in: start (or resume) the shift on this PC, fetch the handover notes. */
  onSignedIn(): Promise<void>
  refresh(): Promise<void>
  pickSlot(slotKey: string): Promise<void>
  ack(id: string): Promise<void>
}

export const useShifts = create<ShiftsState>((set, get) => ({
  current: null,
  handover: [],
  schedule: [],
  error: null,
  async onSignedIn() {
    try {
      const [current, handover, schedule] = await Promise.all([
        kefu.shifts.start({}),
        kefu.shifts.handover({}),
        kefu.shifts.schedule({}),
      ])
      set({ current, handover, schedule, error: null })
      // The next person in reads what the last shift left for them before anything else.
      if (handover.length > 0) useApp.getState().go('shifts')
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e) })
    }
  },
  async refresh() {
    const [current, handover, schedule] = await Promise.all([
      kefu.shifts.current({}),
      kefu.shifts.handover({}),
      kefu.shifts.schedule({}),
    ])
    set({ current, handover, schedule })
  },
  async pickSlot(slotKey) {
    set({ current: await kefu.shifts.start({ slotKey }) })
  },
  async ack(id) {
    await kefu.shifts.ackHandover({ id })
    set({ handover: get().handover.filter((h) => h.shift.id !== id) })
  },
}))

// Signing in starts the shift on this PC (issue 9 item 1): any sign-in, from any screen.
useAuth.subscribe((s, prev) => {
  if (s.me && s.me.id !== prev.me?.id) void useShifts.getState().onSignedIn()
  if (!s.me && prev.me) useShifts.setState({ current: null, handover: [] })
})
