import { App, Button, Card, Form, Input, Rate, Select, Space, Table, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Person } from '@shared/api/people'
import type { AttemptSummary, CourseView, DrillSummary, TraineeHistory } from '@shared/api/training'
import { kefu } from '../../api'
import { useAuth, useCan } from '../auth/store'
import { drillScoreText, drillStatusText, failure, timeText, useTraining } from './store'

/** A trainee's record: exams, drills, classes attended, feedback; trainers pick anyone. */
export function Records() {
  const { t } = useTranslation('training')
  const me = useAuth((s) => s.me)
  const viewAll = useCan('training.viewAll')
  const { rev } = useTraining()
  const [personId, setPersonId] = useState<string | undefined>(me?.id)
  const [people, setPeople] = useState<Person[]>([])
  const [h, setH] = useState<TraineeHistory | null>(null)

  useEffect(() => {
    if (viewAll) void kefu.people.directory({}).then(setPeople)
  }, [viewAll])

  useEffect(() => {
    let live = true
    kefu.training
      .history(personId && personId !== me?.id ? { personId } : {})
      .then((x) => live && setH(x))
      .catch(() => live && setH(null))
    return () => {
      live = false
    }
  }, [personId, me?.id, rev])

  return (
    <div data-testid="training-history">
      <Space style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('records.of', { name: h?.person.name ?? '' })}
        </Typography.Title>
        {viewAll && (
          <Select
            style={{ width: 180 }}
            value={personId}
            onChange={setPersonId}
            showSearch={{ optionFilterProp: 'label' }}
            options={people.map((p) => ({ value: p.id, label: p.name }))}
            data-testid="history-person"
          />
        )}
      </Space>
      {h && (
        <>
          <ExamTable rows={h.exams} />
          <DrillTable rows={h.drills} />
          <Typography.Title level={5}>{t('records.classes')}</Typography.Title>
          <Table
            size="small"
            rowKey="id"
            dataSource={h.classes}
            pagination={false}
            locale={{ emptyText: t('records.none') }}
            columns={[
              { title: t('records.classTitle'), dataIndex: 'title' },
              { title: t('records.at'), dataIndex: 'at', render: timeText },
              { title: t('records.trainer'), dataIndex: 'trainerName' },
              {
                title: t('records.attendance'),
                dataIndex: 'present',
                render: (p: boolean) => (
                  <Tag color={p ? 'green' : 'red'}>
                    {p ? t('records.present') : t('records.absent')}
                  </Tag>
                ),
              },
            ]}
          />
          {personId === me?.id && <FeedbackForm />}
          {h.feedback.length > 0 && (
            <Table
              size="small"
              rowKey="id"
              style={{ marginTop: 12 }}
              dataSource={h.feedback}
              pagination={false}
              columns={[
                { title: t('records.course'), dataIndex: 'courseTitle' },
                {
                  title: t('records.rating'),
                  dataIndex: 'rating',
                  render: (r: number) => <Rate disabled value={r} />,
                },
                { title: t('records.comment'), dataIndex: 'comment' },
                { title: t('records.at'), dataIndex: 'at', render: timeText },
              ]}
            />
          )}
        </>
      )}
    </div>
  )
}

export function ExamTable({ rows, showPerson }: { rows: AttemptSummary[]; showPerson?: boolean }) {
  const { t } = useTranslation('training')
  const openAttempt = useTraining((s) => s.openAttempt)
  return (
    <>
      <Typography.Title level={5}>{t('records.exams')}</Typography.Title>
      <Table<AttemptSummary>
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        locale={{ emptyText: t('records.none') }}
        onRow={() => ({ 'data-testid': 'history-exam' }) as never}
        columns={[
          ...(showPerson ? [{ title: t('records.person'), dataIndex: 'personName' }] : []),
          { title: t('records.exam'), dataIndex: 'title' },
          { title: t('records.at'), dataIndex: 'startedAt', render: timeText },
          {
            title: t('records.score'),
            render: (_, r) =>
              r.status === 'open' ? (
                <Tag>{t('records.inProgress')}</Tag>
              ) : (
                <Space size={4}>
                  <Tag color={r.passed ? 'green' : 'red'}>{`${r.total}/${r.max}`}</Tag>
                  {r.overridden && <Tag>{t('records.overridden')}</Tag>}
                </Space>
              ),
          },
          {
            title: '',
            render: (_, r) => (
              <Button
                size="small"
                type="link"
                onClick={() => openAttempt(r.id)}
                data-testid="history-exam-open"
              >
                {t('records.open')}
              </Button>
            ),
          },
        ]}
      />
    </>
  )
}

export function DrillTable({ rows, showPerson }: { rows: DrillSummary[]; showPerson?: boolean }) {
  const { t } = useTranslation('training')
  const openDrill = useTraining((s) => s.openDrill)
  return (
    <>
      <Typography.Title level={5}>{t('records.drills')}</Typography.Title>
      <Table<DrillSummary>
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        locale={{ emptyText: t('records.none') }}
        onRow={() => ({ 'data-testid': 'history-drill' }) as never}
        columns={[
          ...(showPerson ? [{ title: t('records.person'), dataIndex: 'traineeName' }] : []),
          { title: t('records.drill'), dataIndex: 'title' },
          { title: t('records.at'), render: (_, r) => timeText(r.endedAt ?? r.createdAt) },
          {
            title: t('drills.statusLabel'),
            render: (_, r) => drillStatusText(t, r),
          },
          {
            title: t('records.score'),
            render: (_, r) => drillScoreText(t, r),
          },
          { title: t('records.trainer'), dataIndex: 'trainerName' },
          {
            title: '',
            render: (_, r) => (
              <Button
                size="small"
                type="link"
                onClick={() => openDrill(r.id)}
                data-testid="history-drill-open"
              >
                {t('records.open')}
              </Button>
            ),
          },
        ]}
      />
    </>
  )
}

function FeedbackForm() {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const [courses, setCourses] = useState<CourseView[]>([])
  const [form] = Form.useForm<{ courseId: string; rating: number; comment: string }>()
  useEffect(() => {
    void kefu.training.courses({}).then(setCourses)
  }, [])
  return (
    <Card
      size="small"
      title={t('records.feedback')}
      style={{ marginTop: 12 }}
      data-testid="feedback-form"
    >
      <Form
        form={form}
        layout="inline"
        onFinish={(v) =>
          void kefu.training
            .feedback({ ...v, comment: v.comment ?? '' })
            .then(() => {
              message.success(t('records.feedbackThanks'))
              form.resetFields()
            })
            .catch((err: unknown) => message.error(failure(err).message))
        }
      >
        <Form.Item name="courseId" rules={[{ required: true, message: t('records.pickCourse') }]}>
          <Select
            style={{ width: 200 }}
            placeholder={t('records.pickCourse')}
            options={courses.map((c) => ({ value: c.id, label: c.title }))}
          />
        </Form.Item>
        <Form.Item name="rating" rules={[{ required: true, message: t('records.pickRating') }]}>
          <Rate />
        </Form.Item>
        <Form.Item name="comment">
          <Input
            style={{ width: 280 }}
            maxLength={300}
            placeholder={t('records.commentPlaceholder')}
          />
        </Form.Item>
        <Button htmlType="submit">{t('records.send')}</Button>
      </Form>
    </Card>
  )
}
