import { randomBytes } from 'node:crypto'
import type { Contract, ServiceImpl } from '../../../shared/api'
import type { ScriptDetail } from '../../../shared/api/scripts'
import { can } from '../../../shared/auth/permissions'
import type { Person } from '../../../shared/auth/roles'
import { settleText, textEdit } from '../../../shared/data/merge'
import type { Change, Doc, Op } from '../../../shared/data/ops'
import { AppError, ErrorCode } from '../../../shared/errors'
import { bytesToBase64, base64ToBytes } from '../../../shared/search/base64'
import { placeholderValues } from '../../../shared/scripts/fill'
import type { ImportTarget } from '../../../shared/scripts/import'
import {
  PROPOSAL_STATUSES,
  SCRIPT_SCOPE_LABELS,
  scriptContent,
  scriptDraftSchema,
  type ProposalStatus,
  type ScriptDraft,
  type ScriptProposal,
  type ScriptScope,
  type ScriptView,
} from '../../../shared/scripts/model'
import { suggestScripts } from '../../../shared/scripts/suggest'
import { toPickerScript } from '../../../shared/scripts/rank'
import { CATEGORIES, type Category } from '../../../shared/tickets/model'
import { forbidden, requireSignedIn } from '../../access'
import type { CallContext } from '../../context'
import type { ServiceDeps } from '../deps'
import { ownTransaction } from '../../store'
import { checkImportFile, scriptsToJson, scriptsToXlsx } from './files'
import { XLSX_MIME } from '../sheets'
import {
  PROPOSAL,
  SCRIPT,
  USAGE,
  canEdit,
  canEditScope,
  canUse,
  conflictsOf,
  draftOf,
  isLive,
  personName,
  toView,
  versionsOf,
  type DocReader,
} from './read'
import { seedDefaultScripts } from './seed'
import { pickerShortcut } from './shortcut'

/** The uploaded file's bytes; base64 that does not decode is a file that cannot be read, not a fault. */
function uploadBytes(bytesBase64: string): Uint8Array {
  try {
    return base64ToBytes(bytesBase64)
  } catch {
    throw new AppError(ErrorCode.invalidInput, '文件无法读取', { bytesBase64: '文件无法读取' })
  }
}

export interface ScriptsStore extends DocReader {
  commit(by: string, changes: Change[]): Promise<Op[]>
  applyRemote(ops: Op[]): Promise<{ applied: number }>
}

export type ScriptsDeps = Pick<ServiceDeps, 'events' | 'adapters'> & {
  store: ScriptsStore
  device: { id: string }
}

const newId = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${randomBytes(4).toString('hex')}`

const notFound = () =>
  new AppError(ErrorCode.notFound, '找不到这条话术，可能已被删除，请刷新后重试')

/** Scripts whose short codes must differ: the same scope (and team, or owner). */
function sameGroup(doc: Doc, scope: ScriptScope, team: string | null, owner: string | null) {
  if (doc.fields.scope !== scope) return false
  if (scope === 'team') return doc.fields.team === team
  if (scope === 'personal') return doc.fields.owner === owner
  return true
}

export function scriptsService(deps: ScriptsDeps): ServiceImpl<Contract['scripts'], CallContext> {
  const { store } = deps
  const ready = seedDefaultScripts(store).catch((err: unknown) => {
    console.error('[scripts] default library not loaded', err)
    return 0
  })
  const shortcut = pickerShortcut(deps.adapters.globalShortcut, () =>
    deps.events.emit('scripts.quickPick', { at: new Date().toISOString() }),
  )
  // Usage counters are read-modify-write: one at a time, so no use is lost between two calls.
  let usageChain: Promise<unknown> = Promise.resolve()

  const signedIn = async (ctx: CallContext): Promise<Person> => {
    await ready
    return requireSignedIn(ctx)
  }

  const usable = (person: Person, id: string): Doc => {
    const doc = store.get(SCRIPT, id)
    if (!isLive(doc) || !canUse(person, doc)) throw notFound()
    return doc
  }

  const editable = (person: Person, id: string): Doc => {
    const doc = usable(person, id)
    if (!canEdit(person, doc)) {
      throw doc.fields.scope === 'personal'
        ? new AppError(ErrorCode.forbidden, '这是别人的个人话术，只有本人可以修改')
        : forbidden('scripts.editShop')
    }
    return doc
  }

  const checkScope = (person: Person, draft: ScriptDraft, owner: string | null): void => {
    if (!canEditScope(person, draft.scope, owner)) throw forbidden('scripts.editShop')
    if (draft.scope === 'team' && !can(person, 'scripts.editShop'))
      throw forbidden('scripts.editShop')
  }

  const checkCode = (draft: ScriptDraft, owner: string | null, selfId: string | null): void => {
    if (!draft.shortCode) return
    for (const d of store.all(SCRIPT)) {
      if (!isLive(d) || d.id === selfId) continue
      if (d.fields.shortCode !== draft.shortCode) continue
      if (!sameGroup(d, draft.scope, draft.team, owner)) continue
      throw new AppError(
        ErrorCode.conflict,
        `快捷编码「${draft.shortCode}」已被「${String(d.fields.title)}」使用`,
        { shortCode: '快捷编码已被使用' },
      )
    }
  }

  /** The changes that save a draft as a new version of a script (new or existing). */
  const saveChanges = (
    doc: Doc | null,
    id: string,
    draft: ScriptDraft,
    person: Person,
    note: string,
    owner: string | null,
  ): Change[] => {
    const at = new Date().toISOString()
    const target: Doc = doc ?? {
      entity: SCRIPT,
      id,
      fields: {},
      clocks: {},
      sets: {},
      created: '',
      updated: '',
    }
    const set = (field: string, value: unknown): Change => ({
      entity: SCRIPT,
      id,
      kind: 'set',
      field,
      value,
    })
    const changes: Change[] = []
    // Long text carries the version it was edited from, so a concurrent edit on another PC
    // becomes a conflict instead of a silent overwrite (DESIGN §4). Unchanged text is not
    // re-sent: editing only the title must not collide with someone's wording.
    if (!doc || doc.fields.body !== draft.body) {
      changes.push(textEdit(target, 'body', draft.body, doc?.clocks.body))
    }
    if (!doc || JSON.stringify(doc.fields.variants ?? {}) !== JSON.stringify(draft.variants)) {
      changes.push(textEdit(target, 'variants', draft.variants, doc?.clocks.variants))
    }
    const plain: Record<string, unknown> = {
      title: draft.title,
      category: draft.category,
      platforms: draft.platforms,
      tags: draft.tags,
      shortCode: draft.shortCode,
      scope: draft.scope,
      team: draft.scope === 'team' ? draft.team : null,
      owner: draft.scope === 'personal' ? owner : null,
    }
    for (const [field, value] of Object.entries(plain)) {
      if (!doc || JSON.stringify(doc.fields[field] ?? null) !== JSON.stringify(value)) {
        changes.push(set(field, value))
      }
    }
    if (!doc) changes.push(set('isDefault', false))
    changes.push(
      set('updatedAt', at),
      set('updatedBy', person.id),
      set('updatedByName', person.name),
    )
    changes.push({
      entity: SCRIPT,
      id,
      kind: 'add',
      field: 'versions',
      value: {
        id: newId('v'),
        at,
        by: person.id,
        byName: person.name,
        note,
        ...scriptContent(draft),
      },
    })
    return changes
  }

  const view = (person: Person, id: string): ScriptView => {
    const doc = store.get(SCRIPT, id)
    if (!isLive(doc)) throw notFound()
    return toView(store, doc, person)
  }

  const visible = (person: Person): ScriptView[] => {
    const out: ScriptView[] = []
    for (const d of store.all(SCRIPT)) {
      if (isLive(d) && canUse(person, d)) out.push(toView(store, d, person))
    }
    return out.sort(
      (a, b) => a.category.localeCompare(b.category) || a.title.localeCompare(b.title, 'zh-CN'),
    )
  }

  const usageOf = (person: Person) => {
    const mine: Record<string, number> = {}
    const total: Record<string, number> = {}
    const prefix = `${person.id}@`
    for (const d of store.all(USAGE)) {
      for (const [field, v] of Object.entries(d.fields)) {
        if (typeof v !== 'number') continue
        total[d.id] = (total[d.id] ?? 0) + v
        if (field.startsWith(prefix)) mine[d.id] = (mine[d.id] ?? 0) + v
      }
    }
    return { mine, total }
  }

  const proposalOf = (doc: Doc): ScriptProposal => {
    const f = doc.fields
    const s = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : null)
    return {
      id: doc.id,
      scriptId: s('scriptId') ?? '',
      by: s('by') ?? '',
      byName: s('byName') ?? '',
      at: s('at') ?? '',
      note: s('note') ?? '',
      draft: f.draft as ScriptDraft,
      status: (PROPOSAL_STATUSES as readonly string[]).includes(String(f.status))
        ? (f.status as ProposalStatus)
        : 'pending',
      decidedBy: s('decidedBy'),
      decidedByName: s('decidedByName'),
      decidedAt: s('decidedAt'),
      decisionNote: s('decisionNote'),
      resultId: s('resultId'),
    }
  }

  const importTarget = (person: Person, scope: ScriptScope, team: string | null): ImportTarget => {
    const owner = scope === 'personal' ? person.id : null
    if (!canEditScope(person, scope, owner)) throw forbidden('scripts.editShop')
    if (scope === 'team' && !team) {
      throw new AppError(ErrorCode.invalidInput, '导入班组话术请选择班组', { team: '请选择班组' })
    }
    const existingCodes = new Map<string, string>()
    const updatableIds = new Set<string>()
    for (const d of store.all(SCRIPT)) {
      if (!isLive(d) || !sameGroup(d, scope, team, owner)) continue
      updatableIds.add(d.id)
      if (typeof d.fields.shortCode === 'string' && d.fields.shortCode) {
        existingCodes.set(d.fields.shortCode, d.id)
      }
    }
    return { scope, team: scope === 'team' ? team : null, existingCodes, updatableIds }
  }

  return {
    async list(_input, ctx) {
      const person = await signedIn(ctx)
      return { scripts: visible(person), usage: usageOf(person) }
    },

    async get({ id }, ctx): Promise<ScriptDetail> {
      const person = await signedIn(ctx)
      const doc = usable(person, id)
      return {
        script: toView(store, doc, person),
        versions: versionsOf(doc),
        conflicts: conflictsOf(store, doc),
      }
    },

    async create(draft, ctx) {
      const person = await signedIn(ctx)
      const owner = draft.scope === 'personal' ? person.id : null
      checkScope(person, draft, owner)
      checkCode(draft, owner, null)
      const id = newId('script.u.')
      await store.commit(person.id, saveChanges(null, id, draft, person, '新建', owner))
      await ctx.audit(
        'script.create',
        `script/${id}`,
        `新建${SCRIPT_SCOPE_LABELS[draft.scope]}话术「${draft.title}」`,
      )
      return view(person, id)
    },

    async update({ id, base, draft }, ctx) {
      const person = await signedIn(ctx)
      const doc = editable(person, id)
      const owner = typeof doc.fields.owner === 'string' ? doc.fields.owner : null
      // Moving a script between scopes needs the right to edit both.
      checkScope(person, draft, draft.scope === 'personal' ? (owner ?? person.id) : null)
      if (base !== doc.updated) {
        throw new AppError(
          ErrorCode.conflict,
          `「${String(doc.fields.title)}」在您编辑期间已被${personName(store, String(doc.fields.updatedBy ?? ''))}修改，请重新打开后再改`,
        )
      }
      const newOwner = draft.scope === 'personal' ? (owner ?? person.id) : null
      checkCode(draft, newOwner, id)
      await store.commit(person.id, saveChanges(doc, id, draft, person, '修改', newOwner))
      await ctx.audit('script.edit', `script/${id}`, `修改话术「${draft.title}」`)
      return view(person, id)
    },

    async remove({ id }, ctx) {
      const person = await signedIn(ctx)
      const doc = editable(person, id)
      await store.commit(person.id, [{ entity: SCRIPT, id, kind: 'del' }])
      await ctx.audit('script.remove', `script/${id}`, `删除话术「${String(doc.fields.title)}」`)
      return { removed: true }
    },

    async rollback({ id, versionId }, ctx) {
      const person = await signedIn(ctx)
      const doc = editable(person, id)
      const v = versionsOf(doc).find((x) => x.id === versionId)
      if (!v) throw new AppError(ErrorCode.notFound, '找不到这个历史版本')
      const current = toView(store, doc, person)
      const draft = scriptDraftSchema.parse({
        ...scriptContent(v),
        scope: current.scope,
        team: current.team,
      })
      checkCode(draft, current.owner, id)
      const when = v.at.slice(0, 16).replace('T', ' ')
      await store.commit(
        person.id,
        saveChanges(doc, id, draft, person, `回滚到 ${when} ${v.byName} 的版本`, current.owner),
      )
      await ctx.audit('script.rollback', `script/${id}`, `话术「${v.title}」回滚到 ${when} 的版本`)
      return view(person, id)
    },

    async propose({ id, note }, ctx) {
      const person = await signedIn(ctx)
      const doc = usable(person, id)
      if (doc.fields.scope !== 'personal' || doc.fields.owner !== person.id) {
        throw new AppError(ErrorCode.invalidInput, '只能提议自己的个人话术')
      }
      for (const p of store.all(PROPOSAL)) {
        if (p.deleted === undefined && p.fields.scriptId === id && p.fields.status === 'pending') {
          throw new AppError(ErrorCode.conflict, '这条话术已在等待主管审核')
        }
      }
      const s = toView(store, doc, person)
      const pid = newId('proposal.')
      const draft: ScriptDraft = { ...scriptContent(s), scope: 'shop', team: null }
      const fields: Record<string, unknown> = {
        scriptId: id,
        by: person.id,
        byName: person.name,
        at: new Date().toISOString(),
        note,
        draft,
        status: 'pending',
      }
      await store.commit(
        person.id,
        Object.entries(fields).map(([field, value]) => ({
          entity: PROPOSAL,
          id: pid,
          kind: 'set',
          field,
          value,
        })),
      )
      await ctx.audit('script.propose', `script/${id}`, `提议将「${s.title}」设为全店话术`)
      return proposalOf(store.get(PROPOSAL, pid)!)
    },

    async proposals({ status }, ctx) {
      const person = await signedIn(ctx)
      const all = can(person, 'scripts.approve')
      const out: ScriptProposal[] = []
      for (const d of store.all(PROPOSAL)) {
        if (d.deleted !== undefined) continue
        const p = proposalOf(d)
        if (!all && p.by !== person.id) continue
        if (status && p.status !== status) continue
        out.push(p)
      }
      return out.sort((a, b) => (a.at < b.at ? 1 : -1))
    },

    async decide({ id, approve, note }, ctx) {
      const person = await signedIn(ctx)
      const doc = store.get(PROPOSAL, id)
      if (!doc || doc.deleted !== undefined)
        throw new AppError(ErrorCode.notFound, '找不到这条提议')
      const p = proposalOf(doc)
      if (p.status !== 'pending') {
        throw new AppError(ErrorCode.conflict, `这条提议已由${p.decidedByName ?? '他人'}处理`)
      }
      const now = new Date().toISOString()
      const set = (field: string, value: unknown): Change => ({
        entity: PROPOSAL,
        id,
        kind: 'set',
        field,
        value,
      })
      const changes: Change[] = [
        set('status', approve ? 'approved' : 'declined'),
        set('decidedBy', person.id),
        set('decidedByName', person.name),
        set('decidedAt', now),
        set('decisionNote', note),
      ]
      if (approve) {
        const draft = scriptDraftSchema.parse(p.draft)
        // A code already taken shop-wide is dropped rather than blocking a good script.
        try {
          checkCode(draft, null, null)
        } catch {
          draft.shortCode = ''
        }
        const resultId = newId('script.u.')
        changes.push(
          ...saveChanges(null, resultId, draft, person, `采纳 ${p.byName} 的提议`, null),
          set('resultId', resultId),
        )
      }
      await store.commit(person.id, changes)
      await ctx.audit(
        approve ? 'script.approve' : 'script.decline',
        `script/${p.scriptId}`,
        `${approve ? '采纳' : '未采纳'} ${p.byName} 提议的话术「${p.draft.title}」`,
      )
      return proposalOf(store.get(PROPOSAL, id)!)
    },

    async conflicts(_input, ctx) {
      const person = await signedIn(ctx)
      const out = []
      for (const d of store.all(SCRIPT)) {
        if (!isLive(d) || !d.conflicts || !canUse(person, d) || !canEdit(person, d)) continue
        out.push(...conflictsOf(store, d))
      }
      return out
    },

    async settle({ id, field, winner, value }, ctx) {
      const person = await signedIn(ctx)
      const doc = editable(person, id)
      const heads = doc.conflicts?.[field]
      if (!heads || !heads.some((h) => h.hlc === winner)) {
        throw new AppError(ErrorCode.conflict, '这个冲突已经解决了，请刷新')
      }
      if ((field === 'body') !== (typeof value === 'string')) {
        throw new AppError(ErrorCode.invalidInput, '保留的内容格式不对')
      }
      const current = toView(store, doc, person)
      const draft = scriptDraftSchema.parse({
        ...draftOf(current),
        ...(field === 'body' ? { body: value } : { variants: value }),
      })
      const changes = settleText(doc, field, winner, field === 'body' ? draft.body : draft.variants)
      const rest = saveChanges(doc, id, draft, person, '解决冲突', current.owner).filter(
        (c) => c.field !== 'body' && c.field !== 'variants',
      )
      await store.commit(person.id, [...changes, ...rest])
      await ctx.audit('script.settle', `script/${id}`, `解决了话术「${current.title}」的编辑冲突`)
      return view(person, id)
    },

    async recordUse({ id, context }, ctx) {
      const person = await signedIn(ctx)
      usable(person, id)
      // Practice in a training drill is not real use: it must not move the shop's statistics.
      if (context === 'drill') return { counted: false }
      const field = `${person.id}@${deps.device.id}`
      const run = usageChain.then(() =>
        ownTransaction(store, async () => {
          const n = store.get(USAGE, id)?.fields[field]
          await store.commit(person.id, [
            { entity: USAGE, id, kind: 'set', field, value: (typeof n === 'number' ? n : 0) + 1 },
          ])
        }),
      )
      usageChain = run.catch(() => undefined)
      await run
      return { counted: true }
    },

    async fillContext({ ticketId }, ctx) {
      const person = await signedIn(ctx)
      const ticket = ticketId ? store.get('ticket', ticketId) : undefined
      if (ticketId && (!ticket || ticket.deleted !== undefined)) {
        throw new AppError(ErrorCode.notFound, '找不到这张工单')
      }
      const f = ticket?.fields ?? {}
      const s = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : null)
      let shopName: string | null = null
      const shopId = s('shopId')
      if (shopId) {
        const name = store.get('shop', shopId)?.fields.name
        shopName = typeof name === 'string' ? name : null
      } else {
        // Outside an order the shop is known only when there is just one.
        const names = [...store.all('shop')]
          .filter((d) => d.deleted === undefined && d.fields.disabled !== true)
          .map((d) => d.fields.name)
        if (names.length === 1 && typeof names[0] === 'string') shopName = names[0]
      }
      return {
        values: placeholderValues({
          order: ticket
            ? {
                customerName: s('customerName'),
                buyerId: s('buyerId'),
                orderNo: s('orderNo'),
                amount: typeof f.amount === 'number' ? f.amount : null,
                trackingNo: s('trackingNo'),
                returnTrackingNo: s('returnTrackingNo'),
                product: s('product'),
              }
            : null,
          agentName: person.name,
          shopName,
        }),
        platform: s('platform'),
      }
    },

    async suggest({ ticketId, limit }, ctx) {
      const person = await signedIn(ctx)
      const ticket = store.get('ticket', ticketId)
      if (!ticket || ticket.deleted !== undefined) {
        throw new AppError(ErrorCode.notFound, '找不到这张工单')
      }
      const f = ticket.fields
      const category = (CATEGORIES as readonly string[]).includes(String(f.category))
        ? (f.category as Category)
        : 'other'
      return {
        suggestions: suggestScripts(
          {
            category,
            description: typeof f.description === 'string' ? f.description : '',
            platform: typeof f.platform === 'string' ? f.platform : null,
          },
          visible(person).map(toPickerScript),
          { limit, usage: usageOf(person).mine },
        ),
      }
    },

    async export({ format, scope }, ctx) {
      const person = await signedIn(ctx)
      const list = visible(person).filter((s) => scope === 'all' || s.scope === scope)
      const day = new Date().toISOString().slice(0, 10)
      await ctx.audit(
        'script.export',
        'script/*',
        `导出 ${list.length} 条话术（${format.toUpperCase()}）`,
      )
      if (format === 'json') {
        return {
          name: `话术库-${day}.json`,
          mime: 'application/json',
          bytesBase64: bytesToBase64(scriptsToJson(list)),
        }
      }
      return {
        name: `话术库-${day}.xlsx`,
        mime: XLSX_MIME,
        bytesBase64: bytesToBase64(await scriptsToXlsx(list)),
      }
    },

    async importPreview({ name, bytesBase64, scope, team }, ctx) {
      const person = await signedIn(ctx)
      const check = await checkImportFile(
        name,
        uploadBytes(bytesBase64),
        importTarget(person, scope, team),
      )
      const updates = check.rows.filter((r) => r.id).length
      return { ...check, creates: check.rows.length - updates, updates }
    },

    async import({ name, bytesBase64, scope, team }, ctx) {
      const person = await signedIn(ctx)
      const target = importTarget(person, scope, team)
      const check = await checkImportFile(name, uploadBytes(bytesBase64), target)
      if (check.fileError) throw new AppError(ErrorCode.invalidInput, check.fileError)
      if (check.errors.length > 0) {
        const rows = [...new Set(check.errors.map((e) => e.row))]
        const fields: Record<string, string> = {}
        for (const e of check.errors) fields[`row${e.row}.${e.field}`] = e.message
        throw new AppError(
          ErrorCode.invalidInput,
          `第 ${rows.slice(0, 10).join('、')}${rows.length > 10 ? ' 等' : ''} 行有问题，未导入任何话术`,
          fields,
        )
      }
      const owner = scope === 'personal' ? person.id : null
      const changes: Change[] = []
      let updated = 0
      for (const r of check.rows) {
        const doc = r.id ? store.get(SCRIPT, r.id) : undefined
        if (doc) updated++
        changes.push(
          ...saveChanges(
            doc ?? null,
            doc ? doc.id : newId('script.u.'),
            r.draft,
            person,
            `从 ${name} 导入`,
            owner,
          ),
        )
      }
      // One commit: the whole file lands in the journal together, or none of it.
      await store.commit(person.id, changes)
      const created = check.rows.length - updated
      await ctx.audit(
        'script.import',
        'script/*',
        `从 ${name} 导入话术：新增 ${created} 条，更新 ${updated} 条`,
      )
      return { created, updated }
    },

    async shortcut({ accelerator }, ctx) {
      await signedIn(ctx)
      if (accelerator !== undefined) shortcut.set(accelerator)
      return { accelerator: shortcut.accelerator, registered: shortcut.registered }
    },
  }
}
