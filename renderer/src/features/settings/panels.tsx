import type { ComponentType } from 'react'
import { GeneralPanel } from './GeneralPanel'
import { SyncPanel } from '../sync/SyncPanel'

export interface SettingsPanel {
  key: string
  /** i18n key in the 'settings' namespace. */
  labelKey: string
  Component: ComponentType
}

export const settingsPanels: SettingsPanel[] = [
  { key: 'general', labelKey: 'tabs.general', Component: GeneralPanel },
  { key: 'sync', labelKey: 'sync:tab', Component: SyncPanel },
]
