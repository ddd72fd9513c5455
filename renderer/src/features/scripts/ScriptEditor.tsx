import {
  Alert,
  App,
  Button,
  Collapse,
  Drawer,
  Form,
  Input,
  List,
  Popconfirm,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd'
import type { TextAreaRef } from 'antd/es/input/TextArea'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ScriptDetail } from '@shared/api/scripts'
import type { Team } from '@shared/api/people'
import { PLACEHOLDERS, unknownPlaceholders } from '@shared/content/placeholders'
import {
  CONTENT_PLATFORMS,
  CONTENT_PLATFORM_LABELS,
  SCRIPT_CATEGORIES,
  SCRIPT_CATEGORY_LABELS,
  SCRIPT_SCOPE_LABELS,
  VARIANT_PLATFORMS,
  scriptContent,
  type ScriptDraftInput,
  type ScriptScope,
  type VariantPlatform,
} from '@shared/scripts/model'
import { kefu } from '../../api'
import { toCallError } from '@shared/api/envelope'
import { DiffView } from './DiffView'

export interface EditorProps {
  /** null: a new script. */
  id: string | null
  open: boolean
  canEditShop: boolean
  teams: Team[]
  onClose(): void
}

const empty = (scope: ScriptScope): ScriptDraftInput => ({
  title: '',
  body: '',
  category: 'greeting',
  platforms: ['all'],
  variants: {},
  tags: [],
  shortCode: '',
  scope,
  team: null,
})

function UnknownWarning({ text }: { text: string }) {
  const { t } = useTranslation('scripts')
  const unknown = unknownPlaceholders(text)
  if (unknown.length === 0) return null
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 4 }}
      data-testid="unknown-placeholders"
      title={t('editor.unknown', { names: unknown.map((n) => `{{${n}}}`).join('、') })}
    />
  )
}

/** Editing a script: placeholders inserted at the caret, unknown ones flagged as typed. */
export function ScriptEditor({ id, open, canEditShop, teams, onClose }: EditorProps) {
  const { t } = useTranslation('scripts')
  const { message } = App.useApp()
  const [detail, setDetail] = useState<ScriptDetail | null>(null)
  const [draft, setDraft] = useState<ScriptDraftInput>(empty('personal'))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [compare, setCompare] = useState<string | null>(null)
  const bodyRef = useRef<TextAreaRef>(null)

  const reload = async (sid: string) => {
    const d = await kefu.scripts.get({ id: sid })
    setDetail(d)
    const s = d.script
    setDraft({ ...scriptContent(s), scope: s.scope, team: s.team })
  }

  useEffect(() => {
    if (!open) return
    setErrors({})
    setError(null)
    setCompare(null)
    if (id) void reload(id).catch((e) => setError(toCallError(e).message))
    else {
      setDetail(null)
      setDraft(empty(canEditShop ? 'shop' : 'personal'))
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, open])

  const readOnly = !!detail && !detail.script.canEdit
  const patch = (p: Partial<ScriptDraftInput>) => setDraft((d) => ({ ...d, ...p }))

  const insertPlaceholder = (name: string) => {
    const el = bodyRef.current?.resizableTextArea?.textArea
    const body = draft.body ?? ''
    const start = el?.selectionStart ?? body.length
    const end = el?.selectionEnd ?? body.length
    const token = `{{${name}}}`
    patch({ body: body.slice(0, start) + token + body.slice(end) })
    requestAnimationFrame(() => {
      el?.focus()
      el?.setSelectionRange(start + token.length, start + token.length)
    })
  }

  const save = async () => {
    setSaving(true)
    setErrors({})
    setError(null)
    try {
      const saved = detail
        ? await kefu.scripts.update({ id: detail.script.id, base: detail.script.base, draft })
        : await kefu.scripts.create(draft)
      message.success(t('editor.saved'))
      await reload(saved.id)
      if (!detail) onClose()
    } catch (err) {
      const e = toCallError(err)
      setError(e.message)
      setErrors(e.fields ?? {})
    } finally {
      setSaving(false)
    }
  }

  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn()
      message.success(done)
      if (detail) await reload(detail.script.id).catch(() => onClose())
    } catch (err) {
      setError(toCallError(err).message)
    }
  }

  const scopes: ScriptScope[] = canEditShop ? ['shop', 'team', 'personal'] : ['personal']
  const compared = detail?.versions.find((v) => v.id === compare)

  const form = (
    <Form layout="vertical" disabled={readOnly} data-testid="script-editor">
      <Form.Item
        label={t('field.title')}
        validateStatus={errors.title ? 'error' : undefined}
        help={errors.title}
      >
        <Input
          value={draft.title}
          onChange={(e) => patch({ title: e.target.value })}
          maxLength={40}
          data-testid="editor-title"
        />
      </Form.Item>
      <Form.Item
        label={t('field.body')}
        validateStatus={errors.body ? 'error' : undefined}
        help={errors.body}
      >
        <Space size={4} wrap style={{ marginBottom: 4 }}>
          <Typography.Text type="secondary">{t('editor.insert')}</Typography.Text>
          {PLACEHOLDERS.map((p) => (
            <Tag.CheckableTag
              key={p.name}
              checked={false}
              onChange={() => {
                if (!readOnly) insertPlaceholder(p.name)
              }}
            >
              <span title={`${p.description}（${p.example}）`}>{`{{${p.name}}}`}</span>
            </Tag.CheckableTag>
          ))}
        </Space>
        <Input.TextArea
          ref={bodyRef}
          value={draft.body}
          onChange={(e) => patch({ body: e.target.value })}
          autoSize={{ minRows: 3, maxRows: 10 }}
          maxLength={1000}
          showCount
          data-testid="editor-body"
        />
        <UnknownWarning text={draft.body ?? ''} />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item label={t('field.category')}>
          <Select
            style={{ width: 140 }}
            value={draft.category}
            onChange={(v) => patch({ category: v })}
            options={SCRIPT_CATEGORIES.map((c) => ({ value: c, label: SCRIPT_CATEGORY_LABELS[c] }))}
          />
        </Form.Item>
        <Form.Item
          label={t('field.platforms')}
          validateStatus={errors.platforms ? 'error' : undefined}
          help={errors.platforms}
        >
          <Select
            mode="multiple"
            style={{ minWidth: 220 }}
            value={draft.platforms}
            onChange={(v) => patch({ platforms: v })}
            options={CONTENT_PLATFORMS.map((p) => ({
              value: p,
              label: CONTENT_PLATFORM_LABELS[p],
            }))}
          />
        </Form.Item>
        <Form.Item
          label={t('field.shortCode')}
          validateStatus={errors.shortCode ? 'error' : undefined}
          help={errors.shortCode}
        >
          <Input
            style={{ width: 130 }}
            prefix="/"
            value={draft.shortCode}
            onChange={(e) => patch({ shortCode: e.target.value })}
            data-testid="editor-code"
          />
        </Form.Item>
      </Space>
      <Space wrap align="start">
        <Form.Item label={t('field.scope')}>
          <Select
            style={{ width: 120 }}
            value={draft.scope}
            onChange={(v) =>
              patch({ scope: v, team: v === 'team' ? (teams[0]?.id ?? null) : null })
            }
            options={scopes.map((s) => ({ value: s, label: SCRIPT_SCOPE_LABELS[s] }))}
            data-testid="editor-scope"
          />
        </Form.Item>
        {draft.scope === 'team' && (
          <Form.Item
            label={t('field.team')}
            validateStatus={errors.team ? 'error' : undefined}
            help={errors.team}
          >
            <Select
              style={{ width: 140 }}
              value={draft.team ?? undefined}
              onChange={(v) => patch({ team: v })}
              options={teams.map((tm) => ({ value: tm.id, label: tm.name }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('field.tags')}>
          <Select
            mode="tags"
            style={{ minWidth: 220 }}
            value={draft.tags}
            onChange={(v) => patch({ tags: v })}
            tokenSeparators={[',', '，', '、']}
          />
        </Form.Item>
      </Space>
      <Collapse
        size="small"
        items={[
          {
            key: 'variants',
            label: t('editor.variants'),
            children: VARIANT_PLATFORMS.map((p: VariantPlatform) => (
              <Form.Item key={p} label={CONTENT_PLATFORM_LABELS[p]}>
                <Input.TextArea
                  value={draft.variants?.[p] ?? ''}
                  placeholder={t('editor.variantPlaceholder')}
                  autoSize={{ minRows: 1, maxRows: 6 }}
                  onChange={(e) => {
                    const v = { ...(draft.variants ?? {}) }
                    if (e.target.value) v[p] = e.target.value
                    else delete v[p]
                    patch({ variants: v })
                  }}
                />
                <UnknownWarning text={draft.variants?.[p] ?? ''} />
              </Form.Item>
            )),
          },
        ]}
      />
    </Form>
  )

  const versions = detail && (
    <>
      <List
        size="small"
        dataSource={detail.versions}
        data-testid="script-versions"
        renderItem={(v, i) => (
          <List.Item
            actions={[
              <Button key="diff" size="small" type="link" onClick={() => setCompare(v.id)}>
                {t('versions.compare')}
              </Button>,
              ...(i > 0 && detail.script.canEdit
                ? [
                    <Popconfirm
                      key="rollback"
                      title={t('versions.rollbackConfirm')}
                      onConfirm={() =>
                        act(
                          () => kefu.scripts.rollback({ id: detail.script.id, versionId: v.id }),
                          t('versions.rolledBack'),
                        )
                      }
                    >
                      <Button size="small" type="link">
                        {t('versions.rollback')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []),
            ]}
          >
            <List.Item.Meta
              title={`${v.at.slice(0, 16).replace('T', ' ')} · ${v.byName}`}
              description={v.note}
            />
          </List.Item>
        )}
      />
      {compared && (
        <>
          <Typography.Text type="secondary">
            {t('versions.diffTitle', { at: compared.at.slice(0, 16).replace('T', ' ') })}
          </Typography.Text>
          <DiffView before={compared.body} after={detail.script.body} />
        </>
      )}
    </>
  )

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size="large"
      title={detail ? detail.script.title : t('editor.new')}
      destroyOnHidden
      extra={
        <Space>
          {detail?.script.scope === 'personal' && detail.script.canEdit && (
            <Button
              onClick={() =>
                act(() => kefu.scripts.propose({ id: detail.script.id }), t('proposals.sent'))
              }
              data-testid="script-propose"
            >
              {t('proposals.propose')}
            </Button>
          )}
          {detail?.script.canEdit && (
            <Popconfirm
              title={t('editor.removeConfirm')}
              onConfirm={() =>
                act(() => kefu.scripts.remove({ id: detail.script.id }), t('editor.removed')).then(
                  onClose,
                )
              }
            >
              <Button danger>{t('editor.remove')}</Button>
            </Popconfirm>
          )}
          {!readOnly && (
            <Button
              type="primary"
              loading={saving}
              onClick={() => void save()}
              data-testid="editor-save"
            >
              {t('editor.save')}
            </Button>
          )}
        </Space>
      }
    >
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="editor-error"
        />
      )}
      {readOnly && (
        <Alert type="info" showIcon title={t('editor.readOnly')} style={{ marginBottom: 12 }} />
      )}
      {detail?.script.conflict && (
        <Alert
          type="warning"
          showIcon
          title={t('editor.inConflict')}
          style={{ marginBottom: 12 }}
        />
      )}
      {detail ? (
        <Tabs
          items={[
            { key: 'edit', label: t('editor.tab'), children: form },
            {
              key: 'versions',
              label: t('versions.tab', { n: detail.versions.length }),
              children: versions,
            },
          ]}
        />
      ) : (
        form
      )}
    </Drawer>
  )
}
