import { App, Input, Modal, Typography, type InputRef } from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { kefu } from '../../api'
import { matchesCombo } from '../../app/hotkeys'
import { useAuth } from '../auth/store'
import { FillForm, HitList } from './PickerList'
import { isReplyPickerMounted } from './quick-state'
import { pickerIndex, useScripts } from './store'
import { copyText, usePick } from './usePick'

/**
 * The picker anywhere in the app (Ctrl+/) and, in Electron, over other windows through the
 * OS-wide shortcut (event `scripts.quickPick`): outside an order it only copies, ready to
 * paste into the platform's chat window.
 */
export function QuickPicker() {
  const { t } = useTranslation('scripts')
  const { message } = App.useApp()
  const me = useAuth((s) => s.me)
  const [open, setOpen] = useState(false)
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState(0)
  const input = useRef<InputRef>(null)
  const { usage, version, ensure } = useScripts()

  useEffect(() => {
    const show = () => {
      if (!useAuth.getState().me) return
      void ensure()
      setOpen(true)
      setQuery('')
      setSelected(0)
      setTimeout(() => input.current?.focus(), 50)
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || !matchesCombo(e, 'Ctrl+/') || isReplyPickerMounted()) return
      e.preventDefault()
      show()
    }
    window.addEventListener('keydown', onKey)
    const off = kefu.on('scripts.quickPick', show)
    return () => {
      window.removeEventListener('keydown', onKey)
      off()
    }
  }, [ensure])

  const pick = usePick({
    ticketId: null,
    onFilled: (text) => {
      setOpen(false)
      void copyText(text).then((ok) =>
        ok ? message.success(t('picker.copiedOnly')) : message.warning(t('picker.copyFailed')),
      )
    },
  })

  const hits = useMemo(
    () => (open ? pickerIndex.search(query, { usage: usage.mine, limit: 10 }) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [open, query, usage, version],
  )

  if (!me) return null
  return (
    <Modal
      open={open}
      onCancel={() => {
        pick.cancel()
        setOpen(false)
      }}
      footer={null}
      title={t('quick.title')}
      destroyOnHidden
      width={560}
      data-testid="quick-picker"
    >
      {pick.pending ? (
        <FillForm
          pending={pick.pending}
          onAnswer={pick.answer}
          onConfirm={pick.confirm}
          onCancel={pick.cancel}
        />
      ) : (
        <>
          <Input
            ref={input}
            value={query}
            placeholder={t('picker.searchPlaceholder')}
            onChange={(e) => {
              setQuery(e.target.value)
              setSelected(0)
            }}
            onKeyDown={(e) => {
              if (e.nativeEvent.isComposing) return
              if (e.key === 'ArrowDown') setSelected((s) => Math.min(s + 1, hits.length - 1))
              else if (e.key === 'ArrowUp') setSelected((s) => Math.max(s - 1, 0))
              else if (e.key === 'Enter') {
                const h = hits[selected]
                if (h) pick.choose(h.script.id)
              } else return
              e.preventDefault()
            }}
            data-testid="quick-search"
          />
          <HitList hits={hits} selected={selected} onSelect={setSelected} onChoose={pick.choose} />
          <Typography.Text type="secondary">{t('quick.hint')}</Typography.Text>
        </>
      )}
    </Modal>
  )
}
