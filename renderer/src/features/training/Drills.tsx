import { Alert, App, Button, Card, Form, Select, Space, Table, Tag, Typography, Upload } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Person } from '@shared/api/people'
import type { DrillScenarioSummary, DrillSummary } from '@shared/api/training'
import { PLATFORM_LABELS } from '@shared/content/schemas'
import type { DrillMode } from '@shared/training/model'
import { kefu } from '../../api'
import { useSaveFile } from '../../lib/save-file'
import { useCan } from '../auth/store'
import { drillScoreText, drillStatusText, failure, timeText, useTraining } from './store'

/** The drill scenarios, the caller's drills, and (for trainers) setting one up for a trainee. */
export function Drills() {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const { rev, openDrill } = useTraining()
  const canScore = useCan('training.score')
  const canAuthor = useCan('training.author')
  const saveFile = useSaveFile()
  const [scenarios, setScenarios] = useState<DrillScenarioSummary[]>([])
  const [sessions, setSessions] = useState<DrillSummary[]>([])
  const [mode, setMode] = useState<Record<string, DrillMode>>({})
  const [reload, setReload] = useState(0)

  useEffect(() => {
    void kefu.training.drills({}).then(setScenarios)
    void kefu.training.drillSessions({}).then(setSessions)
  }, [rev, reload])

  const exportDrill = async (id: string) => {
    try {
      const f = await kefu.training.exportDrill({ id })
      await saveFile({ name: f.name, mime: f.mime, base64: f.bytesBase64 })
    } catch (err) {
      message.error(failure(err).message)
    }
  }

  const start = async (input: { scenarioId: string; mode: DrillMode } | { sessionId: string }) => {
    try {
      openDrill((await kefu.training.startDrill(input)).id)
    } catch (err) {
      message.error(failure(err).message)
    }
  }

  return (
    <div>
      {canScore && <AssignForm scenarios={scenarios} />}
      <Typography.Title level={5}>{t('drills.mine')}</Typography.Title>
      <Table<DrillSummary>
        size="small"
        rowKey="id"
        dataSource={sessions}
        pagination={{ pageSize: 8 }}
        locale={{ emptyText: t('drills.none') }}
        data-testid="drill-sessions"
        onRow={(r) => ({ 'data-testid': 'drill-session-row', 'data-status': r.status }) as never}
        columns={[
          { title: t('drills.scenario'), dataIndex: 'title' },
          { title: t('drills.trainee'), dataIndex: 'traineeName' },
          {
            title: t('drills.modeLabel'),
            dataIndex: 'mode',
            render: (m: DrillMode) => t(`drill.mode.${m}`),
          },
          {
            title: t('drills.statusLabel'),
            render: (_, r) => drillStatusText(t, r),
          },
          {
            title: t('drills.score'),
            render: (_, r) => (r.status === 'ended' ? drillScoreText(t, r) : ''),
          },
          { title: t('drills.created'), dataIndex: 'createdAt', render: timeText },
          {
            title: '',
            render: (_, r) => (
              <Button
                size="small"
                type="link"
                onClick={() => openDrill(r.id)}
                data-testid="drill-open"
              >
                {r.status === 'assigned'
                  ? t('drills.open')
                  : r.status === 'running'
                    ? t('drills.continue')
                    : t('drills.view')}
              </Button>
            ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('drills.scenarios')}
      </Typography.Title>
      {canAuthor && <DrillImport onImported={() => setReload((n) => n + 1)} />}
      <div className="training-cards">
        {scenarios.map((s) => (
          <Card
            key={s.id}
            size="small"
            title={s.title}
            data-testid="drill-card"
            data-scenario={s.id}
            extra={
              <Space size={4}>
                {!s.isDefault && <Tag color="blue">{t('drills.custom')}</Tag>}
                <Tag>{PLATFORM_LABELS[s.platform]}</Tag>
              </Space>
            }
            actions={[
              <Space key="start">
                <Select<DrillMode>
                  size="small"
                  value={mode[s.id] ?? 'scripted'}
                  onChange={(m) => setMode((x) => ({ ...x, [s.id]: m }))}
                  options={(['scripted', 'live'] as const).map((m) => ({
                    value: m,
                    label: t(`drill.mode.${m}`),
                  }))}
                />
                <Button
                  size="small"
                  type="primary"
                  onClick={() => void start({ scenarioId: s.id, mode: mode[s.id] ?? 'scripted' })}
                  data-testid="drill-practise"
                >
                  {t('drills.practise')}
                </Button>
              </Space>,
              ...(canAuthor
                ? [
                    <Button
                      key="export"
                      size="small"
                      type="link"
                      onClick={() => void exportDrill(s.id)}
                      data-testid="drill-export"
                    >
                      {t('drills.export')}
                    </Button>,
                  ]
                : []),
            ]}
          >
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 3 }}>
              {s.summary}
            </Typography.Paragraph>
            <Space size={4} wrap>
              <Tag>{t('drills.persona', { name: s.personaName })}</Tag>
              <Tag>{t('drills.minutes', { minutes: s.timeLimitMin })}</Tag>
              <Tag>{t('drills.points', { points: s.rubricMax })}</Tag>
            </Space>
          </Card>
        ))}
      </div>
    </div>
  )
}

function AssignForm({ scenarios }: { scenarios: DrillScenarioSummary[] }) {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const [people, setPeople] = useState<Person[]>([])
  const [form] = Form.useForm<{ scenarioId: string; traineeId: string; mode: DrillMode }>()
  useEffect(() => {
    void kefu.people.directory({}).then(setPeople)
  }, [])
  return (
    <Card
      size="small"
      title={t('drills.assign')}
      style={{ marginBottom: 16 }}
      data-testid="drill-assign"
    >
      <Form
        form={form}
        layout="inline"
        initialValues={{ mode: 'scripted' }}
        onFinish={(v) =>
          void kefu.training
            .assignDrill(v)
            .then(() => {
              message.success(t('drills.assigned'))
              form.resetFields(['traineeId'])
            })
            .catch((err: unknown) => message.error(failure(err).message))
        }
      >
        <Form.Item
          name="scenarioId"
          rules={[{ required: true, message: t('drills.pickScenario') }]}
        >
          <Select
            style={{ width: 260 }}
            placeholder={t('drills.pickScenario')}
            options={scenarios.map((s) => ({ value: s.id, label: s.title }))}
            data-testid="assign-scenario"
          />
        </Form.Item>
        <Form.Item name="traineeId" rules={[{ required: true, message: t('drills.pickTrainee') }]}>
          <Select
            style={{ width: 160 }}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('drills.pickTrainee')}
            options={people.map((p) => ({ value: p.id, label: p.name }))}
            data-testid="assign-trainee"
          />
        </Form.Item>
        <Form.Item name="mode">
          <Select
            style={{ width: 140 }}
            options={(['scripted', 'live'] as const).map((m) => ({
              value: m,
              label: t(`drill.mode.${m}`),
            }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="assign-submit">
          {t('drills.assignButton')}
        </Button>
      </Form>
    </Card>
  )
}

/** A scenario from a JSON file; a refused file shows every problem the service found. */
function DrillImport({ onImported }: { onImported(): void }) {
  const { t } = useTranslation('training')
  const { message } = App.useApp()
  const [problems, setProblems] = useState<string[]>([])
  const [fileName, setFileName] = useState('')

  const choose = async (f: File) => {
    setFileName(f.name)
    setProblems([])
    try {
      const r = await kefu.training.importDrill({ json: await f.text() })
      message.success(
        t(r.created ? 'drills.imported' : 'drills.replaced', { title: r.scenario.title }),
      )
      onImported()
    } catch (err) {
      const e = failure(err)
      const listed = Object.values(e.fields)
      setProblems(listed.length > 0 ? listed : [e.message])
    }
  }

  return (
    <div style={{ marginBottom: 12 }} data-testid="drill-import">
      <Space wrap>
        <Upload
          accept=".json,application/json"
          showUploadList={false}
          beforeUpload={(f) => {
            void choose(f)
            return false
          }}
        >
          <Button data-testid="drill-import-pick">{t('drills.import')}</Button>
        </Upload>
        <Typography.Text type="secondary">{t('drills.importHint')}</Typography.Text>
      </Space>
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="drill-import-errors"
          title={t('drills.importErrors', { file: fileName, count: problems.length })}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
    </div>
  )
}
