import { Result } from 'antd'
import { useTranslation } from 'react-i18next'

/** What a page shows to someone without its permission. The service refuses them anyway. */
export function Forbidden({ perm }: { perm: 'people_manage' | 'audit_view' | 'privacy_erase' }) {
  const { t } = useTranslation('auth')
  return (
    <Result
      status="403"
      title={t('forbidden.title')}
      subTitle={t('forbidden.body', { what: t(`perm.${perm}`) })}
      data-testid="forbidden"
    />
  )
}
