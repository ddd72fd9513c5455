/**
 * Who is signed in, per window. The transport names the window (Electron: the webContents;
 * HTTP: the client id the bridge keeps for its tab); services read the person from here,
 * never from a payload.
 */
export interface Session {
  id: string
  personId: string | null
  signedInAt: string | null
  lastActiveAt: number
}

export class SessionRegistry {
  private sessions = new Map<string, Session>()
  get(id: string): Session {
    let s = this.sessions.get(id)
    if (!s) {
      s = { id, personId: null, signedInAt: null, lastActiveAt: Date.now() }
      this.sessions.set(id, s)
    }
    return s
  }
  signIn(id: string, personId: string): void {
    const s = this.get(id)
    s.personId = personId
    s.signedInAt = new Date().toISOString()
  }
  signOut(id: string): void {
    const s = this.get(id)
    s.personId = null
    s.signedInAt = null
  }
  drop(id: string): void {
    this.sessions.delete(id)
  }
  all(): Session[] {
    return [...this.sessions.values()]
  }
}
