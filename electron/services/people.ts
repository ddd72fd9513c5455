import { randomBytes } from 'node:crypto'
import type { Contract, ServiceImpl } from '../../shared/api'
import type { RecoveryView } from '../../shared/api/backup'
import type { Me, PersonView, SignInChoice, Team } from '../../shared/api/people'
import { permissionsOf } from '../../shared/auth/permissions'
import { afterFailure, LOCK_AFTER, lockRemaining, waitMessage } from '../../shared/auth/pin'
import { isRole, type Person, type Role } from '../../shared/auth/roles'
import type { Change, Doc } from '../../shared/data/ops'
import { AppError, ErrorCode } from '../../shared/errors'
import { requireSignedIn } from '../access'
import type { CallContext } from '../context'
import type { SessionRegistry } from '../sessions'
import type { AuditWriter } from './audit'
import { ownTransaction } from '../store'
import { live, type DocStore } from './doc-store'
import { hashSecret, newRecoveryCode, normalizeRecoveryCode, verifySecret } from './pin-hash'
import type { PeopleLocal } from './people-local'

export const PERSON = 'person'
export const TEAM = 'team'
const RECOVERY_KEY = '~recovery'

interface PersonFields {
  name: string
  roles: Role[]
  teams: string[]
  disabled: boolean
  createdAt: string | null
  pin: unknown
  recovery: unknown
}

function fieldsOf(doc: Doc): PersonFields {
  const f = doc.fields
  return {
    name: typeof f.name === 'string' ? f.name : '',
    roles: Array.isArray(f.roles) ? f.roles.filter(isRole) : [],
    teams: Array.isArray(f.teams) ? f.teams.filter((t): t is string => typeof t === 'string') : [],
    disabled: f.disabled === true,
    createdAt: typeof f.createdAt === 'string' ? f.createdAt : null,
    pin: f.pin,
    recovery: f.recovery,
  }
}

function toPerson(doc: Doc): Person {
  const f = fieldsOf(doc)
  return { id: doc.id, name: f.name, roles: f.roles, teams: f.teams }
}

function toView(doc: Doc): PersonView {
  const f = fieldsOf(doc)
  return {
    id: doc.id,
    name: f.name,
    roles: f.roles,
    teams: f.teams,
    disabled: f.disabled,
    createdAt: f.createdAt,
  }
}

export function toMe(person: Person): Me {
  return { ...person, permissions: permissionsOf(person) }
}

/**
 * The person a session is signed in as, read afresh from the store on every call: someone
 * disabled (here or on another PC) or deleted is nobody from their next call on.
 */
export async function resolvePerson(
  store: DocStore,
  personId: string | null,
): Promise<Person | null> {
  if (!personId) return null
  const doc = await store.get(PERSON, personId)
  if (!live(doc)) return null
  const f = fieldsOf(doc)
  if (f.disabled || !f.name) return null
  return { id: doc.id, name: f.name, roles: f.roles, teams: f.teams }
}

function newId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(4).toString('hex')}`
}

export interface PeopleDeps {
  store: DocStore
  sessions: SessionRegistry
  local: PeopleLocal
  audit: AuditWriter
  /** Whether this PC has joined a sync space (set by sync when it lands). */
  joinedSpace?: () => boolean
  /** Damage found at start that must be resolved before anything else. */
  recovery?: () => RecoveryView | null
}

export function peopleService(d: PeopleDeps): ServiceImpl<Contract['people'], CallContext> {
  const { store, sessions, local } = d

  // One mutation of people at a time, so "no person yet" and "name not taken" stay true
  // between the check and the write.
  let queue: Promise<unknown> = Promise.resolve()
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const locked = () => ownTransaction(store, fn)
    const run = queue.then(locked, locked)
    queue = run.catch(() => undefined)
    return run
  }

  async function people(): Promise<Doc[]> {
    return [...(await store.all(PERSON))].filter(live)
  }
  async function teams(): Promise<Team[]> {
    return [...(await store.all(TEAM))]
      .filter(live)
      .map((doc) => ({
        id: doc.id,
        name: typeof doc.fields.name === 'string' ? doc.fields.name : '',
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  }
  async function personDoc(id: string): Promise<Doc> {
    const doc = await store.get(PERSON, id)
    if (!live(doc)) throw new AppError(ErrorCode.notFound, '找不到此人员，可能已被删除')
    return doc
  }
  async function checkName(name: string, except?: string): Promise<void> {
    const taken = (await people()).some((p) => p.id !== except && fieldsOf(p).name === name)
    if (taken)
      throw new AppError(
        ErrorCode.conflict,
        `已有名为「${name}」的人员，请换一个名字（例如加上工号）`,
        { name: '姓名已被使用' },
      )
  }
  async function checkTeams(ids: string[]): Promise<string[]> {
    const known = new Set((await teams()).map((t) => t.id))
    const unknown = ids.filter((t) => !known.has(t))
    if (unknown.length)
      throw new AppError(ErrorCode.invalidInput, '所选班组不存在，可能已被删除，请刷新后重选', {
        teams: '班组不存在',
      })
    return [...new Set(ids)]
  }
  async function activeAdmins(): Promise<string[]> {
    return (await people())
      .filter((p) => !fieldsOf(p).disabled && fieldsOf(p).roles.includes('admin'))
      .map((p) => p.id)
  }

  function as(ctx: CallContext, person: Person | null) {
    return { person, deviceId: ctx.deviceId, deviceName: ctx.deviceName }
  }

  async function throwIfLocked(key: string): Promise<void> {
    const wait = lockRemaining(local.failure(key), Date.now())
    if (wait > 0) {
      throw new AppError('locked', `PIN 错误次数过多，已暂时锁定，${waitMessage(wait)}`)
    }
  }

  /** Counts a wrong secret and answers with how many tries are left, or the lockout. */
  async function wrongSecret(
    ctx: CallContext,
    key: string,
    who: Person | null,
    what: string,
  ): Promise<never> {
    const state = afterFailure(local.failure(key), Date.now())
    await local.setFailure(key, state)
    if (state.lockedUntil) {
      await d.audit.write(
        as(ctx, null),
        'person.lockout',
        who ? `person/${who.id}` : 'recovery',
        `${who?.name ?? '管理员找回'}连续 ${state.failures} 次输错${what}，已暂时锁定`,
      )
      throw new AppError(
        'locked',
        `${what}错误次数过多，已暂时锁定，${waitMessage(state.lockedUntil - Date.now())}`,
      )
    }
    const left = LOCK_AFTER - state.failures
    throw new AppError(
      'wrong_pin',
      left <= 2 ? `${what}不正确，再错 ${left} 次将被暂时锁定` : `${what}不正确，请重试`,
      { pin: `${what}不正确` },
    )
  }

  async function signInAs(ctx: CallContext, person: Person): Promise<Me> {
    sessions.signIn(ctx.session.id, person.id)
    await local.signedIn(person.id)
    return toMe(person)
  }

  async function issueRecovery(by: string, personId: string): Promise<string> {
    const code = newRecoveryCode()
    await store.commit(by, [
      {
        entity: PERSON,
        id: personId,
        kind: 'set',
        field: 'recovery',
        value: await hashSecret(normalizeRecoveryCode(code)),
      },
    ])
    return code
  }

  return {
    async status() {
      return {
        hasPeople: (await people()).length > 0,
        joinedSpace: d.joinedSpace?.() ?? false,
        // Joining comes with sync: offered wherever sync is wired in.
        canJoinSpace: d.joinedSpace !== undefined,
        recovery: d.recovery?.() ?? null,
      }
    },

    setupAdmin: (input, ctx) =>
      serial(async () => {
        if ((await people()).length > 0) {
          throw new AppError(
            ErrorCode.forbidden,
            '已经设置过管理员，请用自己的 PIN 登录；忘记管理员 PIN 请用找回码',
          )
        }
        const id = newId('p')
        const pin = await hashSecret(input.pin)
        const createdAt = new Date().toISOString()
        const set = (field: string, value: unknown): Change => ({
          entity: PERSON,
          id,
          kind: 'set',
          field,
          value,
        })
        await store.commit(id, [
          set('name', input.name),
          set('roles', ['admin']),
          set('teams', []),
          set('disabled', false),
          set('createdAt', createdAt),
          set('pin', pin),
        ])
        const recoveryCode = await issueRecovery(id, id)
        const person: Person = { id, name: input.name, roles: ['admin'], teams: [] }
        await d.audit.write(
          as(ctx, person),
          'person.setupAdmin',
          `person/${id}`,
          `首次启动，创建管理员「${input.name}」`,
        )
        return { me: await signInAs(ctx, person), recoveryCode }
      }),

    async signInChoices() {
      const active = (await people()).filter((p) => !fieldsOf(p).disabled)
      const recent = local.recent()
      const choices: SignInChoice[] = active.map((p) => ({
        id: p.id,
        name: fieldsOf(p).name,
        recent: recent.includes(p.id),
      }))
      return choices.sort((a, b) => {
        const ra = recent.indexOf(a.id)
        const rb = recent.indexOf(b.id)
        if (ra >= 0 || rb >= 0) return (ra < 0 ? Infinity : ra) - (rb < 0 ? Infinity : rb)
        return a.name.localeCompare(b.name, 'zh-CN')
      })
    },

    async signIn(input, ctx) {
      await throwIfLocked(input.personId)
      const doc = await store.get(PERSON, input.personId)
      if (!live(doc)) throw new AppError(ErrorCode.notFound, '找不到此人员，请从列表中选择')
      const f = fieldsOf(doc)
      if (f.disabled) throw new AppError('disabled', `「${f.name}」的账号已停用，请联系管理员`)
      if (!(await verifySecret(input.pin, f.pin)))
        return wrongSecret(ctx, input.personId, toPerson(doc), ' PIN ')
      const person = toPerson(doc)
      await d.audit.write(
        as(ctx, person),
        'person.signIn',
        `person/${person.id}`,
        `在「${ctx.deviceName}」登录`,
      )
      return signInAs(ctx, person)
    },

    async signOut(_input, ctx) {
      sessions.signOut(ctx.session.id)
      return null
    },

    async me(_input, ctx) {
      return ctx.person ? toMe(ctx.person) : null
    },

    async recoverAdmin(input, ctx) {
      await throwIfLocked(RECOVERY_KEY)
      const code = normalizeRecoveryCode(input.code)
      for (const doc of await people()) {
        const f = fieldsOf(doc)
        if (!f.recovery || f.disabled || !f.roles.includes('admin')) continue
        if (!(await verifySecret(code, f.recovery))) continue
        await local.setFailure(RECOVERY_KEY, undefined)
        await local.setFailure(doc.id, undefined)
        await store.commit(doc.id, [
          {
            entity: PERSON,
            id: doc.id,
            kind: 'set',
            field: 'pin',
            value: await hashSecret(input.newPin),
          },
        ])
        const recoveryCode = await issueRecovery(doc.id, doc.id)
        const person = toPerson(doc)
        await d.audit.write(
          as(ctx, person),
          'person.recover',
          `person/${doc.id}`,
          '用找回码重设了管理员 PIN，并生成了新的找回码',
        )
        return { me: await signInAs(ctx, person), recoveryCode }
      }
      return wrongSecret(ctx, RECOVERY_KEY, null, '找回码')
    },

    async changePin(input, ctx) {
      const me = requireSignedIn(ctx)
      await throwIfLocked(me.id)
      const doc = await personDoc(me.id)
      if (!(await verifySecret(input.currentPin, fieldsOf(doc).pin)))
        return wrongSecret(ctx, me.id, me, '当前 PIN ')
      await local.setFailure(me.id, undefined)
      await store.commit(me.id, [
        {
          entity: PERSON,
          id: me.id,
          kind: 'set',
          field: 'pin',
          value: await hashSecret(input.newPin),
        },
      ])
      await ctx.audit('person.changePin', `person/${me.id}`, '修改了自己的 PIN')
      return null
    },

    async directory() {
      return (await people())
        .filter((p) => !fieldsOf(p).disabled)
        .map(toPerson)
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
    },

    async list() {
      return (await people())
        .map(toView)
        .sort(
          (a, b) =>
            Number(a.disabled) - Number(b.disabled) || a.name.localeCompare(b.name, 'zh-CN'),
        )
    },

    create: (input, ctx) =>
      serial(async () => {
        const by = requireSignedIn(ctx).id
        await checkName(input.name)
        const teamIds = await checkTeams(input.teams)
        const id = newId('p')
        const roles = [...new Set(input.roles)]
        const set = (field: string, value: unknown): Change => ({
          entity: PERSON,
          id,
          kind: 'set',
          field,
          value,
        })
        await store.commit(by, [
          set('name', input.name),
          set('roles', roles),
          set('teams', teamIds),
          set('disabled', false),
          set('createdAt', new Date().toISOString()),
          set('pin', await hashSecret(input.pin)),
        ])
        await ctx.audit(
          'person.create',
          `person/${id}`,
          `添加人员「${input.name}」，角色：${roles.join('、')}`,
        )
        return toView(await personDoc(id))
      }),

    update: (input, ctx) =>
      serial(async () => {
        const me = requireSignedIn(ctx)
        const doc = await personDoc(input.id)
        const before = fieldsOf(doc)
        const changes: Change[] = []
        const set = (field: string, value: unknown) =>
          changes.push({ entity: PERSON, id: doc.id, kind: 'set', field, value })
        const said: string[] = []
        if (input.name !== undefined && input.name !== before.name) {
          await checkName(input.name, doc.id)
          set('name', input.name)
          said.push(`姓名改为「${input.name}」`)
        }
        if (input.roles) {
          const roles = [...new Set(input.roles)]
          set('roles', roles)
          said.push(`角色：${roles.join('、')}`)
        }
        if (input.teams) {
          set('teams', await checkTeams(input.teams))
          said.push('调整了班组')
        }
        if (input.disabled !== undefined && input.disabled !== before.disabled) {
          if (input.disabled && doc.id === me.id)
            throw new AppError(ErrorCode.forbidden, '不能停用自己的账号')
          set('disabled', input.disabled)
          said.push(input.disabled ? '停用账号' : '恢复账号')
        }
        const losesAdmin =
          (input.roles && !input.roles.includes('admin')) || input.disabled === true
        if (losesAdmin && before.roles.includes('admin') && !before.disabled) {
          const admins = await activeAdmins()
          if (admins.length <= 1)
            throw new AppError(ErrorCode.conflict, '至少要保留一位在用的管理员')
        }
        if (changes.length) {
          await store.commit(me.id, changes)
          await ctx.audit(
            'person.update',
            `person/${doc.id}`,
            `修改「${before.name}」：${said.join('；')}`,
          )
        }
        if (input.disabled) {
          for (const s of sessions.all()) if (s.personId === doc.id) sessions.signOut(s.id)
        }
        return toView(await personDoc(doc.id))
      }),

    async resetPin(input, ctx) {
      const me = requireSignedIn(ctx)
      const doc = await personDoc(input.id)
      await store.commit(me.id, [
        {
          entity: PERSON,
          id: doc.id,
          kind: 'set',
          field: 'pin',
          value: await hashSecret(input.pin),
        },
      ])
      await local.setFailure(doc.id, undefined)
      await ctx.audit(
        'person.resetPin',
        `person/${doc.id}`,
        `重设了「${fieldsOf(doc).name}」的 PIN`,
      )
      return null
    },

    listTeams: () => teams(),

    saveTeam: (input, ctx) =>
      serial(async () => {
        const me = requireSignedIn(ctx)
        const existing = await teams()
        if (existing.some((t) => t.name === input.name && t.id !== input.id)) {
          throw new AppError(ErrorCode.conflict, `已有名为「${input.name}」的班组`, {
            name: '班组名称已被使用',
          })
        }
        if (input.id && !existing.some((t) => t.id === input.id)) {
          throw new AppError(ErrorCode.notFound, '找不到此班组，可能已被删除')
        }
        const id = input.id ?? newId('t')
        await store.commit(me.id, [
          { entity: TEAM, id, kind: 'set', field: 'name', value: input.name },
        ])
        await ctx.audit(
          'team.save',
          `team/${id}`,
          input.id ? `班组改名为「${input.name}」` : `新建班组「${input.name}」`,
        )
        return { id, name: input.name }
      }),

    removeTeam: (input, ctx) =>
      serial(async () => {
        const me = requireSignedIn(ctx)
        const team = (await teams()).find((t) => t.id === input.id)
        if (!team) throw new AppError(ErrorCode.notFound, '找不到此班组，可能已被删除')
        await store.commit(me.id, [{ entity: TEAM, id: team.id, kind: 'del' }])
        await ctx.audit('team.remove', `team/${team.id}`, `删除班组「${team.name}」`)
        return null
      }),
  }
}
