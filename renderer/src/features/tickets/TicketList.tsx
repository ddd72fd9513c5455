import { useVirtualizer } from '@tanstack/react-virtual'
import { Checkbox, Empty, Tag, Typography } from 'antd'
import { useEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { TicketView } from '@shared/api/tickets'
import { PAGE, useDesk } from './store'
import { PRIORITY_COLOR, SLA_COLOR, STATUS_COLOR, shortTime, slaText } from './format'
import { useLiveSummary } from './live-sla'

export const ROW_HEIGHT = 52

/**
 * The order list: only the rows on screen exist in the page, and only the pages on screen
 * are fetched, so a queue of 100 000 orders scrolls like one of 100.
 */
export function TicketList({ selectable }: { selectable: boolean }) {
  const { t } = useTranslation('tickets')
  const total = useDesk((s) => s.total)
  const pages = useDesk((s) => s.pages)
  const selectedId = useDesk((s) => s.selectedId)
  const checked = useDesk((s) => s.checked)
  const listError = useDesk((s) => s.listError)
  const ensurePage = useDesk((s) => s.ensurePage)
  const select = useDesk((s) => s.select)
  const toggleChecked = useDesk((s) => s.toggleChecked)
  const parentRef = useRef<HTMLDivElement>(null)

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? 0

  useEffect(() => {
    if (total === null) {
      void ensurePage(0)
      return
    }
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) void ensurePage(p)
  }, [first, last, total, pages, ensurePage])

  const selectedIndex = useMemo(() => {
    if (!selectedId) return -1
    for (const [p, rows] of pages) {
      const i = rows.findIndex((r) => r.id === selectedId)
      if (i >= 0) return p * PAGE + i
    }
    return -1
  }, [pages, selectedId])

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, virtualizer])

  if (listError && total === null) {
    return (
      <Typography.Text type="danger" data-testid="list-error">
        {listError}
      </Typography.Text>
    )
  }
  if (total === 0) {
    return <Empty description={t('list.empty')} data-testid="list-empty" />
  }

  return (
    <div
      ref={parentRef}
      className="ticket-list"
      role="listbox"
      aria-label={t('list.label')}
      data-testid="ticket-list"
      data-total={total ?? ''}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((v) => {
          const row = pages.get(Math.floor(v.index / PAGE))?.[v.index % PAGE]
          return (
            <div
              key={v.key}
              className="ticket-row-slot"
              style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
            >
              {row ? (
                <Row
                  row={row}
                  selected={row.id === selectedId}
                  selectable={selectable}
                  checked={checked.has(row.id)}
                  onSelect={() => select(row.id)}
                  onCheck={(on) => toggleChecked(row.id, on)}
                />
              ) : (
                <div className="ticket-row ticket-row-loading">{t('list.loading')}</div>
              )}
            </div>
          )
        })}
      </div>
    </div>
  )
}

function Row(props: {
  row: TicketView
  selected: boolean
  selectable: boolean
  checked: boolean
  onSelect: () => void
  onCheck: (on: boolean) => void
}) {
  const { t } = useTranslation('tickets')
  const { row } = props
  // The contact comes masked from the service (138****1234); shown beside the name so an agent
  // can tell two customers of the same name apart without revealing anything.
  const customer = row.customerName ?? row.buyerId ?? (row.contact ? null : t('list.noCustomer'))
  return (
    <div
      className={`ticket-row${props.selected ? ' selected' : ''}`}
      role="option"
      aria-selected={props.selected}
      data-testid="ticket-row"
      data-id={row.id}
      onClick={props.onSelect}
    >
      {props.selectable && (
        <Checkbox
          checked={props.checked}
          onClick={(e) => e.stopPropagation()}
          onChange={(e) => props.onCheck(e.target.checked)}
          aria-label={t('list.check')}
          data-testid="ticket-row-check"
        />
      )}
      <div className="ticket-row-main">
        <div className="ticket-row-line">
          <Tag color={PRIORITY_COLOR[row.priority]} className="tag-tight">
            {t(`priority.${row.priority}`)}
          </Tag>
          <span className="ticket-row-platform">{t(`platform.${row.platform}`)}</span>
          <span className="ticket-row-customer">
            {customer && <span>{customer}</span>}
            {row.contact && (
              <span className="ticket-row-contact" data-testid="row-contact">
                {row.contact}
              </span>
            )}
          </span>
          <span className="ticket-row-category">{t(`category.${row.category}`)}</span>
          <span className="ticket-row-time">{shortTime(row.messageAt)}</span>
        </div>
        <div className="ticket-row-line secondary">
          <span className="ticket-row-summary">{row.summary}</span>
          <Tag color={STATUS_COLOR[row.status]} className="tag-tight" data-testid="row-status">
            {t(`status.${row.status}`)}
          </Tag>
          <SlaTag row={row} />
        </div>
      </div>
    </div>
  )
}

/** The row's countdown: its own component, so the once-a-second redraw stays this small. */
function SlaTag({ row }: { row: TicketView }) {
  const { t } = useTranslation('tickets')
  const sla = useLiveSummary(row.sla, row.platform, row.priority)
  return (
    <Tag
      color={SLA_COLOR[sla.state]}
      className="tag-tight"
      data-testid="row-sla"
      data-sla-state={sla.state}
    >
      {slaText(t, sla)}
    </Tag>
  )
}
