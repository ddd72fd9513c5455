/**
 * Who is due for training (the trainer's dashboard): new staff until they pass an onboarding
 * exam (入职培训), everyone without any training this calendar month (月度培训), and who failed
 * what most recently. Pure over plain records; months are the shop's local calendar months.
 */

export type DueReason = 'onboarding' | 'monthly'

export const DUE_REASON_LABELS: Record<DueReason, string> = {
  onboarding: '入职培训未完成',
  monthly: '本月还没有参加培训',
}

/**
 * The people who serve customers (客服专员, 售后处理专员): the ones due for training and assessed
 * each month. Admins, trainers and supervisors run the floor; they are not listed as behind.
 */
export function servesCustomers(p: { roles: unknown }): boolean {
  return Array.isArray(p.roles) && p.roles.some((r) => r === 'agent' || r === 'specialist')
}

export interface TraineeRef {
  id: string
  name: string
}

export interface ExamRecord {
  personId: string
  templateId: string
  title: string
  audience: 'onboarding' | 'monthly' | 'all'
  /** When it was submitted (ISO). */
  at: string
  percent: number
  passed: boolean
}

export interface DrillRecord {
  personId: string
  scenarioId: string
  title: string
  at: string
  total: number
  max: number
}

export interface ClassRecord {
  personId: string
  title: string
  at: string
}

export interface DueEntry {
  personId: string
  name: string
  reasons: DueReason[]
}

export interface FailedEntry {
  personId: string
  name: string
  kind: 'exam' | 'drill'
  /** The exam template or drill scenario. */
  refId: string
  title: string
  at: string
  percent: number
}

/** A drill below this share of the rubric counts as failed. */
export const DRILL_PASS_PERCENT = 60

export function monthKey(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`
}

const pct = (total: number, max: number) => (max > 0 ? Math.round((total * 1000) / max) / 10 : 0)

export function dueTraining(
  people: readonly TraineeRef[],
  records: {
    exams: readonly ExamRecord[]
    drills: readonly DrillRecord[]
    classes: readonly ClassRecord[]
  },
  now: Date,
): { due: DueEntry[]; failed: FailedEntry[] } {
  const month = monthKey(now)
  const inMonth = (iso: string) => monthKey(new Date(iso)) === month
  const due: DueEntry[] = []
  const failed: FailedEntry[] = []
  for (const p of people) {
    const exams = records.exams.filter((e) => e.personId === p.id)
    const drills = records.drills.filter((d) => d.personId === p.id)
    const classes = records.classes.filter((c) => c.personId === p.id)
    const reasons: DueReason[] = []
    if (!exams.some((e) => e.audience === 'onboarding' && e.passed)) reasons.push('onboarding')
    const active =
      exams.some((e) => inMonth(e.at)) ||
      drills.some((d) => inMonth(d.at)) ||
      classes.some((c) => inMonth(c.at))
    if (!active) reasons.push('monthly')
    if (reasons.length > 0) due.push({ personId: p.id, name: p.name, reasons })

    // Only the latest try counts: someone who failed and then passed is not behind.
    const latestExam = new Map<string, ExamRecord>()
    for (const e of exams) {
      const had = latestExam.get(e.templateId)
      if (!had || e.at > had.at) latestExam.set(e.templateId, e)
    }
    for (const e of latestExam.values()) {
      if (!e.passed) {
        failed.push({
          personId: p.id,
          name: p.name,
          kind: 'exam',
          refId: e.templateId,
          title: e.title,
          at: e.at,
          percent: e.percent,
        })
      }
    }
    const latestDrill = new Map<string, DrillRecord>()
    for (const d of drills) {
      const had = latestDrill.get(d.scenarioId)
      if (!had || d.at > had.at) latestDrill.set(d.scenarioId, d)
    }
    for (const d of latestDrill.values()) {
      const percent = pct(d.total, d.max)
      if (percent < DRILL_PASS_PERCENT) {
        failed.push({
          personId: p.id,
          name: p.name,
          kind: 'drill',
          refId: d.scenarioId,
          title: d.title,
          at: d.at,
          percent,
        })
      }
    }
  }
  failed.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
  return { due, failed }
}
