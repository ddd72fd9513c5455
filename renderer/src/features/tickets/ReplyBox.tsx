import { Button, Input, Space, Typography, App } from 'antd'
import type { TextAreaRef } from 'antd/es/input/TextArea'
import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { FillContext } from '@shared/api/scripts'
import type { TicketDetail } from '@shared/api/tickets'
import { LIMITS } from '@shared/tickets/model'
import { kefu } from '../../api'
import { failure } from './format'
import { onReplyPickersChange, replyPickers, type ReplyPickerProps } from './reply-extension'
import { useDesk } from './store'

/** The box's wording; a drill says where its replies go instead of the desk's. */
export interface ReplyTexts {
  label: string
  placeholder: string
  hint: string
  fromScript: string
  send: string
  empty: string
}

interface DeskReply {
  context?: 'desk'
  /** The order replied on: the reply is recorded in its history and kept as a draft till sent. */
  ticket: TicketDetail
  /** Called with the order as it is after the reply was recorded. */
  onSent(detail: TicketDetail): void
}

interface DrillReply {
  /** A training reply: it goes to the drill's record, and script uses there are not counted. */
  context: 'drill'
  /** The drill's made-up order and the trainee, for script placeholders. */
  fill: FillContext
  texts: ReplyTexts
  maxLength: number
  /** Records the reply; resolves with an error to show under the box, or null once recorded. */
  onSend(text: string, scriptIds: string[]): Promise<string | null>
}

export type ReplyBoxProps = (DeskReply | DrillReply) & {
  /** A picker beside the box (e.g. reply scripts); registered pickers are shown too. */
  renderPicker?: (ctx: ReplyPickerProps) => ReactNode
}

const draftKey = (id: string) => `reply:${id}`

/**
 * The reply to the customer: typed, or inserted from a script picker; Ctrl+Enter sends it. On
 * the desk it is recorded in the order's history and what is typed is kept as a draft so a
 * restart loses nothing; in a training drill the same box answers the drill's customer.
 */
export function ReplyBox(props: ReplyBoxProps) {
  const { renderPicker } = props
  const { t } = useTranslation('tickets')
  const { message } = App.useApp()
  const ticket = props.context === 'drill' ? null : props.ticket
  const texts: ReplyTexts =
    props.context === 'drill'
      ? props.texts
      : {
          label: t('reply.label'),
          placeholder: t('reply.placeholder'),
          hint: t('reply.hint'),
          fromScript: t('reply.fromScript'),
          send: t('reply.send'),
          empty: t('reply.empty'),
        }
  const draft = ticket ? draftKey(ticket.ticket.id) : null
  const [text, setText] = useState('')
  const [scriptIds, setScriptIds] = useState<string[]>([])
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
    setScriptIds([])
    setError(null)
    if (!draft) return
    kefu.tickets
      .getDraft({ key: draft })
      .then((d) => {
        if (!live) return
        const v = d?.value.text
        if (typeof v === 'string') setText(v)
        if (typeof d?.value.scriptId === 'string') setScriptIds([d.value.scriptId])
      })
      .catch(() => undefined)
      .finally(() => {
        if (live) loadedFor.current = draft
      })
    return () => {
      live = false
    }
  }, [draft])

  // The order records one script per reply: the last one inserted.
  const scriptId = scriptIds.at(-1)

  useEffect(() => {
    if (!draft || loadedFor.current !== draft) return
    const h = setTimeout(() => {
      void kefu.tickets
        .saveDraft({ key: draft, value: scriptId ? { text, scriptId } : { text } })
        .catch(() => undefined)
    }, 400)
    return () => clearTimeout(h)
  }, [text, scriptId, draft])

  useEffect(() => {
    if (focusTick > 0) ref.current?.focus()
  }, [focusTick])

  const insert = (snippet: string, sid?: string) => {
    const el = ref.current?.resizableTextArea?.textArea
    const start = el?.selectionStart ?? text.length
    const end = el?.selectionEnd ?? text.length
    setText(text.slice(0, start) + snippet + text.slice(end))
    if (sid) setScriptIds((x) => [...x.filter((y) => y !== sid), sid])
    setError(null)
    requestAnimationFrame(() => {
      ref.current?.focus()
      el?.setSelectionRange(start + snippet.length, start + snippet.length)
    })
  }

  /** Records the reply where it belongs; resolves with the error to show, or null. */
  const record = async (): Promise<string | null> => {
    if (props.context === 'drill') return props.onSend(text, scriptIds)
    const id = props.ticket.ticket.id
    try {
      const detail = await kefu.tickets.reply({ id, text, ...(scriptId ? { scriptId } : {}) })
      await kefu.tickets.clearDraft({ key: draftKey(id) }).catch(() => undefined)
      message.success(t('reply.sent'))
      props.onSent(detail)
      return null
    } catch (err) {
      const f = failure(err)
      return f.fields.text ?? f.message
    }
  }

  const send = async () => {
    if (sending) return
    if (!text.trim()) {
      setError(texts.empty)
      return
    }
    setSending(true)
    const err = await record()
    setSending(false)
    if (err) return setError(err)
    setText('')
    setScriptIds([])
    setError(null)
    ref.current?.focus()
  }

  const ctx: ReplyPickerProps = {
    ticket,
    context: props.context ?? 'desk',
    ...(props.context === 'drill' ? { fill: props.fill } : {}),
    insert,
    currentText: text,
    focusReply: () => ref.current?.focus(),
  }
  const picker = renderPicker?.(ctx)

  return (
    <div className="reply-box" data-testid="reply-box" data-context={ctx.context}>
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
        maxLength={props.context === 'drill' ? props.maxLength : LIMITS.text}
        placeholder={texts.placeholder}
        status={error ? 'error' : undefined}
        aria-label={texts.label}
        data-testid="reply-text"
      />
      <Space style={{ justifyContent: 'space-between', width: '100%', marginTop: 4 }}>
        <Typography.Text type={error ? 'danger' : 'secondary'} data-testid="reply-error">
          {error ?? (scriptIds.length > 0 ? texts.fromScript : texts.hint)}
        </Typography.Text>
        <Button
          type="primary"
          onClick={() => void send()}
          loading={sending}
          data-testid="reply-send"
        >
          {texts.send}
        </Button>
      </Space>
    </div>
  )
}
