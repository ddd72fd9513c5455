import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Drawer,
  Empty,
  List,
  Space,
  Tag,
  Typography,
} from 'antd'
import dayjs from 'dayjs'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ReviewResult } from '@shared/api/tickets'
import { kefu } from '../../api'
import './dates'
import { STATUS_COLOR, failure, shortTime, todayLocal } from './format'
import { useDesk } from './store'

/**
 * 每日整理: the day's orders whose records are incomplete, to fix one by one; then the resolved
 * ones archived in one action.
 */
export function DailyReview() {
  const { t } = useTranslation('tickets')
  const { message } = App.useApp()
  const open = useDesk((s) => s.reviewOpen)
  const close = useDesk((s) => s.close)
  const select = useDesk((s) => s.select)
  const refresh = useDesk((s) => s.refresh)
  const version = useDesk((s) => s.version)
  const [date, setDate] = useState(todayLocal())
  const [data, setData] = useState<ReviewResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [busy, setBusy] = useState(false)
  const [skipped, setSkipped] = useState<{ id: string; message: string }[]>([])

  const load = useCallback(async () => {
    try {
      const d = await kefu.tickets.review({ date })
      setData(d)
      setChosen(new Set(d.archivable.map((v) => v.id)))
      setError(null)
    } catch (err) {
      setError(failure(err).message)
    }
  }, [date])

  useEffect(() => {
    if (open) void load()
  }, [open, load, version])

  const archive = async () => {
    setBusy(true)
    try {
      const res = await kefu.tickets.archiveResolved({ ids: [...chosen] })
      setSkipped(res.skipped)
      message.success(t('review.archived', { n: res.archived.length }))
      refresh()
      await load()
    } catch (err) {
      message.error(failure(err).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Drawer
      open={open}
      onClose={() => close('review')}
      title={t('review.title')}
      size={640}
      data-testid="review"
      extra={
        <DatePicker
          value={dayjs(date)}
          allowClear={false}
          onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))}
          data-testid="review-date"
        />
      }
    >
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {data && (
        <>
          <Typography.Title level={5}>
            {t('review.incomplete', { n: data.incomplete.length })}
          </Typography.Title>
          {data.incomplete.length === 0 ? (
            <Empty description={t('review.allComplete')} data-testid="review-all-complete" />
          ) : (
            <List
              size="small"
              dataSource={data.incomplete}
              data-testid="review-incomplete"
              renderItem={(it) => (
                <List.Item
                  className="search-hit"
                  data-testid="review-item"
                  data-id={it.ticket.id}
                  onClick={() => {
                    select(it.ticket.id)
                    close('review')
                  }}
                  extra={
                    <Button size="small" type="link">
                      {t('review.fix')}
                    </Button>
                  }
                >
                  <div>
                    <div>
                      <Tag color={STATUS_COLOR[it.ticket.status]}>
                        {t(`status.${it.ticket.status}`)}
                      </Tag>
                      {it.ticket.orderNo ?? t('detail.noOrderNo')} ·{' '}
                      {shortTime(it.ticket.messageAt)} · {it.ticket.summary}
                    </div>
                    <Space size={4} wrap style={{ marginTop: 4 }}>
                      {it.problems.map((p) => (
                        <Tag key={p} color="orange" data-testid="review-problem" data-problem={p}>
                          {t(`review.problem.${p}`)}
                        </Tag>
                      ))}
                    </Space>
                  </div>
                </List.Item>
              )}
            />
          )}
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('review.archivable', { n: data.archivable.length })}
          </Typography.Title>
          {data.archivable.length === 0 ? (
            <Empty description={t('review.nothingToArchive')} />
          ) : (
            <>
              <List
                size="small"
                dataSource={data.archivable}
                renderItem={(v) => (
                  <List.Item data-testid="review-archivable" data-id={v.id}>
                    <Checkbox
                      checked={chosen.has(v.id)}
                      onChange={(e) =>
                        setChosen((s) => {
                          const n = new Set(s)
                          if (e.target.checked) n.add(v.id)
                          else n.delete(v.id)
                          return n
                        })
                      }
                    >
                      {v.orderNo ?? t('detail.noOrderNo')} · {t(`category.${v.category}`)} ·{' '}
                      {v.satisfaction !== null
                        ? t('history.stars', { n: v.satisfaction })
                        : t('review.unrated')}
                    </Checkbox>
                  </List.Item>
                )}
              />
              <Button
                type="primary"
                disabled={chosen.size === 0}
                loading={busy}
                onClick={() => void archive()}
                data-testid="review-archive"
              >
                {t('review.archiveButton', { n: chosen.size })}
              </Button>
            </>
          )}
          {skipped.length > 0 && (
            <List
              size="small"
              header={t('review.skipped')}
              dataSource={skipped}
              renderItem={(s) => (
                <List.Item>
                  <Typography.Text type="warning">{s.message}</Typography.Text>
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </Drawer>
  )
}
