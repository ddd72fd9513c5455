import { Input, type InputRef } from 'antd'
import { forwardRef } from 'react'
import { useTranslation } from 'react-i18next'

/** A PIN field: digits only, masked, numeric keyboard on touch screens; Enter submits the form. */
export const PinInput = forwardRef<InputRef, React.ComponentProps<typeof Input.Password>>(
  function PinInput(props, ref) {
    const { t } = useTranslation('auth')
    return (
      <Input.Password
        ref={ref}
        inputMode="numeric"
        autoComplete="off"
        maxLength={12}
        placeholder={t('pin.placeholder')}
        {...props}
      />
    )
  },
)

/** Form rules for a new PIN (the services check the same rule). */
export function usePinRules() {
  const { t } = useTranslation('auth')
  return [
    { required: true, message: t('pin.required') },
    { pattern: /^\d{4,12}$/, message: t('pin.format') },
  ]
}
