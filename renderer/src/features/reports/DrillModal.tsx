import { Alert, Button, Modal, Table } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DrillRow } from '@shared/api/reports'
import type { Bar } from '@shared/reports/aggregate'
import { toCallError } from '@shared/api/envelope'
import { kefu } from '../../api'
import { useApp } from '../../app/store'
import { useDesk } from '../tickets/store'
import { shopTime } from './format'

export interface DrillRequest {
  bar: Bar
  label: string
  from: string
  to: string
  personId?: string
  shiftId?: string
  scope?: 'person' | 'team'
}

/** The orders behind a bar (drill-down): a list linking each to the order on the desk. */
export function DrillModal({
  req,
  offsetMin,
  onClose,
}: {
  req: DrillRequest | null
  offsetMin: number
  onClose: () => void
}) {
  const { t } = useTranslation('reports')
  const { t: tt } = useTranslation('tickets')
  const [rows, setRows] = useState<DrillRow[] | null>(null)
  const [total, setTotal] = useState(0)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!req) return
    setRows(null)
    setError(null)
    const { label: _l, ...input } = req
    kefu.reports
      .orders({ ...input, limit: 500 })
      .then((r) => {
        setRows(r.items)
        setTotal(r.total)
      })
      .catch((e: unknown) => setError(toCallError(e).message))
  }, [req])

  const open = (id: string) => {
    onClose()
    useDesk.getState().select(id)
    useApp.getState().go('tickets')
  }

  return (
    <Modal
      open={!!req}
      onCancel={onClose}
      footer={null}
      width={860}
      title={
        req ? (
          <span data-testid="drill-title">
            {t('drill.title', { label: req.label, count: total })}
          </span>
        ) : (
          ''
        )
      }
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} />}
      {total > (rows?.length ?? 0) && (
        <Alert
          type="info"
          showIcon
          title={t('drill.truncated', { shown: rows?.length ?? 0, total })}
        />
      )}
      <Table
        size="small"
        rowKey="id"
        loading={rows === null && !error}
        dataSource={rows ?? []}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        data-testid="drill-list"
        columns={[
          {
            title: t('drill.order'),
            width: 190,
            render: (_, r) => (
              <Button type="link" size="small" onClick={() => open(r.id)} data-testid="drill-open">
                {r.orderNo ?? r.id}
              </Button>
            ),
          },
          { title: t('drill.status'), width: 90, render: (_, r) => tt(`status.${r.status}`) },
          { title: t('drill.category'), width: 90, render: (_, r) => tt(`category.${r.category}`) },
          { title: t('drill.assignee'), width: 80, dataIndex: 'assigneeName' },
          {
            title: t('drill.created'),
            width: 140,
            render: (_, r) => shopTime(r.createdAt, offsetMin),
          },
          { title: t('drill.summary'), dataIndex: 'summary', ellipsis: true },
        ]}
      />
    </Modal>
  )
}
