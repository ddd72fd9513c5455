import { create } from 'zustand'
import type { Me, PeopleStatus } from '@shared/api/people'
import { can } from '@shared/auth/permissions'
import { kefu } from '../../api'
import { useApp } from '../../app/store'

interface AuthState {
  status: PeopleStatus | null
  me: Me | null
  /** Who was signed in when the screen locked: the lock screen offers them first. */
  lockedBy: { id: string; name: string } | null
  /** A recovery code to show once (after first start or a recovery), until acknowledged. */
  recoveryCode: string | null
  loadError: string | null
  load(): Promise<void>
  signedIn(me: Me, recoveryCode?: string): void
  signIn(personId: string, pin: string): Promise<void>
  signOut(): Promise<void>
  /** Idle or Ctrl+L: the same person, or anyone else, signs back in with a PIN. */
  lock(): Promise<void>
  ackRecoveryCode(): void
}

export const useAuth = create<AuthState>((set, get) => ({
  status: null,
  me: null,
  lockedBy: null,
  recoveryCode: null,
  loadError: null,
  async load() {
    try {
      const [status, me] = await Promise.all([kefu.people.status({}), kefu.people.me({})])
      set({ status, me, loadError: null })
    } catch (err) {
      set({ loadError: err instanceof Error ? err.message : String(err) })
    }
  },
  signedIn(me, recoveryCode) {
    // Someone else signing in at the lock screen starts on 工单, not on the last person's page.
    const locked = get().lockedBy
    if (locked && locked.id !== me.id) useApp.getState().go('tickets')
    set((s) => ({
      me,
      lockedBy: null,
      status: s.status ? { ...s.status, hasPeople: true } : s.status,
      recoveryCode: recoveryCode ?? s.recoveryCode,
    }))
  },
  async signIn(personId, pin) {
    const me = await kefu.people.signIn({ personId, pin })
    get().signedIn(me)
  },
  async signOut() {
    await kefu.people.signOut({})
    // 切换人员 / 退出登录: the next person lands on 工单, not on this person's page.
    useApp.getState().go('tickets')
    set({ me: null, lockedBy: null })
  },
  async lock() {
    const me = get().me
    if (!me) return
    await kefu.people.signOut({})
    set({ me: null, lockedBy: { id: me.id, name: me.name } })
  },
  ackRecoveryCode() {
    set({ recoveryCode: null })
  },
}))

/** Whether the signed-in person holds a permission: for hiding what the services would refuse. */
export function useCan(perm: string): boolean {
  return useAuth((s) => can(s.me, perm))
}
