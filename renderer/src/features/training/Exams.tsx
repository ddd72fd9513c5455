import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AttemptView, ExamAnswer, ExamTemplateView } from '@shared/api/training'
import { QUESTION_TYPES } from '@shared/content/schemas'
import { kefu } from '../../api'
import { useCan } from '../auth/store'
import { ExamEditor } from './ExamEditor'
import { clockText, failure, timeText, useTraining } from './store'

/** Theory exams: the list, taking one against the clock, and the scored result. */
export function Exams() {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const { rev, openAttempt } = useTraining()
  const canAuthor = useCan('training.author')
  const [list, setList] = useState<ExamTemplateView[]>([])
  /** The template in the editor: 'new', one of the list, or none. */
  const [editing, setEditing] = useState<ExamTemplateView | 'new' | null>(null)
  const [reload, setReload] = useState(0)

  useEffect(() => {
    void kefu.training.exams({}).then(setList)
  }, [rev, reload])

  const start = async (templateId: string) => {
    try {
      openAttempt((await kefu.training.startExam({ templateId })).id)
    } catch (err) {
      message.error(failure(err).message)
    }
  }

  return (
    <div>
      {canAuthor && (
        <div style={{ marginBottom: 12 }}>
          <Button onClick={() => setEditing('new')} data-testid="exam-new">
            {t('exams.new')}
          </Button>
        </div>
      )}
      {editing && (
        <ExamEditor
          exam={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null)
            if (saved) setReload((n) => n + 1)
          }}
        />
      )}
      <div className="training-cards">
        {list.map((e) => (
          <Card
            key={e.id}
            title={e.title}
            data-testid="exam-card"
            data-exam={e.id}
            extra={
              <Space size={4}>
                {!e.isDefault && <Tag color="blue">{t('exams.custom')}</Tag>}
                <Tag>{t(`audience.${e.audience}`)}</Tag>
              </Space>
            }
            actions={[
              e.mine?.status === 'open' ? null : e.maxTries > 0 && e.triesUsed >= e.maxTries ? (
                <Typography.Text key="used" type="secondary" data-testid="exam-no-tries">
                  {t('exams.noTries')}
                </Typography.Text>
              ) : (
                <Popconfirm
                  key="start"
                  title={t('exams.startConfirm', { minutes: e.timeLimitMin })}
                  onConfirm={() => void start(e.id)}
                  okButtonProps={{ 'data-testid': 'exam-start-ok' } as never}
                >
                  <Button type="primary" data-testid="exam-start">
                    {t('exams.start')}
                  </Button>
                </Popconfirm>
              ),
              e.mine ? (
                <Button
                  key="last"
                  type={e.mine.status === 'open' ? 'primary' : 'link'}
                  data-testid={e.mine.status === 'open' ? 'exam-continue' : 'exam-last'}
                  onClick={() => openAttempt(e.mine!.id)}
                >
                  {e.mine.status === 'open' ? t('exams.continue') : t('exams.lastResult')}
                </Button>
              ) : null,
              canAuthor ? (
                <Button
                  key="edit"
                  type="link"
                  onClick={() => setEditing(e)}
                  data-testid="exam-edit"
                >
                  {t('exams.edit')}
                </Button>
              ) : null,
            ].filter(Boolean)}
          >
            <Typography.Paragraph type="secondary">{e.description}</Typography.Paragraph>
            <Space wrap size={[4, 4]}>
              <Tag>{t('exams.timeLimit', { minutes: e.timeLimitMin })}</Tag>
              <Tag>{t('exams.passMark', { mark: e.passMark })}</Tag>
              {e.maxTries > 0 && (
                <Tag data-testid="exam-tries">
                  {t('exams.tries', { used: e.triesUsed, max: e.maxTries })}
                </Tag>
              )}
              {e.questionIds.length > 0 && (
                <Tag color="purple">{t('exams.fixed', { count: e.questionIds.length })}</Tag>
              )}
              {e.questionIds.length === 0 &&
                QUESTION_TYPES.filter((q) => e.draw[q] > 0).map((q) => (
                  <Tag key={q}>
                    {t('exams.drawOf', {
                      type: t(`qtype.${q}`),
                      count: e.draw[q],
                      points: e.points[q],
                    })}
                  </Tag>
                ))}
            </Space>
            {e.mine?.status === 'submitted' && (
              <div style={{ marginTop: 8 }}>
                <Tag color={e.mine.passed ? 'green' : 'red'}>
                  {t('exams.lastScore', { total: e.mine.total, max: e.mine.max })}
                </Tag>
              </div>
            )}
          </Card>
        ))}
      </div>
    </div>
  )
}

const optionLetter = (i: number) => 'ABCDEFGH'[i] ?? '?'

function answerText(
  t: (k: string) => string,
  q: AttemptView['paper'][number] | undefined,
  a: unknown,
): string {
  if (a === null || a === undefined || !q) return t('exams.noAnswer')
  if (q.type === 'truefalse') return a === true ? t('exams.true') : t('exams.false')
  if (q.type === 'single' && typeof a === 'number') return optionLetter(a)
  if (q.type === 'multiple' && Array.isArray(a))
    return [...(a as number[])].sort().map(optionLetter).join('')
  return String(a)
}

/** One attempt: the paper while the clock runs, the scored review after. */
export function ExamAttempt({ id }: { id: string }) {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const { rev, openAttempt } = useTraining()
  const [a, setA] = useState<AttemptView | null>(null)
  const [answers, setAnswers] = useState<Record<string, ExamAnswer>>({})
  const [left, setLeft] = useState(0)
  const offset = useRef(0)
  const [submitting, setSubmitting] = useState(false)

  useEffect(() => {
    let live = true
    kefu.training
      .attempt({ id })
      .then((v) => {
        if (!live) return
        offset.current = v.now - Date.now()
        setA(v)
        setAnswers((old) => ({ ...v.answers, ...(v.status === 'open' ? old : {}) }))
      })
      .catch((err: unknown) => message.error(failure(err).message))
    return () => {
      live = false
    }
  }, [id, rev, message])

  useEffect(() => {
    if (!a || a.status !== 'open') return
    const tick = () => setLeft(a.deadline - (Date.now() + offset.current))
    tick()
    const h = setInterval(tick, 1000)
    return () => clearInterval(h)
  }, [a])

  if (!a) return null

  const save = (questionId: string, answer: ExamAnswer) => {
    setAnswers((x) => ({ ...x, [questionId]: answer }))
    void kefu.training.saveAnswer({ attemptId: a.id, questionId, answer }).catch((err: unknown) => {
      const f = failure(err)
      message.error(f.message)
      if (f.code === 'exam.time_up') void kefu.training.attempt({ id }).then(setA)
    })
  }

  const submit = async () => {
    setSubmitting(true)
    try {
      setA(await kefu.training.submitExam({ attemptId: a.id, answers }))
    } catch (err) {
      message.error(failure(err).message)
    } finally {
      setSubmitting(false)
    }
  }

  const header = (
    <Space align="center" wrap style={{ marginBottom: 12 }}>
      <Button onClick={() => openAttempt(null)} data-testid="training-back">
        {t('actions.back')}
      </Button>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {a.title}
      </Typography.Title>
      <Typography.Text type="secondary">{a.personName}</Typography.Text>
    </Space>
  )

  if (a.status === 'open') {
    const answered = a.paper.filter(
      (q) => answers[q.id] !== undefined && answers[q.id] !== '',
    ).length
    return (
      <div className="training-exam" data-testid="exam-paper">
        {header}
        <Card size="small" className="training-exam-bar">
          <Space size="large" wrap>
            <Statistic
              title={t('exams.timeLeft')}
              value={clockText(left)}
              styles={{ content: { color: left < 60_000 ? '#cf1322' : undefined } }}
            />
            <Statistic title={t('exams.answered')} value={`${answered}/${a.paper.length}`} />
            <Popconfirm
              title={
                answered < a.paper.length
                  ? t('exams.submitUnanswered', { count: a.paper.length - answered })
                  : t('exams.submitConfirm')
              }
              onConfirm={() => void submit()}
              okButtonProps={{ 'data-testid': 'exam-submit-ok' } as never}
            >
              <Button type="primary" loading={submitting} data-testid="exam-submit">
                {t('exams.submit')}
              </Button>
            </Popconfirm>
          </Space>
        </Card>
        {a.paper.map((q, i) => (
          <Card
            key={q.id}
            size="small"
            className="training-question"
            data-testid="exam-question"
            data-type={q.type}
          >
            <Typography.Paragraph strong>
              {i + 1}. <Tag>{t(`qtype.${q.type}`)}</Tag>
              {q.stem}{' '}
              <Typography.Text type="secondary">
                （{t('exams.points', { points: q.points })}）
              </Typography.Text>
            </Typography.Paragraph>
            {q.type === 'single' && (
              <Radio.Group
                value={answers[q.id]}
                onChange={(e) => save(q.id, e.target.value as number)}
              >
                <Space orientation="vertical">
                  {q.options.map((o, j) => (
                    <Radio key={j} value={j} data-testid="exam-option">
                      {optionLetter(j)}. {o}
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            )}
            {q.type === 'multiple' && (
              <Checkbox.Group
                value={(answers[q.id] as number[] | undefined) ?? []}
                onChange={(v) =>
                  save(
                    q.id,
                    [...(v as number[])].sort((x, y) => x - y),
                  )
                }
              >
                <Space orientation="vertical">
                  {q.options.map((o, j) => (
                    <Checkbox key={j} value={j} data-testid="exam-option">
                      {optionLetter(j)}. {o}
                    </Checkbox>
                  ))}
                </Space>
              </Checkbox.Group>
            )}
            {q.type === 'truefalse' && (
              <Radio.Group
                value={answers[q.id]}
                onChange={(e) => save(q.id, e.target.value as boolean)}
              >
                <Radio value={true} data-testid="exam-true">
                  {t('exams.true')}
                </Radio>
                <Radio value={false} data-testid="exam-false">
                  {t('exams.false')}
                </Radio>
              </Radio.Group>
            )}
            {q.type === 'short' && (
              <Input.TextArea
                value={(answers[q.id] as string | undefined) ?? ''}
                autoSize={{ minRows: 3 }}
                maxLength={2000}
                onChange={(e) => setAnswers((x) => ({ ...x, [q.id]: e.target.value }))}
                onBlur={(e) => save(q.id, e.target.value)}
                data-testid="exam-short"
              />
            )}
          </Card>
        ))}
      </div>
    )
  }

  const s = a.score!
  return (
    <div className="training-exam" data-testid="exam-result">
      {header}
      <Card size="small">
        <Space size="large" wrap>
          <Statistic
            title={t('exams.total')}
            value={s.total}
            suffix={`/ ${s.max}`}
            styles={{ content: { color: s.passed ? '#389e0d' : '#cf1322' } }}
          />
          <Statistic title={t('exams.percent')} value={s.percent} suffix="%" />
          <Tag color={s.passed ? 'green' : 'red'} data-testid="exam-passed">
            {s.passed ? t('exams.passed') : t('exams.failed')}（
            {t('exams.passMark', { mark: a.passMark })}）
          </Tag>
          <span data-testid="exam-total" data-total={s.total}>
            {t('exams.totalLine', { total: s.total, max: s.max })}
          </span>
          {a.late && <Tag color="orange">{t('exams.late')}</Tag>}
        </Space>
      </Card>
      {a.review!.map((r, i) => {
        const item = s.items[i]!
        const q = r.question
        const paperQ = a.paper[i]
        return (
          <Card
            key={q.id}
            size="small"
            className="training-question"
            data-testid="exam-review"
            data-type={q.type}
          >
            <Typography.Paragraph strong>
              {i + 1}. <Tag>{t(`qtype.${q.type}`)}</Tag>
              {q.stem}
              <Tag
                color={item.earned >= item.max ? 'green' : item.earned > 0 ? 'orange' : 'red'}
                style={{ marginLeft: 8 }}
                data-testid="exam-item-score"
              >
                {t('exams.itemScore', { earned: item.earned, max: item.max })}
              </Tag>
            </Typography.Paragraph>
            {'options' in q && (
              <ol type="A" className="training-options">
                {q.options.map((o, j) => (
                  <li key={j}>{o}</li>
                ))}
              </ol>
            )}
            <div>
              {t('exams.yourAnswer')}：{answerText(t, paperQ, r.answer)}
            </div>
            {q.type !== 'short' ? (
              <div>
                {t('exams.rightAnswer')}：{answerText(t, paperQ, q.answer)}
              </div>
            ) : (
              <div>
                {t('exams.keywords')}：
                {q.answer.keywords.map((k) => (
                  <Tag key={k.word} color={item.matched?.includes(k.word) ? 'green' : undefined}>
                    {k.word}（{k.points}）
                  </Tag>
                ))}
              </div>
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
              {t('exams.explanation')}：{q.explanation}
            </Typography.Paragraph>
            {item.override && (
              <Alert
                type="info"
                showIcon
                data-testid="exam-override-note"
                title={t('exams.overridden', {
                  auto: item.auto,
                  points: item.override.points,
                  name: item.override.byName,
                  at: timeText(item.override.at),
                  reason: item.override.reason,
                })}
              />
            )}
            {q.type === 'short' && !item.override && answered(r.answer) && (
              <Tag color="orange" data-testid="exam-pending">
                {t('exams.pendingReview')}
              </Tag>
            )}
            {a.canOverride && q.type === 'short' && !item.override && answered(r.answer) && (
              <ConfirmButton attempt={a} questionId={q.id} points={item.auto} onDone={setA} />
            )}
            {a.canOverride && (
              <OverrideForm attempt={a} questionId={q.id} max={item.max} onDone={setA} />
            )}
          </Card>
        )
      })}
    </div>
  )
}

const answered = (v: unknown) => typeof v === 'string' && v.trim() !== ''

/** The trainer confirms the keyword score of a short answer as it stands (评分队列). */
function ConfirmButton({
  attempt,
  questionId,
  points,
  onDone,
}: {
  attempt: AttemptView
  questionId: string
  points: number
  onDone(a: AttemptView): void
}) {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const confirm = async () => {
    setBusy(true)
    try {
      onDone(
        await kefu.training.overrideAnswer({
          attemptId: attempt.id,
          questionId,
          points,
          reason: t('exams.confirmReason'),
        }),
      )
      message.success(t('exams.confirmed'))
    } catch (err) {
      message.error(failure(err).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button
      type="primary"
      size="small"
      loading={busy}
      style={{ marginTop: 8, marginRight: 8 }}
      onClick={() => void confirm()}
      data-testid="exam-confirm"
    >
      {t('exams.confirm', { points })}
    </Button>
  )
}

function OverrideForm({
  attempt,
  questionId,
  max,
  onDone,
}: {
  attempt: AttemptView
  questionId: string
  max: number
  onDone(a: AttemptView): void
}) {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const [points, setPoints] = useState<number | null>(null)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const send = async () => {
    if (points === null) return setError(t('exams.overridePoints'))
    try {
      onDone(
        await kefu.training.overrideAnswer({ attemptId: attempt.id, questionId, points, reason }),
      )
      setPoints(null)
      setReason('')
      setError(null)
      message.success(t('exams.overrideSaved'))
    } catch (err) {
      setError(failure(err).message)
    }
  }
  return (
    <Space wrap style={{ marginTop: 8 }} data-testid="exam-override">
      <InputNumber
        min={0}
        max={max}
        value={points}
        onChange={(v) => setPoints(v)}
        placeholder={t('exams.overridePoints')}
        data-testid="override-points"
      />
      <Input
        style={{ width: 320 }}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('exams.overrideReason')}
        data-testid="override-reason"
      />
      <Button onClick={() => void send()} data-testid="override-save">
        {t('exams.override')}
      </Button>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Space>
  )
}
