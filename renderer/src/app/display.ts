import { theme as antdTheme, type ThemeConfig } from 'antd'
import { displayPrefsSchema, DISPLAY_NOBODY, type DisplayPrefs } from '@shared/api/settings'
import type { LocalSettings } from '@shared/api/settings'
import type { Hotkey } from './hotkeys'

/** The zoom levels Chromium itself steps through, so Ctrl+= feels as in any browser. */
export const ZOOM_STEPS = [0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const

/** One step up (+1) or down (-1) from the given zoom; a zoom between steps goes to the next one. */
export function stepZoom(zoom: number, dir: 1 | -1): number {
  if (dir > 0) return ZOOM_STEPS.find((z) => z > zoom + 0.001) ?? ZOOM_STEPS.at(-1)!
  return [...ZOOM_STEPS].reverse().find((z) => z < zoom - 0.001) ?? ZOOM_STEPS[0]
}

export const FONT_SIZES: Record<DisplayPrefs['fontSize'], number> = {
  small: 12,
  standard: 14,
  large: 16,
  xlarge: 18,
}

export const DEFAULT_DISPLAY: DisplayPrefs = displayPrefsSchema.parse({})

export function displayFor(settings: LocalSettings | null, personId: string | undefined) {
  return settings?.display?.[personId ?? DISPLAY_NOBODY] ?? DEFAULT_DISPLAY
}

/** The antd theme for these preferences (dark algorithm, base font size). */
export function themeFor(prefs: DisplayPrefs): ThemeConfig {
  return {
    algorithm: prefs.theme === 'dark' ? antdTheme.darkAlgorithm : antdTheme.defaultAlgorithm,
    token: { colorPrimary: '#1f6feb', borderRadius: 6, fontSize: FONT_SIZES[prefs.fontSize] },
  }
}

/**
 * Zoom by CSS on the document root: the same in the browser build and in Electron, whose
 * sandboxed renderer cannot reach webFrame zoom (and the menu that had it is gone).
 */
export function applyDisplay(prefs: DisplayPrefs, root: HTMLElement = document.documentElement) {
  root.style.setProperty('zoom', String(prefs.zoom))
  root.style.setProperty('--kefu-zoom', String(prefs.zoom))
  root.dataset.theme = prefs.theme
  root.style.colorScheme = prefs.theme
}

/**
 * Ctrl+= / Ctrl+- / Ctrl+0 (and the numeric keypad's + and -), as browsers have them.
 * `set` receives the new zoom; work also in text fields (a modified key never types).
 */
export function zoomHotkeys(current: () => number, set: (zoom: number) => void): Hotkey[] {
  const up = () => set(stepZoom(current(), 1))
  const down = () => set(stepZoom(current(), -1))
  return [
    { combo: 'Ctrl+=', run: up },
    { combo: 'Ctrl+Shift+=', run: up },
    { combo: 'Ctrl+Plus', run: up },
    { combo: 'Ctrl+-', run: down },
    { combo: 'Ctrl+Shift+-', run: down },
    { combo: 'Ctrl+0', run: () => set(1) },
  ]
}
