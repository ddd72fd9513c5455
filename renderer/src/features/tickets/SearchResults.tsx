import { Alert, Empty, List, Spin, Tag, Typography } from 'antd'
import { Fragment } from 'react'
import { useTranslation } from 'react-i18next'
import type { SearchHighlight } from '@shared/api/tickets'
import { STATUS_COLOR, shortTime } from './format'
import { useDesk } from './store'

function Marked({ h }: { h: SearchHighlight }) {
  const parts: { text: string; mark: boolean }[] = []
  let at = 0
  for (const [a, b] of [...h.ranges].sort((x, y) => x[0] - y[0])) {
    if (a > at) parts.push({ text: h.snippet.slice(at, a), mark: false })
    parts.push({ text: h.snippet.slice(Math.max(a, at), b), mark: true })
    at = Math.max(at, b)
  }
  if (at < h.snippet.length) parts.push({ text: h.snippet.slice(at), mark: false })
  return (
    <>
      {parts.map((p, i) =>
        p.mark ? <mark key={i}>{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>,
      )}
    </>
  )
}

/** Search hits (archived months included), each with the passages that matched marked. */
export function SearchResults() {
  const { t } = useTranslation('tickets')
  const search = useDesk((s) => s.search)
  const select = useDesk((s) => s.select)
  const selectedId = useDesk((s) => s.selectedId)
  if (!search) return null
  if (search.error)
    return (
      <Typography.Text type="danger" data-testid="search-error">
        {search.error}
      </Typography.Text>
    )
  if (!search.result) return <Spin />
  const { hits, tookMs, indexing } = search.result
  return (
    <div className="search-results" data-testid="search-results">
      {indexing && (
        <Alert
          type="info"
          showIcon
          data-testid="search-indexing"
          title={t('search.indexing', indexing)}
        />
      )}
      <Typography.Text type="secondary" data-testid="search-summary">
        {t('search.summary', { q: search.q, n: hits.length, ms: tookMs })}
      </Typography.Text>
      {hits.length === 0 ? (
        <Empty description={t('search.none')} />
      ) : (
        <List
          size="small"
          dataSource={hits}
          renderItem={(hit) => (
            <List.Item
              className={`search-hit${hit.ticket.id === selectedId ? ' selected' : ''}`}
              onClick={() => select(hit.ticket.id)}
              data-testid="search-hit"
              data-id={hit.ticket.id}
            >
              <div style={{ width: '100%' }}>
                <div className="ticket-row-line">
                  <Tag color={STATUS_COLOR[hit.ticket.status]} className="tag-tight">
                    {t(`status.${hit.ticket.status}`)}
                  </Tag>
                  <span>{t(`platform.${hit.ticket.platform}`)}</span>
                  <span className="ticket-row-customer">
                    {hit.ticket.orderNo ?? t('detail.noOrderNo')}
                  </span>
                  <span>{hit.ticket.customerName ?? hit.ticket.buyerId ?? ''}</span>
                  <span className="ticket-row-time">{shortTime(hit.ticket.messageAt)}</span>
                </div>
                {hit.highlights.slice(0, 3).map((h, i) => (
                  <div key={i} className="search-snippet">
                    <span className="search-field">
                      {t(`search.field.${h.field}`, { defaultValue: h.field })}
                    </span>
                    <Marked h={h} />
                  </div>
                ))}
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  )
}
