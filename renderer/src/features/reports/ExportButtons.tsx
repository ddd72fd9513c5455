import { DownloadOutlined } from '@ant-design/icons'
import { Alert, App, Button, Modal, Progress, Space } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ExportRequest, ExportStatus } from '@shared/api/reports'
import { toCallError } from '@shared/api/envelope'
import { useSaveFile } from '../../lib/save-file'
import { runExport } from './exporting'

type Format = ExportRequest['format']

export interface ExportProgress {
  status: ExportStatus | null
  error: string | null
}

/** Runs an export with a progress bar in a modal; resolves to the saved name or null. */
export function useExporter() {
  const { t } = useTranslation('reports')
  const { message } = App.useApp()
  const [state, setState] = useState<ExportProgress | null>(null)
  const save = useSaveFile()

  async function run(req: ExportRequest): Promise<string | null> {
    setState({ status: null, error: null })
    try {
      const saved = await runExport(req, (status) => setState({ status, error: null }), save)
      setState(null)
      // A dialog save has already said where the file went.
      if (saved.saved && saved.via === 'download')
        void message.success(t('export.saved', { name: saved.name }))
      return saved.saved ? saved.name : null
    } catch (e) {
      setState((s) => ({ status: s?.status ?? null, error: toCallError(e).message }))
      return null
    }
  }

  const modal = (
    <Modal
      open={state !== null}
      title={t('export.title')}
      footer={
        state?.error ? <Button onClick={() => setState(null)}>{t('export.close')}</Button> : null
      }
      closable={!!state?.error}
      onCancel={() => setState(null)}
      maskClosable={false}
    >
      {state?.error ? (
        <Alert type="error" showIcon title={state.error} data-testid="export-error" />
      ) : (
        <div data-testid="export-progress">
          <Progress
            percent={
              state?.status && state.status.total > 0
                ? Math.round((state.status.done / state.status.total) * 100)
                : 0
            }
            status="active"
          />
          <div>
            {t('export.rows', { done: state?.status?.done ?? 0, total: state?.status?.total ?? 0 })}
          </div>
        </div>
      )}
    </Modal>
  )
  return { run, modal, busy: state !== null && !state.error }
}

export function ExportButtons({
  request,
  testId,
}: {
  request: (f: Format) => ExportRequest | null
  testId: string
}) {
  const { t } = useTranslation('reports')
  const ex = useExporter()
  const go = (f: Format) => {
    const r = request(f)
    if (r) void ex.run(r)
  }
  return (
    <Space>
      <Button
        icon={<DownloadOutlined />}
        onClick={() => go('xlsx')}
        disabled={ex.busy}
        data-testid={`${testId}-xlsx`}
      >
        {t('export.xlsx')}
      </Button>
      <Button onClick={() => go('csv')} disabled={ex.busy} data-testid={`${testId}-csv`}>
        {t('export.csv')}
      </Button>
      {ex.modal}
    </Space>
  )
}
