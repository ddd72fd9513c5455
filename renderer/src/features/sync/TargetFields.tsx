import { Form, Input, Radio, Space } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { SyncTargetInput } from '@shared/api/sync'

/** The place a sync space lives, as both forms that name one ask for it. */
export interface TargetValues {
  type: 'folder' | 'webdav'
  path?: string
  url?: string
  user?: string
  password?: string
}

/** An empty password is left out: on a saved WebDAV target that keeps the stored one. */
export function toTarget(v: TargetValues): SyncTargetInput {
  if (v.type === 'folder') return { type: 'folder', path: v.path ?? '' }
  return v.password
    ? { type: 'webdav', url: v.url ?? '', user: v.user ?? '', password: v.password }
    : { type: 'webdav', url: v.url ?? '', user: v.user ?? '' }
}

/**
 * Folder or WebDAV, with their fields: used by Settings → 同步 and by the first-start
 * "join an existing sync space" form, so a shop's PCs are pointed at a place the same way.
 */
export function TargetFields(props: {
  type: 'folder' | 'webdav'
  /** Test ids are `<prefix>-type`, `<prefix>-path`, `<prefix>-url`, … */
  testIdPrefix: string
  pathHelp: ReactNode
  passwordExtra?: ReactNode
}) {
  const { t } = useTranslation('sync')
  const id = (field: string) => `${props.testIdPrefix}-${field}`
  return (
    <>
      <Form.Item name="type" label={t('type')}>
        <Radio.Group optionType="button" data-testid={id('type')}>
          <Radio.Button value="folder">{t('folder')}</Radio.Button>
          <Radio.Button value="webdav">WebDAV</Radio.Button>
        </Radio.Group>
      </Form.Item>
      {props.type === 'folder' ? (
        <Form.Item
          name="path"
          label={t('path')}
          extra={props.pathHelp}
          rules={[{ required: true, whitespace: true, message: t('pathRequired') }]}
        >
          <Input data-testid={id('path')} placeholder="\\\\NAS\\kefu-sync  或  D:\\同步\\客服" />
        </Form.Item>
      ) : (
        <>
          <Form.Item
            name="url"
            label={t('url')}
            rules={[{ required: true, pattern: /^https?:\/\/\S+$/i, message: t('urlInvalid') }]}
          >
            <Input data-testid={id('url')} placeholder="https://nas.local:5006/kefu/" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="user" label={t('user')}>
              <Input data-testid={id('user')} autoComplete="off" />
            </Form.Item>
            <Form.Item name="password" label={t('password')} extra={props.passwordExtra}>
              <Input.Password data-testid={id('password')} autoComplete="new-password" />
            </Form.Item>
          </Space>
        </>
      )}
    </>
  )
}
