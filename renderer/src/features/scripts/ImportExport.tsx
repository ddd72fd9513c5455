import { Alert, App, Button, Card, Select, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ImportPreview } from '@shared/api/scripts'
import type { Team } from '@shared/api/people'
import { toCallError } from '@shared/api/envelope'
import { bytesToBase64 } from '@shared/search/base64'
import { SCRIPT_SCOPE_LABELS, type ScriptScope } from '@shared/scripts/model'
import { kefu } from '../../api'
import { useSaveFile } from '../../lib/save-file'

/**
 * A shop's phrase list in and out: the file is checked row by row and shown before anything
 * is saved; one bad row, or a file that can't be read, imports nothing.
 */
export function ImportExport({ canEditShop, teams }: { canEditShop: boolean; teams: Team[] }) {
  const { t } = useTranslation('scripts')
  const { message } = App.useApp()
  const save = useSaveFile()
  const [scope, setScope] = useState<ScriptScope>('personal')
  const [team, setTeam] = useState<string | null>(null)
  const [file, setFile] = useState<{ name: string; bytesBase64: string } | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [inputKey, setInputKey] = useState(0)

  const target = { scope, team: scope === 'team' ? team : null }

  const check = async (f: { name: string; bytesBase64: string }) => {
    setError(null)
    setPreview(null)
    try {
      setPreview(await kefu.scripts.importPreview({ ...f, ...target }))
    } catch (err) {
      setError(toCallError(err).message)
    }
  }

  const onFile = async (input: HTMLInputElement) => {
    const f = input.files?.[0]
    if (!f) return
    const bytes = new Uint8Array(await f.arrayBuffer())
    const next = { name: f.name, bytesBase64: bytesToBase64(bytes) }
    setFile(next)
    await check(next)
  }

  const doImport = async () => {
    if (!file) return
    setBusy(true)
    try {
      const r = await kefu.scripts.import({ ...file, ...target })
      message.success(t('import.done', { created: r.created, updated: r.updated }))
      setFile(null)
      setPreview(null)
      setInputKey((k) => k + 1)
    } catch (err) {
      setError(toCallError(err).message)
    } finally {
      setBusy(false)
    }
  }

  const doExport = async (format: 'xlsx' | 'json') => {
    try {
      const f = await kefu.scripts.export({ format, scope: 'all' })
      await save({ name: f.name, mime: f.mime, base64: f.bytesBase64 })
    } catch (err) {
      message.error(toCallError(err).message)
    }
  }

  const scopes: ScriptScope[] = canEditShop ? ['shop', 'team', 'personal'] : ['personal']
  const ok = preview && !preview.fileError && preview.errors.length === 0 && preview.rows.length > 0

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card size="small" title={t('import.title')}>
        <Typography.Paragraph type="secondary">{t('import.hint')}</Typography.Paragraph>
        <Space wrap>
          <span>{t('import.into')}</span>
          <Select
            style={{ width: 120 }}
            value={scope}
            onChange={(v) => {
              setScope(v)
              setTeam(v === 'team' ? (teams[0]?.id ?? null) : null)
            }}
            options={scopes.map((s) => ({ value: s, label: SCRIPT_SCOPE_LABELS[s] }))}
            data-testid="import-scope"
          />
          {scope === 'team' && (
            <Select
              style={{ width: 140 }}
              value={team ?? undefined}
              onChange={setTeam}
              options={teams.map((tm) => ({ value: tm.id, label: tm.name }))}
            />
          )}
          <input
            key={inputKey}
            type="file"
            accept=".xlsx,.json"
            aria-label={t('import.choose')}
            onChange={(e) => void onFile(e.currentTarget)}
            data-testid="import-file"
          />
        </Space>
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginTop: 12 }}
            data-testid="import-error"
          />
        )}
        {preview?.fileError && (
          <Alert
            type="error"
            showIcon
            title={preview.fileError}
            style={{ marginTop: 12 }}
            data-testid="import-file-error"
          />
        )}
        {preview && !preview.fileError && (
          <div style={{ marginTop: 12 }} data-testid="import-preview">
            {preview.errors.length > 0 ? (
              <Alert
                type="error"
                showIcon
                title={t('import.bad', {
                  rows: new Set(preview.errors.map((e) => e.row)).size,
                })}
                data-testid="import-bad"
              />
            ) : (
              <Alert
                type="success"
                showIcon
                title={t('import.good', { creates: preview.creates, updates: preview.updates })}
              />
            )}
            {preview.errors.length > 0 && (
              <Table
                size="small"
                style={{ marginTop: 8 }}
                pagination={false}
                rowKey={(e) => `${e.row}/${e.field}`}
                dataSource={preview.errors}
                data-testid="import-errors"
                columns={[
                  { title: t('import.row'), dataIndex: 'row', width: 80 },
                  { title: t('import.column'), dataIndex: 'column', width: 120 },
                  { title: t('import.problem'), dataIndex: 'message' },
                ]}
              />
            )}
            {preview.rows.length > 0 && (
              <Table
                size="small"
                style={{ marginTop: 8 }}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                rowKey="row"
                dataSource={preview.rows}
                columns={[
                  { title: t('import.row'), dataIndex: 'row', width: 80 },
                  { title: t('field.title'), render: (_, r) => r.draft.title, width: 200 },
                  { title: t('field.body'), render: (_, r) => r.draft.body },
                ]}
              />
            )}
            <Button
              type="primary"
              style={{ marginTop: 8 }}
              disabled={!ok}
              loading={busy}
              onClick={() => void doImport()}
              data-testid="import-confirm"
            >
              {t('import.confirm', { n: preview.rows.length })}
            </Button>
          </div>
        )}
      </Card>
      <Card size="small" title={t('export.title')}>
        <Typography.Paragraph type="secondary">{t('export.hint')}</Typography.Paragraph>
        <Space>
          <Button onClick={() => void doExport('xlsx')} data-testid="export-xlsx">
            {t('export.xlsx')}
          </Button>
          <Button onClick={() => void doExport('json')} data-testid="export-json">
            {t('export.json')}
          </Button>
        </Space>
      </Card>
    </Space>
  )
}
