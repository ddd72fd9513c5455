import { create } from 'zustand'
import type { AppInfo } from '@shared/api/system'
import type { LocalSettings } from '@shared/api/settings'
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
}))

window.addEventListener('hashchange', () => useApp.setState({ section: sectionFromHash() }))
kefu.on('sync.status', (sync) => useApp.setState({ sync }))
