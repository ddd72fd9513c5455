import { create } from 'zustand'
import type { AppInfo } from '@shared/api/system'
import type { DisplayPrefs, LocalSettings } from '@shared/api/settings'
import type { EventMap } from '@shared/api'
import { kefu } from '../api'
import i18n from '../i18n'

export const SECTIONS = ['tickets', 'scripts', 'training', 'shifts', 'reports', 'settings'] as const
export type Section = (typeof SECTIONS)[number]

interface AppState {
  ready: boolean
  loadError: string | null
  info: AppInfo | null
  settings: LocalSettings | null
  section: Section
  sync: EventMap['sync.status']
  load(): Promise<void>
  go(section: Section): void
  updateSettings(patch: Partial<LocalSettings>): Promise<void>
  /** One person's screen preferences on this PC (zoom, text size, theme); others' are kept. */
  setDisplay(personKey: string, prefs: DisplayPrefs): Promise<void>
}

function sectionFromHash(): Section {
  const h = window.location.hash.replace(/^#\/?/, '').split('/')[0]
  return (SECTIONS as readonly string[]).includes(h ?? '') ? (h as Section) : 'tickets'
}

export const useApp = create<AppState>((set, get) => ({
  ready: false,
  loadError: null,
  info: null,
  settings: null,
  section: sectionFromHash(),
  sync: { state: 'off' },
  async load() {
    try {
      const [info, settings] = await Promise.all([kefu.system.info({}), kefu.settings.getLocal({})])
      await i18n.changeLanguage(settings.language)
      document.documentElement.lang = settings.language
      set({ info, settings, ready: true, loadError: null })
    } catch (err) {
      set({ loadError: err instanceof Error ? err.message : String(err) })
    }
  },
  go(section) {
    if (window.location.hash !== `#/${section}`) window.location.hash = `#/${section}`
    if (get().section !== section) set({ section })
  },
  async updateSettings(patch) {
    const settings = await kefu.settings.setLocal(patch)
    if (patch.language) {
      await i18n.changeLanguage(settings.language)
      document.documentElement.lang = settings.language
    }
    set({ settings })
  },
  async setDisplay(personKey, prefs) {
    const current = get().settings
    if (!current) return
    // Shown at once (a zoom key must answer immediately), then written to this PC's settings.
    const display = { ...current.display, [personKey]: prefs }
    set({ settings: { ...current, display } })
    try {
      await get().updateSettings({ display })
    } catch (err) {
      // Not remembered, so not shown as if it were: back to what is on disk.
      set({ settings: current })
      throw err
    }
  },
}))

window.addEventListener('hashchange', () => useApp.setState({ section: sectionFromHash() }))
kefu.on('sync.status', (sync) => useApp.setState({ sync }))
