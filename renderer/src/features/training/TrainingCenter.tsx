import { Tabs } from 'antd'
import { useTranslation } from 'react-i18next'
import { useCan } from '../auth/store'
import { Banks } from './Banks'
import { Dashboard } from './Dashboard'
import { DrillRoom } from './DrillRoom'
import { Drills } from './Drills'
import { ExamAttempt, Exams } from './Exams'
import { Materials } from './Materials'
import { Records } from './Records'
import { useTraining, type TrainingTab } from './store'
import './training.css'

/** 培训中心 (issue 10): materials, exams, drills, the trainee's record and the trainer's board. */
export function TrainingCenter() {
  const { t } = useTranslation('training')
  const { tab, setTab, attemptId, drillId } = useTraining()
  const viewAll = useCan('training.viewAll')
  const canAuthor = useCan('training.author')

  if (drillId) return <DrillRoom id={drillId} />
  if (attemptId) return <ExamAttempt id={attemptId} />

  const items: { key: TrainingTab; label: string; children: React.ReactNode }[] = [
    { key: 'materials', label: t('tabs.materials'), children: <Materials /> },
    { key: 'exams', label: t('tabs.exams'), children: <Exams /> },
    { key: 'drills', label: t('tabs.drills'), children: <Drills /> },
    { key: 'records', label: t('tabs.records'), children: <Records /> },
  ]
  if (canAuthor) items.splice(2, 0, { key: 'banks', label: t('tabs.banks'), children: <Banks /> })
  if (viewAll) items.push({ key: 'dashboard', label: t('tabs.dashboard'), children: <Dashboard /> })
  return (
    <div className="training-center" data-testid="training-center">
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as TrainingTab)}
        destroyOnHidden
        items={items.map((i) => ({
          ...i,
          label: <span data-testid={`training-tab-${i.key}`}>{i.label}</span>,
        }))}
      />
    </div>
  )
}
