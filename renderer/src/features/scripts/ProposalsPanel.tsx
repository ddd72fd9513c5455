import { App, Button, Empty, Input, List, Space, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ScriptProposal } from '@shared/scripts/model'
import { SCRIPT_CATEGORY_LABELS } from '@shared/scripts/model'
import { toCallError } from '@shared/api/envelope'
import { kefu } from '../../api'

/** Personal scripts offered for shop-wide use: a supervisor approves or declines each. */
export function ProposalsPanel({ canApprove }: { canApprove: boolean }) {
  const { t } = useTranslation('scripts')
  const { message } = App.useApp()
  const [items, setItems] = useState<ScriptProposal[]>([])
  const [notes, setNotes] = useState<Record<string, string>>({})

  const load = () =>
    kefu.scripts
      .proposals({})
      .then(setItems)
      .catch(() => setItems([]))
  useEffect(() => {
    void load()
    return kefu.on('store.changed', ({ entities }) => {
      if (entities.includes('scriptProposal')) void load()
    })
  }, [])

  const decide = async (p: ScriptProposal, approve: boolean) => {
    try {
      await kefu.scripts.decide({ id: p.id, approve, note: notes[p.id] ?? '' })
      message.success(approve ? t('proposals.approved') : t('proposals.declined'))
      await load()
    } catch (err) {
      message.error(toCallError(err).message)
    }
  }

  if (items.length === 0) return <Empty description={t('proposals.none')} />
  return (
    <List
      dataSource={items}
      data-testid="proposals"
      renderItem={(p) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space>
                {p.draft.title}
                <Tag>{SCRIPT_CATEGORY_LABELS[p.draft.category]}</Tag>
                <Tag
                  color={
                    p.status === 'pending' ? 'gold' : p.status === 'approved' ? 'green' : 'default'
                  }
                >
                  {t(`proposals.status.${p.status}`)}
                </Tag>
              </Space>
            }
            description={
              <>
                <Typography.Paragraph style={{ marginBottom: 4 }}>
                  {p.draft.body}
                </Typography.Paragraph>
                <Typography.Text type="secondary">
                  {t('proposals.by', { name: p.byName, at: p.at.slice(0, 16).replace('T', ' ') })}
                  {p.note && ` · ${p.note}`}
                  {p.decidedByName && ` · ${t('proposals.decidedBy', { name: p.decidedByName })}`}
                  {p.decisionNote && `：${p.decisionNote}`}
                </Typography.Text>
                {canApprove && p.status === 'pending' && (
                  <Space style={{ marginTop: 8, display: 'flex' }}>
                    <Input
                      size="small"
                      placeholder={t('proposals.notePlaceholder')}
                      value={notes[p.id] ?? ''}
                      onChange={(e) => setNotes({ ...notes, [p.id]: e.target.value })}
                      style={{ width: 260 }}
                    />
                    <Button size="small" type="primary" onClick={() => void decide(p, true)}>
                      {t('proposals.approve')}
                    </Button>
                    <Button size="small" onClick={() => void decide(p, false)}>
                      {t('proposals.decline')}
                    </Button>
                  </Space>
                )}
              </>
            }
          />
        </List.Item>
      )}
    />
  )
}
