import { Button, Input, Space, Typography, App } from 'antd'
import type { TextAreaRef } from 'antd/es/input/TextArea'
import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { TicketDetail } from '@shared/api/tickets'
import { LIMITS } from '@shared/tickets/model'
import { kefu } from '../../api'
import { failure } from './format'
import { onReplyPickersChange, replyPickers, type ReplyPickerProps } from './reply-extension'
import { useDesk } from './store'

export interface ReplyBoxProps {
  ticket: TicketDetail
  /** Called with the order as it is after the reply was recorded. */
  onSent(detail: TicketDetail): void
  /** A picker beside the box (e.g. reply scripts); registered pickers are shown too. */
  renderPicker?: (ctx: ReplyPickerProps) => ReactNode
}

const draftKey = (id: string) => `reply:${id}`

/**
 * The reply to the customer: typed, or inserted from a script picker; Ctrl+Enter sends it and
 * records a reply entry. What is typed is kept as a draft so a restart loses nothing.
 */
export function ReplyBox({ ticket, onSent, renderPicker }: ReplyBoxProps) {
  const { t } = useTranslation('tickets')
  const { message } = App.useApp()
  const id = ticket.ticket.id
  const [text, setText] = useState('')
  const [scriptId, setScriptId] = useState<string | undefined>()
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const ref = useRef<TextAreaRef>(null)
  const focusTick = useDesk((s) => s.replyFocus)
  const pickers = useSyncExternalStore(onReplyPickersChange, replyPickers, replyPickers)
  const loadedFor = useRef<string | null>(null)

  useEffect(() => {
    let live = true
    loadedFor.current = null
    setText('')
    setScriptId(undefined)
    setError(null)
    kefu.tickets
      .getDraft({ key: draftKey(id) })
      .then((d) => {
        if (!live) return
        const v = d?.value.text
        if (typeof v === 'string') setText(v)
        if (typeof d?.value.scriptId === 'string') setScriptId(d.value.scriptId)
      })
      .catch(() => undefined)
      .finally(() => {
        if (live) loadedFor.current = id
      })
    return () => {
      live = false
    }
  }, [id])

  useEffect(() => {
    if (loadedFor.current !== id) return
    const h = setTimeout(() => {
      void kefu.tickets
        .saveDraft({ key: draftKey(id), value: scriptId ? { text, scriptId } : { text } })
        .catch(() => undefined)
    }, 400)
    return () => clearTimeout(h)
  }, [text, scriptId, id])

  useEffect(() => {
    if (focusTick > 0) ref.current?.focus()
  }, [focusTick])

  const insert = (snippet: string, sid?: string) => {
    const el = ref.current?.resizableTextArea?.textArea
    const start = el?.selectionStart ?? text.length
    const end = el?.selectionEnd ?? text.length
    setText(text.slice(0, start) + snippet + text.slice(end))
    if (sid) setScriptId(sid)
    setError(null)
    requestAnimationFrame(() => {
      ref.current?.focus()
      el?.setSelectionRange(start + snippet.length, start + snippet.length)
    })
  }

  const send = async () => {
    if (sending) return
    if (!text.trim()) {
      setError(t('reply.empty'))
      return
    }
    setSending(true)
    try {
      const detail = await kefu.tickets.reply({ id, text, ...(scriptId ? { scriptId } : {}) })
      setText('')
      setScriptId(undefined)
      setError(null)
      await kefu.tickets.clearDraft({ key: draftKey(id) }).catch(() => undefined)
      message.success(t('reply.sent'))
      onSent(detail)
    } catch (err) {
      const f = failure(err)
      setError(f.fields.text ?? f.message)
    } finally {
      setSending(false)
    }
  }

  const ctx: ReplyPickerProps = {
    ticket,
    insert,
    currentText: text,
    focusReply: () => ref.current?.focus(),
  }
  const picker = renderPicker?.(ctx)

  return (
    <div className="reply-box" data-testid="reply-box">
      {(picker || pickers.length > 0) && (
        <div className="reply-pickers">
          {picker}
          {pickers.map((P, i) => (
            <P key={i} {...ctx} />
          ))}
        </div>
      )}
      <Input.TextArea
        ref={ref}
        value={text}
        onChange={(e) => {
          setText(e.target.value)
          if (error) setError(null)
        }}
        onKeyDown={(e) => {
          if (e.nativeEvent.isComposing) return
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault()
            void send()
          }
        }}
        autoSize={{ minRows: 2, maxRows: 8 }}
        maxLength={LIMITS.text}
        placeholder={t('reply.placeholder')}
        status={error ? 'error' : undefined}
        aria-label={t('reply.label')}
        data-testid="reply-text"
      />
      <Space style={{ justifyContent: 'space-between', width: '100%', marginTop: 4 }}>
        <Typography.Text type={error ? 'danger' : 'secondary'} data-testid="reply-error">
          {error ?? (scriptId ? t('reply.fromScript') : t('reply.hint'))}
        </Typography.Text>
        <Button
          type="primary"
          onClick={() => void send()}
          loading={sending}
          data-testid="reply-send"
        >
          {t('reply.send')}
        </Button>
      </Space>
    </div>
  )
}
