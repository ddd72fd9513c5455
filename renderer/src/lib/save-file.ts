import { App } from 'antd'
import { useCallback } from 'react'
import { toCallError } from '@shared/api/envelope'
import { base64ToBytes, bytesToBase64 } from '@shared/search/base64'
import { kefu } from '../api'
import i18n from '../i18n'

/**
 * The one way the page saves a file a service produced (exports, templates). In the Electron
 * shell the person picks folder and name in the OS save dialog and main writes the file, so a
 * workbook still open in Excel, a full disk or a read-only folder is answered in words; the
 * browser build saves the same bytes as a download, as browsers do.
 */

export type FileToSave = { name: string; mime: string } & (
  { bytes: Uint8Array } | { base64: string }
)

export type SaveOutcome =
  | { saved: true; via: 'dialog'; name: string; path: string }
  | { saved: true; via: 'download'; name: string }
  | { saved: false; cancelled: true }
  /** Only from useSaveFile: the save failed and the person closed the message without retrying. */
  | { saved: false; cancelled: false; error: string }

let native: Promise<boolean> | null = null

/** Asked once per page: the shell does not change while the window is open. */
function savesNatively(): Promise<boolean> {
  native ??= kefu.files.canSaveNatively({}).then(
    (r) => r.native,
    () => {
      // Asked again next time; meanwhile a download is the save that always works.
      native = null
      return false
    },
  )
  return native
}

function bytesOf(file: FileToSave): Uint8Array {
  return 'bytes' in file ? file.bytes : base64ToBytes(file.base64)
}

function base64Of(file: FileToSave): string {
  return 'base64' in file ? file.base64 : bytesToBase64(file.bytes)
}

function download(name: string, mime: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  // In the document, or Firefox ignores the click.
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Revoked later: the browser reads the blob after click() has returned.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * Saves without any message: resolves to what happened, rejects with the service's error
 * (KefuCallError, zh-CN message) when the write failed. Most callers want useSaveFile.
 */
export async function saveFile(file: FileToSave): Promise<SaveOutcome> {
  if (await savesNatively()) {
    const r = await kefu.files.saveExport({
      name: file.name,
      mime: file.mime,
      bytesBase64: base64Of(file),
    })
    if (!r.saved) return { saved: false, cancelled: true }
    return {
      saved: true,
      via: 'dialog',
      name: r.path.split(/[\\/]/).pop() ?? file.name,
      path: r.path,
    }
  }
  download(file.name, file.mime, bytesOf(file))
  return { saved: true, via: 'download', name: file.name }
}

/**
 * saveFile with its messages: where the file went after a dialog save (a download shows in the
 * browser's own bar), or why it failed with 重试, which keeps the bytes so nothing is exported
 * twice. Resolves once the person has saved, cancelled, or closed the error.
 */
export function useSaveFile(): (file: FileToSave) => Promise<SaveOutcome> {
  const { message, modal } = App.useApp()
  return useCallback(
    (file: FileToSave) => {
      const t = i18n.getFixedT(null, 'files')
      const attempt = async (): Promise<SaveOutcome> => {
        try {
          const r = await saveFile(file)
          if (r.saved && r.via === 'dialog') void message.success(t('saved', { path: r.path }), 6)
          return r
        } catch (err) {
          const error = toCallError(err).message
          return new Promise<SaveOutcome>((resolve) => {
            modal.error({
              title: t('failed', { name: file.name }),
              content: error,
              okCancel: true,
              okText: t('retry'),
              cancelText: t('close'),
              className: 'save-file-error',
              // The dialog closes first, so a second failure opens its own message.
              onOk: () => void attempt().then(resolve),
              onCancel: () => resolve({ saved: false, cancelled: false, error }),
            })
          })
        }
      }
      return attempt()
    },
    [message, modal],
  )
}
