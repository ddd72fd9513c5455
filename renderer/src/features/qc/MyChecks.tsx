import { Empty, Table, Tag } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { QcCheckView } from '@shared/api/qc'
import { QC_ITEMS } from '@shared/reports/qc'
import { kefu } from '../../api'

/** A person's own quality-check scores, with the supervisor's comments (issue 9 item 3). */
export function MyChecks() {
  const { t } = useTranslation('qc')
  const [checks, setChecks] = useState<QcCheckView[] | null>(null)
  useEffect(() => {
    void kefu.qc.checks({}).then(setChecks)
  }, [])
  if (checks && checks.length === 0) return <Empty description={t('mineEmpty')} />
  return (
    <Table
      size="small"
      rowKey="id"
      loading={checks === null}
      dataSource={checks ?? []}
      data-testid="qc-mine"
      expandable={{
        expandedRowRender: (c) => (
          <ul style={{ margin: 0 }}>
            {QC_ITEMS.map((k) => (
              <li key={k}>
                {t(`items.${k}`)}：{t(`marks.${c.marks[k]}`)}
                {c.comments[k] ? `（${c.comments[k]}）` : ''}
              </li>
            ))}
            {c.comment && (
              <li>
                {t('comment')}：{c.comment}
              </li>
            )}
          </ul>
        ),
      }}
      columns={[
        { title: t('checkedAt'), render: (_, c) => c.checkedAt.slice(0, 10), width: 110 },
        {
          title: t('order'),
          width: 200,
          render: (_: unknown, c: QcCheckView) => c.orderNo ?? t('noOrderNo'),
        },
        { title: t('checkedBy'), dataIndex: 'checkedByName', width: 90 },
        {
          title: t('score'),
          width: 80,
          render: (_, c) => (
            <Tag color={(c.score ?? 0) >= 80 ? 'green' : 'orange'}>{c.score ?? '—'}</Tag>
          ),
        },
        { title: t('comment'), dataIndex: 'comment', ellipsis: true },
      ]}
    />
  )
}
