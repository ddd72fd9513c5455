import type { ComponentType } from 'react'
import { ComingSoon } from './ComingSoon'
import { SettingsPage } from '../features/settings/SettingsPage'
import { TicketDesk } from '../features/tickets/TicketDesk'
import { ShiftsPage } from '../features/shifts/ShiftsPage'
import { ReportsPage } from '../features/reports/ReportsPage'
import { ScriptsPage } from '../features/scripts/ScriptsPage'
import type { Section } from './store'
import { useTranslation } from 'react-i18next'

function soon(section: Section): ComponentType {
  return function Soon() {
    const { t } = useTranslation()
    return <ComingSoon section={t(`nav.${section}`)} />
  }
}

/** What each navigation entry shows. Features replace their placeholder here as they land. */
export const sectionViews: Record<Section, ComponentType> = {
  tickets: TicketDesk,
  scripts: ScriptsPage,
  training: soon('training'),
  shifts: ShiftsPage,
  reports: ReportsPage,
  settings: SettingsPage,
}
