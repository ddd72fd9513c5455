import { Tabs } from 'antd'
import { useTranslation } from 'react-i18next'
import { settingsPanels } from './panels'

/** Settings is a set of panels; each feature adds its own (sync target, backups, shops…). */
export function SettingsPage() {
  const { t } = useTranslation('settings')
  return (
    <Tabs
      items={settingsPanels.map((p) => ({
        key: p.key,
        label: t(p.labelKey),
        children: <p.Component />,
      }))}
    />
  )
}
