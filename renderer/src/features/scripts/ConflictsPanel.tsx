import { App, Button, Card, Empty, Input, Radio, Space, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ScriptConflict } from '@shared/scripts/model'
import { toCallError } from '@shared/api/envelope'
import { kefu } from '../../api'
import { DiffView } from './DiffView'

const asText = (v: unknown) =>
  typeof v === 'string'
    ? v
    : Object.entries((v ?? {}) as Record<string, string>)
        .map(([k, s]) => `${k}: ${s}`)
        .join('\n')

function ConflictCard({ c, onSettled }: { c: ScriptConflict; onSettled(): void }) {
  const { t } = useTranslation('scripts')
  const { message } = App.useApp()
  const [winner, setWinner] = useState(c.versions[0]!.hlc)
  const chosen = c.versions.find((v) => v.hlc === winner) ?? c.versions[0]!
  const [text, setText] = useState(asText(chosen.value))
  const other = c.versions.find((v) => v.hlc !== winner)

  const settle = async () => {
    try {
      await kefu.scripts.settle({
        id: c.scriptId,
        field: c.field,
        winner,
        value: c.field === 'body' ? text : (chosen.value as Record<string, string>),
      })
      message.success(t('conflicts.settled'))
      onSettled()
    } catch (err) {
      message.error(toCallError(err).message)
    }
  }

  return (
    <Card
      size="small"
      title={`${c.title} · ${t(`conflicts.field.${c.field}`)}`}
      data-testid="script-conflict"
    >
      <Radio.Group
        value={winner}
        onChange={(e) => {
          setWinner(e.target.value)
          setText(asText(c.versions.find((v) => v.hlc === e.target.value)?.value))
        }}
      >
        <Space direction="vertical">
          {c.versions.map((v) => (
            <Radio key={v.hlc} value={v.hlc}>
              <Typography.Text strong>
                {v.byName} · {v.at.slice(0, 16).replace('T', ' ')}
              </Typography.Text>
              <div className="conflict-text">{asText(v.value)}</div>
            </Radio>
          ))}
        </Space>
      </Radio.Group>
      {other && (
        <>
          <Typography.Text type="secondary">{t('conflicts.diff')}</Typography.Text>
          <DiffView before={asText(other.value)} after={asText(chosen.value)} />
        </>
      )}
      {c.field === 'body' && (
        <Input.TextArea
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoSize={{ minRows: 2, maxRows: 8 }}
          style={{ marginTop: 8 }}
        />
      )}
      <Button type="primary" style={{ marginTop: 8 }} onClick={() => void settle()}>
        {t('conflicts.keep')}
      </Button>
    </Card>
  )
}

/** Scripts edited on two PCs offline: nothing was overwritten; a supervisor keeps one. */
export function ConflictsPanel() {
  const { t } = useTranslation('scripts')
  const [items, setItems] = useState<ScriptConflict[]>([])
  const load = () =>
    kefu.scripts
      .conflicts({})
      .then(setItems)
      .catch(() => setItems([]))
  useEffect(() => {
    void load()
    return kefu.on('store.changed', ({ entities }) => {
      if (entities.includes('script')) void load()
    })
  }, [])
  if (items.length === 0) return <Empty description={t('conflicts.none')} />
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {items.map((c) => (
        <ConflictCard
          key={`${c.scriptId}/${c.field}/${c.versions.map((v) => v.hlc).join()}`}
          c={c}
          onSettled={() => void load()}
        />
      ))}
    </Space>
  )
}
