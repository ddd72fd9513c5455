import { useEffect, useRef } from 'react'

export interface Hotkey {
  /** e.g. 'Alt+1', 'Ctrl+K', 'Ctrl+Shift+F', '/', 'Ctrl+=', 'Ctrl+Plus' (a typed '+') */
  combo: string
  run: (e: KeyboardEvent) => void
  /** Also fire while focus is in a text field (default: no, so typing is never hijacked). */
  inInputs?: boolean
}

export function matchesCombo(
  e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
  combo: string,
): boolean {
  const parts = combo.split('+')
  const key = parts.pop()!.toLowerCase()
  const want = new Set(parts.map((p) => p.toLowerCase()))
  if (want.has('ctrl') !== (e.ctrlKey || e.metaKey)) return false
  if (want.has('alt') !== e.altKey) return false
  if (want.has('shift') !== e.shiftKey) return false
  // Digits and letters by physical key, so Alt+1 works whatever the keyboard layout or IME.
  if (/^[0-9]$/.test(key)) return e.code === `Digit${key}` || e.key === key
  // '=' and '-' by physical key too (Shift+= types '+'); 'Plus' is the keypad's or a typed '+'.
  if (key === '=') return e.code === 'Equal' || e.key === '='
  if (key === '-') return e.code === 'Minus' || e.key === '-'
  if (key === 'plus') return e.key === '+'
  if (/^[a-z]$/.test(key))
    return e.code === `Key${key.toUpperCase()}` || e.key.toLowerCase() === key
  return e.key.toLowerCase() === key
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el || !el.tagName) return false
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
}

/**
 * App-wide keyboard shortcuts. Nothing fires while an IME is composing (Chinese input:
 * Enter and digits pick candidates), and plain keys never fire inside text fields.
 */
export function useHotkeys(keys: Hotkey[]): void {
  const ref = useRef(keys)
  ref.current = keys
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || e.keyCode === 229) return
      for (const k of ref.current) {
        if (!matchesCombo(e, k.combo)) continue
        const modified = e.ctrlKey || e.metaKey || e.altKey
        if (isTyping(e.target) && !k.inInputs && !modified) continue
        e.preventDefault()
        k.run(e)
        return
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
