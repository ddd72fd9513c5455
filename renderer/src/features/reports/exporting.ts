import type { ExportRequest, ExportStatus } from '@shared/api/reports'
import { base64ToBytes } from '@shared/search/base64'
import { kefu } from '../../api'

/** Saves bytes the service produced as a download (the browser build; Electron asks where). */
export function saveDownload(name: string, mime: string, base64: string): void {
  const blob = new Blob([base64ToBytes(base64) as BlobPart], { type: mime })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 5000)
}

const POLL_MS = 150

/**
 * Runs an export job: the service builds the file in the background and reports progress,
 * which the caller shows as a progress bar; the finished file is saved as a download.
 */
export async function runExport(
  req: ExportRequest,
  onProgress: (s: ExportStatus) => void,
): Promise<string> {
  let status = await kefu.reports.exportStart(req)
  onProgress(status)
  while (status.state === 'running') {
    await new Promise((r) => setTimeout(r, POLL_MS))
    status = await kefu.reports.exportStatus({ jobId: status.jobId })
    onProgress(status)
  }
  if (status.state === 'failed') throw new Error(status.error ?? '导出失败')
  const file = await kefu.reports.exportFetch({ jobId: status.jobId })
  saveDownload(file.name, file.mime, file.bytesBase64)
  return file.name
}
