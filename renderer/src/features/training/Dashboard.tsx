import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Person } from '@shared/api/people'
import type { CourseView, QuestionImportPreview, TrainingDashboard } from '@shared/api/training'
import { DUE_REASON_LABELS } from '@shared/training/due'
import { kefu } from '../../api'
import { useCan } from '../auth/store'
import { DrillTable, ExamTable } from './Records'
import { useSaveFile } from '../../lib/save-file'
import { failure, fileToBase64, timeText, useTraining } from './store'

/** The trainer's view: who is due, who failed what, which questions people miss, imports. */
export function Dashboard() {
  const { t } = useTranslation('training')
  const { rev } = useTraining()
  const openAttempt = useTraining((s) => s.openAttempt)
  const canAuthor = useCan('training.author')
  const [d, setD] = useState<TrainingDashboard | null>(null)

  useEffect(() => {
    void kefu.training.dashboard({}).then(setD)
  }, [rev])

  if (!d) return null
  return (
    <div className="training-dashboard" data-testid="training-dashboard">
      <div className="training-cards">
        <Card
          size="small"
          title={t('dashboard.due', { count: d.due.length })}
          data-testid="dashboard-due"
        >
          {d.due.length === 0 ? (
            <Typography.Text type="secondary">{t('dashboard.noneDue')}</Typography.Text>
          ) : (
            d.due.map((x) => (
              <div key={x.personId} className="training-due-row">
                <Typography.Text strong>{x.name}</Typography.Text>
                {x.reasons.map((r) => (
                  <Tag key={r} color={r === 'onboarding' ? 'orange' : 'blue'}>
                    {t(`dashboard.reason.${r}`, { defaultValue: DUE_REASON_LABELS[r] })}
                  </Tag>
                ))}
              </div>
            ))
          )}
        </Card>
        <Card
          size="small"
          title={t('dashboard.failed', { count: d.failed.length })}
          data-testid="dashboard-failed"
        >
          {d.failed.length === 0 ? (
            <Typography.Text type="secondary">{t('dashboard.noneFailed')}</Typography.Text>
          ) : (
            d.failed.map((f) => (
              <div key={`${f.personId}-${f.refId}`} className="training-due-row">
                <Typography.Text strong>{f.name}</Typography.Text>{' '}
                <Tag>{t(`dashboard.kind.${f.kind}`)}</Tag>
                {f.title} <Tag color="red">{f.percent}%</Tag>
                <Typography.Text type="secondary">{timeText(f.at)}</Typography.Text>
              </div>
            ))
          )}
        </Card>
        <Card size="small" title={t('dashboard.feedback')}>
          {d.feedback.length === 0 ? (
            <Typography.Text type="secondary">{t('dashboard.noFeedback')}</Typography.Text>
          ) : (
            d.feedback.map((f) => (
              <div key={f.courseId}>
                {f.courseTitle}：{t('dashboard.average', { average: f.average, count: f.count })}
              </div>
            ))
          )}
        </Card>
      </div>
      <Typography.Title level={5}>{t('dashboard.missed')}</Typography.Title>
      <Table
        size="small"
        rowKey="questionId"
        dataSource={d.missed}
        pagination={false}
        locale={{ emptyText: t('records.none') }}
        columns={[
          { title: t('dashboard.question'), dataIndex: 'stem' },
          { title: t('dashboard.type'), dataIndex: 'type', render: (x: string) => t(`qtype.${x}`) },
          {
            title: t('dashboard.missRate'),
            render: (_, r) => `${Math.round(r.rate * 100)}%（${r.missed}/${r.asked}）`,
          },
        ]}
      />
      <Card
        size="small"
        title={t('dashboard.review', { count: d.awaitingReview.length })}
        data-testid="dashboard-review"
        style={{ marginBottom: 12 }}
      >
        {d.awaitingReview.length === 0 ? (
          <Typography.Text type="secondary">{t('dashboard.noneReview')}</Typography.Text>
        ) : (
          d.awaitingReview.map((a) => (
            <div key={a.id} className="training-due-row" data-testid="review-row">
              <Typography.Text strong>{a.personName}</Typography.Text> {a.title}{' '}
              <Tag color="orange">{t('dashboard.pending', { count: a.pendingReview })}</Tag>
              <Typography.Text type="secondary">
                {timeText(a.submittedAt ?? a.startedAt)}
              </Typography.Text>
              <Button
                size="small"
                type="link"
                onClick={() => openAttempt(a.id)}
                data-testid="review-open"
              >
                {t('dashboard.reviewOpen')}
              </Button>
            </div>
          ))
        )}
      </Card>
      <ExamTable rows={d.recentExams} showPerson />
      <DrillTable rows={d.recentDrills} showPerson />
      {canAuthor && <QuestionImport />}
      {canAuthor && <ClassForm />}
    </div>
  )
}

function QuestionImport() {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const save = useSaveFile()
  const [file, setFile] = useState<{ name: string; bytesBase64: string } | null>(null)
  const [preview, setPreview] = useState<QuestionImportPreview | null>(null)

  const choose = async (f: File) => {
    const picked = { name: f.name, bytesBase64: await fileToBase64(f) }
    setFile(picked)
    try {
      setPreview(await kefu.training.importQuestionsPreview(picked))
    } catch (err) {
      setPreview(null)
      message.error(failure(err).message)
    }
  }

  const run = async () => {
    if (!file) return
    try {
      const r = await kefu.training.importQuestions(file)
      message.success(t('dashboard.imported', { count: r.imported }))
      setFile(null)
      setPreview(null)
    } catch (err) {
      message.error(failure(err).message)
    }
  }

  return (
    <Card
      size="small"
      title={t('dashboard.import')}
      style={{ marginTop: 16 }}
      data-testid="question-import"
    >
      <Space wrap>
        <Upload
          accept=".xlsx"
          showUploadList={false}
          beforeUpload={(f) => {
            void choose(f)
            return false
          }}
        >
          <Button data-testid="question-import-pick">{t('dashboard.pickFile')}</Button>
        </Upload>
        <Button
          type="link"
          onClick={() =>
            void kefu.training
              .questionTemplate({})
              .then((f) => save({ name: f.name, mime: f.mime, base64: f.bytesBase64 }))
          }
        >
          {t('dashboard.template')}
        </Button>
        {file && <Typography.Text>{file.name}</Typography.Text>}
      </Space>
      {preview?.fileError && (
        <Alert type="error" showIcon title={preview.fileError} style={{ marginTop: 8 }} />
      )}
      {preview && !preview.fileError && preview.errors.length === 0 && (
        <Space style={{ marginTop: 8 }}>
          <Typography.Text>{t('dashboard.ready', { count: preview.count })}</Typography.Text>
          <Button type="primary" onClick={() => void run()} data-testid="question-import-run">
            {t('dashboard.importRun')}
          </Button>
        </Space>
      )}
      {preview && preview.errors.length > 0 && (
        <>
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 8 }}
            title={t('dashboard.rowErrors', { count: preview.errors.length })}
          />
          <Table
            size="small"
            rowKey={(r) => `${r.row}-${r.column}`}
            dataSource={preview.errors}
            pagination={false}
            data-testid="question-import-errors"
            columns={[
              { title: t('dashboard.row'), dataIndex: 'row', width: 70 },
              { title: t('dashboard.column'), dataIndex: 'column', width: 90 },
              { title: t('dashboard.problem'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </Card>
  )
}

function ClassForm() {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const [people, setPeople] = useState<Person[]>([])
  const [courses, setCourses] = useState<CourseView[]>([])
  const [form] = Form.useForm<{
    title: string
    courseId?: string
    at: string
    present: string[]
    absent: string[]
  }>()
  useEffect(() => {
    void kefu.people.directory({}).then(setPeople)
    void kefu.training.courses({}).then(setCourses)
  }, [])
  const save = async (v: { title: string; courseId?: string; at: string; present?: string[] }) => {
    const present = new Set(v.present ?? [])
    try {
      await kefu.training.saveClass({
        title: v.title,
        courseId: v.courseId ?? null,
        at: new Date(v.at).toISOString(),
        attendance: people.map((p) => ({ personId: p.id, present: present.has(p.id) })),
      })
      message.success(t('dashboard.classSaved'))
      form.resetFields()
    } catch (err) {
      message.error(failure(err).message)
    }
  }
  return (
    <Card size="small" title={t('dashboard.class')} style={{ marginTop: 16 }}>
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Space wrap>
          <Form.Item
            name="title"
            label={t('records.classTitle')}
            rules={[{ required: true, message: t('materials.titleRequired') }]}
          >
            <Input style={{ width: 240 }} maxLength={40} />
          </Form.Item>
          <Form.Item name="courseId" label={t('records.course')}>
            <Select
              allowClear
              style={{ width: 200 }}
              options={courses.map((c) => ({ value: c.id, label: c.title }))}
            />
          </Form.Item>
          <Form.Item
            name="at"
            label={t('records.at')}
            rules={[{ required: true, message: t('dashboard.pickTime') }]}
          >
            <Input type="datetime-local" />
          </Form.Item>
        </Space>
        <Form.Item name="present" label={t('dashboard.presentLabel')}>
          <Checkbox.Group options={people.map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          {t('dashboard.saveClass')}
        </Button>
      </Form>
    </Card>
  )
}
