import {
  App,
  Button,
  Card,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { QuestionBankView, StoredQuestion } from '@shared/api/training'
import { QUESTION_TYPES, type QuestionType } from '@shared/content/schemas'
import { kefu } from '../../api'
import { failure } from './store'

/**
 * 题库 (issue 19): trainers create banks and write or edit questions of the four types here;
 * the XLSX import on the trainer board stays for many at once.
 */
export function Banks() {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const [banks, setBanks] = useState<QuestionBankView[]>([])
  const [bankId, setBankId] = useState<string | undefined>(undefined)
  const [questions, setQuestions] = useState<StoredQuestion[]>([])
  const [newBank, setNewBank] = useState('')
  const [editing, setEditing] = useState<StoredQuestion | 'new' | null>(null)
  const [reload, setReload] = useState(0)

  useEffect(() => {
    void kefu.training.banks({}).then(setBanks)
  }, [reload])
  useEffect(() => {
    if (!bankId) return setQuestions([])
    void kefu.training.questions({ bankId }).then(setQuestions)
  }, [bankId, reload])

  const createBank = async () => {
    try {
      const b = await kefu.training.saveBank({ title: newBank, description: '' })
      setNewBank('')
      setBankId(b.id)
      setReload((n) => n + 1)
      message.success(t('banks.created', { title: b.title }))
    } catch (err) {
      message.error(failure(err).message)
    }
  }

  const remove = async (id: string) => {
    try {
      await kefu.training.deleteQuestion({ id })
      setReload((n) => n + 1)
    } catch (err) {
      message.error(failure(err).message)
    }
  }

  return (
    <div data-testid="training-banks">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 260 }}
          placeholder={t('banks.pick')}
          value={bankId}
          onChange={(v: string) => setBankId(v)}
          data-testid="bank-select"
          options={banks.map((b) => ({
            value: b.id,
            label: t('exams.bankOption', { title: b.title, count: b.questions }),
          }))}
        />
        <Input
          style={{ width: 200 }}
          value={newBank}
          maxLength={40}
          placeholder={t('banks.newName')}
          onChange={(e) => setNewBank(e.target.value)}
          data-testid="bank-new-name"
        />
        <Button onClick={() => void createBank()} data-testid="bank-create">
          {t('banks.create')}
        </Button>
        {bankId && (
          <Button type="primary" onClick={() => setEditing('new')} data-testid="question-new">
            {t('banks.newQuestion')}
          </Button>
        )}
      </Space>
      {editing && bankId && (
        <QuestionForm
          bankId={bankId}
          question={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null)
            if (saved) setReload((n) => n + 1)
          }}
        />
      )}
      <Table<StoredQuestion>
        size="small"
        rowKey="id"
        dataSource={questions}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: bankId ? t('banks.empty') : t('banks.pick') }}
        onRow={() => ({ 'data-testid': 'bank-question' }) as never}
        columns={[
          {
            title: t('dashboard.type'),
            width: 90,
            render: (_, q) => <Tag>{t(`qtype.${q.type}`)}</Tag>,
          },
          { title: t('dashboard.question'), dataIndex: 'stem' },
          {
            title: '',
            width: 140,
            render: (_, q) => (
              <Space size={4}>
                <Button size="small" type="link" onClick={() => setEditing(q)}>
                  {t('exams.edit')}
                </Button>
                <Popconfirm title={t('banks.deleteConfirm')} onConfirm={() => void remove(q.id)}>
                  <Button size="small" type="link" danger>
                    {t('banks.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </div>
  )
}

interface Draft {
  type: QuestionType
  stem: string
  explanation: string
  options: string[]
  single: number | null
  multiple: number[]
  truefalse: boolean | null
  keywords: { word: string; points: number }[]
  maxPoints: number
}

function draftOf(q: StoredQuestion | null): Draft {
  const d: Draft = {
    type: q?.type ?? 'single',
    stem: q?.stem ?? '',
    explanation: q?.explanation ?? '',
    options: q && 'options' in q ? [...q.options] : ['', '', ''],
    single: q?.type === 'single' ? q.answer : null,
    multiple: q?.type === 'multiple' ? [...q.answer] : [],
    truefalse: q?.type === 'truefalse' ? q.answer : null,
    keywords:
      q?.type === 'short'
        ? q.answer.keywords.map((k) => ({ word: k.word, points: k.points }))
        : [{ word: '', points: 5 }],
    maxPoints: q?.type === 'short' ? q.answer.maxPoints : 10,
  }
  return d
}

function QuestionForm({
  bankId,
  question,
  onClose,
}: {
  bankId: string
  question: StoredQuestion | null
  onClose(saved: boolean): void
}) {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const [d, setD] = useState<Draft>(() => draftOf(question))
  const [error, setError] = useState<string | null>(null)
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }))
  const choice = d.type === 'single' || d.type === 'multiple'

  const save = async () => {
    const options = d.options.map((o) => o.trim()).filter(Boolean)
    const answer =
      d.type === 'single'
        ? d.single
        : d.type === 'multiple'
          ? d.multiple
          : d.type === 'truefalse'
            ? d.truefalse
            : {
                keywords: d.keywords
                  .filter((k) => k.word.trim())
                  .map((k) => ({ word: k.word.trim(), points: k.points })),
                maxPoints: d.maxPoints,
              }
    if (answer === null) return setError(t('banks.pickAnswer'))
    try {
      await kefu.training.saveQuestion({
        ...(question ? { id: question.id } : {}),
        bankId,
        question: {
          type: d.type,
          stem: d.stem,
          explanation: d.explanation,
          ...(choice ? { options } : {}),
          answer,
          tags: [],
        },
      })
      message.success(t('banks.saved'))
      onClose(true)
    } catch (err) {
      setError(failure(err).message)
    }
  }

  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="question-form"
      title={question ? t('banks.editQuestion') : t('banks.newQuestion')}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Radio.Group
          value={d.type}
          disabled={!!question}
          onChange={(e) => set({ type: e.target.value as QuestionType })}
          data-testid="question-type"
        >
          {QUESTION_TYPES.map((q) => (
            <Radio.Button key={q} value={q} data-testid={`question-type-${q}`}>
              {t(`qtype.${q}`)}
            </Radio.Button>
          ))}
        </Radio.Group>
        <Input.TextArea
          value={d.stem}
          maxLength={300}
          autoSize={{ minRows: 2, maxRows: 4 }}
          placeholder={t('banks.stem')}
          onChange={(e) => set({ stem: e.target.value })}
          data-testid="question-stem"
        />
        {choice &&
          d.options.map((o, i) => (
            <Space key={i}>
              {d.type === 'single' ? (
                <Radio
                  checked={d.single === i}
                  onChange={() => set({ single: i })}
                  data-testid="question-right"
                />
              ) : (
                <input
                  type="checkbox"
                  checked={d.multiple.includes(i)}
                  data-testid="question-right"
                  onChange={(e) =>
                    set({
                      multiple: e.target.checked
                        ? [...d.multiple, i].sort()
                        : d.multiple.filter((x) => x !== i),
                    })
                  }
                />
              )}
              <Input
                style={{ width: 420 }}
                value={o}
                maxLength={120}
                placeholder={t('banks.option', { letter: 'ABCDEFGH'[i] })}
                onChange={(e) =>
                  set({ options: d.options.map((x, j) => (j === i ? e.target.value : x)) })
                }
                data-testid="question-option"
              />
            </Space>
          ))}
        {choice && d.options.length < 8 && (
          <Button size="small" onClick={() => set({ options: [...d.options, ''] })}>
            {t('banks.addOption')}
          </Button>
        )}
        {d.type === 'truefalse' && (
          <Radio.Group
            value={d.truefalse}
            onChange={(e) => set({ truefalse: e.target.value as boolean })}
          >
            <Radio value={true} data-testid="question-true">
              {t('exams.true')}
            </Radio>
            <Radio value={false} data-testid="question-false">
              {t('exams.false')}
            </Radio>
          </Radio.Group>
        )}
        {d.type === 'short' && (
          <>
            <Typography.Text type="secondary">{t('banks.keywordsHint')}</Typography.Text>
            {d.keywords.map((k, i) => (
              <Space key={i}>
                <Input
                  style={{ width: 200 }}
                  value={k.word}
                  placeholder={t('banks.keyword')}
                  onChange={(e) =>
                    set({
                      keywords: d.keywords.map((x, j) =>
                        j === i ? { ...x, word: e.target.value } : x,
                      ),
                    })
                  }
                  data-testid="question-keyword"
                />
                <InputNumber
                  min={0.5}
                  max={100}
                  step={0.5}
                  value={k.points}
                  onChange={(v) =>
                    set({
                      keywords: d.keywords.map((x, j) => (j === i ? { ...x, points: v ?? 1 } : x)),
                    })
                  }
                  data-testid="question-keyword-points"
                />
              </Space>
            ))}
            <Button
              size="small"
              onClick={() => set({ keywords: [...d.keywords, { word: '', points: 5 }] })}
              data-testid="question-add-keyword"
            >
              {t('banks.addKeyword')}
            </Button>
            <Space>
              {t('banks.maxPoints')}
              <InputNumber
                min={1}
                max={100}
                value={d.maxPoints}
                onChange={(v) => set({ maxPoints: v ?? 10 })}
              />
            </Space>
          </>
        )}
        <Input.TextArea
          value={d.explanation}
          maxLength={600}
          autoSize={{ minRows: 1, maxRows: 3 }}
          placeholder={t('banks.explanation')}
          onChange={(e) => set({ explanation: e.target.value })}
          data-testid="question-explanation"
        />
        {error && (
          <Typography.Text type="danger" data-testid="question-error">
            {error}
          </Typography.Text>
        )}
        <Space>
          <Button type="primary" onClick={() => void save()} data-testid="question-save">
            {t('actions.save')}
          </Button>
          <Button onClick={() => onClose(false)}>{t('banks.cancel')}</Button>
        </Space>
      </Space>
    </Card>
  )
}
