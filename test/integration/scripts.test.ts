import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { defaultScripts } from '../../electron/services/scripts/seed'
import { bytesToBase64, base64ToBytes } from '../../shared/search/base64'
import { PINS, seedTicket, type Loose, type Shop } from './people.fixture'
import { exchange, shopsPerTest, xlsxBase64 } from './shop-helpers'

const shops = shopsPerTest()
const shop = shops.staffed

const draft = (over: Record<string, unknown> = {}) => ({
  title: '发货前修改地址',
  body: '{{顾客}}您好，订单{{订单号}}还没发货，地址已经帮您改好了。',
  category: 'order_change',
  platforms: ['all'],
  tags: ['改地址'],
  shortCode: 'wgdz',
  scope: 'personal',
  ...over,
})

/** The editable part of a script as the service returns it. */
const asDraft = (x: Loose) => {
  const { title, body, category, platforms, variants, tags, shortCode, scope, team } = x
  return { title, body, category, platforms, variants, tags, shortCode, scope, team }
}

const xlsx = (rows: (string | number)[][]) => xlsxBase64('话术', rows)

describe('the default library', () => {
  it('is loaded once on first start, marked as defaults, and not again after a restart', async () => {
    const s = await shop()
    const shipped = defaultScripts()
    const first = await s.ok('agent', 'scripts.list')
    const defaults = first.scripts.filter((x: Loose) => x.isDefault)
    expect(defaults).toHaveLength(shipped.length)
    expect(defaults.every((x: Loose) => x.scope === 'shop' && !x.canEdit)).toBe(true)
    expect(first.scripts.map((x: Loose) => x.id)).toContain('script.greet.all.01')

    const again = await shops.restart(s)
    const ops = again.core.store.opsAfter(null, 1_000_000).filter((o) => o.entity === 'script')
    // The seed was not journalled a second time.
    expect(ops.length).toBe(shipped.length * 15)
  })

  it('two PCs that load it and sync hold one copy of each script', async () => {
    const a = await shop()
    const b = await shops.blank()
    await b.ok('admin', 'people.setupAdmin', { name: '二号机店长', pin: PINS.admin })
    await exchange(a, b)
    await exchange(b, a)
    const scriptsOf = (s: Shop) => [...s.core.store.all('script')].filter((d) => !d.deleted)
    expect(scriptsOf(a)).toHaveLength(defaultScripts().length)
    expect(scriptsOf(b)).toHaveLength(defaultScripts().length)
    const greetA = a.core.store.get('script', 'script.greet.all.01')!
    const greetB = b.core.store.get('script', 'script.greet.all.01')!
    expect(greetB.fields).toEqual(greetA.fields)
    expect(Object.keys(greetA.sets.versions ?? {})).toEqual(['default'])
  })
})

describe('governance', () => {
  it('refuses an agent editing a shop-wide script, in the service, with the permission named', async () => {
    const s = await shop()
    const { script } = await s.ok('agent', 'scripts.get', { id: 'script.greet.all.01' })
    const env = await s.call('agent', 'scripts.update', {
      id: script.id,
      base: script.base,
      draft: { ...draft(), scope: 'shop', shortCode: 'dkh', title: script.title },
    })
    expect(env.ok).toBe(false)
    expect(env.error.code).toBe('forbidden')
    expect(env.error.message).toContain('没有权限：编辑全店话术')
    const created = await s.call('agent', 'scripts.create', draft({ scope: 'shop' }))
    expect(created.error.code).toBe('forbidden')
    const removed = await s.call('agent', 'scripts.remove', { id: script.id })
    expect(removed.error.code).toBe('forbidden')
    // Unchanged.
    const after = await s.ok('agent', 'scripts.get', { id: script.id })
    expect(after.script.body).toBe(script.body)
  })

  it('lets a supervisor edit a shop-wide script, versioned with author and time, and rolled back', async () => {
    const s = await shop()
    const { script } = await s.ok('supervisor', 'scripts.get', { id: 'script.greet.all.01' })
    const original = script.body
    const edited = await s.ok('supervisor', 'scripts.update', {
      id: script.id,
      base: script.base,
      draft: {
        title: script.title,
        body: `${original}（周末也在线）`,
        category: script.category,
        platforms: script.platforms,
        variants: { pdd: '亲，欢迎来到{{店铺}}～我是{{客服}}' },
        tags: script.tags,
        shortCode: script.shortCode,
        scope: 'shop',
      },
    })
    expect(edited.body).toBe(`${original}（周末也在线）`)
    expect(edited.variants.pdd).toContain('亲，欢迎')
    const detail = await s.ok('agent', 'scripts.get', { id: script.id })
    expect(detail.versions.map((v: Loose) => [v.byName, v.note])).toEqual([
      ['陈主管', '修改'],
      ['系统', '默认话术'],
    ])
    // A second save from the stale editor is refused, not silently overwriting.
    const stale = await s.call('supervisor', 'scripts.update', {
      id: script.id,
      base: script.base,
      draft: { ...asDraft(edited), body: '另一个版本' },
    })
    expect(stale.error?.code).toBe('conflict')

    const back = await s.ok('supervisor', 'scripts.rollback', {
      id: script.id,
      versionId: 'default',
    })
    expect(back.body).toBe(original)
    expect(back.variants).toEqual({})
    const versions = (await s.ok('supervisor', 'scripts.get', { id: script.id })).versions
    expect(versions).toHaveLength(3)
    expect(versions[0].note).toMatch(/^回滚到 .* 系统 的版本$/)
  })

  it('personal scripts are their owner’s; a proposal becomes shop-wide when a supervisor approves', async () => {
    const s = await shop()
    const mine = await s.ok('agent', 'scripts.create', draft())
    expect(mine.scope).toBe('personal')
    expect(mine.canEdit).toBe(true)
    // Nobody else sees it, and the other agent cannot edit it.
    const other = await s.ok('agent2', 'scripts.list')
    expect(other.scripts.some((x: Loose) => x.id === mine.id)).toBe(false)
    const denied = await s.call('agent2', 'scripts.update', {
      id: mine.id,
      base: mine.base,
      draft: draft({ body: '改别人的' }),
    })
    expect(denied.error.code).toBe('not_found')

    const proposal = await s.ok('agent', 'scripts.propose', { id: mine.id, note: '改地址问得很多' })
    expect(proposal.status).toBe('pending')
    const refused = await s.call('agent', 'scripts.decide', { id: proposal.id, approve: true })
    expect(refused.error.code).toBe('forbidden')
    const queue = await s.ok('supervisor', 'scripts.proposals', { status: 'pending' })
    expect(queue.map((p: Loose) => p.byName)).toEqual(['小李'])
    const decided = await s.ok('supervisor', 'scripts.decide', { id: proposal.id, approve: true })
    expect(decided.status).toBe('approved')
    const seen = await s.ok('agent2', 'scripts.list')
    const shopWide = seen.scripts.find((x: Loose) => x.id === decided.resultId)
    expect(shopWide).toMatchObject({ scope: 'shop', body: mine.body, shortCode: 'wgdz' })
  })

  it('flags unknown placeholders when a script is saved', async () => {
    const s = await shop()
    const env = await s.call(
      'agent',
      'scripts.create',
      draft({ body: '您好{{顾客名}}，{{订单号}}已发货' }),
    )
    expect(env.error.code).toBe('invalid_input')
    expect(JSON.stringify(env.error)).toContain('未知占位符：{{顾客名}}')
  })
})

describe('two PCs editing one script offline', () => {
  it('end in a visible conflict that a supervisor settles, the same on both PCs', async () => {
    const a = await shop()
    const b = await shops.blank()
    await exchange(a, b)
    await b.ok('supervisor', 'people.signIn', { personId: a.ids.supervisor, pin: PINS.supervisor })

    const onA = (await a.ok('supervisor', 'scripts.get', { id: 'script.refund.all.01' })).script
    const onB = (await b.ok('supervisor', 'scripts.get', { id: 'script.refund.all.01' })).script
    const edit = (script: Loose, body: string) => ({
      id: script.id,
      base: script.base,
      draft: { ...asDraft(script), body },
    })
    await a.ok('supervisor', 'scripts.update', edit(onA, '退款已提交，1-3 个工作日原路退回。'))
    await b.ok('supervisor', 'scripts.update', edit(onB, '退款已提交，预计 24 小时内到账。'))
    await exchange(a, b)
    await exchange(b, a)

    for (const pc of [a, b]) {
      const conflicts = await pc.ok('supervisor', 'scripts.conflicts')
      expect(conflicts).toHaveLength(1)
      expect(conflicts[0].field).toBe('body')
      expect(conflicts[0].versions.map((v: Loose) => v.value).sort()).toEqual([
        '退款已提交，1-3 个工作日原路退回。',
        '退款已提交，预计 24 小时内到账。',
      ])
      const listed = (await pc.ok('supervisor', 'scripts.list')).scripts.find(
        (x: Loose) => x.id === 'script.refund.all.01',
      )
      expect(listed.conflict).toBe(true)
      // Both edits stay in the history.
      const versions = (await pc.ok('supervisor', 'scripts.get', { id: onA.id })).versions
      expect(versions.filter((v: Loose) => v.note === '修改')).toHaveLength(2)
    }
    // Agents are not asked to settle the shop's scripts.
    expect(await a.ok('agent', 'scripts.conflicts')).toEqual([])

    const [conflict] = await a.ok('supervisor', 'scripts.conflicts')
    const winner = conflict.versions.find((v: Loose) => v.value.includes('24 小时'))
    const settled = await a.ok('supervisor', 'scripts.settle', {
      id: onA.id,
      field: 'body',
      winner: winner.hlc,
      value: '退款已提交，预计 24 小时内到账，请留意支付账户。',
    })
    expect(settled.conflict).toBe(false)
    await exchange(a, b)
    for (const pc of [a, b]) {
      expect(await pc.ok('supervisor', 'scripts.conflicts')).toEqual([])
      const s = (await pc.ok('supervisor', 'scripts.get', { id: onA.id })).script
      expect(s.body).toBe('退款已提交，预计 24 小时内到账，请留意支付账户。')
    }
  })
})

describe('usage', () => {
  it('is counted per script and per person; drills do not count', async () => {
    const s = await shop()
    const id = 'script.greet.all.02'
    await s.ok('agent', 'scripts.recordUse', { id, context: 'desk' })
    await Promise.all([
      s.ok('agent', 'scripts.recordUse', { id, context: 'desk' }),
      s.ok('agent2', 'scripts.recordUse', { id, context: 'desk' }),
    ])
    const drill = await s.ok('agent', 'scripts.recordUse', { id, context: 'drill' })
    expect(drill.counted).toBe(false)
    const { usage } = await s.ok('agent', 'scripts.list')
    expect(usage.mine[id]).toBe(2)
    expect(usage.total[id]).toBe(3)
    expect((await s.ok('agent2', 'scripts.list')).usage.mine[id]).toBe(1)
  })
})

describe('filling from the open order', () => {
  it('takes customer, order number and amount from the order, the agent from the sign-in', async () => {
    const s = await shop()
    const sh = await s.ok('admin', 'shop.saveShop', { platform: 'pdd', name: '暖居家纺旗舰店' })
    await seedTicket(s, 't-1', {
      platform: 'pdd',
      shopId: sh.id,
      customerName: '王女士',
      orderNo: '240611-583920174',
      amount: 3990,
      category: 'quality',
      description: '收到的玻璃杯有裂缝，杯口还破损了，要求退款',
    })
    const ctx = await s.ok('agent', 'scripts.fillContext', { ticketId: 't-1' })
    expect(ctx.values).toMatchObject({
      顾客: '王女士',
      订单号: '240611-583920174',
      金额: '39.90',
      客服: '小李',
      店铺: '暖居家纺旗舰店',
    })
    expect(ctx.values['快递单号']).toBeUndefined()
    expect(ctx.platform).toBe('pdd')

    const { suggestions } = await s.ok('agent', 'scripts.suggest', { ticketId: 't-1' })
    expect(suggestions.length).toBeGreaterThan(0)
    expect(['quality', 'apology', 'warranty']).toContain(suggestions[0].script.category)
    expect(
      suggestions.every(
        (x: Loose) => x.script.platforms.includes('all') || x.script.platforms.includes('pdd'),
      ),
    ).toBe(true)
  })
})

describe('import and export', () => {
  const header = ['标题', '话术内容', '分类', '平台', '快捷编码', '标签']

  it('an XLSX with one bad row imports nothing and reports that row', async () => {
    const s = await shop()
    const before = (await s.ok('agent', 'scripts.list')).scripts.length
    const bytesBase64 = await xlsx([
      header,
      [
        '催发货安抚',
        '{{顾客}}您好，已经帮您催仓库了，今天一定发出。',
        '物流',
        '拼多多',
        'cfh',
        '催发货',
      ],
      ['少了内容', '', '退款', '通用', 'sl', ''],
      [
        '好评感谢',
        '感谢{{顾客}}的好评，期待再次光临～',
        '评价回复',
        '淘宝/天猫、京东',
        'hpgx',
        '好评',
      ],
    ])
    const preview = await s.ok('agent', 'scripts.importPreview', { name: '短语.xlsx', bytesBase64 })
    expect(preview.fileError).toBeNull()
    expect(preview.errors).toEqual([
      { row: 3, field: 'body', column: '话术内容', message: '请填写话术内容' },
    ])
    expect(preview.rows.map((r: Loose) => r.row)).toEqual([2, 4])
    const env = await s.call('agent', 'scripts.import', { name: '短语.xlsx', bytesBase64 })
    expect(env.error.code).toBe('invalid_input')
    expect(env.error.message).toContain('第 3 行')
    expect((await s.ok('agent', 'scripts.list')).scripts.length).toBe(before)
  })

  it('a malformed file imports nothing; a good file imports every row', async () => {
    const s = await shop()
    const broken = bytesToBase64(new TextEncoder().encode('PK\u0003\u0004 not really a workbook'))
    const preview = await s.ok('agent', 'scripts.importPreview', {
      name: '坏的.xlsx',
      bytesBase64: broken,
    })
    expect(preview.fileError).toContain('无法读取')
    expect(
      (await s.call('agent', 'scripts.import', { name: '坏的.xlsx', bytesBase64: broken })).ok,
    ).toBe(false)

    const good = await xlsx([
      header,
      [
        '催发货安抚',
        '{{顾客}}您好，已经帮您催仓库了，今天一定发出。',
        '物流',
        '拼多多',
        'cfh',
        '催发货',
      ],
    ])
    expect(
      (
        await s.call('agent', 'scripts.import', {
          name: 'a.xlsx',
          bytesBase64: good,
          scope: 'shop',
        })
      ).error.code,
    ).toBe('forbidden')
    const done = await s.ok('agent', 'scripts.import', { name: 'a.xlsx', bytesBase64: good })
    expect(done).toEqual({ created: 1, updated: 0 })
    const mine = (await s.ok('agent', 'scripts.list')).scripts.find(
      (x: Loose) => x.shortCode === 'cfh',
    )
    expect(mine).toMatchObject({ scope: 'personal', category: 'logistics', platforms: ['pdd'] })
  })

  it('exports XLSX that a spreadsheet cannot run as formulas, and JSON that imports back', async () => {
    const s = await shop()
    await s.ok(
      'agent',
      'scripts.create',
      draft({ title: '=1+2', body: '-{{顾客}} 您好', shortCode: 'fx' }),
    )
    const file = await s.ok('agent', 'scripts.export', { format: 'xlsx', scope: 'personal' })
    expect(file.name).toMatch(/\.xlsx$/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(base64ToBytes(file.bytesBase64)) as never)
    const ws = wb.worksheets[0]!
    expect(ws.getRow(1).getCell(2).value).toBe('标题')
    expect(ws.getRow(2).getCell(2).value).toBe("'=1+2")
    expect(ws.getRow(2).getCell(3).value).toBe("'-{{顾客}} 您好")

    const json = await s.ok('agent', 'scripts.export', { format: 'json', scope: 'personal' })
    const back = await s.ok('agent', 'scripts.importPreview', {
      name: json.name,
      bytesBase64: json.bytesBase64,
    })
    expect(back.errors).toEqual([])
    expect(back.updates).toBe(1)
    // The XLSX reads back as the same text (the protecting apostrophe is not part of it).
    const again = await s.ok('agent', 'scripts.importPreview', {
      name: file.name,
      bytesBase64: file.bytesBase64,
    })
    expect(again.rows[0].draft.title).toBe('=1+2')
  })
})
