import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useHotkeys, type Hotkey } from '../../renderer/src/app/hotkeys'
import { applyDisplay, stepZoom, zoomHotkeys } from '../../renderer/src/app/display'

function Harness({ keys }: { keys: Hotkey[] }) {
  useHotkeys(keys)
  return <input data-testid="field" />
}

function press(target: EventTarget, init: KeyboardEventInit & { keyCode?: number }) {
  const e = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })
  if (init.keyCode !== undefined) Object.defineProperty(e, 'keyCode', { value: init.keyCode })
  target.dispatchEvent(e)
  return e
}

afterEach(cleanup)

describe('keyboard shortcuts', () => {
  it('fire on their keys, by physical key so any layout works', () => {
    const run = vi.fn()
    render(<Harness keys={[{ combo: 'Alt+1', run }]} />)
    press(window, { key: '¡', code: 'Digit1', altKey: true })
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('never fire while a Chinese IME is composing', () => {
    const newOrder = vi.fn()
    const next = vi.fn()
    const { getByTestId } = render(
      <Harness
        keys={[
          { combo: 'Ctrl+N', run: newOrder },
          { combo: 'j', run: next },
        ]}
      />,
    )
    const field = getByTestId('field')
    // Typing pinyin: the IME owns the keys (Enter and digits pick candidates).
    press(field, { key: 'n', code: 'KeyN', ctrlKey: true, isComposing: true })
    press(window, { key: 'Process', code: 'KeyJ', keyCode: 229 })
    expect(newOrder).not.toHaveBeenCalled()
    expect(next).not.toHaveBeenCalled()
  })

  it('leave plain keys to text fields, but modified shortcuts still work there', () => {
    const next = vi.fn()
    const newOrder = vi.fn()
    const { getByTestId } = render(
      <Harness
        keys={[
          { combo: 'j', run: next },
          { combo: 'Ctrl+N', run: newOrder },
        ]}
      />,
    )
    const field = getByTestId('field')
    press(field, { key: 'j', code: 'KeyJ' })
    expect(next).not.toHaveBeenCalled()
    press(field, { key: 'n', code: 'KeyN', ctrlKey: true })
    expect(newOrder).toHaveBeenCalledTimes(1)
    press(document.body, { key: 'j', code: 'KeyJ' })
    expect(next).toHaveBeenCalledTimes(1)
  })
})

describe('zoom keys for long shifts', () => {
  function ZoomHarness() {
    let zoom = 1
    useHotkeys(
      zoomHotkeys(
        () => zoom,
        (z) => {
          zoom = z
          applyDisplay({ zoom: z, fontSize: 'standard', theme: 'light' })
        },
      ),
    )
    return <input data-testid="field" />
  }
  const rootZoom = () => document.documentElement.style.getPropertyValue('zoom')

  it('Ctrl+= enlarges the page, Ctrl+- shrinks it, Ctrl+0 restores it, as in a browser', () => {
    const { getByTestId } = render(<ZoomHarness />)
    const e = press(window, { key: '=', code: 'Equal', ctrlKey: true })
    expect(e.defaultPrevented).toBe(true)
    expect(rootZoom()).toBe('1.1')
    // Shift+= types '+' on most layouts, and the keypad has its own '+': both zoom in.
    press(window, { key: '+', code: 'Equal', ctrlKey: true, shiftKey: true })
    expect(rootZoom()).toBe('1.25')
    press(window, { key: '+', code: 'NumpadAdd', ctrlKey: true })
    expect(rootZoom()).toBe('1.5')
    // Also while typing in a field: a modified key never types.
    press(getByTestId('field'), { key: '-', code: 'Minus', ctrlKey: true })
    expect(rootZoom()).toBe('1.25')
    press(window, { key: '-', code: 'NumpadSubtract', ctrlKey: true })
    expect(rootZoom()).toBe('1.1')
    press(window, { key: '0', code: 'Digit0', ctrlKey: true })
    expect(rootZoom()).toBe('1')
  })

  it('stops at 50% and 200%, and a zoom between steps goes to the next step', () => {
    expect(stepZoom(2, 1)).toBe(2)
    expect(stepZoom(0.5, -1)).toBe(0.5)
    expect(stepZoom(1.2, 1)).toBe(1.25)
    expect(stepZoom(1.2, -1)).toBe(1.1)
  })

  it('does not zoom on a plain = or - typed in a field', () => {
    const { getByTestId } = render(<ZoomHarness />)
    applyDisplay({ zoom: 1, fontSize: 'standard', theme: 'light' })
    press(getByTestId('field'), { key: '=', code: 'Equal' })
    press(getByTestId('field'), { key: '-', code: 'Minus' })
    expect(rootZoom()).toBe('1')
  })
})
