import { Drawer, List, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CustomerArchive as Archive } from '@shared/api/tickets'
import { kefu } from '../../api'
import { STATUS_COLOR, failure, fullTime } from './format'
import { useDesk } from './store'

/** 客户档案: every order of this order's customer, archived months included. */
export function CustomerArchive() {
  const { t } = useTranslation('tickets')
  const of = useDesk((s) => s.customerOf)
  const close = useDesk((s) => s.close)
  const select = useDesk((s) => s.select)
  const [data, setData] = useState<Archive | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setData(null)
    setError(null)
    if (!of) return
    let live = true
    kefu.tickets
      .customer({ id: of })
      .then((d) => live && setData(d))
      .catch((e) => live && setError(failure(e).message))
    return () => {
      live = false
    }
  }, [of])
  const who = data
    ? [data.customerName, data.by.buyerId, data.by.contact].filter(Boolean).join(' · ')
    : ''
  return (
    <Drawer
      open={!!of}
      onClose={() => close('customer')}
      title={t('customer.title', { who })}
      size={560}
      data-testid="customer-archive"
    >
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {data && (
        <List
          dataSource={data.orders}
          header={t('customer.count', { n: data.orders.length })}
          renderItem={(o) => (
            <List.Item
              className="search-hit"
              data-testid="customer-order"
              data-id={o.id}
              onClick={() => {
                select(o.id)
                close('customer')
              }}
            >
              <List.Item.Meta
                title={
                  <span>
                    <Tag color={STATUS_COLOR[o.status]}>{t(`status.${o.status}`)}</Tag>
                    {o.orderNo ?? t('detail.noOrderNo')} · {t(`category.${o.category}`)}
                  </span>
                }
                description={`${fullTime(o.messageAt)} · ${o.summary}`}
              />
            </List.Item>
          )}
        />
      )}
    </Drawer>
  )
}
