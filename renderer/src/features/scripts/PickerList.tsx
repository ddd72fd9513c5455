import { Button, Empty, Input, Space, Tag, Typography, type InputRef } from 'antd'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { Range } from '@shared/search/index'
import type { PickerHit } from '@shared/scripts/rank'
import { SCRIPT_CATEGORY_LABELS } from '@shared/scripts/model'
import type { PendingFill } from './usePick'

/** Text with the matched ranges marked. */
export function Marked({ text, ranges }: { text: string; ranges: readonly Range[] }) {
  if (ranges.length === 0) return <>{text}</>
  const out: React.ReactNode[] = []
  let at = 0
  ranges.forEach(([s, e], i) => {
    if (s > at) out.push(text.slice(at, s))
    out.push(<mark key={i}>{text.slice(s, e)}</mark>)
    at = e
  })
  if (at < text.length) out.push(text.slice(at))
  return <>{out}</>
}

export function HitList({
  hits,
  selected,
  onSelect,
  onChoose,
}: {
  hits: PickerHit[]
  selected: number
  onSelect(i: number): void
  onChoose(id: string): void
}) {
  const { t } = useTranslation('scripts')
  const list = useRef<HTMLUListElement>(null)
  useEffect(() => {
    list.current
      ?.querySelector<HTMLElement>(`[data-index="${selected}"]`)
      ?.scrollIntoView({ block: 'nearest' })
  }, [selected])
  if (hits.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('picker.none')} />
  }
  return (
    <ul className="script-hits" role="listbox" ref={list} data-testid="script-hits">
      {hits.map((h, i) => (
        <li
          key={h.script.id}
          role="option"
          aria-selected={i === selected}
          data-index={i}
          data-testid="script-hit"
          data-script-id={h.script.id}
          className={i === selected ? 'selected' : undefined}
          onMouseEnter={() => onSelect(i)}
          onMouseDown={(e) => {
            // Keep the focus (and the caret) in the reply box.
            e.preventDefault()
            onChoose(h.script.id)
          }}
        >
          <div className="script-hit-head">
            <span className="script-hit-title">
              <Marked text={h.script.title} ranges={h.titleRanges} />
            </span>
            {h.script.shortCode && <code>/{h.script.shortCode}</code>}
            <Tag>{SCRIPT_CATEGORY_LABELS[h.script.category]}</Tag>
          </div>
          <div className="script-hit-body">
            <Marked text={h.snippet} ranges={h.snippetRanges} />
          </div>
        </li>
      ))}
    </ul>
  )
}

/** Asks the agent for the placeholders nothing else could fill, before the script is used. */
export function FillForm({
  pending,
  onAnswer,
  onConfirm,
  onCancel,
}: {
  pending: PendingFill
  onAnswer(name: string, value: string): void
  onConfirm(): boolean
  onCancel(): void
}) {
  const { t } = useTranslation('scripts')
  const first = useRef<InputRef>(null)
  useEffect(() => {
    requestAnimationFrame(() => first.current?.focus())
  }, [pending.script.id])
  const allAnswered = pending.missing.every((m) => (pending.answers[m] ?? '').trim() !== '')
  return (
    <div className="script-fill" data-testid="script-fill">
      <Typography.Text strong>{t('fill.title', { title: pending.script.title })}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
        {t('fill.hint')}
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        {pending.missing.map((name, i) => (
          <Input
            key={name}
            ref={i === 0 ? first : undefined}
            addonBefore={name}
            value={pending.answers[name] ?? ''}
            onChange={(e) => onAnswer(name, e.target.value)}
            onKeyDown={(e) => {
              if (e.nativeEvent.isComposing) return
              if (e.key === 'Enter') {
                e.preventDefault()
                onConfirm()
              } else if (e.key === 'Escape') {
                e.preventDefault()
                onCancel()
              }
            }}
            aria-label={name}
            data-testid={`script-fill-${name}`}
          />
        ))}
      </Space>
      <Space style={{ marginTop: 8 }}>
        <Button
          type="primary"
          size="small"
          disabled={!allAnswered}
          onClick={() => onConfirm()}
          data-testid="script-fill-confirm"
        >
          {t('fill.use')}
        </Button>
        <Button size="small" onClick={onCancel}>
          {t('fill.cancel')}
        </Button>
      </Space>
    </div>
  )
}
