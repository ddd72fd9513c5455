import { Alert, App, Button, Card, Collapse, Input, Space, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SearchSynonyms } from '@shared/api/tickets'
import { parseSynonymText } from '@shared/search/synonyms'
import { kefu } from '../../api'
import { useCan } from '../auth/store'
import { failure } from './format'

const toText = (groups: string[][]): string => groups.map((g) => g.join(' ')).join('\n')

/**
 * 设置 → 搜索同义词: the shop's own words for the same problem, one group a line. A shop-wide
 * setting (it syncs); the desk's search uses it at the next query, without rebuilding anything.
 */
export function SynonymsPanel() {
  const { t } = useTranslation('tickets')
  const { message } = App.useApp()
  const canEdit = useCan('settings.shop')
  const [data, setData] = useState<SearchSynonyms | null>(null)
  const [text, setText] = useState('')
  const [bad, setBad] = useState<number[]>([])
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    kefu.tickets
      .synonyms({})
      .then((s) => {
        setData(s)
        setText(toText(s.shop))
      })
      .catch((e) => setError(failure(e).message))
  }, [])

  const save = async () => {
    const parsed = parseSynonymText(text)
    setBad(parsed.bad)
    if (parsed.bad.length > 0) return
    setSaving(true)
    try {
      const s = await kefu.tickets.setSynonyms({ groups: parsed.groups })
      setData(s)
      setText(toText(s.shop))
      message.success(t('synonyms.saved', { n: s.shop.length }))
    } catch (e) {
      setError(failure(e).message)
    } finally {
      setSaving(false)
    }
  }

  if (error) return <Alert type="error" showIcon title={error} />
  if (!data) return null
  return (
    <div style={{ maxWidth: 880 }} data-testid="synonyms-panel">
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {!canEdit && <Alert type="info" showIcon title={t('synonyms.readOnly')} />}
        <Card title={t('synonyms.shopTitle')} size="small">
          <Typography.Paragraph type="secondary">{t('synonyms.help')}</Typography.Paragraph>
          <Input.TextArea
            value={text}
            onChange={(e) => {
              setText(e.target.value)
              setBad([])
            }}
            autoSize={{ minRows: 6, maxRows: 20 }}
            placeholder={t('synonyms.placeholder')}
            disabled={!canEdit}
            aria-label={t('synonyms.shopTitle')}
            data-testid="synonyms-text"
          />
          {bad.length > 0 && (
            <Typography.Text type="danger" data-testid="synonyms-bad">
              {t('synonyms.badLines', { lines: bad.join('、') })}
            </Typography.Text>
          )}
          <div style={{ marginTop: 8 }}>
            <Button
              type="primary"
              onClick={() => void save()}
              loading={saving}
              disabled={!canEdit}
              data-testid="synonyms-save"
            >
              {t('synonyms.save')}
            </Button>
          </div>
        </Card>
        <Collapse
          items={[
            {
              key: 'defaults',
              label: t('synonyms.defaultsTitle', { n: data.defaults.length }),
              children: (
                <ul className="synonym-defaults">
                  {data.defaults.map((g, i) => (
                    <li key={i}>{g.join(' / ')}</li>
                  ))}
                </ul>
              ),
            },
          ]}
        />
      </Space>
    </div>
  )
}
