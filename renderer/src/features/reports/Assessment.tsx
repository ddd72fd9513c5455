import { Button, Card, InputNumber, Modal, Space, Table, Tag, Typography, message } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AssessmentRecordRow, PeriodReportView } from '@shared/api/reports'
import { toCallError } from '@shared/api/envelope'
import type { AssessmentRow } from '@shared/reports/aggregate'
import {
  ASSESSMENT_PARTS,
  type AssessmentPart,
  type AssessmentWeights,
  type StarReason,
} from '@shared/reports/assessment'
import type { TeamAssessmentRow } from '@shared/reports/assessment'
import { kefu } from '../../api'
import type { DrillRequest } from './DrillModal'
import { minutes, pct, score, shopTime } from './format'

type RecordPart = 'qc' | 'exam' | 'drill'

interface Props {
  report: PeriodReportView
  base: { from: string; to: string; personId?: string }
  name(id: string): string
  onOrders(req: DrillRequest): void
  onChanged(): void
}

/**
 * 人员考核 (issue 19): the month's best agent with the reasons, each person's and each team's
 * combined score with the weights a supervisor sets, and the records behind every figure.
 */
export function Assessment({ report, base, name, onOrders, onChanged }: Props) {
  const { t } = useTranslation('reports')
  const [records, setRecords] = useState<{
    personId: string
    part: RecordPart
    items: AssessmentRecordRow[] | null
  } | null>(null)
  const [weights, setWeights] = useState<AssessmentWeights | null>(null)
  const [saving, setSaving] = useState(false)
  const [weightsError, setWeightsError] = useState<string | null>(null)
  const off = report.utcOffsetMinutes

  const open = (personId: string, part: RecordPart) => {
    setRecords({ personId, part, items: null })
    kefu.reports
      .assessmentRecords({ from: base.from, to: base.to, personId, part })
      .then((r) => setRecords({ personId, part, items: r.items }))
      .catch((e: unknown) => {
        setRecords(null)
        void message.error(toCallError(e).message)
      })
  }

  const figure = (r: AssessmentRow, part: RecordPart, v: number | null, n: number) =>
    v === null ? (
      '—'
    ) : (
      <Button
        type="link"
        size="small"
        data-testid={`assessment-${part}`}
        data-person={name(r.personId)}
        onClick={() => open(r.personId, part)}
      >
        {score(v)}
        <span className="assessment-count">{t('assess.times', { count: n })}</span>
      </Button>
    )

  const orders = (r: AssessmentRow, measure: 'received' | 'resolved', n: number) => (
    <Button
      type="link"
      size="small"
      onClick={() =>
        onOrders({
          ...base,
          bar: { kind: 'person', personId: r.personId, measure },
          label: `${name(r.personId)} ${t(measure)}`,
        })
      }
    >
      {n}
    </Button>
  )

  const columns = [
    {
      title: t('assess.rank'),
      width: 56,
      fixed: 'left' as const,
      render: (_: unknown, r: AssessmentRow) => r.rank ?? '—',
    },
    {
      title: t('table.name'),
      render: (_: unknown, r: AssessmentRow) => (
        <span data-testid="assessment-name">{name(r.personId)}</span>
      ),
      fixed: 'left' as const,
      width: 90,
    },
    {
      title: t('assess.composite'),
      width: 90,
      render: (_: unknown, r: AssessmentRow) => (
        <span
          data-testid="assessment-composite"
          title={t('assess.coverage', { pct: Math.round(r.coverage * 100) })}
        >
          {score(r.composite)}
        </span>
      ),
    },
    {
      title: t('received'),
      width: 60,
      render: (_: unknown, r: AssessmentRow) => orders(r, 'received', r.received),
    },
    {
      title: t('resolved'),
      width: 60,
      render: (_: unknown, r: AssessmentRow) => orders(r, 'resolved', r.resolved),
    },
    {
      title: t('table.frAvg'),
      render: (_: unknown, r: AssessmentRow) => minutes(r.firstResponseAvgMin),
      width: 90,
    },
    {
      title: t('table.within3'),
      render: (_: unknown, r: AssessmentRow) => pct(r.within3MinRate),
      width: 90,
    },
    {
      title: t('table.resolution'),
      render: (_: unknown, r: AssessmentRow) => pct(r.resolutionRate),
      width: 80,
    },
    {
      title: t('satisfaction'),
      render: (_: unknown, r: AssessmentRow) => pct(r.satisfactionRate),
      width: 80,
    },
    { title: t('table.sla'), dataIndex: 'slaBreaches', width: 70 },
    {
      title: t('table.qc'),
      width: 90,
      render: (_: unknown, r: AssessmentRow) => figure(r, 'qc', r.qcScore, r.qcChecks),
    },
    {
      title: t('table.exam'),
      width: 90,
      render: (_: unknown, r: AssessmentRow) => figure(r, 'exam', r.examScore, r.examCount),
    },
    {
      title: t('table.drill'),
      width: 90,
      render: (_: unknown, r: AssessmentRow) => figure(r, 'drill', r.drillScore, r.drillCount),
    },
  ]

  const teamColumns = [
    {
      title: t('assess.rank'),
      width: 56,
      render: (_: unknown, r: TeamAssessmentRow) => r.rank ?? '—',
    },
    {
      title: t('assess.team'),
      render: (_: unknown, r: TeamAssessmentRow) => report.teamNames[r.teamId] ?? r.teamId,
    },
    { title: t('assess.members'), dataIndex: 'members', width: 60 },
    {
      title: t('assess.composite'),
      width: 80,
      render: (_: unknown, r: TeamAssessmentRow) => score(r.composite),
    },
    ...ASSESSMENT_PARTS.map((p) => ({
      title: t(`assess.part.${p}`),
      width: 90,
      render: (_: unknown, r: TeamAssessmentRow) => score(r.parts[p]),
    })),
  ]

  const reason = (r: StarReason) =>
    r.kind === 'rank'
      ? t('assess.reason.rank', { score: r.score })
      : t(`assess.reason.${r.kind}`, { part: t(`assess.part.${r.part}`), value: r.value })

  const saveWeights = async () => {
    if (!weights) return
    setSaving(true)
    setWeightsError(null)
    try {
      await kefu.reports.setAssessmentWeights({ weights })
      setWeights(null)
      void message.success(t('assess.weightsSaved'))
      onChanged()
    } catch (e) {
      setWeightsError(toCallError(e).message)
    } finally {
      setSaving(false)
    }
  }

  const star = report.star
  return (
    <Card
      size="small"
      title={t('assessment')}
      style={{ marginTop: 12 }}
      extra={
        report.canSetWeights && (
          <Button
            size="small"
            data-testid="assessment-weights"
            onClick={() => setWeights({ ...report.weights })}
          >
            {t('assess.weights')}
          </Button>
        )
      }
    >
      <div className="assessment-star" data-testid="assessment-star">
        <Typography.Text strong>{t('assess.star')}：</Typography.Text>
        {star ? (
          <>
            <Tag color="gold" data-testid="assessment-star-name">
              {name(star.personId)}
            </Tag>
            <Typography.Text>{star.reasons.map(reason).join('；')}</Typography.Text>
          </>
        ) : (
          <Typography.Text type="secondary">{t('assess.noStar')}</Typography.Text>
        )}
      </div>
      <Typography.Paragraph type="secondary" className="assessment-weights-line">
        {t('assess.weightsLine', {
          list: ASSESSMENT_PARTS.map((p) => `${t(`assess.part.${p}`)} ${report.weights[p]}`).join(
            '，',
          ),
        })}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="personId"
        dataSource={report.people}
        columns={columns}
        pagination={false}
        scroll={{ x: 1200 }}
        data-testid="assessment-table"
      />
      {report.teams.length > 0 && (
        <Table
          size="small"
          style={{ marginTop: 12 }}
          rowKey="teamId"
          dataSource={report.teams}
          columns={teamColumns}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="assessment-teams"
        />
      )}
      <Typography.Text type="secondary">{t('assessmentHint')}</Typography.Text>

      <Modal
        open={!!records}
        title={
          records
            ? t('assess.recordsTitle', {
                name: name(records.personId),
                part: t(`assess.part.${records.part}`),
              })
            : ''
        }
        footer={null}
        onCancel={() => setRecords(null)}
        width={720}
      >
        <Table
          size="small"
          rowKey="id"
          loading={!records?.items}
          dataSource={records?.items ?? []}
          pagination={false}
          data-testid="assessment-records"
          columns={[
            {
              title: t('assess.when'),
              width: 150,
              render: (_: unknown, r: AssessmentRecordRow) => shopTime(r.at, off),
            },
            {
              title: records?.part === 'qc' ? t('drill.order') : t('assess.what'),
              render: (_: unknown, r: AssessmentRecordRow) =>
                records?.part === 'qc' ? (r.orderNo ?? r.title) : r.title,
            },
            { title: t('assess.score'), dataIndex: 'score', width: 80 },
          ]}
        />
      </Modal>

      <Modal
        open={!!weights}
        title={t('assess.weights')}
        onCancel={() => setWeights(null)}
        onOk={() => void saveWeights()}
        okText={t('assess.save')}
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'weights-save' } as never}
      >
        <Typography.Paragraph type="secondary">{t('assess.weightsHelp')}</Typography.Paragraph>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {weights &&
            ASSESSMENT_PARTS.map((p: AssessmentPart) => (
              <Space key={p} style={{ width: '100%', justifyContent: 'space-between' }}>
                <span>{t(`assess.part.${p}`)}</span>
                <InputNumber
                  min={0}
                  max={100}
                  precision={0}
                  value={weights[p]}
                  data-testid={`weight-${p}`}
                  onChange={(v) => setWeights({ ...weights, [p]: typeof v === 'number' ? v : 0 })}
                />
              </Space>
            ))}
        </Space>
        {weightsError && (
          <Typography.Text type="danger" data-testid="weights-error">
            {weightsError}
          </Typography.Text>
        )}
      </Modal>
    </Card>
  )
}
