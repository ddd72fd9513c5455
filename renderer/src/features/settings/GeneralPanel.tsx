import { App, Button, Form, Input, InputNumber, Radio, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../../app/store'
import { DISPLAY_NOBODY, type DisplayPrefs, type LocalSettings } from '@shared/api/settings'
import { displayFor } from '../../app/display'
import { useAuth } from '../auth/store'

/** This PC's own settings: never synced (DESIGN §4). */
export function GeneralPanel() {
  const { t } = useTranslation('settings')
  const { message } = App.useApp()
  const settings = useApp((s) => s.settings)
  const info = useApp((s) => s.info)
  const updateSettings = useApp((s) => s.updateSettings)
  const [saving, setSaving] = useState(false)
  const setDisplay = useApp((s) => s.setDisplay)
  const personKey = useAuth((s) => s.me?.id) ?? DISPLAY_NOBODY
  const [form] = Form.useForm<Pick<LocalSettings, 'pcName' | 'idleLockMinutes'>>()
  if (!settings) return null
  const display = displayFor(settings, personKey)
  const changeDisplay = (patch: Partial<DisplayPrefs>) =>
    void setDisplay(personKey, { ...display, ...patch }).catch((err: Error) =>
      message.error(t('display.saveFailed', { message: err.message })),
    )

  const save = async () => {
    const values = await form.validateFields()
    setSaving(true)
    try {
      await updateSettings(values)
      message.success(t('saved'))
    } catch (err) {
      // The form keeps what was typed: nothing is lost on a failed save.
      message.error(t('common:errors.saveFailed', { message: (err as Error).message }))
    } finally {
      setSaving(false)
    }
  }

  return (
    <div style={{ maxWidth: 520 }}>
      <Form
        layout="vertical"
        form={form}
        initialValues={{
          pcName: settings.pcName ?? info?.deviceName,
          idleLockMinutes: settings.idleLockMinutes,
        }}
      >
        <Form.Item label={t('common:language.label')}>
          <Radio.Group
            data-testid="language-switch"
            value={settings.language}
            onChange={(e) =>
              void updateSettings({ language: e.target.value as LocalSettings['language'] })
            }
            options={[
              { value: 'zh-CN', label: t('common:language.zh-CN') },
              { value: 'en', label: t('common:language.en') },
            ]}
            optionType="button"
          />
        </Form.Item>
        <Form.Item label={t('display.fontSize')} extra={t('display.help')}>
          <Radio.Group
            data-testid="font-size-switch"
            value={display.fontSize}
            onChange={(e) =>
              changeDisplay({ fontSize: e.target.value as DisplayPrefs['fontSize'] })
            }
            options={(['small', 'standard', 'large', 'xlarge'] as const).map((v) => ({
              value: v,
              label: t(`display.sizes.${v}`),
            }))}
            optionType="button"
          />
        </Form.Item>
        <Form.Item label={t('display.theme')}>
          <Radio.Group
            data-testid="theme-switch"
            value={display.theme}
            onChange={(e) => changeDisplay({ theme: e.target.value as DisplayPrefs['theme'] })}
            options={[
              { value: 'light', label: t('display.light') },
              { value: 'dark', label: t('display.dark') },
            ]}
            optionType="button"
          />
        </Form.Item>
        <Form.Item label={t('display.zoom')}>
          <span data-testid="zoom-level">{Math.round(display.zoom * 100)}%</span>
          <Button
            size="small"
            style={{ marginLeft: 12 }}
            disabled={display.zoom === 1}
            onClick={() => changeDisplay({ zoom: 1 })}
          >
            {t('display.zoomReset')}
          </Button>
        </Form.Item>
        <Form.Item
          label={t('pcName')}
          name="pcName"
          extra={t('pcNameHelp')}
          rules={[
            { required: true, whitespace: true, message: t('pcNameRequired') },
            { max: 40, message: t('pcNameTooLong') },
          ]}
        >
          <Input data-testid="pc-name" maxLength={40} />
        </Form.Item>
        <Form.Item
          label={t('idleLock')}
          name="idleLockMinutes"
          rules={[
            { required: true, type: 'number', min: 1, max: 240, message: t('idleLockRange') },
          ]}
        >
          <InputNumber min={1} max={240} addonAfter={t('minutes')} data-testid="idle-lock" />
        </Form.Item>
        <Button
          type="primary"
          onClick={() => void save()}
          loading={saving}
          data-testid="settings-save"
        >
          {t('common:actions.save')}
        </Button>
      </Form>
      {info && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 24 }} data-testid="data-dir">
          {t('dataDir', { dir: info.dataDir })}
        </Typography.Paragraph>
      )}
    </div>
  )
}
