import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Input, List, Modal, Select, Space, Tag, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ShiftSummaryView, ShiftView } from '@shared/api/shifts'
import { toCallError } from '@shared/api/envelope'
import { kefu } from '../../api'
import { useAuth, useCan } from '../auth/store'
import { DrillModal, type DrillRequest } from '../reports/DrillModal'
import { ExportButtons, useExporter } from '../reports/ExportButtons'
import { useSaveFile } from '../../lib/save-file'
import { shopTime } from '../reports/format'
import { SummaryView } from './SummaryView'
import { useShifts } from './store'
import './shifts.css'

/** 班次: the shift on this PC, the handover from the last one, summaries and their exports. */
export function ShiftsPage() {
  const { t, i18n } = useTranslation('shifts')
  const { message } = App.useApp()
  const me = useAuth((s) => s.me)
  const seesTeam = useCan('reports.team')
  const { current, handover, schedule, error } = useShifts()
  const [shifts, setShifts] = useState<ShiftView[]>([])
  const [selected, setSelected] = useState<string | null>(null)
  const [scope, setScope] = useState<'person' | 'team'>('person')
  const [summary, setSummary] = useState<ShiftSummaryView | null>(null)
  const [summaryError, setSummaryError] = useState<string | null>(null)
  const [ending, setEnding] = useState(false)
  const [note, setNote] = useState('')
  const [drill, setDrill] = useState<DrillRequest | null>(null)
  const exporter = useExporter()
  const save = useSaveFile()

  const loadList = useCallback(async () => {
    const list = await kefu.shifts.list({ limit: 30 })
    setShifts(list)
    return list
  }, [])

  useEffect(() => {
    if (!me) return
    void useShifts.getState().refresh()
    void loadList().then((list) => setSelected((s) => s ?? list[0]?.id ?? null))
  }, [me?.id, loadList]) // eslint-disable-line react-hooks/exhaustive-deps -- on a change of person

  useEffect(() => {
    if (!selected) {
      setSummary(null)
      return
    }
    setSummaryError(null)
    kefu.shifts
      .summary({ id: selected, scope })
      .then(setSummary)
      .catch((e: unknown) => setSummaryError(toCallError(e).message))
  }, [selected, scope, current?.endedAt])

  /** One click at shift end: end the shift, show its summary, export it (issue 9 item 4). */
  async function endAndExport() {
    if (!current) return
    try {
      const ended = await kefu.shifts.end({
        id: current.id,
        ...(note.trim() ? { handoverNote: note.trim() } : {}),
      })
      setEnding(false)
      setNote('')
      await useShifts.getState().refresh()
      await loadList()
      setScope('person')
      setSelected(ended.id)
      setSummary(await kefu.shifts.summary({ id: ended.id, scope: 'person' }))
      await exporter.run({ kind: 'shift', format: 'xlsx', id: ended.id, scope: 'person' })
    } catch (e) {
      void message.error(toCallError(e).message)
    }
  }

  /** 保存 PDF (desktop app): the shell prints the print view to a PDF and asks where to save it. */
  async function savePdf() {
    if (!selected) return
    try {
      const f = await kefu.shifts.pdf({
        id: selected,
        scope,
        pageUrl: window.location.href,
        language: i18n.language === 'en' ? 'en' : 'zh-CN',
      })
      await save({ name: f.name, mime: f.mime, base64: f.bytesBase64 })
    } catch (e) {
      void message.error(toCallError(e).message)
    }
  }

  /** 打印: the print view, printed by the page (a printer, or 另存为 PDF in the dialog). */
  async function print() {
    if (!selected) return
    try {
      const { token } = await kefu.shifts.printToken({ id: selected, scope })
      const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
      window.location.hash = `#/print/shift/${token}?lang=${lang}&print=1`
    } catch (e) {
      void message.error(toCallError(e).message)
    }
  }

  return (
    <div className="shifts-page" data-testid="shifts-page">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {handover.map((h) => (
        <Alert
          key={h.shift.id}
          type="warning"
          showIcon
          data-testid="handover-note"
          style={{ marginBottom: 12 }}
          title={t('handover.title', {
            name: h.shift.personName,
            slot: h.shift.slotLabel ?? '',
            at: shopTime(h.shift.endedAt, 480),
          })}
          description={
            <div>
              {h.shift.handoverNote && (
                <Typography.Paragraph>{h.shift.handoverNote}</Typography.Paragraph>
              )}
              {h.stillOpen.length > 0 && (
                <ul className="handover-open">
                  {h.stillOpen.map((o) => (
                    <li key={o.id}>
                      {o.orderNo ?? o.id}（{o.assigneeName}）
                      {o.handoverNote ? `：${o.handoverNote}` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          }
          action={
            <Button
              size="small"
              onClick={() => void useShifts.getState().ack(h.shift.id)}
              data-testid="handover-ack"
            >
              {t('handover.ack')}
            </Button>
          }
        />
      ))}

      <Card
        size="small"
        title={t('current.title')}
        data-testid="shift-current"
        extra={
          current && (
            <Button
              type="primary"
              danger
              onClick={() => setEnding(true)}
              data-testid="shift-end-export"
            >
              {t('current.endAndExport')}
            </Button>
          )
        }
      >
        {current ? (
          <Space wrap>
            <span data-testid="shift-current-started">
              {t('current.started', {
                at: shopTime(current.startedAt, 480),
                device: current.deviceName,
              })}
            </span>
            <Select
              style={{ width: 180 }}
              placeholder={t('current.pickSlot')}
              value={current.slotKey ?? undefined}
              onChange={(k: string) => void useShifts.getState().pickSlot(k)}
              options={schedule.map((s) => ({
                value: s.key,
                label: `${s.label} ${s.start}–${s.end}`,
              }))}
              data-testid="shift-slot"
            />
          </Space>
        ) : (
          <Space>
            <span>{t('current.none')}</span>
            <Button
              onClick={() => void useShifts.getState().onSignedIn()}
              data-testid="shift-start"
            >
              {t('current.start')}
            </Button>
          </Space>
        )}
      </Card>

      <div className="shifts-body">
        <Card size="small" title={t('list.title')} className="shifts-list">
          <List
            size="small"
            dataSource={shifts}
            locale={{ emptyText: t('list.empty') }}
            renderItem={(s) => (
              <List.Item
                className={s.id === selected ? 'selected' : undefined}
                onClick={() => setSelected(s.id)}
                data-testid="shift-item"
              >
                <div>
                  <div>
                    {s.personName} {s.slotLabel && <Tag>{s.slotLabel}</Tag>}
                    {!s.endedAt && <Tag color="green">{t('list.open')}</Tag>}
                  </div>
                  <Typography.Text type="secondary">
                    {shopTime(s.from, 480)} –{' '}
                    {s.endedAt ? shopTime(s.endedAt, 480).slice(11) : t('list.now')}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        </Card>
        <Card
          size="small"
          className="shifts-summary"
          title={t('summary.title')}
          extra={
            selected && (
              <Space wrap>
                {seesTeam && (
                  <Select
                    value={scope}
                    onChange={setScope}
                    style={{ width: 110 }}
                    options={[
                      { value: 'person', label: t('summary.person') },
                      { value: 'team', label: t('summary.team') },
                    ]}
                    data-testid="summary-scope"
                  />
                )}
                <ExportButtons
                  testId="shift-export"
                  request={(format) => ({ kind: 'shift', format, id: selected, scope })}
                />
                <Button
                  icon={<PrinterOutlined />}
                  onClick={() => void print()}
                  title={t('summary.printHint')}
                  data-testid="shift-print"
                >
                  {t('summary.print')}
                </Button>
                {kefu.shell === 'electron' && (
                  <Button
                    icon={<FilePdfOutlined />}
                    onClick={() => void savePdf()}
                    data-testid="shift-save-pdf"
                  >
                    {t('summary.pdf')}
                  </Button>
                )}
              </Space>
            )
          }
        >
          {summaryError && <Alert type="error" showIcon title={summaryError} />}
          {summary ? (
            <SummaryView
              view={summary}
              onDrill={(bar, label) =>
                setDrill({
                  bar,
                  label,
                  from: summary.from,
                  to: summary.to,
                  shiftId: selected!,
                  scope,
                })
              }
            />
          ) : (
            !summaryError && <Typography.Text type="secondary">{t('summary.pick')}</Typography.Text>
          )}
        </Card>
      </div>

      <Modal
        open={ending}
        title={t('end.title')}
        okText={t('end.ok')}
        onOk={() => void endAndExport()}
        onCancel={() => setEnding(false)}
        okButtonProps={
          { 'data-testid': 'shift-end-confirm' } as React.ComponentProps<typeof Button>
        }
      >
        <Typography.Paragraph>{t('end.body')}</Typography.Paragraph>
        <Input.TextArea
          rows={4}
          maxLength={4000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('end.notePlaceholder')}
          data-testid="shift-end-note"
        />
      </Modal>
      <DrillModal
        req={drill}
        offsetMin={summary?.utcOffsetMinutes ?? 480}
        onClose={() => setDrill(null)}
      />
      {exporter.modal}
    </div>
  )
}
