import { Modal, Table } from 'antd'
import { useTranslation } from 'react-i18next'
import { useDesk } from './store'

export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: 'Ctrl+N / N', action: 'newTicket' },
  { keys: 'Ctrl+F / /', action: 'search' },
  { keys: 'J / ↓', action: 'next' },
  { keys: 'K / ↑', action: 'previous' },
  { keys: 'R', action: 'reply' },
  { keys: 'Ctrl+Enter', action: 'send' },
  { keys: 'T', action: 'transfer' },
  { keys: 'Ctrl+Shift+R', action: 'resolve' },
  { keys: 'Ctrl+Shift+D', action: 'review' },
  { keys: 'Esc', action: 'escape' },
  { keys: '? / F1', action: 'help' },
  { keys: 'Alt+1…6', action: 'sections' },
]

/** Every shortcut of the desk in one table (? or F1). */
export function ShortcutHelp() {
  const { t } = useTranslation('tickets')
  const open = useDesk((s) => s.helpOpen)
  const close = useDesk((s) => s.close)
  return (
    <Modal
      open={open}
      title={t('shortcuts.title')}
      onCancel={() => close('help')}
      footer={null}
      data-testid="shortcut-help"
    >
      <p>{t('shortcuts.ime')}</p>
      <Table
        size="small"
        pagination={false}
        rowKey="keys"
        dataSource={SHORTCUTS}
        columns={[
          {
            title: t('shortcuts.keys'),
            dataIndex: 'keys',
            render: (k: string) => <kbd>{k}</kbd>,
          },
          {
            title: t('shortcuts.action'),
            dataIndex: 'action',
            render: (a: string) => t(`shortcuts.${a}`),
          },
        ]}
      />
    </Modal>
  )
}
