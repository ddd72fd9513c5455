import type { ExportRequest, ExportStatus } from '@shared/api/reports'
import { kefu } from '../../api'
import type { FileToSave, SaveOutcome } from '../../lib/save-file'

const POLL_MS = 150

/**
 * Runs an export job: the service builds the file in the background and reports progress,
 * which the caller shows as a progress bar; the finished file goes to `save` (useSaveFile).
 */
export async function runExport(
  req: ExportRequest,
  onProgress: (s: ExportStatus) => void,
  save: (file: FileToSave) => Promise<SaveOutcome>,
): Promise<SaveOutcome> {
  let status = await kefu.reports.exportStart(req)
  onProgress(status)
  while (status.state === 'running') {
    await new Promise((r) => setTimeout(r, POLL_MS))
    status = await kefu.reports.exportStatus({ jobId: status.jobId })
    onProgress(status)
  }
  if (status.state === 'failed') throw new Error(status.error ?? '导出失败')
  const file = await kefu.reports.exportFetch({ jobId: status.jobId })
  return save({ name: file.name, mime: file.mime, base64: file.bytesBase64 })
}
