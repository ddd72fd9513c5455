import { useEffect, useRef } from 'react'

const ACTIVITY = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const

/**
 * Calls `onIdle` once after `minutes` without keyboard, mouse or touch activity in the window
 * (the PC-local idleLockMinutes setting). Checked every few seconds, so a machine waking from
 * sleep locks at once.
 */
export function useIdle(minutes: number | null, onIdle: () => void): void {
  const last = useRef(Date.now())
  const cb = useRef(onIdle)
  cb.current = onIdle
  useEffect(() => {
    if (!minutes) return
    last.current = Date.now()
    const touch = () => {
      last.current = Date.now()
    }
    for (const e of ACTIVITY) window.addEventListener(e, touch, { passive: true, capture: true })
    const timer = window.setInterval(() => {
      if (Date.now() - last.current >= minutes * 60_000) {
        last.current = Date.now()
        cb.current()
      }
    }, 5000)
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, touch, { capture: true })
      window.clearInterval(timer)
    }
  }, [minutes])
}
