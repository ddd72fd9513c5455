import { Alert, App, Checkbox, Form, Input, Modal, Rate, Select, Typography } from 'antd'
import type { ButtonProps } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TicketDetail } from '@shared/api/tickets'
import { DEPARTMENTS, LIMITS, UPDATE_CHANNELS } from '@shared/tickets/model'
import type { TicketAction } from '@shared/tickets/workflow'
import { kefu } from '../../api'
import { useAuth } from '../auth/store'
import { failure, fromLocalInput, toLocalInput } from './format'
import { useDirectory } from './lookups'
import { useDesk, type DialogKind } from './store'

type Values = Record<string, unknown>

/** Runs one dialog's call; resolves with the order as it is afterwards. */
async function submit(kind: DialogKind, id: string, v: Values): Promise<TicketDetail | null> {
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '')
  const opt = (k: string) => (str(k).trim() ? str(k) : undefined)
  const act = (action: TicketAction) => kefu.tickets.act({ id, action })
  switch (kind) {
    case 'transfer':
      return act({ type: 'transfer', to: str('to'), handoverNote: str('handoverNote') })
    case 'resolve':
      return act({ type: 'resolve', resolutionNote: str('resolutionNote') })
    case 'simple_resolve':
      return act({
        type: 'simple_resolve',
        steps: str('steps')
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
        customerConfirmed: v.customerConfirmed === true,
        confirmation: opt('confirmation'),
        resolutionNote: opt('resolutionNote'),
      })
    case 'satisfaction':
      return act({
        type: 'record_satisfaction',
        rating: Number(v.rating ?? 0),
        comment: opt('comment'),
      })
    case 'wait_customer':
    case 'wait_department':
    case 'resume':
      return act({ type: kind, reason: opt('reason') })
    case 'reopen':
      return act({ type: 'reopen_archived', reason: str('reason') })
    case 'department':
      return kefu.tickets.addDepartmentContact({
        id,
        department: v.department as (typeof DEPARTMENTS)[number],
        contactAt: fromLocalInput(v.contactAt) ?? '',
        discussed: str('discussed'),
        agreed: str('agreed'),
        measure: str('measure'),
      })
    case 'update':
      return kefu.tickets.addUpdate({
        id,
        channel: v.channel as (typeof UPDATE_CHANNELS)[number],
        text: str('text'),
      })
    case 'note':
      return kefu.tickets.addNote({ id, text: str('text') })
    case 'followUp':
      return kefu.tickets.setFollowUp({ id, at: fromLocalInput(v.at) ?? null })
    case 'reassign':
      return null
  }
}

/** Every action that needs a few details: one modal, its fields chosen by the action. */
export function ActionDialog() {
  const { t, i18n } = useTranslation('tickets')
  const { message } = App.useApp()
  const kind = useDesk((s) => s.dialog)
  const detail = useDesk((s) => s.detail)
  const close = useDesk((s) => s.close)
  const acted = useDesk((s) => s.acted)
  const [form] = Form.useForm<Values>()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const rating = Form.useWatch('rating', form) as number | undefined

  useEffect(() => {
    setError(null)
    if (!kind) return
    form.resetFields()
    if (kind === 'department')
      form.setFieldsValue({ contactAt: toLocalInput(new Date().toISOString()) })
    if (kind === 'update') form.setFieldsValue({ channel: 'platform_chat' })
    if (kind === 'simple_resolve') form.setFieldsValue({ customerConfirmed: true })
    if (kind === 'followUp')
      form.setFieldsValue({ at: toLocalInput(detail?.ticket.nextFollowUpAt ?? null) })
  }, [kind, form, detail?.ticket.nextFollowUpAt])

  if (!kind || kind === 'reassign' || !detail) return null
  const id = detail.ticket.id

  const ok = async () => {
    let values: Values
    try {
      values = await form.validateFields()
    } catch {
      return
    }
    setBusy(true)
    setError(null)
    try {
      const d = await submit(kind, id, values)
      if (d) {
        acted(d)
        if (kind === 'satisfaction' && Number(values.rating) <= 3)
          message.warning(t('satisfaction.reopened'), 5)
        else message.success(t(`dialog.${kind}.done`))
      }
      close('dialog')
    } catch (err) {
      // The dialog stays open with what was typed: nothing is lost on a refusal.
      const f = failure(err)
      const known = new Set(Object.keys(form.getFieldsValue(true) as Values))
      const fieldErrors = Object.entries(f.fields)
        .map(([k, msg]) => ({ name: k.replace(/^action\./, ''), errors: [msg] }))
        .filter((fe) => known.has(fe.name) || fieldNames(kind).includes(fe.name))
      form.setFields(fieldErrors)
      if (fieldErrors.length === 0) setError(f.message)
    } finally {
      setBusy(false)
    }
  }

  const required = (msg: string) => [{ required: true, whitespace: true, message: msg }]
  return (
    <Modal
      open
      title={t(`dialog.${kind}.title`)}
      okText={t(`dialog.${kind}.ok`)}
      cancelText={t('common:actions.cancel')}
      onOk={() => void ok()}
      onCancel={() => close('dialog')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'dialog-ok' } as ButtonProps}
      data-testid={`dialog-${kind}`}
    >
      <div data-testid="action-dialog" data-kind={kind}>
        {i18n.exists(`tickets:dialog.${kind}.help`) && (
          <Typography.Paragraph type="secondary">{t(`dialog.${kind}.help`)}</Typography.Paragraph>
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginBottom: 12 }}
            data-testid="dialog-error"
          />
        )}
        <Form form={form} layout="vertical" onKeyDown={(e) => submitOnCtrlEnter(e, ok)}>
          {kind === 'transfer' && <TransferFields />}
          {kind === 'resolve' && (
            <Form.Item
              name="resolutionNote"
              label={t('fields.resolutionNote')}
              rules={required(t('dialog.resolve.required'))}
            >
              <Input.TextArea
                autoSize={{ minRows: 3 }}
                maxLength={LIMITS.note}
                autoFocus
                data-testid="field-resolutionNote"
              />
            </Form.Item>
          )}
          {kind === 'simple_resolve' && (
            <>
              <Form.Item
                name="steps"
                label={t('fields.steps')}
                extra={t('dialog.simple_resolve.stepsHelp')}
                rules={required(t('dialog.simple_resolve.stepsRequired'))}
              >
                <Input.TextArea autoSize={{ minRows: 3 }} autoFocus data-testid="field-steps" />
              </Form.Item>
              <Form.Item name="customerConfirmed" valuePropName="checked">
                <Checkbox data-testid="field-customerConfirmed">
                  {t('fields.customerConfirmed')}
                </Checkbox>
              </Form.Item>
              <Form.Item name="confirmation" label={t('fields.confirmation')}>
                <Input maxLength={LIMITS.text} data-testid="field-confirmation" />
              </Form.Item>
              <Form.Item name="resolutionNote" label={t('fields.resolutionNote')}>
                <Input.TextArea
                  autoSize={{ minRows: 2 }}
                  maxLength={LIMITS.note}
                  data-testid="field-resolutionNote"
                />
              </Form.Item>
            </>
          )}
          {kind === 'satisfaction' && (
            <>
              <Form.Item
                name="rating"
                label={t('fields.rating')}
                rules={[{ required: true, message: t('dialog.satisfaction.ratingRequired') }]}
              >
                <Rate data-testid="field-rating" />
              </Form.Item>
              <Form.Item
                name="comment"
                label={
                  rating !== undefined && rating <= 3 ? t('fields.reasonLow') : t('fields.comment')
                }
                rules={
                  rating !== undefined && rating <= 3
                    ? required(t('dialog.satisfaction.reasonRequired'))
                    : []
                }
                extra={
                  rating !== undefined && rating <= 3 ? t('dialog.satisfaction.lowHelp') : undefined
                }
              >
                <Input.TextArea
                  autoSize={{ minRows: 2 }}
                  maxLength={LIMITS.text}
                  data-testid="field-comment"
                />
              </Form.Item>
            </>
          )}
          {(kind === 'wait_customer' || kind === 'wait_department' || kind === 'resume') && (
            <Form.Item name="reason" label={t('fields.reasonOptional')}>
              <Input maxLength={LIMITS.text} autoFocus data-testid="field-reason" />
            </Form.Item>
          )}
          {kind === 'reopen' && (
            <Form.Item
              name="reason"
              label={t('fields.reason')}
              rules={required(t('dialog.reopen.required'))}
            >
              <Input maxLength={LIMITS.text} autoFocus data-testid="field-reason" />
            </Form.Item>
          )}
          {kind === 'department' && <DepartmentFields />}
          {kind === 'update' && (
            <>
              <Form.Item
                name="channel"
                label={t('fields.updateChannel')}
                rules={[{ required: true }]}
              >
                <Select
                  options={UPDATE_CHANNELS.map((c) => ({
                    value: c,
                    label: t(`updateChannel.${c}`),
                  }))}
                  data-testid="field-channel"
                />
              </Form.Item>
              <Form.Item
                name="text"
                label={t('fields.updateText')}
                rules={required(t('dialog.update.required'))}
              >
                <Input.TextArea
                  autoSize={{ minRows: 3 }}
                  maxLength={LIMITS.text}
                  autoFocus
                  data-testid="field-text"
                />
              </Form.Item>
            </>
          )}
          {kind === 'note' && (
            <Form.Item
              name="text"
              label={t('fields.note')}
              rules={required(t('dialog.note.required'))}
            >
              <Input.TextArea
                autoSize={{ minRows: 3 }}
                maxLength={LIMITS.note}
                autoFocus
                data-testid="field-text"
              />
            </Form.Item>
          )}
          {kind === 'followUp' && (
            <Form.Item
              name="at"
              label={t('fields.nextFollowUpAt')}
              extra={t('dialog.followUp.clearHelp')}
            >
              <Input type="datetime-local" autoFocus data-testid="field-at" />
            </Form.Item>
          )}
        </Form>
      </div>
    </Modal>
  )
}

function fieldNames(kind: DialogKind): string[] {
  const map: Partial<Record<DialogKind, string[]>> = {
    transfer: ['to', 'handoverNote'],
    resolve: ['resolutionNote'],
    simple_resolve: ['steps', 'customerConfirmed', 'confirmation', 'resolutionNote'],
    satisfaction: ['rating', 'comment'],
    department: ['department', 'contactAt', 'discussed', 'agreed', 'measure'],
    update: ['channel', 'text'],
    note: ['text'],
    followUp: ['at'],
    reopen: ['reason'],
    wait_customer: ['reason'],
    wait_department: ['reason'],
    resume: ['reason'],
  }
  return map[kind] ?? []
}

function submitOnCtrlEnter(e: React.KeyboardEvent, ok: () => Promise<void>) {
  if (e.nativeEvent.isComposing) return
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault()
    void ok()
  }
}

function TransferFields() {
  const { t } = useTranslation('tickets')
  const people = useDirectory()
  const me = useAuth((s) => s.me)
  // Specialists first: transfers go to them; anyone else stays reachable (a supervisor, a colleague).
  const sorted = [...people]
    .filter((p) => p.id !== me?.id)
    .sort((a, b) => Number(b.roles.includes('specialist')) - Number(a.roles.includes('specialist')))
  return (
    <>
      <Form.Item
        name="to"
        label={t('fields.transferTo')}
        rules={[{ required: true, message: t('dialog.transfer.toRequired') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          autoFocus
          options={sorted.map((p) => ({
            value: p.id,
            label: p.roles.includes('specialist')
              ? `${p.name}（${t('dialog.transfer.specialist')}）`
              : p.name,
          }))}
          data-testid="field-to"
        />
      </Form.Item>
      <Form.Item
        name="handoverNote"
        label={t('fields.handoverNote')}
        extra={t('dialog.transfer.noteHelp')}
        rules={[
          { required: true, whitespace: true, message: t('dialog.transfer.noteRequired') },
          { min: 5, message: t('dialog.transfer.noteShort') },
        ]}
      >
        <Input.TextArea
          autoSize={{ minRows: 4 }}
          maxLength={LIMITS.note}
          data-testid="field-handoverNote"
        />
      </Form.Item>
    </>
  )
}

function DepartmentFields() {
  const { t } = useTranslation('tickets')
  const required = (msg: string) => [{ required: true, whitespace: true, message: msg }]
  return (
    <>
      <Form.Item
        name="department"
        label={t('fields.department')}
        rules={[{ required: true, message: t('dialog.department.departmentRequired') }]}
      >
        <Select
          autoFocus
          options={DEPARTMENTS.map((d) => ({ value: d, label: t(`department.${d}`) }))}
          data-testid="field-department"
        />
      </Form.Item>
      <Form.Item
        name="contactAt"
        label={t('fields.contactAt')}
        rules={[{ required: true, message: t('dialog.department.timeRequired') }]}
      >
        <Input type="datetime-local" data-testid="field-contactAt" />
      </Form.Item>
      <Form.Item
        name="discussed"
        label={t('fields.discussed')}
        rules={required(t('dialog.department.discussedRequired'))}
      >
        <Input.TextArea
          autoSize={{ minRows: 2 }}
          maxLength={LIMITS.text}
          data-testid="field-discussed"
        />
      </Form.Item>
      <Form.Item
        name="agreed"
        label={t('fields.agreed')}
        rules={required(t('dialog.department.agreedRequired'))}
      >
        <Input.TextArea
          autoSize={{ minRows: 2 }}
          maxLength={LIMITS.text}
          data-testid="field-agreed"
        />
      </Form.Item>
      <Form.Item
        name="measure"
        label={t('fields.measure')}
        rules={required(t('dialog.department.measureRequired'))}
      >
        <Input.TextArea
          autoSize={{ minRows: 2 }}
          maxLength={LIMITS.text}
          data-testid="field-measure"
        />
      </Form.Item>
    </>
  )
}
