import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { SafeMarkdown } from '../../components/SafeMarkdown'
import { useApp } from '../../app/store'
import notesZh from './release-notes.zh-CN.md?raw'
import notesEn from './release-notes.en.md?raw'

/** What this version is and what changed, as markdown through the same sanitiser as lessons. */
export function AboutPanel() {
  const { t, i18n } = useTranslation('about')
  const info = useApp((s) => s.info)
  return (
    <div style={{ maxWidth: 720 }} data-testid="about-panel">
      {info && (
        <Typography.Paragraph type="secondary">
          {t('version', { version: info.version })}
        </Typography.Paragraph>
      )}
      <SafeMarkdown
        source={i18n.language === 'en' ? notesEn : notesZh}
        data-testid="release-notes"
      />
    </div>
  )
}
