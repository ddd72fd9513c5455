import { can } from '../../../shared/auth/permissions'
import {
  afterFailure,
  lockRemaining,
  waitMessage,
  type FailureState,
} from '../../../shared/auth/pin'
import { isRole, type Person } from '../../../shared/auth/roles'
import type { Doc } from '../../../shared/data/ops'
import { AppError, ErrorCode } from '../../../shared/errors'
import { verifySecret } from '../pin-hash'

/**
 * A trainer joining a drill on the trainee's PC (issue 10): the PIN is checked with the people
 * service's own scrypt verification, wrong PINs lock out the same way sign-in does, and the
 * signed-in person does not change.
 */
export class TrainerJoin {
  private failures = new Map<string, FailureState>()

  async verify(
    get: (entity: string, id: string) => Doc | undefined,
    personId: string,
    pin: string,
  ): Promise<Person> {
    const wait = lockRemaining(this.failures.get(personId), Date.now())
    if (wait > 0) throw new AppError('locked', `PIN 错误次数过多，已暂时锁定，${waitMessage(wait)}`)
    const doc = get('person', personId)
    const f = doc?.fields
    if (
      !doc ||
      doc.deleted !== undefined ||
      !f ||
      f.disabled === true ||
      typeof f.name !== 'string'
    ) {
      throw new AppError(ErrorCode.notFound, '找不到这位讲师，请从列表中选择')
    }
    const person: Person = {
      id: doc.id,
      name: f.name,
      roles: Array.isArray(f.roles) ? f.roles.filter(isRole) : [],
      teams: Array.isArray(f.teams)
        ? f.teams.filter((t): t is string => typeof t === 'string')
        : [],
    }
    if (!(await verifySecret(pin, f.pin))) {
      const state = afterFailure(this.failures.get(personId), Date.now())
      this.failures.set(personId, state)
      if (state.lockedUntil) {
        throw new AppError(
          'locked',
          `PIN 错误次数过多，已暂时锁定，${waitMessage(state.lockedUntil - Date.now())}`,
        )
      }
      throw new AppError('wrong_pin', 'PIN 不正确，请重试', { pin: 'PIN 不正确' })
    }
    this.failures.delete(personId)
    if (!can(person, 'training.score')) {
      throw new AppError(ErrorCode.forbidden, `「${person.name}」不是讲师或主管，不能为演练评分`)
    }
    return person
  }
}
