import { Alert, App, Button, Drawer, Form, Input, Select, Space, Typography } from 'antd'
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { TicketView } from '@shared/api/tickets'
import { checkIntake, type FieldMessages } from '@shared/tickets/intake'
import {
  CATEGORIES,
  CATEGORY_LABELS,
  CHANNELS,
  LIMITS,
  PLATFORMS,
  PRIORITIES,
  yuanToFen,
  type Platform,
  type TicketIntake,
  type TicketIntakeDraft,
} from '@shared/tickets/model'
import { kefu } from '../../api'
import { failure, fromLocalInput, fullTime, toLocalInput } from './format'
import { useShopSettings } from './lookups'
import { useDesk } from './store'

export const NEW_TICKET_DRAFT = 'new-ticket'

/** The form as typed: every value a string, as the inputs hold it (times in local input format). */
type FormState = Partial<Record<keyof TicketIntake, string>>
type Key = keyof TicketIntake

const TIME_FIELDS: Key[] = ['messageAt', 'purchasedAt', 'platformDeadline', 'nextFollowUpAt']

/** What `checkIntake` and the service read: ISO times, the amount in fen, blanks left out. */
export function toIntake(f: FormState): TicketIntakeDraft {
  const out: Record<string, unknown> = {}
  for (const [k, raw] of Object.entries(f) as [Key, string | undefined][]) {
    const v = raw?.trim()
    if (!v) continue
    if (TIME_FIELDS.includes(k)) out[k] = fromLocalInput(v) ?? v
    else if (k === 'amount') out[k] = yuanToFen(v) ?? v
    else out[k] = v
  }
  return out as TicketIntakeDraft
}

function blankForm(platform: Platform, shopId: string | undefined): FormState {
  return {
    platform,
    shopId: shopId ?? '',
    channel: 'chat',
    messageAt: toLocalInput(new Date().toISOString()),
    category: undefined,
    priority: 'normal',
  }
}

type Pending =
  { kind: 'warnings'; warnings: FieldMessages } | { kind: 'duplicate'; ticket: TicketView } | null

/** 新建工单: every intake field, problems pointed out beside the field as the agent types. */
export function IntakeForm() {
  const { t } = useTranslation('tickets')
  const { message } = App.useApp()
  const open = useDesk((s) => s.intakeOpen)
  const close = useDesk((s) => s.close)
  const select = useDesk((s) => s.select)
  const refresh = useDesk((s) => s.refresh)
  const shop = useShopSettings()
  const [form, setForm] = useState<FormState>({})
  const [touched, setTouched] = useState<Set<string>>(new Set())
  const [attempted, setAttempted] = useState(false)
  const [serverErrors, setServerErrors] = useState<FieldMessages>({})
  const [pending, setPending] = useState<Pending>(null)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [draftInfo, setDraftInfo] = useState<{ restored: boolean; savedAt: string | null }>({
    restored: false,
    savedAt: null,
  })
  const loaded = useRef(false)
  const [ready, setReady] = useState(false)
  const draftTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  // Draft writes go one after another, and the save waits for them: an autosave still on its
  // way must not land after the created order has cleared the draft.
  const draftChain = useRef<Promise<unknown>>(Promise.resolve())
  const writeDraft = (value: FormState) => {
    const next = draftChain.current.then(() =>
      kefu.tickets.saveDraft({ key: NEW_TICKET_DRAFT, value }).catch(() => null),
    )
    draftChain.current = next
    return next
  }
  const firstField = useRef<HTMLDivElement>(null)

  const platforms = shop?.platforms ?? [...PLATFORMS]
  const shopsFor = (p: string | undefined) =>
    (shop?.shops ?? []).filter((s) => s.platform === p && !s.disabled)
  // A label the shop renamed is shown as written; the defaults follow the interface language.
  const categories = (
    shop?.categories ??
    CATEGORIES.map((key) => ({ key, label: CATEGORY_LABELS[key], enabled: true }))
  )
    .filter((c) => c.enabled)
    .map((c) => ({
      key: c.key,
      label: c.label === CATEGORY_LABELS[c.key] ? t(`category.${c.key}`) : c.label,
    }))

  // Open: the draft kept through the store, or a fresh form.
  useEffect(() => {
    if (!open) {
      loaded.current = false
      return
    }
    let live = true
    // Nothing of the previous order shows while this one's draft is read.
    setReady(false)
    setForm({})
    setDraftInfo({ restored: false, savedAt: null })
    setAttempted(false)
    setTouched(new Set())
    setServerErrors({})
    setPending(null)
    setSaveError(null)
    void kefu.tickets
      .getDraft({ key: NEW_TICKET_DRAFT })
      .catch(() => null)
      .then((d) => {
        if (!live) return
        if (d && Object.keys(d.value).length > 0) {
          const restored = d.value as FormState
          setForm(restored)
          // What was filled in is checked again at once, so its problems show without retyping.
          setTouched(new Set(Object.keys(restored).filter((k) => restored[k as Key])))
          setDraftInfo({ restored: true, savedAt: d.savedAt })
        } else {
          const p = platforms[0] ?? 'pdd'
          setForm(blankForm(p, shopsFor(p)[0]?.id))
          setDraftInfo({ restored: false, savedAt: null })
        }
        loaded.current = true
        setReady(true)
        requestAnimationFrame(() =>
          firstField.current?.querySelector<HTMLElement>('input, textarea')?.focus(),
        )
      })
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reloads only when the drawer opens
  }, [open])

  // Every change is kept as a draft (debounced), so a crash or restart loses nothing.
  useEffect(() => {
    if (!open || !loaded.current) return
    draftTimer.current = setTimeout(() => {
      draftTimer.current = undefined
      void writeDraft(form).then((d) => d && setDraftInfo((s) => ({ ...s, savedAt: d.savedAt })))
    }, 400)
    return () => clearTimeout(draftTimer.current)
  }, [form, open])

  const intake = useMemo(() => toIntake(form), [form])
  const check = useMemo(() => checkIntake(intake, Date.now()), [intake])
  const warnings: FieldMessages = {
    ...check.warnings,
    ...(pending?.kind === 'warnings' ? pending.warnings : {}),
  }

  const set = (k: Key, v: string | undefined) => {
    setForm((f) => {
      const next = { ...f, [k]: v ?? '' }
      if (k === 'platform') next.shopId = shopsFor(v)[0]?.id ?? ''
      return next
    })
    setTouched((s) => new Set(s).add(k))
    if (k in serverErrors) setServerErrors((e) => ({ ...e, [k]: undefined }))
    if (pending) setPending(null)
    setSaveError(null)
  }

  const messageFor = (k: Key): { status?: 'error' | 'warning'; help?: ReactNode } => {
    const show = attempted || touched.has(k)
    const err = serverErrors[k] ?? (show ? check.errors[k] : undefined)
    if (err)
      return {
        status: 'error',
        help: (
          <span data-testid={`msg-${k}`} data-level="error">
            {err}
          </span>
        ),
      }
    const warn = show || form[k] ? warnings[k] : undefined
    if (warn)
      return {
        status: 'warning',
        help: (
          <span data-testid={`msg-${k}`} data-level="warning">
            {warn}
          </span>
        ),
      }
    return {}
  }

  const save = async (opts: { acceptWarnings?: boolean; confirmNew?: boolean } = {}) => {
    setAttempted(true)
    setSaveError(null)
    // A pending autosave must not bring the draft back after the order is created.
    clearTimeout(draftTimer.current)
    // The draft is written first, so a refused or failed save still leaves it on disk.
    await writeDraft(form)
    if (Object.keys(check.errors).length > 0) {
      setSaveError(t('intake.fixErrors'))
      focusFirstProblem()
      return
    }
    setSaving(true)
    try {
      const res = await kefu.tickets.create({
        intake: intake as Record<string, unknown>,
        draftKey: NEW_TICKET_DRAFT,
        acceptWarnings: opts.acceptWarnings ?? pending?.kind === 'warnings',
        ...(opts.confirmNew ? { confirmNew: true } : {}),
      })
      if (res.status === 'warnings') setPending({ kind: 'warnings', warnings: res.warnings })
      else if (res.status === 'duplicate')
        setPending({ kind: 'duplicate', ticket: res.duplicateOf })
      else {
        setForm({})
        loaded.current = false
        close('intake')
        message.success(t('intake.created'))
        useDesk.getState().setQueue(useDesk.getState().queue)
        select(res.ticket.ticket.id)
        refresh()
      }
    } catch (err) {
      const f = failure(err)
      setServerErrors(f.fields as FieldMessages)
      setSaveError(f.message)
      focusFirstProblem()
    } finally {
      setSaving(false)
    }
  }

  const focusFirstProblem = () =>
    requestAnimationFrame(() =>
      firstField.current
        ?.querySelector<HTMLElement>(
          '.ant-form-item-has-error input, .ant-form-item-has-error textarea, .ant-form-item-has-error .ant-select',
        )
        ?.focus(),
    )

  const discard = async () => {
    await kefu.tickets.clearDraft({ key: NEW_TICKET_DRAFT }).catch(() => undefined)
    const p = platforms[0] ?? 'pdd'
    setForm(blankForm(p, shopsFor(p)[0]?.id))
    setTouched(new Set())
    setAttempted(false)
    setServerErrors({})
    setPending(null)
    setDraftInfo({ restored: false, savedAt: null })
  }

  const item = (k: Key, label: string, control: ReactNode, required = false) => {
    const m = messageFor(k)
    return (
      <Form.Item
        label={label}
        required={required}
        validateStatus={m.status}
        help={m.help}
        data-testid={`item-${k}`}
      >
        {control}
      </Form.Item>
    )
  }
  const text = (k: Key, max: number, extra: object = {}) => (
    <Input
      value={form[k] ?? ''}
      onChange={(e) => set(k, e.target.value)}
      onBlur={() => setTouched((s) => new Set(s).add(k))}
      maxLength={max}
      data-testid={`intake-${k}`}
      {...extra}
    />
  )
  const time = (k: Key) => (
    <Input
      type="datetime-local"
      value={form[k] ?? ''}
      onChange={(e) => set(k, e.target.value)}
      data-testid={`intake-${k}`}
    />
  )
  const shops = shopsFor(form.platform)

  return (
    <Drawer
      open={open}
      onClose={() => close('intake')}
      title={t('intake.title')}
      size={760}
      destroyOnHidden
      data-testid="intake"
      extra={
        <Space>
          <Typography.Text type="secondary" data-testid="draft-status">
            {draftInfo.savedAt ? t('intake.draftSaved', { at: fullTime(draftInfo.savedAt) }) : ''}
          </Typography.Text>
          <Button onClick={() => void discard()} data-testid="intake-discard">
            {t('intake.discard')}
          </Button>
        </Space>
      }
      footer={
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary">{t('intake.saveHint')}</Typography.Text>
          <Space>
            <Button onClick={() => close('intake')}>{t('intake.keepDraft')}</Button>
            <Button
              type="primary"
              loading={saving}
              onClick={() => void save()}
              data-testid="intake-save"
            >
              {pending?.kind === 'warnings' ? t('intake.saveAnyway') : t('intake.save')}
            </Button>
          </Space>
        </Space>
      }
    >
      <div
        ref={firstField}
        hidden={!ready}
        onKeyDown={(e) => {
          if (e.nativeEvent.isComposing) return
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault()
            void save()
          }
        }}
      >
        {draftInfo.restored && (
          <Alert
            type="info"
            showIcon
            title={t('intake.restored', { at: fullTime(draftInfo.savedAt) })}
            style={{ marginBottom: 12 }}
            data-testid="draft-restored"
          />
        )}
        {saveError && (
          <Alert
            type="error"
            showIcon
            title={saveError}
            style={{ marginBottom: 12 }}
            data-testid="intake-error"
          />
        )}
        {pending?.kind === 'warnings' && (
          <Alert
            type="warning"
            showIcon
            title={t('intake.warningsTitle')}
            description={t('intake.warningsHelp')}
            style={{ marginBottom: 12 }}
            data-testid="intake-warnings"
          />
        )}
        {pending?.kind === 'duplicate' && (
          <Alert
            type="warning"
            showIcon
            title={t('intake.duplicateTitle', { orderNo: pending.ticket.orderNo ?? '' })}
            description={t('intake.duplicateHelp', {
              status: t(`status.${pending.ticket.status}`),
              who: pending.ticket.assigneeName,
              at: fullTime(pending.ticket.createdAt),
              summary: pending.ticket.summary,
            })}
            style={{ marginBottom: 12 }}
            data-testid="intake-duplicate"
            action={
              <Space orientation="vertical">
                <Button
                  size="small"
                  type="primary"
                  onClick={() => {
                    close('intake')
                    select(pending.ticket.id)
                  }}
                  data-testid="duplicate-open"
                >
                  {t('intake.openExisting')}
                </Button>
                <Button
                  size="small"
                  onClick={() => void save({ confirmNew: true })}
                  data-testid="duplicate-new"
                >
                  {t('intake.createAnyway')}
                </Button>
              </Space>
            }
          />
        )}
        <Form layout="vertical" className="intake-form" component="div">
          <div className="intake-grid">
            {item(
              'platform',
              t('fields.platform'),
              <Select
                value={form.platform}
                onChange={(v: string) => set('platform', v)}
                options={platforms.map((p) => ({ value: p, label: t(`platform.${p}`) }))}
                autoFocus
                data-testid="intake-platform"
              />,
              true,
            )}
            {item(
              'shopId',
              t('fields.shop'),
              shops.length > 0 ? (
                <Select
                  value={form.shopId || undefined}
                  onChange={(v: string) => set('shopId', v)}
                  options={shops.map((s) => ({ value: s.id, label: s.name }))}
                  data-testid="intake-shopId"
                />
              ) : (
                text('shopId', LIMITS.orderNo, { placeholder: t('intake.shopFree') })
              ),
              true,
            )}
            {item(
              'channel',
              t('fields.channel'),
              <Select
                value={form.channel}
                onChange={(v: string) => set('channel', v)}
                options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
                data-testid="intake-channel"
              />,
              true,
            )}
            {item('messageAt', t('fields.messageAt'), time('messageAt'), true)}
            {item('orderNo', t('fields.orderNo'), text('orderNo', LIMITS.orderNo))}
            {item('purchasedAt', t('fields.purchasedAt'), time('purchasedAt'))}
            {item(
              'amount',
              t('fields.amountYuan'),
              text('amount', 16, { prefix: '¥', inputMode: 'decimal' }),
            )}
            {item('buyerId', t('fields.buyerId'), text('buyerId', LIMITS.shortText))}
            {item('customerName', t('fields.customerName'), text('customerName', LIMITS.shortText))}
            {item('contact', t('fields.contact'), text('contact', LIMITS.contact))}
          </div>
          {item('address', t('fields.addressOptional'), text('address', LIMITS.address))}
          <div className="intake-grid">
            {item('trackingNo', t('fields.trackingNo'), text('trackingNo', LIMITS.orderNo))}
            {item(
              'returnTrackingNo',
              t('fields.returnTrackingNo'),
              text('returnTrackingNo', LIMITS.orderNo),
            )}
            {item('platformDeadline', t('fields.platformDeadline'), time('platformDeadline'))}
            {item('nextFollowUpAt', t('fields.nextFollowUpAt'), time('nextFollowUpAt'))}
          </div>
          {item(
            'description',
            t('fields.description'),
            <Input.TextArea
              value={form.description ?? ''}
              onChange={(e) => set('description', e.target.value)}
              autoSize={{ minRows: 3, maxRows: 10 }}
              maxLength={LIMITS.description}
              showCount
              placeholder={t('intake.descriptionPlaceholder')}
              data-testid="intake-description"
            />,
            true,
          )}
          <div className="intake-grid">
            {item(
              'category',
              t('fields.category'),
              <Select
                value={form.category || undefined}
                onChange={(v: string) => set('category', v)}
                options={categories.map((c) => ({ value: c.key, label: c.label }))}
                placeholder={t('intake.pick')}
                data-testid="intake-category"
              />,
              true,
            )}
            {item(
              'priority',
              t('fields.priority'),
              <Select
                value={form.priority}
                onChange={(v: string) => set('priority', v)}
                options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
                data-testid="intake-priority"
              />,
              true,
            )}
          </div>
        </Form>
      </div>
    </Drawer>
  )
}
