import { App, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ExamTemplateView, QuestionBankView, StoredQuestion } from '@shared/api/training'
import { COURSE_AUDIENCES, QUESTION_TYPES, type QuestionType } from '@shared/content/schemas'
import { kefu } from '../../api'
import { failure } from './store'

type PerType = Record<QuestionType, number>

interface ExamForm {
  title: string
  description: string
  audience: ExamTemplateView['audience']
  passMark: number
  timeLimitMin: number
  bankIds: string[]
  draw: PerType
  points: PerType
  questionIds: string[]
  maxTries: number
  counts: 'best' | 'last'
}

const NEW: Omit<ExamForm, 'title' | 'bankIds'> = {
  description: '',
  audience: 'all',
  passMark: 80,
  timeLimitMin: 30,
  draw: { single: 5, multiple: 2, truefalse: 5, short: 1 },
  points: { single: 3, multiple: 5, truefalse: 2, short: 10 },
  questionIds: [],
  maxTries: 0,
  counts: 'best',
}

/**
 * A trainer's exam template: which banks, how many of each type, points and pass mark. The
 * service checks the draw against the banks again; its refusal lands on the fields it names.
 */
export function ExamEditor({
  exam,
  onClose,
}: {
  /** null: a new template. */
  exam: ExamTemplateView | null
  onClose(saved: boolean): void
}) {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const [form] = Form.useForm<ExamForm>()
  const [banks, setBanks] = useState<QuestionBankView[]>([])
  const [questions, setQuestions] = useState<StoredQuestion[]>([])
  const [saving, setSaving] = useState(false)
  const chosen = Form.useWatch('bankIds', form) ?? []

  useEffect(() => {
    void kefu.training.banks({}).then(setBanks)
    void kefu.training.questions({}).then(setQuestions)
  }, [])

  const available = (type: QuestionType) =>
    questions.filter((q) => q.type === type && chosen.includes(q.bankId)).length

  const save = async (v: ExamForm) => {
    setSaving(true)
    try {
      await kefu.training.saveExam({ ...v, ...(exam ? { id: exam.id } : {}) })
      message.success(t('exams.saved'))
      onClose(true)
    } catch (err) {
      const f = failure(err)
      const named = Object.entries(f.fields).map(([key, errors]) => ({
        name: key.split('.') as never,
        errors: [errors],
      }))
      if (named.length > 0) form.setFields(named)
      message.error(f.message)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open
      width={640}
      title={exam ? t('exams.editorEdit', { title: exam.title }) : t('exams.editorNew')}
      okText={t('actions.save')}
      okButtonProps={{ loading: saving, 'data-testid': 'exam-editor-save' } as never}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
    >
      <Form<ExamForm>
        form={form}
        layout="vertical"
        data-testid="exam-editor"
        initialValues={
          exam
            ? {
                title: exam.title,
                description: exam.description,
                audience: exam.audience,
                passMark: exam.passMark,
                timeLimitMin: exam.timeLimitMin,
                bankIds: exam.bankIds,
                draw: exam.draw,
                points: exam.points,
                questionIds: exam.questionIds,
                maxTries: exam.maxTries,
                counts: exam.counts,
              }
            : { ...NEW, title: '', bankIds: [] }
        }
        onFinish={(v) => void save(v)}
      >
        <Form.Item
          name="title"
          label={t('exams.titleLabel')}
          rules={[{ required: true, whitespace: true, message: t('exams.titleRequired') }]}
        >
          <Input maxLength={40} data-testid="exam-editor-title" />
        </Form.Item>
        <Form.Item name="description" label={t('exams.descriptionLabel')}>
          <Input.TextArea maxLength={200} autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
        <Space wrap size="middle">
          <Form.Item name="audience" label={t('exams.audienceLabel')}>
            <Select
              style={{ width: 140 }}
              options={COURSE_AUDIENCES.map((a) => ({ value: a, label: t(`audience.${a}`) }))}
            />
          </Form.Item>
          <Form.Item name="passMark" label={t('exams.passMarkLabel')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} precision={0} />
          </Form.Item>
          <Form.Item
            name="timeLimitMin"
            label={t('exams.timeLimitLabel')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={240} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item
          name="bankIds"
          label={t('exams.banksLabel')}
          rules={[{ required: true, type: 'array', min: 1, message: t('exams.banksRequired') }]}
        >
          <Select
            mode="multiple"
            data-testid="exam-editor-banks"
            options={banks.map((b) => ({
              value: b.id,
              label: t('exams.bankOption', { title: b.title, count: b.questions }),
            }))}
          />
        </Form.Item>
        <Form.Item name="questionIds" label={t('exams.fixedLabel')} extra={t('exams.fixedHint')}>
          <Select
            mode="multiple"
            allowClear
            data-testid="exam-editor-fixed"
            optionFilterProp="label"
            options={questions
              .filter((q) => chosen.includes(q.bankId))
              .map((q) => ({ value: q.id, label: `[${t(`qtype.${q.type}`)}] ${q.stem}` }))}
          />
        </Form.Item>
        <Space wrap size="middle">
          <Form.Item
            name="maxTries"
            label={t('exams.maxTriesLabel')}
            extra={t('exams.maxTriesHint')}
          >
            <InputNumber min={0} max={20} precision={0} data-testid="exam-editor-tries" />
          </Form.Item>
          <Form.Item name="counts" label={t('exams.countsLabel')}>
            <Select
              style={{ width: 160 }}
              data-testid="exam-editor-counts"
              options={[
                { value: 'best', label: t('exams.countsBest') },
                { value: 'last', label: t('exams.countsLast') },
              ]}
            />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">{t('exams.drawHint')}</Typography.Paragraph>
        <table className="exam-editor-draw">
          <thead>
            <tr>
              <th />
              <th>{t('exams.drawLabel')}</th>
              <th>{t('exams.pointsLabel')}</th>
            </tr>
          </thead>
          <tbody>
            {QUESTION_TYPES.map((q) => (
              <tr key={q}>
                <td>
                  {t(`qtype.${q}`)}
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    {t('exams.available', { count: available(q) })}
                  </Typography.Text>
                </td>
                <td>
                  <Form.Item name={['draw', q]} rules={[{ required: true }]} style={{ margin: 0 }}>
                    <InputNumber min={0} max={100} precision={0} data-testid={`exam-draw-${q}`} />
                  </Form.Item>
                </td>
                <td>
                  <Form.Item
                    name={['points', q]}
                    rules={[{ required: true }]}
                    style={{ margin: 0 }}
                  >
                    <InputNumber min={0.5} max={100} step={0.5} />
                  </Form.Item>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Form>
    </Modal>
  )
}
