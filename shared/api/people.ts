import { z } from 'zod'
import { ROLES, type Person, type Role } from '../auth/roles'
import { PIN_MESSAGE, PIN_PATTERN } from '../auth/pin'
import type { Permission } from '../auth/permissions'
import type { RecoveryView } from './backup'
import { method } from './define'

const id = z.string().trim().min(1).max(64)
const name = z
  .string()
  .trim()
  .min(1, { error: '请填写姓名' })
  .max(20, { error: '姓名不能超过 20 个字' })
const pin = z.string().regex(PIN_PATTERN, { error: PIN_MESSAGE })
const roles = z.array(z.enum(ROLES)).min(1, { error: '请至少选择一个角色' }).max(ROLES.length)
const teams = z.array(id).max(20)
const empty = z.object({}).strict()

/** The signed-in person and what they may do (the UI hides what the services would refuse). */
export interface Me extends Person {
  permissions: Permission[]
}

/** A person as the admin's people page shows them. */
export interface PersonView extends Person {
  disabled: boolean
  createdAt: string | null
}

export interface Team {
  id: string
  name: string
}

export interface PeopleStatus {
  /** Someone has been created here (or pulled from a sync space): first start is over. */
  hasPeople: boolean
  /** This PC joined an existing sync space. */
  joinedSpace: boolean
  /** Joining a space is possible in this version (comes with sync). */
  canJoinSpace: boolean
  /** Damage found at start that a person must resolve first (never first start then). */
  recovery?: RecoveryView | null
}

/** Who can sign in on this PC: recent people here first (quick switch at shift change). */
export interface SignInChoice {
  id: string
  name: string
  recent: boolean
}

export const people = {
  status: method<PeopleStatus>()(empty, { access: 'public' }),
  /** First start only: creates the first admin and returns the one-time recovery code. */
  setupAdmin: method<{ me: Me; recoveryCode: string }>()(z.object({ name, pin }).strict(), {
    access: 'public',
  }),
  signInChoices: method<SignInChoice[]>()(empty, { access: 'public' }),
  signIn: method<Me>()(z.object({ personId: id, pin: z.string().max(64) }).strict(), {
    access: 'public',
  }),
  signOut: method<null>()(empty, { access: 'public' }),
  me: method<Me | null>()(empty, { access: 'public' }),
  /** A forgotten admin PIN: the recovery code sets a new one and is replaced by a new code. */
  recoverAdmin: method<{ me: Me; recoveryCode: string }>()(
    z.object({ code: z.string().trim().min(1).max(64), newPin: pin }).strict(),
    { access: 'public' },
  ),
  changePin: method<null>()(z.object({ currentPin: z.string().max(64), newPin: pin }).strict(), {
    access: 'signedIn',
  }),
  /** Active people, for pickers (transfer to a specialist, audit filters). */
  directory: method<Person[]>()(empty, { access: 'signedIn' }),

  list: method<PersonView[]>()(empty, { access: 'perm:people.manage' }),
  create: method<PersonView>()(z.object({ name, pin, roles, teams: teams.default([]) }).strict(), {
    access: 'perm:people.manage',
  }),
  update: method<PersonView>()(
    z
      .object({
        id,
        name: name.optional(),
        roles: roles.optional(),
        teams: teams.optional(),
        disabled: z.boolean().optional(),
      })
      .strict(),
    { access: 'perm:people.manage' },
  ),
  resetPin: method<null>()(z.object({ id, pin }).strict(), { access: 'perm:people.manage' }),

  listTeams: method<Team[]>()(empty, { access: 'signedIn' }),
  saveTeam: method<Team>()(
    z
      .object({
        id: id.optional(),
        name: z.string().trim().min(1, { error: '请填写班组名称' }).max(20),
      })
      .strict(),
    { access: 'perm:people.manage' },
  ),
  removeTeam: method<null>()(z.object({ id }).strict(), { access: 'perm:people.manage' }),
}

export type { Person, Role }
