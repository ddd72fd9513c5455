import type { TFunction } from 'i18next'
import { create } from 'zustand'
import { toCallError } from '@shared/api/envelope'
import type { DrillOutcome, DrillStatus } from '@shared/training/model'
import { kefu } from '../../api'

export type TrainingTab = 'materials' | 'exams' | 'banks' | 'drills' | 'records' | 'dashboard'

/** What the training centre shows: a tab, or one open exam paper or drill (full width). */
interface TrainingState {
  tab: TrainingTab
  lessonId: string | null
  attemptId: string | null
  drillId: string | null
  /** Bumps when training records change anywhere (this window, another, another PC). */
  rev: number
  setTab(tab: TrainingTab): void
  openLesson(id: string | null): void
  openAttempt(id: string | null): void
  openDrill(id: string | null): void
}

export const useTraining = create<TrainingState>((set) => ({
  tab: 'materials',
  lessonId: null,
  attemptId: null,
  drillId: null,
  rev: 0,
  setTab: (tab) => set({ tab, attemptId: null, drillId: null }),
  openLesson: (lessonId) => set({ lessonId }),
  openAttempt: (attemptId) => set({ attemptId, drillId: null }),
  openDrill: (drillId) => set({ drillId, attemptId: null }),
}))

const WATCHED = new Set([
  'course',
  'lesson',
  'question',
  'questionBank',
  'exam',
  'drill',
  'examAttempt',
  'drillSession',
  'trainingClass',
  'trainingFeedback',
])

kefu.on('store.changed', ({ entities }) => {
  if (entities.some((e) => WATCHED.has(e))) useTraining.setState((s) => ({ rev: s.rev + 1 }))
})

/** The zh-CN message of a refused call, and its field messages. */
export function failure(err: unknown): {
  code: string
  message: string
  fields: Record<string, string>
} {
  const e = toCallError(err)
  return { code: e.code, message: e.message, fields: e.fields ?? {} }
}

const pad = (n: number) => String(n).padStart(2, '0')

export function timeText(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return ''
  const d = new Date(v)
  if (Number.isNaN(d.getTime())) return ''
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export function clockText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  return `${pad(Math.floor(s / 60))}:${pad(s % 60)}`
}

/** Where a drill stands: how it ended once it has, else its status. */
export function drillStatusText(
  t: TFunction,
  d: { status: DrillStatus; outcome: DrillOutcome | null },
): string {
  return d.status === 'ended' && d.outcome
    ? t('training:drill.outcome.' + d.outcome)
    : t('training:drill.status.' + d.status)
}

/** Points so far, flagged while items are left for the trainer to mark. */
export function drillScoreText(
  t: TFunction,
  d: { total: number; max: number; complete: boolean },
): string {
  return `${d.total}/${d.max}${d.complete ? '' : t('training:drills.unmarked')}`
}

export function secondsText(ms: number): string {
  return `${Math.round(ms / 100) / 10}`
}

/** Bytes as base64, for files crossing the contract. */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(bin)
}
