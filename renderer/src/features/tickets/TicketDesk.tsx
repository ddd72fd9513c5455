import {
  CalendarOutlined,
  PlusOutlined,
  QuestionCircleOutlined,
  SearchOutlined,
} from '@ant-design/icons'
import { App, Button, Input, Modal, Result, Select, Space, Typography } from 'antd'
import type { ButtonProps, InputRef } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LIST_MAX } from '@shared/api/tickets'
import { kefu } from '../../api'
import { useHotkeys, type Hotkey } from '../../app/hotkeys'
import { useAuth, useCan } from '../auth/store'
import { ActionDialog } from './ActionDialog'
import { CustomerArchive } from './CustomerArchive'
import { DailyReview } from './DailyReview'
import { IntakeForm } from './IntakeForm'
import { QueuePanel } from './QueuePanel'
import { SearchResults } from './SearchResults'
import { ShortcutHelp } from './ShortcutHelp'
import { TicketDetail } from './TicketDetail'
import { TicketList } from './TicketList'
import { failure } from './format'
import { useDirectory, useLookups } from './lookups'
import { useDesk } from './store'
import './tickets.css'

/**
 * Queue membership and counts move with time (breaching soon, follow up now): fetched again every
 * minute. The countdowns themselves tick on screen in between (live-sla.ts).
 */
const REFRESH_MS = 60_000

/** 工单台: queues and filters, the order list, and the order in hand. */
/** Search as you type waits for this pause in the typing. */
const SEARCH_DEBOUNCE_MS = 250

export function TicketDesk() {
  const { t } = useTranslation('tickets')
  const me = useAuth((s) => s.me)
  const authStatus = useAuth((s) => s.status)
  const canReassign = useCan('tickets.reassign')
  const searchRef = useRef<InputRef>(null)
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const cancelTyping = () => {
    if (typingTimer.current) clearTimeout(typingTimer.current)
    typingTimer.current = null
  }
  /** A pause in typing this long starts the search (each keystroke restarts the wait). */
  const searchSoon = (text: string) => {
    cancelTyping()
    if (!text.trim()) return
    typingTimer.current = setTimeout(() => {
      typingTimer.current = null
      void desk.runSearch(text)
    }, SEARCH_DEBOUNCE_MS)
  }
  useEffect(() => cancelTyping, [])
  const [q, setQ] = useState('')
  const desk = useDesk()

  useEffect(() => {
    if (!useAuth.getState().status) void useAuth.getState().load()
  }, [])

  // A different person at the PC sees their own queues from scratch: no order, filter or
  // sort left over from the previous person.
  useEffect(() => {
    if (!me) return
    const s = useDesk.getState()
    s.select(null)
    useDesk.setState({ filters: {}, sort: undefined })
    s.setQueue('mine')
    void s.loadCounts()
    void useLookups.getState().loadPeople(true)
    void useLookups.getState().loadShop(true)
  }, [me?.id]) // eslint-disable-line react-hooks/exhaustive-deps -- only on a change of person

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null
    const off = kefu.on('store.changed', ({ entities }) => {
      if (entities.includes('shop') || entities.includes('setting'))
        void useLookups.getState().loadShop(true)
      if (!entities.includes('ticket')) return
      // A burst of changes (a bulk reassign, sync catching up) refetches once.
      if (timer) return
      timer = setTimeout(() => {
        timer = null
        useDesk.getState().refresh()
      }, 250)
    })
    const every = setInterval(() => useDesk.getState().refresh(), REFRESH_MS)
    return () => {
      off()
      clearInterval(every)
      if (timer) clearTimeout(timer)
    }
  }, [])

  const overlayOpen = () => {
    const s = useDesk.getState()
    return !!(s.dialog || s.intakeOpen || s.reviewOpen || s.helpOpen || s.customerOf)
  }
  const whenFree = (run: () => void) => () => {
    if (!overlayOpen()) run()
  }
  const allowed = (a: string) => useDesk.getState().detail?.allowedActions.includes(a as never)
  const focusSearch = () => {
    searchRef.current?.focus()
    searchRef.current?.select()
  }
  const keys: Hotkey[] = [
    { combo: 'Ctrl+N', run: () => desk.open('intake'), inInputs: true },
    { combo: 'N', run: whenFree(() => desk.open('intake')) },
    { combo: 'Ctrl+F', run: whenFree(focusSearch), inInputs: true },
    { combo: '/', run: whenFree(focusSearch) },
    { combo: 'J', run: whenFree(() => desk.move(1)) },
    { combo: 'ArrowDown', run: whenFree(() => desk.move(1)) },
    { combo: 'K', run: whenFree(() => desk.move(-1)) },
    { combo: 'ArrowUp', run: whenFree(() => desk.move(-1)) },
    { combo: 'R', run: whenFree(() => desk.focusReply()) },
    { combo: 'T', run: whenFree(() => allowed('transfer') && desk.open('dialog', 'transfer')) },
    {
      combo: 'Ctrl+Shift+R',
      run: whenFree(() => {
        if (allowed('resolve')) desk.open('dialog', 'resolve')
        else if (allowed('simple_resolve')) desk.open('dialog', 'simple_resolve')
      }),
      inInputs: true,
    },
    { combo: 'Ctrl+Shift+D', run: whenFree(() => desk.open('review')), inInputs: true },
    { combo: 'Shift+?', run: whenFree(() => desk.open('help')) },
    { combo: '?', run: whenFree(() => desk.open('help')) },
    { combo: 'F1', run: () => desk.open('help'), inInputs: true },
  ]
  useHotkeys(keys)

  if (!me)
    return (
      <Result
        status="info"
        title={t('desk.signInTitle')}
        subTitle={authStatus ? t('desk.signInBody') : undefined}
        data-testid="desk-signed-out"
      />
    )

  return (
    <div className="ticket-desk" data-testid="ticket-desk">
      <aside className="desk-queues">
        <Button
          type="primary"
          block
          icon={<PlusOutlined />}
          onClick={() => desk.open('intake')}
          data-testid="new-ticket"
        >
          {t('desk.newTicket')}
          <span className="button-hotkey">Ctrl+N</span>
        </Button>
        <QueuePanel />
      </aside>
      <section className="desk-list">
        <div className="desk-toolbar">
          <Input
            ref={searchRef}
            prefix={<SearchOutlined />}
            allowClear
            placeholder={t('search.placeholder')}
            value={q}
            onChange={(e) => {
              setQ(e.target.value)
              if (!e.target.value) {
                cancelTyping()
                desk.closeSearch()
                return
              }
              // Search as you type; not while the input method is still composing a word.
              if (!(e.nativeEvent as InputEvent).isComposing) searchSoon(e.target.value)
            }}
            onCompositionEnd={(e) => searchSoon(e.currentTarget.value)}
            onPressEnter={(e) => {
              if (e.nativeEvent.isComposing) return
              cancelTyping()
              void desk.runSearch(q)
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                cancelTyping()
                setQ('')
                desk.closeSearch()
                searchRef.current?.blur()
              }
            }}
            aria-label={t('search.label')}
            data-testid="search-input"
          />
          <Button
            icon={<CalendarOutlined />}
            onClick={() => desk.open('review')}
            data-testid="open-review"
          >
            {t('desk.review')}
          </Button>
          <Button
            icon={<QuestionCircleOutlined />}
            onClick={() => desk.open('help')}
            aria-label={t('shortcuts.title')}
            data-testid="open-help"
          />
        </div>
        {canReassign && !desk.search && <BulkBar />}
        <div className="desk-list-body">
          {desk.search ? <SearchResults /> : <TicketList selectable={canReassign} />}
        </div>
        <Typography.Text type="secondary" className="desk-list-footer" data-testid="list-total">
          {desk.search ? '' : desk.total !== null ? t('list.total', { n: desk.total }) : ''}
        </Typography.Text>
      </section>
      <section className="desk-detail">
        <TicketDetail />
      </section>
      <IntakeForm />
      <ActionDialog />
      <CustomerArchive />
      <DailyReview />
      <ShortcutHelp />
    </div>
  )
}

/** A supervisor hands the ticked orders (e.g. everything of someone absent) to another person. */
function BulkBar() {
  const { t } = useTranslation('tickets')
  const { message } = App.useApp()
  const checked = useDesk((s) => s.checked)
  const total = useDesk((s) => s.total)
  const clear = useDesk((s) => s.clearChecked)
  const refresh = useDesk((s) => s.refresh)
  const people = useDirectory()
  const [open, setOpen] = useState(false)
  const [to, setTo] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  const selectAll = async () => {
    const s = useDesk.getState()
    const ids = new Set<string>()
    try {
      for (let offset = 0; offset < Math.min(s.total ?? 0, 5000); offset += LIST_MAX) {
        const res = await kefu.tickets.list({
          queue: s.queue,
          filters: s.filters,
          offset,
          limit: LIST_MAX,
        })
        res.items.forEach((r) => ids.add(r.id))
      }
      useDesk.setState({ checked: ids })
    } catch (err) {
      message.error(failure(err).message)
    }
  }

  const run = async () => {
    if (!to) return
    setBusy(true)
    try {
      const res = await kefu.tickets.reassign({ ids: [...checked], to })
      message.success(t('reassign.done', { n: res.reassigned.length }))
      clear()
      setOpen(false)
      refresh()
    } catch (err) {
      message.error(failure(err).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="bulk-bar" data-testid="bulk-bar">
      <Space>
        <Typography.Text>{t('reassign.selected', { n: checked.size })}</Typography.Text>
        <Button
          size="small"
          onClick={() => void selectAll()}
          disabled={!total}
          data-testid="select-all"
        >
          {t('reassign.selectAll', { n: total ?? 0 })}
        </Button>
        {checked.size > 0 && (
          <>
            <Button
              size="small"
              type="primary"
              onClick={() => setOpen(true)}
              data-testid="reassign-open"
            >
              {t('reassign.button')}
            </Button>
            <Button size="small" onClick={clear}>
              {t('reassign.clear')}
            </Button>
          </>
        )}
      </Space>
      <Modal
        open={open}
        title={t('reassign.title', { n: checked.size })}
        onCancel={() => setOpen(false)}
        onOk={() => void run()}
        okButtonProps={{ disabled: !to, 'data-testid': 'reassign-ok' } as ButtonProps}
        confirmLoading={busy}
      >
        <Typography.Paragraph type="secondary">{t('reassign.help')}</Typography.Paragraph>
        <Select
          style={{ width: '100%' }}
          showSearch={{ optionFilterProp: 'label' }}
          value={to}
          onChange={setTo}
          placeholder={t('reassign.to')}
          options={people.map((p) => ({ value: p.id, label: p.name }))}
          data-testid="reassign-to"
        />
      </Modal>
    </div>
  )
}
