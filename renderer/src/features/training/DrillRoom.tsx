import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Person } from '@shared/api/people'
import type { FillContext } from '@shared/api/scripts'
import type { DrillSessionView } from '@shared/api/training'
import { can } from '@shared/auth/permissions'
import { CUSTOMER_MOODS, PLATFORM_LABELS, type CustomerMood } from '@shared/content/schemas'
import { placeholderValues } from '@shared/scripts/fill'
import { kefu } from '../../api'
import { useAuth } from '../auth/store'
import { ReplyBox, type ReplyTexts } from '../tickets/ReplyBox'
import { clockText, drillStatusText, failure, secondsText, useTraining } from './store'

/** As the drill service takes it (shared/api/training drillReply). */
const DRILL_REPLY_MAX = 1000

const MOOD_COLORS: Record<CustomerMood, string> = {
  calm: 'green',
  worried: 'blue',
  annoyed: 'orange',
  angry: 'red',
}

/**
 * The drill screen: the customer and their order on the left, the conversation with the reply
 * box in the middle, the trainer's side (join with PIN, play the customer, score) on the right.
 */
export function DrillRoom({ id }: { id: string }) {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const { rev, openDrill } = useTraining()
  const [v, setV] = useState<DrillSessionView | null>(null)
  const [left, setLeft] = useState(0)
  const offset = useRef(0)
  const bottom = useRef<HTMLDivElement>(null)
  const me = useAuth((s) => s.me)

  const take = (x: DrillSessionView) => {
    offset.current = x.now - Date.now()
    setV(x)
  }

  useEffect(() => {
    let live = true
    kefu.training
      .drillSession({ id })
      .then((x) => live && take(x))
      .catch((err: unknown) => message.error(failure(err).message))
    return () => {
      live = false
    }
  }, [id, rev, message])

  useEffect(() => {
    if (!v || v.status !== 'running' || v.deadline === null) return
    const deadline = v.deadline
    const tick = () => {
      const ms = deadline - (Date.now() + offset.current)
      setLeft(ms)
      if (ms < -1000) void kefu.training.drillSession({ id }).then(take)
    }
    tick()
    const h = setInterval(tick, 1000)
    return () => clearInterval(h)
  }, [v, id])

  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' })
  }, [v?.transcript.length])

  // Scripts in a drill fill from its made-up order and the trainee, as they would on the desk.
  const scenario = v?.scenario
  const fill = useMemo((): FillContext | null => {
    if (!scenario) return null
    const o = scenario.orderContext
    return {
      platform: scenario.platform === 'all' ? null : scenario.platform,
      values: placeholderValues({
        order: {
          customerName: scenario.persona.name,
          orderNo: o.orderNo,
          amount: Math.round(o.amount * 100),
          trackingNo: o.trackingNo ?? null,
          product: o.product,
        },
        agentName: me?.name ?? null,
        shopName: o.shop ?? null,
      }),
    }
  }, [scenario, me])

  const texts = useMemo(
    (): ReplyTexts => ({
      label: t('drill.replyLabel'),
      placeholder: t('drill.replyPlaceholder'),
      hint: t('drill.hint'),
      fromScript: t('drill.fromScript'),
      send: t('drill.send'),
      empty: t('drill.empty'),
    }),
    [t],
  )

  if (!v || !fill) return null

  const act = async (fn: () => Promise<DrillSessionView>): Promise<string | null> => {
    try {
      take(await fn())
      return null
    } catch (err) {
      const f = failure(err)
      message.error(f.message)
      return f.message
    }
  }

  const reply = (text: string, scriptIds: string[]) =>
    act(() => kefu.training.drillReply({ sessionId: v.id, text, scriptIds }))

  const times = new Map(v.responseTimes.map((r) => [r.customerIndex, r.ms]))
  const o = v.scenario.orderContext

  return (
    <div className="drill-room" data-testid="drill-room" data-status={v.status}>
      <Space align="center" wrap className="drill-head">
        <Button onClick={() => openDrill(null)} data-testid="training-back">
          {t('actions.back')}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {v.scenario.title}
        </Typography.Title>
        <Tag>{t(`drill.mode.${v.mode}`)}</Tag>
        <Tag
          color={
            v.status === 'running' ? 'processing' : v.status === 'ended' ? 'default' : 'warning'
          }
          data-testid="drill-status"
        >
          {drillStatusText(t, v)}
        </Tag>
        <Typography.Text type="secondary">
          {t('drill.trainee', { name: v.traineeName })}
        </Typography.Text>
        {v.status === 'running' && (
          <Tag color={left < 60_000 ? 'red' : 'blue'} data-testid="drill-clock">
            {t('drill.timeLeft', { clock: clockText(left) })}
          </Tag>
        )}
        {v.status === 'assigned' && me?.id === v.traineeId && (
          <Button
            type="primary"
            onClick={() => void act(() => kefu.training.startDrill({ sessionId: v.id }))}
            data-testid="drill-start"
          >
            {t('drill.start')}
          </Button>
        )}
        {v.status === 'running' && (v.canReply || v.canScore) && (
          <Popconfirm
            title={t('drill.endConfirm')}
            onConfirm={() => void act(() => kefu.training.endDrill({ sessionId: v.id }))}
          >
            <Button danger data-testid="drill-end">
              {t('drill.end')}
            </Button>
          </Popconfirm>
        )}
      </Space>
      <div className="drill-grid">
        <Card size="small" title={t('drill.customer')} className="drill-customer">
          <Space align="center">
            <Typography.Text strong>{v.scenario.persona.name}</Typography.Text>
            <Tag color={MOOD_COLORS[v.mood]} data-testid="drill-mood">
              {t(`mood.${v.mood}`)}
            </Tag>
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {v.scenario.persona.background}
          </Typography.Paragraph>
          <Descriptions size="small" column={1} title={t('drill.order')}>
            <Descriptions.Item label={t('drill.platform')}>
              {PLATFORM_LABELS[v.scenario.platform]}
            </Descriptions.Item>
            {o.shop && <Descriptions.Item label={t('drill.shop')}>{o.shop}</Descriptions.Item>}
            <Descriptions.Item label={t('drill.orderNo')}>{o.orderNo}</Descriptions.Item>
            <Descriptions.Item label={t('drill.product')}>{o.product}</Descriptions.Item>
            <Descriptions.Item label={t('drill.amount')}>¥{o.amount.toFixed(2)}</Descriptions.Item>
            <Descriptions.Item label={t('drill.purchasedAt')}>{o.purchasedAt}</Descriptions.Item>
            {o.carrier && (
              <Descriptions.Item label={t('drill.carrier')}>
                {o.carrier} {o.trackingNo ?? ''}
              </Descriptions.Item>
            )}
            {o.note && <Descriptions.Item label={t('drill.note')}>{o.note}</Descriptions.Item>}
          </Descriptions>
        </Card>
        <div className="drill-chat">
          <div className="drill-transcript" data-testid="drill-transcript">
            {v.status === 'assigned' && (
              <Alert type="info" showIcon title={t('drill.notStarted')} />
            )}
            {v.transcript.map((line, i) => (
              <div
                key={i}
                className={`drill-line drill-${line.role}`}
                data-testid="drill-line"
                data-role={line.role}
              >
                <div className="drill-bubble">{line.text}</div>
                <div className="drill-line-meta">
                  {line.role === 'customer' ? v.scenario.persona.name : v.traineeName}
                  {line.mood && line.role === 'customer' && (
                    <Tag color={MOOD_COLORS[line.mood]}>{t(`mood.${line.mood}`)}</Tag>
                  )}
                  {line.role === 'customer' && times.has(i) && (
                    <span className="drill-rt">
                      {t('drill.responseTime', { s: secondsText(times.get(i)!) })}
                    </span>
                  )}
                </div>
              </div>
            ))}
            <div ref={bottom} />
          </div>
          {v.canReply ? (
            <ReplyBox
              context="drill"
              fill={fill}
              texts={texts}
              maxLength={DRILL_REPLY_MAX}
              onSend={reply}
            />
          ) : v.status === 'ended' ? (
            <Alert
              type={v.outcome === 'satisfied' ? 'success' : 'warning'}
              showIcon
              title={t('drill.endedAs', {
                outcome: v.outcome ? t(`drill.outcome.${v.outcome}`) : '',
              })}
              data-testid="drill-ended"
            />
          ) : null}
        </div>
        <TrainerSide v={v} act={act} />
      </div>
    </div>
  )
}

function TrainerSide({
  v,
  act,
}: {
  v: DrillSessionView
  act(fn: () => Promise<DrillSessionView>): Promise<string | null>
}) {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const [people, setPeople] = useState<Person[]>([])
  const [trainerId, setTrainerId] = useState<string | undefined>()
  const [pin, setPin] = useState('')
  const [pinError, setPinError] = useState<string | null>(null)
  const [marks, setMarks] = useState<Record<string, number | null>>({})
  const [comment, setComment] = useState(v.comment)
  const [say, setSay] = useState('')
  const [mood, setMood] = useState<CustomerMood>(v.mood)

  useEffect(() => {
    void kefu.people
      .directory({})
      .then((p) => setPeople(p.filter((x) => can(x, 'training.score') && x.id !== v.traineeId)))
  }, [v.traineeId])

  useEffect(() => {
    setComment(v.comment)
    setMarks({})
  }, [v.id, v.comment])

  const scorers = useMemo(() => people.map((p) => ({ value: p.id, label: p.name })), [people])

  const join = async () => {
    if (!trainerId) return setPinError(t('drill.pickTrainer'))
    try {
      const x = await kefu.training.joinAsTrainer({ sessionId: v.id, personId: trainerId, pin })
      setPin('')
      setPinError(null)
      await act(async () => x)
    } catch (err) {
      setPinError(failure(err).message)
    }
  }

  const save = async () => {
    const given = Object.fromEntries(
      Object.entries(marks).filter(([, n]) => typeof n === 'number'),
    ) as Record<string, number>
    const err = await act(() =>
      kefu.training.scoreDrill({ sessionId: v.id, marks: given, comment }),
    )
    if (!err) message.success(t('drill.scoreSaved'))
  }

  return (
    <Card
      size="small"
      title={t('drill.trainerSide')}
      className="drill-trainer"
      data-testid="drill-trainer"
    >
      {v.canScore ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {v.trainerHere && (
            <Space>
              <Tag color="purple" data-testid="drill-trainer-here">
                {t('drill.trainerHere', { name: v.trainer?.name ?? '' })}
              </Tag>
              <Button
                size="small"
                type="link"
                onClick={() => void act(() => kefu.training.leaveTrainer({ sessionId: v.id }))}
              >
                {t('drill.leave')}
              </Button>
            </Space>
          )}
          {v.mode === 'live' && v.status === 'running' && (
            <div className="drill-live" data-testid="drill-live">
              <Typography.Text strong>{t('drill.playCustomer')}</Typography.Text>
              <Input.TextArea
                value={say}
                onChange={(e) => setSay(e.target.value)}
                autoSize={{ minRows: 2 }}
                maxLength={400}
                data-testid="drill-customer-text"
              />
              <Space style={{ marginTop: 4 }}>
                <Select
                  size="small"
                  value={mood}
                  onChange={setMood}
                  style={{ width: 100 }}
                  options={CUSTOMER_MOODS.map((m) => ({ value: m, label: t(`mood.${m}`) }))}
                />
                <Button
                  size="small"
                  onClick={() =>
                    void act(() =>
                      kefu.training.drillCustomer({ sessionId: v.id, text: say, mood }),
                    ).then((e) => !e && setSay(''))
                  }
                  data-testid="drill-customer-send"
                >
                  {t('drill.sayAsCustomer')}
                </Button>
              </Space>
            </div>
          )}
          <Typography.Text strong>{t('drill.rubric')}</Typography.Text>
          {v.marks.map((m) => (
            <div key={m.id} className="drill-mark" data-testid="drill-mark" data-item={m.id}>
              <div>
                {m.label} <Typography.Text type="secondary">（{m.points}）</Typography.Text>
                {m.auto && <Tag color="cyan">{t('drill.auto', { points: m.autoEarned ?? 0 })}</Tag>}
              </div>
              <InputNumber
                size="small"
                min={0}
                max={m.points}
                value={marks[m.id] !== undefined ? marks[m.id] : m.earned}
                onChange={(n) => setMarks((x) => ({ ...x, [m.id]: n }))}
                placeholder={t('drill.toMark')}
                data-testid="drill-mark-input"
              />
            </div>
          ))}
          <Input.TextArea
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder={t('drill.comment')}
            maxLength={500}
            autoSize={{ minRows: 2 }}
            data-testid="drill-comment"
          />
          <Button type="primary" onClick={() => void save()} data-testid="drill-score-save">
            {t('drill.saveScore')}
          </Button>
        </Space>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('drill.joinHint')}</Typography.Text>
          <Select
            placeholder={t('drill.pickTrainer')}
            value={trainerId}
            onChange={setTrainerId}
            options={scorers}
            data-testid="drill-join-person"
          />
          <Input.Password
            value={pin}
            onChange={(e) => setPin(e.target.value)}
            onPressEnter={() => void join()}
            placeholder={t('drill.pin')}
            maxLength={12}
            status={pinError ? 'error' : undefined}
            data-testid="drill-join-pin"
          />
          {pinError && (
            <Typography.Text type="danger" data-testid="drill-join-error">
              {pinError}
            </Typography.Text>
          )}
          <Button onClick={() => void join()} data-testid="drill-join">
            {t('drill.join')}
          </Button>
        </Space>
      )}
      <div
        className="drill-score"
        data-testid="drill-total"
        data-total={v.total}
        data-complete={String(v.complete)}
      >
        <Typography.Text strong>
          {v.complete
            ? t('drill.total', { total: v.total, max: v.max })
            : t('drill.partial', { total: v.total, max: v.max })}
        </Typography.Text>
      </div>
      {v.comment && !v.canScore && (
        <Typography.Paragraph style={{ marginTop: 8 }}>
          {t('drill.commentBy', { name: v.trainer?.name ?? '' })}：{v.comment}
        </Typography.Paragraph>
      )}
    </Card>
  )
}
