import { Result } from 'antd'
import { useTranslation } from 'react-i18next'

/** Sections not built yet say so plainly: no fake data. */
export function ComingSoon({ section }: { section: string }) {
  const { t } = useTranslation()
  return (
    <Result
      status="info"
      title={t('comingSoon.title')}
      subTitle={t('comingSoon.body', { section })}
      data-testid="coming-soon"
    />
  )
}
