import { EyeOutlined, TeamOutlined } from '@ant-design/icons'
import { App, Button, Descriptions, Empty, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd'
import { useEffect, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { RevealedContact } from '@shared/api/privacy'
import type { TicketDetail as Detail } from '@shared/api/tickets'
import { formatFen, type TicketActionType } from '@shared/tickets/model'
import type { Platform, Priority, SlaKind } from '@shared/tickets/model'
import type { PlatformDeadlineClock, SlaClock } from '@shared/tickets/sla'
import { kefu } from '../../api'
import { AttachButton, useAttach } from './Attachments'
import { History } from './History'
import { ReplyBox } from './ReplyBox'
import {
  PRIORITY_COLOR,
  SLA_COLOR,
  STATUS_COLOR,
  durationText,
  failure,
  fullTime,
  overdueText,
} from './format'
import { useLiveClock } from './live-sla'
import { useDirectory } from './lookups'
import { useDesk, type DialogKind } from './store'

/** Workflow actions in the order an agent meets them, and the dialog each one needs (if any). */
const ACTION_DIALOG: [TicketActionType, DialogKind | null][] = [
  ['start', null],
  ['simple_resolve', 'simple_resolve'],
  ['transfer', 'transfer'],
  ['wait_customer', 'wait_customer'],
  ['wait_department', 'wait_department'],
  ['resume', 'resume'],
  ['resolve', 'resolve'],
  ['record_satisfaction', 'satisfaction'],
  ['archive', null],
  ['reopen_archived', 'reopen'],
]

const HOTKEY_HINT: Partial<Record<TicketActionType, string>> = {
  transfer: 'T',
  resolve: 'Ctrl+Shift+R',
}

export function TicketDetail() {
  const { t } = useTranslation('tickets')
  const detail = useDesk((s) => s.detail)
  const detailError = useDesk((s) => s.detailError)
  const selectedId = useDesk((s) => s.selectedId)
  const acted = useDesk((s) => s.acted)
  const attach = useAttach(detail, acted)
  const [dragging, setDragging] = useState(false)
  // The audited reveal (查看) also brings the free text that lists and this view show masked.
  const [revealed, setRevealed] = useState<RevealedContact | null>(null)
  const shownId = detail?.ticket.id
  useEffect(() => setRevealed(null), [shownId])

  if (!selectedId)
    return (
      <Empty description={t('detail.none')} className="detail-empty" data-testid="detail-none" />
    )
  if (detailError)
    return (
      <Typography.Text type="danger" data-testid="detail-error">
        {detailError}
      </Typography.Text>
    )
  if (!detail) return null
  const canRecord = detail.canAct && detail.ticket.status !== 'archived'
  const shown = revealed?.texts ? withClearTexts(detail, revealed.texts) : detail

  return (
    <div
      className={`ticket-detail${dragging ? ' dragging' : ''}`}
      data-testid="ticket-detail"
      data-id={detail.ticket.id}
      data-status={detail.ticket.status}
      onPaste={(e) => {
        if (!canRecord) return
        const files = [...e.clipboardData.files]
        if (files.length > 0) {
          e.preventDefault()
          void attach.upload(files)
        }
      }}
      onDragOver={(e) => {
        if (!canRecord || !e.dataTransfer.types.includes('Files')) return
        e.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        setDragging(false)
        if (!canRecord) return
        e.preventDefault()
        void attach.upload([...e.dataTransfer.files])
      }}
    >
      <Header detail={shown} />
      <Actions detail={detail} attach={attach} />
      <Clocks detail={detail} />
      <Fields detail={detail} revealed={revealed} onReveal={setRevealed} />
      {canRecord && (
        <section className="detail-section">
          <Typography.Title level={5}>{t('detail.reply')}</Typography.Title>
          <ReplyBox ticket={detail} onSent={acted} />
        </section>
      )}
      <section className="detail-section">
        <Typography.Title level={5}>
          {t('detail.history')}
          {canRecord && (
            <Typography.Text type="secondary" className="drop-hint">
              {t('attach.dropHint')}
            </Typography.Text>
          )}
        </Typography.Title>
        <History items={shown.history} />
      </section>
    </div>
  )
}

function Header({ detail }: { detail: Detail }) {
  const { t } = useTranslation('tickets')
  const v = detail.view
  return (
    <div className="detail-header">
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="detail-title">
          {v.orderNo ?? t('detail.noOrderNo')}
        </Typography.Title>
        <Tag color={STATUS_COLOR[v.status]} data-testid="detail-status">
          {t(`status.${v.status}`)}
        </Tag>
        <Tag color={PRIORITY_COLOR[v.priority]}>{t(`priority.${v.priority}`)}</Tag>
        <Tag>{t(`category.${v.category}`)}</Tag>
        {v.satisfaction !== null && (
          <Tag color={v.satisfaction <= 3 ? 'red' : 'gold'} data-testid="detail-satisfaction">
            {t('history.stars', { n: v.satisfaction })}
          </Tag>
        )}
        {v.archivedUnrated && <Tag>{t('detail.unrated')}</Tag>}
      </Space>
      <Typography.Paragraph className="detail-description" data-testid="detail-description">
        {detail.ticket.description}
      </Typography.Paragraph>
    </div>
  )
}

function Actions({ detail, attach }: { detail: Detail; attach: ReturnType<typeof useAttach> }) {
  const { t } = useTranslation('tickets')
  const { message } = App.useApp()
  const open = useDesk((s) => s.open)
  const acted = useDesk((s) => s.acted)
  const [busy, setBusy] = useState<string | null>(null)
  const id = detail.ticket.id
  const direct = async (type: 'start' | 'archive') => {
    setBusy(type)
    try {
      acted(await kefu.tickets.act({ id, action: { type } }))
      message.success(t(`done.${type}`))
    } catch (err) {
      message.error(failure(err).message)
    } finally {
      setBusy(null)
    }
  }
  const canRecord = detail.canAct && detail.ticket.status !== 'archived'
  const buttons: ReactNode[] = []
  for (const [action, dialog] of ACTION_DIALOG) {
    if (!detail.allowedActions.includes(action)) continue
    const label = t(`actions.${action}`)
    const hint = HOTKEY_HINT[action]
    const primary = action === 'resolve' || action === 'start' || action === 'record_satisfaction'
    const btn =
      action === 'archive' ? (
        <Popconfirm
          key={action}
          title={t('confirm.archive')}
          onConfirm={() => void direct('archive')}
        >
          <Button loading={busy === 'archive'} data-testid="action-archive">
            {label}
          </Button>
        </Popconfirm>
      ) : (
        <Button
          key={action}
          type={primary ? 'primary' : 'default'}
          loading={busy === action}
          onClick={() => (dialog ? open('dialog', dialog) : void direct('start'))}
          data-testid={`action-${action}`}
        >
          {label}
          {hint && <span className="button-hotkey">{hint}</span>}
        </Button>
      )
    buttons.push(btn)
  }
  return (
    <div className="detail-actions">
      <Space wrap size={[6, 6]}>
        {buttons}
        {canRecord && (
          <>
            <Button onClick={() => open('dialog', 'update')} data-testid="action-update">
              {t('actions.update')}
            </Button>
            <Button onClick={() => open('dialog', 'department')} data-testid="action-department">
              {t('actions.department')}
            </Button>
            <Button onClick={() => open('dialog', 'note')} data-testid="action-note">
              {t('actions.note')}
            </Button>
            <Button onClick={() => open('dialog', 'followUp')} data-testid="action-followUp">
              {t('actions.followUp')}
            </Button>
            <AttachButton {...attach} />
          </>
        )}
        {!canRecord && detail.canNote && (
          <Button onClick={() => open('dialog', 'note')} data-testid="action-note">
            {t('actions.note')}
          </Button>
        )}
        <Button
          icon={<TeamOutlined />}
          onClick={() => open('customer', id)}
          data-testid="action-customer"
        >
          {detail.customerOrderCount > 0
            ? t('actions.customerMore', { n: detail.customerOrderCount })
            : t('actions.customer')}
        </Button>
      </Space>
    </div>
  )
}

interface ClockOf {
  kind: SlaKind
  platform: Platform
  priority: Priority
}

function ClockTag({ label, clock: served, ...of }: { label: string; clock: SlaClock } & ClockOf) {
  const { t } = useTranslation('tickets')
  const clock = useLiveClock(served, of.kind, of.platform, of.priority)
  const state = clock.done
    ? 'done'
    : clock.breached
      ? 'breached'
      : clock.paused
        ? 'paused'
        : clock.warning
          ? 'warning'
          : 'ok'
  let text: string
  if (clock.noContact) text = t('clock.noContact')
  else if (clock.done)
    text = clock.breached
      ? t('clock.doneLate')
      : t('clock.doneInTime', { time: durationText(t, clock.elapsedMin) })
  else if (clock.paused) text = t('sla.paused')
  else if ((clock.remainingMin ?? 0) < 0)
    text = t('clock.overdue', { time: overdueText(t, clock.remainingMin ?? 0) })
  else text = t('clock.left', { time: durationText(t, clock.remainingMin ?? 0) })
  return (
    <Tooltip title={clock.dueAt ? t('clock.due', { at: fullTime(clock.dueAt) }) : undefined}>
      <Tag color={SLA_COLOR[state]} data-testid="clock" data-sla-state={state}>
        {label}：{text}
      </Tag>
    </Tooltip>
  )
}

function Clocks({ detail }: { detail: Detail }) {
  const { t } = useTranslation('tickets')
  const p = detail.sla.platformDeadline
  const of = { platform: detail.view.platform, priority: detail.view.priority }
  return (
    <div className="detail-clocks" data-testid="clocks">
      <ClockTag
        label={t('clock.firstResponse')}
        clock={detail.sla.firstResponse}
        kind="first_response"
        {...of}
      />
      <ClockTag
        label={t('clock.resolution')}
        clock={detail.sla.resolution}
        kind="resolution"
        {...of}
      />
      {p && <PlatformClock clock={p} {...of} />}
    </div>
  )
}

function PlatformClock(props: {
  clock: PlatformDeadlineClock
  platform: Platform
  priority: Priority
}) {
  const { t } = useTranslation('tickets')
  const p = useLiveClock(props.clock, 'platform_deadline', props.platform, props.priority)
  return (
    <Tag
      color={
        p.done
          ? p.breached
            ? 'red'
            : 'default'
          : p.breached
            ? 'red'
            : p.warning
              ? 'orange'
              : 'green'
      }
      data-testid="clock-platform"
    >
      {t('clock.platform')}：{fullTime(p.dueAt)}
      {!p.done && p.remainingMin !== null && (
        <>
          {' '}
          (
          {p.remainingMin < 0
            ? t('clock.overdue', { time: overdueText(t, p.remainingMin) })
            : t('clock.left', { time: durationText(t, p.remainingMin) })}
          )
        </>
      )}
    </Tag>
  )
}

/** Whether the order's text shows something masked (a number typed into a note, say). */
function maskedText(detail: Detail): boolean {
  const texts = [detail.ticket.description, ...detail.history.map((h) => JSON.stringify(h))]
  return texts.some((x) => typeof x === 'string' && x.includes('****'))
}

/** The order as shown after the audited reveal: its description and history texts in clear. */
function withClearTexts(detail: Detail, texts: NonNullable<RevealedContact['texts']>): Detail {
  return {
    ...detail,
    ticket:
      texts.description !== undefined
        ? { ...detail.ticket, description: texts.description }
        : detail.ticket,
    history: detail.history.map((h) => {
      const clear = texts.history?.[h.id]
      return clear ? ({ ...h, ...clear } as typeof h) : h
    }),
  }
}

function Fields({
  detail,
  revealed,
  onReveal: setRevealed,
}: {
  detail: Detail
  revealed: RevealedContact | null
  onReveal: (r: RevealedContact) => void
}) {
  const { t } = useTranslation('tickets')
  const { message } = App.useApp()
  const people = useDirectory()
  const tk = detail.ticket
  const v = detail.view
  const nameOf = (id: string | undefined | null) =>
    id ? (people.find((p) => p.id === id)?.name ?? id) : '—'
  const reveal = async () => {
    try {
      setRevealed(await kefu.privacy.revealContact({ entity: 'ticket', id: tk.id }))
    } catch (err) {
      message.error(failure(err).message)
    }
  }
  const dash = (s: string | null | undefined) => (s ? s : '—')
  const item = (key: string, children: ReactNode, span = 1) => ({
    key,
    label: t(`fields.${key}`),
    span,
    children: <span data-testid={`field-view-${key}`}>{children}</span>,
  })
  return (
    <Descriptions
      size="small"
      column={2}
      className="detail-fields"
      styles={{ label: { whiteSpace: 'nowrap', color: '#6b7280' }, content: { minWidth: 0 } }}
      data-testid="detail-fields"
      items={[
        item('platform', `${t(`platform.${tk.platform}`)}${v.shopName ? ` · ${v.shopName}` : ''}`),
        item('channel', t(`channel.${tk.channel}`)),
        item('orderNo', dash(tk.orderNo)),
        item('messageAt', fullTime(tk.messageAt)),
        item('purchasedAt', dash(fullTime(tk.purchasedAt))),
        item('amount', tk.amount !== undefined ? formatFen(tk.amount) : '—'),
        item('buyerId', dash(tk.buyerId)),
        item('customerName', dash(revealed ? revealed.customerName : tk.customerName)),
        item(
          'contact',
          <Space size={4}>
            <span data-testid="contact-value">
              {dash(revealed ? revealed.contact : tk.contact)}
            </span>
            {detail.canReveal &&
              !revealed &&
              (tk.contact || tk.customerName || tk.address || maskedText(detail)) && (
                <Button
                  size="small"
                  type="link"
                  icon={<EyeOutlined />}
                  onClick={() => void reveal()}
                  data-testid="reveal-contact"
                >
                  {t('detail.reveal')}
                </Button>
              )}
          </Space>,
        ),
        item('address', dash(revealed ? revealed.address : tk.address)),
        item('trackingNo', dash(tk.trackingNo)),
        item('returnTrackingNo', dash(tk.returnTrackingNo)),
        item('platformDeadline', dash(fullTime(tk.platformDeadline))),
        item('nextFollowUpAt', dash(fullTime(tk.nextFollowUpAt))),
        item('assignee', v.assigneeName),
        item('transferredTo', nameOf(tk.transferredTo)),
        item('createdAt', `${fullTime(tk.createdAt)} · ${nameOf(tk.createdBy)}`),
        item('firstReplyAt', dash(fullTime(tk.firstReplyAt))),
        item('resolvedAt', dash(fullTime(tk.resolvedAt))),
        item(
          'satisfaction',
          v.satisfaction !== null ? t('history.stars', { n: v.satisfaction }) : '—',
        ),
        item('resolutionNote', dash(tk.resolutionNote), 2),
      ]}
    />
  )
}
