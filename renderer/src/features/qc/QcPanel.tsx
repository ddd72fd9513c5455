import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { QcSampleOrder, QcSampleView } from '@shared/api/qc'
import type { Person } from '@shared/auth/roles'
import { toCallError } from '@shared/api/envelope'
import {
  QC_ITEMS,
  QC_MARKS,
  qcScore,
  type QcItem,
  type QcMark,
  type QcMarks,
} from '@shared/reports/qc'
import { kefu } from '../../api'
import './qc.css'

const startOf = (d: Dayjs) => new Date(`${d.format('YYYY-MM-DD')}T00:00:00+08:00`).toISOString()

function ScoreForm({
  sample,
  order,
  onSaved,
}: {
  sample: QcSampleView
  order: QcSampleOrder
  onSaved: () => void
}) {
  const { t } = useTranslation('qc')
  const { message } = App.useApp()
  const [marks, setMarks] = useState<Partial<QcMarks>>(order.check?.marks ?? {})
  const [comments, setComments] = useState<Partial<Record<QcItem, string>>>(
    order.check?.comments ?? {},
  )
  const [comment, setComment] = useState(order.check?.comment ?? '')
  const complete = QC_ITEMS.every((k) => marks[k])
  async function save() {
    try {
      await kefu.qc.score({
        sampleId: sample.id,
        ticketId: order.ticketId,
        marks: marks as QcMarks,
        comments,
        comment,
      })
      void message.success(t('saved'))
      onSaved()
    } catch (e) {
      void message.error(toCallError(e).message)
    }
  }
  return (
    <div className="qc-form" data-testid="qc-form">
      {QC_ITEMS.map((k) => (
        <div key={k} className="qc-item">
          <span className="qc-item-label">{t(`items.${k}`)}</span>
          <Radio.Group
            size="small"
            value={marks[k]}
            onChange={(e) => setMarks({ ...marks, [k]: e.target.value as QcMark })}
            options={QC_MARKS.map((m) => ({ value: m, label: t(`marks.${m}`) }))}
            optionType="button"
          />
          <Input
            size="small"
            placeholder={t('itemComment')}
            value={comments[k] ?? ''}
            maxLength={500}
            onChange={(e) => setComments({ ...comments, [k]: e.target.value })}
          />
        </div>
      ))}
      <Input.TextArea
        rows={2}
        maxLength={500}
        placeholder={t('comment')}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
      <Space style={{ marginTop: 8 }}>
        <Button
          type="primary"
          disabled={!complete}
          onClick={() => void save()}
          data-testid="qc-save"
        >
          {t('save')}
        </Button>
        <Typography.Text type="secondary">
          {t('scorePreview', { score: complete ? (qcScore(marks) ?? '—') : '—' })}
        </Typography.Text>
      </Space>
    </div>
  )
}

/** 质检 for a supervisor: draw a random sample of a person's resolved orders, score each. */
export function QcPanel() {
  const { t } = useTranslation('qc')
  const { message } = App.useApp()
  const [people, setPeople] = useState<Person[]>([])
  const [personId, setPersonId] = useState<string | undefined>()
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [
    dayjs().startOf('month'),
    dayjs().endOf('month'),
  ])
  const [n, setN] = useState(5)
  const [samples, setSamples] = useState<QcSampleView[]>([])
  const [error, setError] = useState<string | null>(null)

  const load = () => kefu.qc.samples({ limit: 20 }).then(setSamples)
  useEffect(() => {
    void kefu.people.directory({}).then((list) => setPeople(list))
    void load()
  }, [])

  async function draw() {
    if (!personId) return
    setError(null)
    try {
      await kefu.qc.sample({
        personId,
        from: startOf(range[0]),
        to: startOf(range[1].add(1, 'day')),
        n,
      })
      await load()
      void message.success(t('sampled'))
    } catch (e) {
      setError(toCallError(e).message)
    }
  }

  return (
    <div data-testid="qc-panel">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 160 }}
          placeholder={t('person')}
          value={personId}
          onChange={setPersonId}
          options={people.map((p) => ({ value: p.id, label: p.name }))}
          data-testid="qc-person"
        />
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
        />
        <InputNumber
          min={1}
          max={50}
          value={n}
          onChange={(v) => setN(v ?? 5)}
          addonAfter={t('orders')}
        />
        <Button
          type="primary"
          disabled={!personId}
          onClick={() => void draw()}
          data-testid="qc-draw"
        >
          {t('draw')}
        </Button>
      </Space>
      {error && <Alert type="warning" showIcon title={error} style={{ marginBottom: 12 }} />}
      {samples.map((s) => (
        <Card
          key={s.id}
          size="small"
          style={{ marginBottom: 12 }}
          title={t('sampleTitle', {
            name: s.personName,
            count: s.orders.length,
            population: s.population,
          })}
          extra={
            <Typography.Text type="secondary">
              {t('sampleBy', { name: s.byName, at: s.at.slice(0, 10) })}
            </Typography.Text>
          }
        >
          <Table
            size="small"
            rowKey="ticketId"
            pagination={false}
            dataSource={s.orders}
            expandable={{
              expandedRowRender: (o) => (
                <ScoreForm sample={s} order={o} onSaved={() => void load()} />
              ),
            }}
            columns={[
              { title: t('order'), render: (_, o) => o.orderNo ?? o.ticketId, width: 200 },
              { title: t('summary'), dataIndex: 'summary', ellipsis: true },
              {
                title: t('score'),
                width: 90,
                render: (_, o) =>
                  o.check ? (
                    <Tag color={(o.check.score ?? 0) >= 80 ? 'green' : 'orange'}>
                      {o.check.score ?? '—'}
                    </Tag>
                  ) : (
                    t('unscored')
                  ),
              },
            ]}
          />
        </Card>
      ))}
    </div>
  )
}
