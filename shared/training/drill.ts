import { nextTurn, scoreRubric, startNode, type RubricMark } from '../content/drill-engine'
import type { DrillScenario, DrillTranscriptEntry, RubricItemId } from '../content/schemas'
import { AppError } from '../errors'
import type { DrillMode, DrillOutcome, DrillStatus } from './model'

/**
 * A role-play drill session as a reducer: what the trainee, the scripted customer or the
 * trainer playing the customer did, in order. The service keeps the result; the rules live here.
 */

export interface DrillState {
  mode: DrillMode
  status: DrillStatus
  /** Scripted mode: the customer turn the trainee is answering. Live mode: null. */
  nodeId: string | null
  transcript: DrillTranscriptEntry[]
  outcome: DrillOutcome | null
  startedAt: number | null
  /** Epoch ms after which replies are refused and the drill ends as 'timeout'. */
  deadline: number | null
}

export type DrillEvent =
  | { type: 'start'; at: number }
  /** The trainee's reply, as the agent. */
  | { type: 'reply'; text: string; at: number }
  /** Live mode: the trainer, playing the customer, says something. */
  | { type: 'customer'; text: string; at: number }
  | { type: 'end'; outcome: DrillOutcome; at: number }

export interface DrillStep {
  state: DrillState
  /** Transcript lines this event added, in order. */
  added: DrillTranscriptEntry[]
}

export function newDrillState(mode: DrillMode): DrillState {
  return {
    mode,
    status: 'assigned',
    nodeId: null,
    transcript: [],
    outcome: null,
    startedAt: null,
    deadline: null,
  }
}

const refuse = (code: string, message: string) => new AppError(code, message)

/** Whether the drill's time is over at `now` (and it is still running). */
export function drillTimeUp(state: DrillState, now: number): boolean {
  return state.status === 'running' && state.deadline !== null && now > state.deadline
}

export function drillStep(scenario: DrillScenario, state: DrillState, ev: DrillEvent): DrillStep {
  if (state.status === 'ended') throw refuse('drill.ended', '这场演练已经结束')
  switch (ev.type) {
    case 'start': {
      if (state.status !== 'assigned') throw refuse('drill.started', '这场演练已经开始了')
      const open = startNode(scenario)
      const line: DrillTranscriptEntry = {
        role: 'customer',
        text: scenario.opening,
        nodeId: open.id,
        at: ev.at,
      }
      return {
        state: {
          ...state,
          status: 'running',
          nodeId: state.mode === 'scripted' ? open.id : null,
          transcript: [line],
          startedAt: ev.at,
          deadline: ev.at + scenario.timeLimitMin * 60_000,
        },
        added: [line],
      }
    }
    case 'reply': {
      if (state.status !== 'running') throw refuse('drill.not_started', '演练还没有开始')
      if (drillTimeUp(state, ev.at)) throw refuse('drill.time_up', '演练时间已到，不能再回复')
      const text = ev.text.trim()
      if (!text) throw refuse('invalid_input', '请输入回复内容')
      const mine: DrillTranscriptEntry = { role: 'agent', text, at: ev.at }
      if (state.mode === 'live' || state.nodeId === null) {
        return { state: { ...state, transcript: [...state.transcript, mine] }, added: [mine] }
      }
      const step = nextTurn(scenario, state.nodeId, text, state.transcript)
      const theirs: DrillTranscriptEntry = {
        role: 'customer',
        text: step.node.customerSays,
        nodeId: step.node.id,
        at: ev.at,
      }
      return {
        state: {
          ...state,
          nodeId: step.node.id,
          transcript: [...state.transcript, mine, theirs],
          status: step.end ? 'ended' : 'running',
          outcome: step.end ?? null,
        },
        added: [mine, theirs],
      }
    }
    case 'customer': {
      if (state.mode !== 'live') throw refuse('drill.scripted', '情景模式由系统扮演顾客')
      if (state.status !== 'running') throw refuse('drill.not_started', '演练还没有开始')
      const text = ev.text.trim()
      if (!text) throw refuse('invalid_input', '请输入顾客的话')
      const line: DrillTranscriptEntry = { role: 'customer', text, at: ev.at }
      return { state: { ...state, transcript: [...state.transcript, line] }, added: [line] }
    }
    case 'end':
      return { state: { ...state, status: 'ended', outcome: ev.outcome }, added: [] }
  }
}

export interface ResponseTime {
  /** Index in the transcript of the customer message. */
  customerIndex: number
  ms: number
}

/**
 * Response time per turn (响应时间): from each customer message to the trainee's first reply
 * after it. A message never answered has no entry.
 */
export function responseTimes(transcript: readonly DrillTranscriptEntry[]): ResponseTime[] {
  const out: ResponseTime[] = []
  let waiting: { index: number; at: number } | null = null
  transcript.forEach((e, i) => {
    if (e.role === 'customer') {
      if (waiting === null && e.at !== undefined) waiting = { index: i, at: e.at }
    } else if (waiting !== null && e.at !== undefined) {
      out.push({ customerIndex: waiting.index, ms: Math.max(0, e.at - waiting.at) })
      waiting = null
    }
  })
  return out
}

export interface DrillMark extends RubricMark {
  /** Scored by the app (an auto check) rather than the trainer. */
  auto: boolean
  /** What the app gave, when it scores the item. */
  autoEarned: number | null
}

/**
 * The rubric as it stands: the app's scores for items it can check, with the trainer's marks
 * over them (a trainer may correct an auto item too); items nobody marked yet stay null.
 */
export function drillMarks(
  scenario: DrillScenario,
  transcript: readonly DrillTranscriptEntry[],
  trainerMarks: Partial<Record<RubricItemId, number>>,
): { marks: DrillMark[]; total: number; max: number; complete: boolean } {
  const marks = scoreRubric(scenario, transcript).map((m): DrillMark => {
    const given = Object.hasOwn(trainerMarks, m.id) ? trainerMarks[m.id] : undefined
    const earned = typeof given === 'number' ? Math.min(Math.max(given, 0), m.points) : m.earned
    return { ...m, earned, auto: m.earned !== null, autoEarned: m.earned }
  })
  return {
    marks,
    total: marks.reduce((s, m) => s + (m.earned ?? 0), 0),
    max: marks.reduce((s, m) => s + m.points, 0),
    complete: marks.every((m) => m.earned !== null),
  }
}
