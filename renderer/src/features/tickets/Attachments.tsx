import { FileOutlined, PaperClipOutlined } from '@ant-design/icons'
import { App, Button, Image } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ATTACHMENT_MAX_BYTES, type TicketDetail } from '@shared/api/tickets'
import { kefu } from '../../api'
import { failure, fileToBase64 } from './format'

const urls = new Map<string, Promise<string>>()

/** A stored attachment as a data URL, fetched once per content hash. */
function attachmentUrl(hash: string): Promise<string> {
  let p = urls.get(hash)
  if (!p) {
    p = kefu.tickets.attachment({ hash }).then((a) => `data:${a.mime};base64,${a.bytesBase64}`)
    p.catch(() => urls.delete(hash))
    urls.set(hash, p)
  }
  return p
}

export function Thumb({ hash, mime, name }: { hash: string; mime: string; name: string }) {
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    if (mime.startsWith('image/'))
      attachmentUrl(hash)
        .then((u) => live && setUrl(u))
        .catch(() => undefined)
    return () => {
      live = false
    }
  }, [hash, mime])
  if (!mime.startsWith('image/'))
    return (
      <span className="attachment-file" data-testid="attachment-file">
        <FileOutlined /> {name}
      </span>
    )
  return url ? (
    <Image
      src={url}
      alt={name}
      width={96}
      height={72}
      style={{ objectFit: 'cover', borderRadius: 4 }}
      data-testid="attachment-thumb"
    />
  ) : (
    <span className="attachment-placeholder" />
  )
}

/**
 * Photos of damaged goods and chat screenshots: chosen, pasted from the clipboard or dropped on
 * the order. Read as bytes here; the service stores them by content hash.
 */
export function useAttach(detail: TicketDetail | null, onDone: (d: TicketDetail) => void) {
  const { t } = useTranslation('tickets')
  const { message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const upload = async (files: File[]) => {
    if (!detail || files.length === 0) return
    setBusy(true)
    try {
      for (const file of files) {
        if (file.size > ATTACHMENT_MAX_BYTES) {
          message.error({
            content: t('attach.tooLarge', { name: file.name || t('attach.pasted') }),
            key: 'attach-too-large',
          })
          continue
        }
        const name = file.name || `${t('attach.pasted')}-${Date.now()}.png`
        try {
          const d = await kefu.tickets.attach({
            id: detail.ticket.id,
            name,
            mime: file.type || 'application/octet-stream',
            bytesBase64: await fileToBase64(file),
          })
          message.success(t('attach.added', { name }))
          onDone(d)
        } catch (err) {
          message.error(failure(err).message)
        }
      }
    } finally {
      setBusy(false)
    }
  }
  return { upload, busy }
}

export function AttachButton({ upload, busy }: ReturnType<typeof useAttach>) {
  const { t } = useTranslation('tickets')
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <input
        ref={input}
        type="file"
        accept="image/*,.pdf"
        multiple
        hidden
        data-testid="attach-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])]
          e.target.value = ''
          void upload(files)
        }}
      />
      <Button
        icon={<PaperClipOutlined />}
        loading={busy}
        onClick={() => input.current?.click()}
        data-testid="action-attach"
      >
        {t('actions.attach')}
      </Button>
    </>
  )
}
