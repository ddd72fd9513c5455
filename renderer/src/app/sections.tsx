import type { ComponentType } from 'react'
import { SettingsPage } from '../features/settings/SettingsPage'
import { TicketDesk } from '../features/tickets/TicketDesk'
import { TrainingCenter } from '../features/training/TrainingCenter'
import { ShiftsPage } from '../features/shifts/ShiftsPage'
import { ReportsPage } from '../features/reports/ReportsPage'
import { ScriptsPage } from '../features/scripts/ScriptsPage'
import type { Section } from './store'

/** What each navigation entry shows. Features replace their placeholder here as they land. */
export const sectionViews: Record<Section, ComponentType> = {
  tickets: TicketDesk,
  scripts: ScriptsPage,
  training: TrainingCenter,
  shifts: ShiftsPage,
  reports: ReportsPage,
  settings: SettingsPage,
}
