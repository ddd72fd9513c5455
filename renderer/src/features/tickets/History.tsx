import { Rate, Tag, Timeline, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { HistoryItem } from '@shared/api/tickets'
import { firstResponseOf } from '@shared/tickets/first-response'
import { Thumb } from './Attachments'
import { fullTime } from './format'
import { useDirectory } from './lookups'

const COLORS: Partial<Record<HistoryItem['type'], string>> = {
  reply: 'blue',
  customer_update: 'cyan',
  department_contact: 'purple',
  note: 'gray',
  transfer: 'orange',
  transition: 'green',
  satisfaction: 'gold',
  sla_breach: 'red',
  steps: 'green',
  field_change: 'gray',
}

/** The order's history, oldest first: every entry says who, when and on which PC. */
export function History({ items }: { items: HistoryItem[] }) {
  const { t } = useTranslation('tickets')
  const people = useDirectory()
  const nameOf = (id: string | undefined) =>
    id ? (people.find((p) => p.id === id)?.name ?? id) : ''
  if (items.length === 0)
    return <Typography.Text type="secondary">{t('history.empty')}</Typography.Text>
  // The entry that is the order's first response (the one definition, shared/tickets).
  const first = firstResponseOf({ history: items, assignee: '' })?.entryId
  return (
    <Timeline
      className="history"
      data-testid="history"
      items={items.map((h) => ({
        key: h.id,
        color: COLORS[h.type] ?? 'gray',
        content: (
          <div className="history-entry" data-testid="history-entry" data-type={h.type}>
            <div className="history-head">
              <Typography.Text strong data-testid="entry-title">
                {h.type === 'reply' && h.question
                  ? t('history.question')
                  : t(`history.type.${h.type}`)}
              </Typography.Text>
              {h.id === first && (
                <Tag color="blue" data-testid="entry-first-response">
                  {t('history.firstResponse')}
                </Tag>
              )}
              <span className="history-meta">
                <span data-testid="entry-by">{h.byName}</span>
                {' · '}
                <span data-testid="entry-at">{fullTime(h.at)}</span>
                {' · '}
                <span data-testid="entry-dev">{h.devName}</span>
              </span>
            </div>
            <Body h={h} nameOf={nameOf} />
          </div>
        ),
      }))}
    />
  )
}

function Field({ label, name, children }: { label: string; name: string; children: ReactNode }) {
  return (
    <div className="history-field" data-field={name}>
      <span className="history-label">{label}</span>
      <span className="history-value" data-testid={`entry-${name}`}>
        {children}
      </span>
    </div>
  )
}

function SentAt({ at }: { at: string }) {
  const { t } = useTranslation('tickets')
  return (
    <Field label={t('history.sentAt')} name="sentAt">
      {fullTime(at)}
    </Field>
  )
}

function Body({ h, nameOf }: { h: HistoryItem; nameOf: (id?: string) => string }) {
  const { t } = useTranslation('tickets')
  switch (h.type) {
    case 'transition':
      return (
        <>
          <Field label={t('history.change')} name="change">
            {t(`status.${h.from}`)} → {t(`status.${h.to}`)}
          </Field>
          {h.reason && (
            <Field label={t('history.reason')} name="reason">
              {h.reason}
            </Field>
          )}
        </>
      )
    case 'reply':
      return (
        <>
          <Field label={t('history.text')} name="text">
            {h.text}
          </Field>
          {h.sentAt && <SentAt at={h.sentAt} />}
          {h.scriptId && <Tag data-testid="entry-script">{t('history.fromScript')}</Tag>}
        </>
      )
    case 'customer_update':
      return (
        <>
          <Field label={t('history.channel')} name="channel">
            {t(`updateChannel.${h.channel}`)}
          </Field>
          <Field label={t('history.text')} name="text">
            {h.text}
          </Field>
          {h.sentAt && <SentAt at={h.sentAt} />}
        </>
      )
    case 'department_contact':
      return (
        <>
          <Field label={t('fields.department')} name="department">
            {t(`department.${h.department}`)}
          </Field>
          <Field label={t('fields.contactAt')} name="contactAt">
            {fullTime(h.contactAt)}
          </Field>
          <Field label={t('fields.discussed')} name="discussed">
            {h.discussed}
          </Field>
          <Field label={t('fields.agreed')} name="agreed">
            {h.agreed}
          </Field>
          <Field label={t('fields.measure')} name="measure">
            {h.measure}
          </Field>
        </>
      )
    case 'note':
      return (
        <Field label={t('history.text')} name="text">
          {h.text}
        </Field>
      )
    case 'transfer':
      return (
        <>
          <Field label={t('history.transferTo')} name="to">
            {h.from ? `${nameOf(h.from)} → ` : ''}
            {nameOf(h.to)}
          </Field>
          <Field label={t('fields.handoverNote')} name="handoverNote">
            {h.handoverNote}
          </Field>
        </>
      )
    case 'satisfaction':
      return (
        <>
          <Field label={t('fields.rating')} name="rating">
            <Rate disabled value={h.rating} style={{ fontSize: 14 }} />{' '}
            <span data-testid="entry-rating-value">{t('history.stars', { n: h.rating })}</span>
          </Field>
          {h.comment && (
            <Field label={t('fields.comment')} name="comment">
              {h.comment}
            </Field>
          )}
        </>
      )
    case 'attachment':
      return (
        <Field label={t('history.file')} name="file">
          <Thumb hash={h.hash} mime={h.mime} name={h.name} />
          <span className="history-filename">{h.name}</span>
        </Field>
      )
    case 'sla_breach':
      return (
        <Field label={t('history.clock')} name="kind">
          {t(`slaKind.${h.kind}`)}
        </Field>
      )
    case 'field_change': {
      const show = (v: string | undefined) =>
        !v
          ? t('history.empty_value')
          : h.field === 'category'
            ? t(`category.${v}`)
            : h.field === 'priority'
              ? t(`priority.${v}`)
              : fullTime(v)
      return (
        <>
          <Field label={t(`history.field.${h.field}`)} name="change">
            {show(h.from)} → {show(h.to)}
          </Field>
          {h.reason && (
            <Field label={t('history.reason')} name="reason">
              {h.reason}
            </Field>
          )}
        </>
      )
    }
    case 'steps':
      return (
        <>
          <Field label={t('fields.steps')} name="steps">
            <ol className="history-steps">
              {h.steps.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ol>
          </Field>
          <Field label={t('fields.customerConfirmed')} name="customerConfirmed">
            {h.customerConfirmed ? t('history.confirmedYes') : t('history.confirmedNo')}
          </Field>
          {h.confirmation && (
            <Field label={t('fields.confirmation')} name="confirmation">
              {h.confirmation}
            </Field>
          )}
        </>
      )
  }
}
