import type { ComponentType } from 'react'
import { AboutPanel } from '../about/AboutPanel'
import { AuditPanel } from '../audit/AuditPanel'
import { PeoplePanel } from '../people/PeoplePanel'
import { PrivacyPanel } from '../people/PrivacyPanel'
import { GeneralPanel } from './GeneralPanel'
import { SyncPanel } from '../sync/SyncPanel'
import { ShopPanel } from '../shop/ShopPanel'
import { BackupPanel } from '../backup/BackupPanel'
import { SynonymsPanel } from '../tickets/SynonymsPanel'

export interface SettingsPanel {
  key: string
  /** i18n key in the 'settings' namespace. */
  labelKey: string
  Component: ComponentType
}

export const settingsPanels: SettingsPanel[] = [
  { key: 'general', labelKey: 'tabs.general', Component: GeneralPanel },
  { key: 'shop', labelKey: 'shop:tab', Component: ShopPanel },
  { key: 'synonyms', labelKey: 'tickets:synonyms.tab', Component: SynonymsPanel },
  { key: 'people', labelKey: 'people:tab', Component: PeoplePanel },
  { key: 'privacy', labelKey: 'people:privacy.tab', Component: PrivacyPanel },
  { key: 'sync', labelKey: 'sync:tab', Component: SyncPanel },
  { key: 'audit', labelKey: 'audit:tab', Component: AuditPanel },
  { key: 'backup', labelKey: 'backup:tab', Component: BackupPanel },
  { key: 'about', labelKey: 'about:tab', Component: AboutPanel },
]
