import type {
  DrillExport,
  DrillImportResult,
  DrillLine,
  DrillScenarioSummary,
  DrillSessionView,
  DrillSummary,
} from '../../../shared/api/training'
import { can } from '../../../shared/auth/permissions'
import type { Person } from '../../../shared/auth/roles'
import type { CustomerMood, DrillScenario, RubricItemId } from '../../../shared/content/schemas'
import { findNode } from '../../../shared/content/drill-engine'
import { materialize } from '../../../shared/data/merge'
import type { Change, Doc } from '../../../shared/data/ops'
import { AppError, ErrorCode } from '../../../shared/errors'
import {
  drillMarks,
  drillStep,
  drillTimeUp,
  responseTimes,
  type DrillEvent,
  type DrillState,
} from '../../../shared/training/drill'
import { drillJson, readDrillJson } from '../../../shared/training/authoring'
import {
  DRILL_OUTCOME_LABELS,
  TRAINING_ENTITIES as E,
  type DrillMode,
  type DrillOutcome,
  type DrillStatus,
} from '../../../shared/training/model'
import { forbidden } from '../../access'
import type { CallContext } from '../../context'
import {
  checkSees,
  iso,
  live,
  liveDocs,
  newId,
  notFound,
  num,
  setAll,
  str,
  strOrNull,
  type Kit,
} from './common'
import { TrainerJoin } from './join'

interface Turn {
  id: string
  role: 'customer' | 'agent'
  text: string
  at: number
  nodeId?: string
  mood?: CustomerMood
  scriptIds?: string[]
  by?: string
}

/**
 * Role-play drills (模拟演练). A session is a training record of its own (entity
 * 'drillSession'): the transcript is a grow-only set of turns, the rest plain fields. Nothing
 * here touches tickets, KPIs or script usage.
 */
export function drills(kit: Kit) {
  const { store } = kit
  const join = new TrainerJoin()
  /** Trainers joined with their PIN, per window session and drill: never the signed-in person. */
  const joined = new Map<string, Person>()
  const joinKey = (ctx: CallContext, id: string) => `${ctx.session.id}|${id}`

  const scenarios = (): DrillScenario[] =>
    liveDocs(store, E.drill)
      .map((d) => d.fields.scenario as DrillScenario)
      .filter((s) => s && typeof s === 'object' && typeof s.id === 'string')

  const scenario = (id: string): DrillScenario => {
    const s = scenarios().find((x) => x.id === id)
    if (!s) throw notFound('演练情景')
    return s
  }

  /**
   * The scenario a session was played on. Imported scenarios can be replaced, so their
   * sessions keep the version they started with: a new graph must not re-route a running
   * drill or re-score an ended one.
   */
  const scenarioOf = (d: Doc): DrillScenario => {
    const kept = d.fields.scenario as DrillScenario | undefined
    return kept && typeof kept === 'object' && typeof kept.id === 'string'
      ? kept
      : scenario(str(d, 'scenarioId'))
  }

  const sessionDoc = (id: string): Doc => {
    const d = store.get(E.drillSession, id)
    if (!live(d)) throw notFound('演练')
    return d
  }

  const turnsOf = (d: Doc): Turn[] => materialize<{ turns?: Turn[] }>(d).turns ?? []

  const stateOf = (d: Doc): DrillState => ({
    mode: d.fields.mode === 'live' ? 'live' : 'scripted',
    status: (['assigned', 'running', 'ended'] as const).includes(d.fields.status as DrillStatus)
      ? (d.fields.status as DrillStatus)
      : 'assigned',
    nodeId: strOrNull(d, 'nodeId'),
    transcript: turnsOf(d).map((t) => ({
      role: t.role,
      text: t.text,
      at: t.at,
      ...(t.nodeId ? { nodeId: t.nodeId } : {}),
    })),
    outcome: (strOrNull(d, 'outcome') as DrillOutcome | null) ?? null,
    startedAt: num(d, 'startedAt'),
    deadline: num(d, 'deadline'),
  })

  const marksOf = (d: Doc): Partial<Record<RubricItemId, number>> =>
    d.fields.marks && typeof d.fields.marks === 'object'
      ? (d.fields.marks as Partial<Record<RubricItemId, number>>)
      : {}

  const scored = (d: Doc) => {
    const s = scenarioOf(d)
    return drillMarks(s, stateOf(d).transcript, marksOf(d))
  }

  const summary = (d: Doc): DrillSummary => {
    const st = stateOf(d)
    const m = scored(d)
    return {
      id: d.id,
      scenarioId: str(d, 'scenarioId'),
      title: str(d, 'scenarioTitle'),
      traineeId: str(d, 'traineeId'),
      traineeName: str(d, 'traineeName'),
      mode: st.mode,
      status: st.status,
      outcome: st.outcome,
      createdAt: str(d, 'createdAt'),
      endedAt: strOrNull(d, 'endedAt'),
      total: m.total,
      max: m.max,
      complete: m.complete,
      trainerName: strOrNull(d, 'trainerName'),
    }
  }

  /** Who scores from this window: a trainer joined here with their PIN, or a signed-in scorer. */
  const scorer = (ctx: CallContext, person: Person, d: Doc): Person => {
    const here = joined.get(joinKey(ctx, d.id))
    if (here) return here
    if (can(person, 'training.score') && str(d, 'traineeId') !== person.id) return person
    throw new AppError(
      ErrorCode.forbidden,
      str(d, 'traineeId') === person.id && can(person, 'training.score')
        ? '学员不能给自己的演练评分，请讲师用 PIN 加入'
        : '请讲师先用 PIN 加入本场演练',
    )
  }

  const view = (ctx: CallContext, person: Person, d: Doc): DrillSessionView => {
    const s = scenarioOf(d)
    const st = stateOf(d)
    const turns = turnsOf(d)
    const m = drillMarks(s, st.transcript, marksOf(d))
    const here = joined.get(joinKey(ctx, d.id)) ?? null
    const lastCustomer = [...turns].reverse().find((t) => t.role === 'customer')
    let mood: CustomerMood = s.persona.mood
    if (lastCustomer?.mood) mood = lastCustomer.mood
    else if (lastCustomer?.nodeId) mood = findNode(s, lastCustomer.nodeId).mood
    const trainerId = strOrNull(d, 'trainerId')
    return {
      id: d.id,
      scenario: {
        id: s.id,
        title: s.title,
        summary: s.summary,
        platform: s.platform,
        persona: s.persona,
        orderContext: s.orderContext,
        timeLimitMin: s.timeLimitMin,
      },
      traineeId: str(d, 'traineeId'),
      traineeName: str(d, 'traineeName'),
      mode: st.mode,
      status: st.status,
      outcome: st.outcome,
      transcript: turns.map((t): DrillLine => {
        const line: DrillLine = { role: t.role, text: t.text, at: t.at }
        const md =
          t.mood ?? (t.nodeId && t.role === 'customer' ? findNode(s, t.nodeId).mood : undefined)
        if (md) line.mood = md
        return line
      }),
      mood,
      startedAt: st.startedAt,
      deadline: st.deadline,
      endedAt: strOrNull(d, 'endedAt'),
      now: kit.now(),
      responseTimes: responseTimes(st.transcript),
      marks: m.marks,
      total: m.total,
      max: m.max,
      complete: m.complete,
      comment: str(d, 'comment'),
      assignedByName: strOrNull(d, 'assignedByName'),
      trainer: trainerId ? { id: trainerId, name: str(d, 'trainerName') } : null,
      trainerHere: !!here,
      canReply: st.status === 'running' && str(d, 'traineeId') === person.id,
      canScore: !!here || (can(person, 'training.score') && str(d, 'traineeId') !== person.id),
    }
  }

  const checkViews = (ctx: CallContext, person: Person, d: Doc) => {
    if (joined.has(joinKey(ctx, d.id))) return
    checkSees(person, str(d, 'traineeId'))
  }

  /** Applies one event and stores what changed, as `by`. */
  const apply = async (
    d: Doc,
    by: string,
    ev: DrillEvent,
    extra: Partial<Turn> = {},
  ): Promise<Doc> => {
    const s = scenarioOf(d)
    const before = stateOf(d)
    const step = drillStep(s, before, ev)
    const after = step.state
    const changes: Change[] = []
    const fields: Record<string, unknown> = {}
    if (after.status !== before.status) fields.status = after.status
    if (after.nodeId !== before.nodeId) fields.nodeId = after.nodeId
    if (after.outcome !== before.outcome) fields.outcome = after.outcome
    if (after.startedAt !== before.startedAt) fields.startedAt = after.startedAt
    if (after.deadline !== before.deadline) fields.deadline = after.deadline
    if (after.status === 'ended' && before.status !== 'ended') fields.endedAt = iso(ev.at)
    changes.push(...setAll(E.drillSession, d.id, fields))
    let n = before.transcript.length
    for (const line of step.added) {
      const turn: Turn = {
        id: `t${String(n++).padStart(4, '0')}`,
        role: line.role,
        text: line.text,
        at: line.at ?? ev.at,
        by,
        ...(line.nodeId ? { nodeId: line.nodeId } : {}),
        ...(line.role === 'agent' && extra.scriptIds?.length ? { scriptIds: extra.scriptIds } : {}),
        ...(line.role === 'customer' && extra.mood ? { mood: extra.mood } : {}),
      }
      changes.push({ entity: E.drillSession, id: d.id, kind: 'add', field: 'turns', value: turn })
    }
    if (changes.length > 0) await store.commit(by, changes)
    return sessionDoc(d.id)
  }

  /** A drill whose time ran out ends as 'timeout' the moment anyone looks at it. */
  const closeIfOverdue = async (d: Doc): Promise<Doc> => {
    const st = stateOf(d)
    if (!drillTimeUp(st, kit.now())) return d
    return apply(d, str(d, 'traineeId') || 'system', {
      type: 'end',
      outcome: 'timeout',
      at: kit.now(),
    })
  }

  const create = async (
    by: Person,
    trainee: { id: string; name: string },
    s: DrillScenario,
    mode: DrillMode,
    assigned: boolean,
  ) => {
    const id = newId('drill.s.')
    await store.commit(
      by.id,
      setAll(E.drillSession, id, {
        scenarioId: s.id,
        scenarioTitle: s.title,
        traineeId: trainee.id,
        traineeName: trainee.name,
        mode,
        status: 'assigned',
        createdAt: iso(kit.now()),
        assignedBy: assigned ? by.id : null,
        assignedByName: assigned ? by.name : null,
        marks: {},
        comment: '',
        ...(s.isDefault === true ? {} : { scenario: s }),
      }),
    )
    return sessionDoc(id)
  }

  const scenarioSummary = (s: DrillScenario): DrillScenarioSummary => ({
    id: s.id,
    title: s.title,
    summary: s.summary,
    platform: s.platform,
    personaName: s.persona.name,
    mood: s.persona.mood,
    timeLimitMin: s.timeLimitMin,
    rubricMax: s.rubric.reduce((sum, r) => sum + r.points, 0),
    isDefault: s.isDefault === true,
  })

  return {
    closeIfOverdue,
    summary,
    sessionsFor(person: Person, personId?: string, status?: DrillStatus): DrillSummary[] {
      if (personId) checkSees(person, personId)
      const all = can(person, 'training.viewAll')
      return liveDocs(store, E.drillSession)
        .filter((d) => {
          const owner = str(d, 'traineeId')
          if (personId ? owner !== personId : !all && owner !== person.id) return false
          return !status || d.fields.status === status
        })
        .map(summary)
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
    },

    list(): DrillScenarioSummary[] {
      return scenarios().map(scenarioSummary)
    },

    async importJson(ctx: CallContext, person: Person, json: string): Promise<DrillImportResult> {
      const check = readDrillJson(json)
      if (!check.ok) {
        throw new AppError(
          ErrorCode.invalidInput,
          `演练文件有 ${check.problems.length} 处问题，未导入：${check.problems[0]}${check.problems.length > 1 ? ' 等' : ''}`,
          Object.fromEntries(check.problems.map((p, i) => [`problem${i + 1}`, p])),
        )
      }
      const incoming = check.scenario
      const old = scenarios().find((x) => x.id === incoming.id)
      if (old?.isDefault === true) {
        throw new AppError(
          'drill.is_default',
          `「${old.title}」是系统自带的演练，不能覆盖。请把文件里的 id 改成新的编号（例如 ${incoming.id}-copy）后导入为副本`,
        )
      }
      const stored = { ...incoming, isDefault: false }
      await store.commit(
        person.id,
        setAll(
          E.drill,
          incoming.id,
          old ? { scenario: stored } : { scenario: stored, isDefault: false },
        ),
      )
      await ctx.audit(
        old ? 'training.drill.edit' : 'training.drill.import',
        `drill/${incoming.id}`,
        `${old ? '导入新版本' : '导入演练'}「${incoming.title}」`,
      )
      return { scenario: scenarioSummary(stored as unknown as DrillScenario), created: !old }
    },

    exportJson(id: string): DrillExport {
      const s = scenario(id)
      const json = drillJson(s)
      return {
        name: `${s.id}.json`,
        mime: 'application/json',
        bytesBase64: Buffer.from(json, 'utf8').toString('base64'),
        json,
      }
    },

    async assign(
      ctx: CallContext,
      person: Person,
      input: { scenarioId: string; traineeId: string; mode: DrillMode },
    ) {
      const s = scenario(input.scenarioId)
      const t = store.get('person', input.traineeId)
      if (!live(t) || t.fields.disabled === true || typeof t.fields.name !== 'string') {
        throw new AppError(ErrorCode.invalidInput, '所选学员不存在或已停用', {
          traineeId: '学员不存在',
        })
      }
      const d = await create(person, { id: t.id, name: t.fields.name }, s, input.mode, true)
      await ctx.audit(
        'training.drill.assign',
        `drillSession/${d.id}`,
        `为${t.fields.name}布置演练「${s.title}」`,
      )
      return view(ctx, person, d)
    },

    async start(
      ctx: CallContext,
      person: Person,
      input: { sessionId?: string | undefined; scenarioId?: string | undefined; mode: DrillMode },
    ) {
      let d: Doc
      if (input.sessionId) {
        d = sessionDoc(input.sessionId)
        if (str(d, 'traineeId') !== person.id) {
          throw new AppError(
            ErrorCode.forbidden,
            `这场演练是布置给「${str(d, 'traineeName')}」的，请由本人登录后开始`,
          )
        }
      } else {
        d = await create(person, person, scenario(input.scenarioId as string), input.mode, false)
      }
      d = await apply(d, person.id, { type: 'start', at: kit.now() })
      await ctx.audit(
        'training.drill.start',
        `drillSession/${d.id}`,
        `开始演练「${str(d, 'scenarioTitle')}」`,
      )
      return view(ctx, person, d)
    },

    async get(ctx: CallContext, person: Person, id: string) {
      const d = sessionDoc(id)
      checkViews(ctx, person, d)
      return view(ctx, person, await closeIfOverdue(d))
    },

    async reply(
      ctx: CallContext,
      person: Person,
      input: { sessionId: string; text: string; scriptIds: string[] },
    ) {
      let d = sessionDoc(input.sessionId)
      if (str(d, 'traineeId') !== person.id) {
        throw new AppError(ErrorCode.forbidden, '只有参加演练的学员本人可以回复')
      }
      d = await closeIfOverdue(d)
      if (stateOf(d).outcome === 'timeout' && stateOf(d).status === 'ended') {
        throw new AppError('drill.time_up', '演练时间已到，已自动结束，不能再回复')
      }
      d = await apply(
        d,
        person.id,
        { type: 'reply', text: input.text, at: kit.now() },
        { scriptIds: input.scriptIds },
      )
      return view(ctx, person, d)
    },

    async joinAsTrainer(
      ctx: CallContext,
      person: Person,
      input: { sessionId: string; personId: string; pin: string },
    ) {
      const d = sessionDoc(input.sessionId)
      if (input.personId === str(d, 'traineeId')) {
        throw new AppError(ErrorCode.forbidden, '学员不能以讲师身份加入自己的演练')
      }
      // The window must belong to this drill: its trainee signed in, or someone allowed to see it.
      checkSees(person, str(d, 'traineeId'))
      const trainer = await join.verify((e, i) => store.get(e, i), input.personId, input.pin)
      joined.set(joinKey(ctx, d.id), trainer)
      await store.commit(
        trainer.id,
        setAll(E.drillSession, d.id, { trainerId: trainer.id, trainerName: trainer.name }),
      )
      await ctx.audit(
        'training.drill.join',
        `drillSession/${d.id}`,
        `讲师${trainer.name}用 PIN 加入${str(d, 'traineeName')}的演练「${str(d, 'scenarioTitle')}」`,
      )
      return view(ctx, person, sessionDoc(d.id))
    },

    async leave(ctx: CallContext, person: Person, sessionId: string) {
      const d = sessionDoc(sessionId)
      joined.delete(joinKey(ctx, d.id))
      checkSees(person, str(d, 'traineeId'))
      return view(ctx, person, d)
    },

    async customer(
      ctx: CallContext,
      person: Person,
      input: { sessionId: string; text: string; mood?: CustomerMood | undefined },
    ) {
      let d = sessionDoc(input.sessionId)
      const who = scorer(ctx, person, d)
      d = await closeIfOverdue(d)
      d = await apply(
        d,
        who.id,
        { type: 'customer', text: input.text, at: kit.now() },
        input.mood ? { mood: input.mood } : {},
      )
      return view(ctx, person, d)
    },

    async score(
      ctx: CallContext,
      person: Person,
      input: { sessionId: string; marks: Partial<Record<RubricItemId, number>>; comment: string },
    ) {
      const d = sessionDoc(input.sessionId)
      const who = scorer(ctx, person, d)
      const s = scenarioOf(d)
      const fields: Record<string, string> = {}
      for (const [k, v] of Object.entries(input.marks)) {
        const item = s.rubric.find((r) => r.id === k)
        if (!item) fields[`marks.${k}`] = '本演练没有这个评分项'
        else if (typeof v === 'number' && v > item.points)
          fields[`marks.${k}`] = `「${item.label}」最多 ${item.points} 分`
      }
      if (Object.keys(fields).length > 0) {
        throw new AppError(ErrorCode.invalidInput, Object.values(fields)[0] as string, fields)
      }
      const marks = { ...marksOf(d), ...input.marks }
      await store.commit(
        who.id,
        setAll(E.drillSession, d.id, {
          marks,
          comment: input.comment,
          scoredBy: who.id,
          scoredByName: who.name,
          scoredAt: iso(kit.now()),
        }),
      )
      const after = sessionDoc(d.id)
      const m = scored(after)
      await ctx.audit(
        'training.drill.score',
        `drillSession/${d.id}`,
        `${who.name}为${str(d, 'traineeName')}的演练「${s.title}」评分：${m.total}/${m.max}`,
      )
      return view(ctx, person, after)
    },

    async end(ctx: CallContext, person: Person, sessionId: string) {
      let d = sessionDoc(sessionId)
      const trainee = str(d, 'traineeId') === person.id
      const who = trainee ? person : scorer(ctx, person, d)
      if (!trainee && !joined.has(joinKey(ctx, d.id)) && !can(person, 'training.score'))
        throw forbidden('training.score')
      d = await closeIfOverdue(d)
      if (stateOf(d).status === 'ended') return view(ctx, person, d)
      if (stateOf(d).status !== 'running') throw new AppError('drill.not_started', '演练还没有开始')
      d = await apply(d, who.id, { type: 'end', outcome: 'stopped', at: kit.now() })
      await ctx.audit(
        'training.drill.end',
        `drillSession/${d.id}`,
        `结束演练「${str(d, 'scenarioTitle')}」（${DRILL_OUTCOME_LABELS.stopped}）`,
      )
      return view(ctx, person, d)
    },
  }
}
