import { Button, Input, Space, Typography, type InputRef } from 'antd'
import type { TextAreaRef } from 'antd/es/input/TextArea'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DrillSessionView } from '@shared/api/training'
import { bodyFor } from '@shared/scripts/model'
import { placeholderValues, prepareScript } from '@shared/scripts/fill'
import { kefu } from '../../api'
import { useAuth } from '../auth/store'
import { HitList } from '../scripts/PickerList'
import { pickerIndex, useScripts } from '../scripts/store'

/**
 * The trainee's reply box in a drill: the desk's reply box as agents know it (Ctrl+Enter sends,
 * the script library a click or `/` away, placeholders filled from the drill's order), but the
 * reply goes to the training record. Script uses here are reported as 'drill', which the
 * scripts service does not count.
 */
export function DrillReplyBox({
  drill,
  onSend,
}: {
  drill: DrillSessionView
  onSend(text: string, scriptIds: string[]): Promise<string | null>
}) {
  const { t } = useTranslation('training')
  const me = useAuth((s) => s.me)
  const [text, setText] = useState('')
  const [scriptIds, setScriptIds] = useState<string[]>([])
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const [picking, setPicking] = useState(false)
  const [slash, setSlash] = useState(false)
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState(0)
  const ref = useRef<TextAreaRef>(null)
  const searchRef = useRef<InputRef>(null)
  const { usage, version, ensure } = useScripts()

  useEffect(() => {
    void ensure()
  }, [ensure])

  const platform = drill.scenario.platform === 'all' ? null : drill.scenario.platform
  const values = useMemo(() => {
    const o = drill.scenario.orderContext
    return placeholderValues({
      order: {
        customerName: drill.scenario.persona.name,
        orderNo: o.orderNo,
        amount: Math.round(o.amount * 100),
        trackingNo: o.trackingNo ?? null,
        product: o.product,
      },
      agentName: me?.name ?? null,
      shopName: o.shop ?? null,
    })
  }, [drill.scenario, me])

  const hits = useMemo(
    () => (picking ? pickerIndex.search(query, { platform, usage: usage.mine, limit: 8 }) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [picking, query, platform, usage, version],
  )

  const insert = (snippet: string) => {
    const el = ref.current?.resizableTextArea?.textArea
    const start = el?.selectionStart ?? text.length
    const end = el?.selectionEnd ?? text.length
    setText(text.slice(0, start) + snippet + text.slice(end))
    requestAnimationFrame(() => ref.current?.focus())
  }

  const choose = (id: string) => {
    const s = useScripts.getState().byId.get(id)
    if (!s) return
    const filled = prepareScript(bodyFor(s, platform), values).text
    // What was typed to call the picker (`/qx`) is replaced by the script.
    if (slash) setText(text.replace(/[/／][^\s/／]*$/, '') + filled)
    else insert(filled)
    setSlash(false)
    setScriptIds((x) => [...new Set([...x, id])])
    setPicking(false)
    setQuery('')
    // Practice is not use: the scripts service leaves drill uses out of its statistics.
    void kefu.scripts.recordUse({ id, context: 'drill' }).catch(() => undefined)
  }

  const send = async () => {
    if (sending) return
    if (!text.trim()) return setError(t('drill.empty'))
    setSending(true)
    const err = await onSend(text, scriptIds)
    setSending(false)
    if (err) return setError(err)
    setText('')
    setScriptIds([])
    setError(null)
    ref.current?.focus()
  }

  return (
    <div className="reply-box drill-reply" data-testid="reply-box">
      <div className="reply-pickers">
        <Button
          size="small"
          onClick={() => {
            setPicking(!picking)
            setSlash(false)
            requestAnimationFrame(() => searchRef.current?.focus())
          }}
          data-testid="drill-scripts"
        >
          {t('drill.scripts')}
        </Button>
      </div>
      {picking && (
        <div className="script-panel" data-testid="drill-script-panel">
          <Input
            ref={searchRef}
            size="small"
            value={query}
            placeholder={t('drill.scriptSearch')}
            onChange={(e) => {
              setQuery(e.target.value)
              setSelected(0)
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') setSelected((s) => Math.min(s + 1, hits.length - 1))
              else if (e.key === 'ArrowUp') setSelected((s) => Math.max(s - 1, 0))
              else if (e.key === 'Enter' && hits[selected]) choose(hits[selected].script.id)
              else if (e.key === 'Escape') setPicking(false)
              else return
              e.preventDefault()
            }}
          />
          <HitList hits={hits} selected={selected} onSelect={setSelected} onChoose={choose} />
        </div>
      )}
      <Input.TextArea
        ref={ref}
        value={text}
        onChange={(e) => {
          const v = e.target.value
          setText(v)
          if (error) setError(null)
          // `/` at the start or after a space opens the picker, as on the desk.
          const m = /(?:^|\s)[/／]([^\s/／]*)$/.exec(v)
          if (m) {
            setPicking(true)
            setSlash(true)
            setQuery(m[1] ?? '')
          } else if (slash) {
            setSlash(false)
            setPicking(false)
          }
        }}
        onKeyDown={(e) => {
          if (e.nativeEvent.isComposing) return
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault()
            void send()
          }
        }}
        autoSize={{ minRows: 2, maxRows: 8 }}
        maxLength={1000}
        placeholder={t('drill.replyPlaceholder')}
        status={error ? 'error' : undefined}
        aria-label={t('drill.replyLabel')}
        data-testid="reply-text"
      />
      <Space style={{ justifyContent: 'space-between', width: '100%', marginTop: 4 }}>
        <Typography.Text type={error ? 'danger' : 'secondary'} data-testid="reply-error">
          {error ?? (scriptIds.length ? t('drill.fromScript') : t('drill.hint'))}
        </Typography.Text>
        <Button
          type="primary"
          onClick={() => void send()}
          loading={sending}
          data-testid="reply-send"
        >
          {t('drill.send')}
        </Button>
      </Space>
    </div>
  )
}
