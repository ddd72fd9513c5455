import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useHotkeys, type Hotkey } from '../../renderer/src/app/hotkeys'

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
