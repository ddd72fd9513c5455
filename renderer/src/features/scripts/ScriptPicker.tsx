import { Button, Input, Space, Tag, Tooltip, App, type InputRef } from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Suggestion } from '@shared/scripts/suggest'
import { kefu } from '../../api'
import { matchesCombo } from '../../app/hotkeys'
import type { ReplyPickerProps } from '../tickets/reply-extension'
import { FillForm, HitList } from './PickerList'
import { pickerIndex, useScripts } from './store'
import { copyText, usePick } from './usePick'
import { replyPickerMounted } from './quick-state'

/** `/code` or `/短语` just before the caret, after a space or at the start. */
const TRIGGER = /(?:^|[\s，。！？,.!?])([/／][^\s/／]*)$/

interface Trigger {
  start: number
  end: number
  query: string
}

function triggerAt(text: string, caret: number): Trigger | null {
  const m = TRIGGER.exec(text.slice(0, caret))
  if (!m || m[1] === undefined) return null
  return { start: caret - m[1].length, end: caret, query: m[1] }
}

/**
 * The reply-script picker in a reply box (issue 7 "Use"): typing `/` plus a short code or part
 * of a phrase opens it under the caret; ↑/↓ choose, Enter (or a click) inserts the filled text
 * in place of what was typed and copies it; Esc closes. Ctrl+/ opens it with a search field.
 * Suggestions for the order sit above the box. In a drill (issue 10) the same picker fills from
 * the drill's order, copies nothing (there is no platform chat to paste into) and its uses are
 * reported as 'drill', which the library does not count.
 */
export function ScriptPicker({
  ticket,
  context,
  fill,
  insert,
  currentText,
  focusReply,
}: ReplyPickerProps) {
  const { t } = useTranslation('scripts')
  const { message } = App.useApp()
  const ticketId = ticket?.ticket.id ?? null
  const root = useRef<HTMLDivElement>(null)
  const searchRef = useRef<InputRef>(null)
  const [mode, setMode] = useState<'closed' | 'slash' | 'search'>('closed')
  const [search, setSearch] = useState('')
  const [trigger, setTrigger] = useState<Trigger | null>(null)
  const [dismissedAt, setDismissedAt] = useState<number | null>(null)
  const [selected, setSelected] = useState(0)
  const [suggestions, setSuggestions] = useState<Suggestion[]>([])
  const { usage, version, ensure } = useScripts()

  const textarea = () =>
    root.current
      ?.closest('[data-testid="reply-box"]')
      ?.querySelector<HTMLTextAreaElement>('textarea') ?? null

  useEffect(() => {
    void ensure()
  }, [ensure])

  useEffect(() => replyPickerMounted(), [])

  useEffect(() => {
    let live = true
    if (!ticketId) return setSuggestions([])
    kefu.scripts
      .suggest({ ticketId, limit: 3 })
      .then((r) => live && setSuggestions(r.suggestions))
      .catch(() => live && setSuggestions([]))
    return () => {
      live = false
    }
  }, [ticketId, version])

  const pick = usePick({
    ticketId,
    context,
    ...(fill ? { fill } : {}),
    onFilled: (text, script) => {
      const el = textarea()
      const tr = trigger
      // What was typed to call the picker (`/tk`) is replaced by the script.
      if (el && mode === 'slash' && tr) el.setSelectionRange(tr.start, tr.end)
      insert(text, script.id)
      setMode('closed')
      setTrigger(null)
      setSearch('')
      if (context === 'desk')
        void copyText(text).then((ok) =>
          ok ? message.success(t('picker.copied')) : message.warning(t('picker.copyFailed')),
        )
      focusReply()
    },
  })

  // Watch what is typed for a `/` trigger.
  useEffect(() => {
    const el = textarea()
    if (!el || mode === 'search') return
    const tr = triggerAt(currentText, el.selectionStart ?? currentText.length)
    if (!tr) {
      setDismissedAt(null)
      if (mode === 'slash' && !pick.pending) setMode('closed')
      setTrigger(null)
      return
    }
    setTrigger(tr)
    if (tr.start !== dismissedAt) {
      setMode('slash')
      setSelected(0)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [currentText])

  const query = mode === 'search' ? search : (trigger?.query ?? '')
  const hits = useMemo(
    () =>
      mode === 'closed'
        ? []
        : pickerIndex.search(query, { platform: pick.platform, usage: usage.mine, limit: 8 }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [mode, query, pick.platform, usage, version],
  )

  const close = () => {
    if (mode === 'slash' && trigger) setDismissedAt(trigger.start)
    setMode('closed')
    pick.cancel()
    focusReply()
  }

  const move = (delta: number) =>
    setSelected((s) => (hits.length === 0 ? 0 : (s + delta + hits.length) % hits.length))

  const onListKey = (e: KeyboardEvent | React.KeyboardEvent): boolean => {
    if (e.key === 'ArrowDown') move(1)
    else if (e.key === 'ArrowUp') move(-1)
    else if (e.key === 'Enter' && !(e.ctrlKey || e.metaKey)) {
      const h = hits[selected]
      if (h) pick.choose(h.script.id)
    } else if (e.key === 'Escape') close()
    else return false
    e.preventDefault()
    e.stopPropagation()
    return true
  }

  // In slash mode the focus stays in the reply box: its keys are taken before it sees them.
  useEffect(() => {
    if (mode !== 'slash' || pick.pending) return
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || e.keyCode === 229) return
      if (e.target !== textarea()) return
      onListKey(e)
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  })

  // Ctrl+/ opens the picker with a search field, wherever the focus is in this order.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || !matchesCombo(e, 'Ctrl+/')) return
      e.preventDefault()
      e.stopPropagation()
      setMode('search')
      setSelected(0)
      requestAnimationFrame(() => searchRef.current?.focus())
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])

  useEffect(() => setSelected(0), [query])

  return (
    <div className="script-picker" ref={root} data-testid="script-picker">
      <Space size={4} wrap>
        <Tooltip title={t('picker.hint')}>
          <Button
            size="small"
            onClick={() => {
              setMode(mode === 'search' ? 'closed' : 'search')
              requestAnimationFrame(() => searchRef.current?.focus())
            }}
            data-testid="script-picker-open"
          >
            {t('picker.button')}
          </Button>
        </Tooltip>
        {suggestions.length > 0 && (
          <span className="script-suggest-label">{t('picker.suggested')}</span>
        )}
        {suggestions.map((s) => (
          <Tag.CheckableTag
            key={s.script.id}
            checked={false}
            onChange={() => pick.choose(s.script.id)}
            data-testid="script-suggestion"
          >
            {s.script.title}
          </Tag.CheckableTag>
        ))}
      </Space>
      {(mode !== 'closed' || pick.pending) && (
        <div className="script-panel" data-testid="script-panel">
          {pick.pending ? (
            <FillForm
              pending={pick.pending}
              onAnswer={pick.answer}
              onConfirm={pick.confirm}
              onCancel={close}
            />
          ) : (
            <>
              {mode === 'search' && (
                <Input
                  ref={searchRef}
                  size="small"
                  value={search}
                  placeholder={t('picker.searchPlaceholder')}
                  onChange={(e) => setSearch(e.target.value)}
                  onKeyDown={(e) => {
                    if (!e.nativeEvent.isComposing) onListKey(e)
                  }}
                  data-testid="script-search"
                />
              )}
              <HitList
                hits={hits}
                selected={selected}
                onSelect={setSelected}
                onChoose={pick.choose}
              />
            </>
          )}
        </div>
      )}
    </div>
  )
}
