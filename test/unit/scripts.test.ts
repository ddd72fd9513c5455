import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pickerShortcut } from '../../electron/services/scripts/shortcut'
import { protectCell, unprotectCell } from '../../shared/scripts/cells'
import { diffChars, diffText, sideOf } from '../../shared/scripts/diff'
import { placeholderValues, prepareScript } from '../../shared/scripts/fill'
import { checkJson, checkSheet } from '../../shared/scripts/import'
import { bodyFor } from '../../shared/scripts/model'
import { ScriptPickerIndex, type PickerScript } from '../../shared/scripts/rank'
import { suggestScripts } from '../../shared/scripts/suggest'

const RUNS = Number(process.env.SCRIPTS_PROPERTY_RUNS ?? 200)

let n = 0
function script(over: Partial<PickerScript>): PickerScript {
  n++
  return {
    id: `s${n}`,
    title: '标题',
    body: '内容',
    category: 'greeting',
    platforms: ['all'],
    variants: {},
    tags: [],
    shortCode: '',
    scope: 'shop',
    rev: '1',
    ...over,
  }
}

const library = () => {
  const refundTime = script({
    id: 'refund-time',
    title: '退款到账时间说明',
    body: '{{顾客}}您好，退款已经提交，原路退回一般 1-3 个工作日到账，请留意支付账户。',
    category: 'refund',
    tags: ['退款', '到账'],
    shortCode: 'tkdz',
  })
  const refundPdd = script({
    id: 'refund-pdd',
    title: '拼多多退款进度',
    body: '亲，退款申请已同意，平台处理后会原路退回到您的支付账户哦。',
    category: 'refund',
    platforms: ['pdd'],
    shortCode: 'tkjd',
  })
  const delay = script({
    id: 'delay',
    title: '物流延迟致歉',
    body: '非常抱歉{{顾客}}，快递在中转站滞留了，我们已经联系快递公司加急派送。',
    category: 'logistics',
    tags: ['物流', '延迟'],
    shortCode: 'wlyc',
  })
  const broken = script({
    id: 'broken',
    title: '商品破损处理',
    body: '看到您收到的商品有破损，非常抱歉！麻烦拍一下外包装和破损处的照片，我们马上给您补发或退款。',
    category: 'quality',
    tags: ['破损'],
    shortCode: 'psch',
  })
  const meituan = script({
    id: 'meituan',
    title: '外卖送达超时致歉',
    body: '实在抱歉，骑手送餐超时了，我们给您申请了一张无门槛优惠券。',
    category: 'apology',
    platforms: ['meituan'],
    shortCode: 'wmcs',
  })
  return [refundTime, refundPdd, delay, broken, meituan]
}

describe('the picker', () => {
  const idx = new ScriptPickerIndex()
  idx.sync(library())

  it('finds a script from any part of a Chinese phrase, title hits first, highlighted', () => {
    const hits = idx.search('到账')
    expect(hits[0]!.script.id).toBe('refund-time')
    expect(hits[0]!.titleRanges.length).toBeGreaterThan(0)
    expect(idx.search('中转站滞留').map((h) => h.script.id)).toEqual(['delay'])
    expect(idx.search('破损的照片')[0]!.script.id).toBe('broken')
  })

  it('reads `/code` and a bare code as short codes, exact code before codes starting with it', () => {
    expect(idx.search('/tkdz')[0]!.script.id).toBe('refund-time')
    expect(idx.search('/tkdz')[0]!.byCode).toBe(true)
    expect(
      idx
        .search('/tk')
        .map((h) => h.script.id)
        .sort(),
    ).toEqual(['refund-pdd', 'refund-time'])
    expect(idx.search('wlyc')[0]!.script.id).toBe('delay')
    // A Chinese phrase after the slash is a phrase.
    expect(idx.search('/退款')[0]!.script.category).toBe('refund')
  })

  it('offers only scripts for the order’s platform (or every platform)', () => {
    const taobao = idx.search('退款', { platform: 'taobao' }).map((h) => h.script.id)
    expect(taobao[0]).toBe('refund-time')
    expect(taobao).not.toContain('refund-pdd')
    expect(idx.search('退款', { platform: 'pdd' }).map((h) => h.script.id)).toContain('refund-pdd')
    expect(idx.search('/wmcs', { platform: 'pdd' })).toEqual([])
  })

  it('puts the scripts this person uses most first when nothing is typed, and breaks ties by use', () => {
    const empty = idx.search('', { usage: { delay: 9, broken: 3 }, platform: 'taobao' })
    expect(empty.slice(0, 2).map((h) => h.script.id)).toEqual(['delay', 'broken'])
    const tie = idx.search('/tk', { usage: { 'refund-pdd': 40 } })
    expect(tie[0]!.script.id).toBe('refund-pdd')
  })

  it('follows changes: an edited script is found by its new words, a removed one not at all', () => {
    const local = new ScriptPickerIndex()
    const list = library()
    local.sync(list)
    const edited = { ...list[2]!, body: '包裹在驿站，请凭取件码领取。', rev: '2' }
    local.sync([list[0]!, edited])
    expect(local.size).toBe(2)
    expect(local.search('取件码').map((h) => h.script.id)).toEqual(['delay'])
    expect(local.search('中转站')).toEqual([])
    expect(local.search('破损')).toEqual([])
  })
})

describe('placeholders', () => {
  const values = placeholderValues({
    order: { customerName: '', buyerId: 'tb_王小二', orderNo: '240611-583920174', amount: 3990 },
    agentName: '小李',
    shopName: '暖居家纺旗舰店',
  })

  it('come from the order, the signed-in person and the shop', () => {
    expect(values).toEqual({
      顾客: 'tb_王小二',
      订单号: '240611-583920174',
      金额: '39.90',
      客服: '小李',
      店铺: '暖居家纺旗舰店',
    })
  })

  it('leave what is unknown for the agent, and take the agent’s answers', () => {
    const body =
      '{{顾客}}您好，订单{{订单号}}的退款{{金额}}元已提交，快递单号{{快递单号}}，{{快递单号}}到了请告诉{{客服}}。'
    const first = prepareScript(body, values)
    expect(first.missing).toEqual(['快递单号'])
    expect(first.text).toContain('{{快递单号}}')
    const done = prepareScript(body, values, { 快递单号: ' ZT7731029384756 ' })
    expect(done.missing).toEqual([])
    expect(done.text).toBe(
      'tb_王小二您好，订单240611-583920174的退款39.90元已提交，快递单号ZT7731029384756，ZT7731029384756到了请告诉小李。',
    )
  })

  it('use the platform’s own wording when the script has one', () => {
    const s = { body: '您好', variants: { pdd: '亲，您好' } }
    expect(bodyFor(s, 'pdd')).toBe('亲，您好')
    expect(bodyFor(s, 'jd')).toBe('您好')
    expect(bodyFor(s, null)).toBe('您好')
  })
})

describe('the diff between two versions', () => {
  it('marks the changed words inside a one-line Chinese body', () => {
    const lines = diffText('退款1-3个工作日到账', '退款24小时内到账')
    expect(lines).toHaveLength(1)
    expect(lines[0]!.kind).toBe('changed')
    expect(lines[0]!.parts).toEqual([
      { kind: 'same', text: '退款' },
      { kind: 'removed', text: '1-3个工作日' },
      { kind: 'added', text: '24小时内' },
      { kind: 'same', text: '到账' },
    ])
  })

  it('keeps untouched lines, and lists added and removed ones', () => {
    const lines = diffText('您好\n退款已提交\n祝您生活愉快', '您好\n祝您生活愉快\n有问题随时找我')
    expect(lines.map((l) => l.kind)).toEqual(['same', 'removed', 'same', 'added'])
  })

  it('reads back as either version, for any two texts', () => {
    const text = fc.array(fc.constantFrom('退', '款', '到', '账', '\n', 'a', '😀', '1'), {
      maxLength: 30,
    })
    fc.assert(
      fc.property(text, text, (a, b) => {
        const before = a.join('')
        const after = b.join('')
        const lines = diffText(before, after)
        expect(sideOf(lines, 'before')).toBe(before)
        expect(sideOf(lines, 'after')).toBe(after)
        const chars = diffChars(before, after)
        expect(
          chars
            .filter((p) => p.kind !== 'added')
            .map((p) => p.text)
            .join(''),
        ).toBe(before)
      }),
      { numRuns: RUNS },
    )
  })
})

describe('import rows', () => {
  const target = { scope: 'personal' as const, team: null }
  const header = ['标题', '话术内容', '分类', '平台', '快捷编码', '标签']

  it('accept a shop’s own labels for categories and platforms', () => {
    const check = checkSheet(
      {
        header,
        rows: [
          {
            row: 2,
            cells: ['催发货', '亲，已催仓库今天发出', '物流', '拼多多、京东', 'CFH', '催发货 物流'],
          },
          { row: 3, cells: ['好评感谢', "'=感谢您的好评", '评价', '', '', ''] },
        ],
      },
      target,
    )
    expect(check.errors).toEqual([])
    expect(check.rows[0]!.draft).toMatchObject({
      category: 'logistics',
      platforms: ['pdd', 'jd'],
      shortCode: 'cfh',
      tags: ['催发货', '物流'],
    })
    // Our own export's protecting apostrophe is not part of the text.
    expect(check.rows[1]!.draft).toMatchObject({ body: '=感谢您的好评', platforms: ['all'] })
  })

  it('report every bad row with its number and what is wrong', () => {
    const check = checkSheet(
      {
        header,
        rows: [
          { row: 2, cells: ['', '内容', '问候', '通用', '', ''] },
          { row: 3, cells: ['标题', '您好{{顾客名}}', '问候', '通用', '', ''] },
          { row: 4, cells: ['标题', '内容', '闲聊', '通用', '', ''] },
          { row: 5, cells: ['标题', '内容', '问候', '小红书', '', ''] },
          { row: 6, cells: ['标题', '内容', '问候', '通用', 'ab', ''] },
          { row: 7, cells: ['标题', '内容', '问候', '通用', 'ab', ''] },
          { row: 8, cells: ['', '', '', '', '', ''] },
        ],
      },
      { ...target, existingCodes: new Map([['zz', 'x']]) },
    )
    expect(check.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, '标题', '请填写标题'],
      [3, '话术内容', '未知占位符：{{顾客名}}'],
      [4, '分类', '不认识的分类「闲聊」'],
      [5, '平台', '不认识的平台「小红书」'],
      [7, '快捷编码', '快捷编码「ab」与第 6 行重复'],
    ])
    expect(check.rows.map((r) => r.row)).toEqual([6])
  })

  it('refuse a sheet without the title or body column, and a JSON file without a list', () => {
    expect(checkSheet({ header: ['名字', '内容'], rows: [] }, target).fileError).toContain('标题')
    expect(checkJson({ hello: 1 }, target).fileError).toContain('scripts')
    expect(checkJson({ scripts: [] }, target).fileError).toBe('文件里没有话术')
    const json = checkJson([{ title: 't', body: 'b', category: 'refund' }, 'x'], target)
    expect(json.rows).toHaveLength(1)
    expect(json.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'title'],
      [2, 'body'],
      [2, 'category'],
    ])
  })
})

describe('spreadsheet cells', () => {
  it('cannot start a formula, and read back as written', () => {
    for (const t of ['=SUM(A1)', '+86 138', '-5', '@cmd', '\tx', '\rx']) {
      expect(protectCell(t)).toBe(`'${t}`)
      expect(unprotectCell(protectCell(t))).toBe(t)
    }
    expect(protectCell('您好=')).toBe('您好=')
    expect(unprotectCell("'普通文字")).toBe("'普通文字")
  })
})

describe('suggestions for an order', () => {
  it('rank by category and the customer’s words, best first, for the order’s platform', () => {
    const got = suggestScripts(
      { category: 'quality', description: '收到杯子破损了，外包装也压坏了', platform: 'taobao' },
      library(),
    )
    expect(got[0]!.script.id).toBe('broken')
    expect(got[0]!.matched).toContain('破损')
    expect(got.map((s) => s.script.id)).not.toContain('meituan')

    const late = suggestScripts(
      { category: 'logistics', description: '快递好几天了还在中转站不动', platform: 'pdd' },
      library(),
    )
    expect(late[0]!.script.id).toBe('delay')
  })
})

describe('the OS-wide picker shortcut', () => {
  function fakeAdapter(accept = true) {
    const calls: string[] = []
    const handlers = new Map<string, () => void>()
    return {
      calls,
      press: (acc: string) => handlers.get(acc)?.(),
      register(acc: string, h: () => void) {
        calls.push(`register ${acc}`)
        if (!accept) return false
        handlers.set(acc, h)
        return true
      },
      unregister(acc: string) {
        calls.push(`unregister ${acc}`)
        handlers.delete(acc)
      },
    }
  }

  it('registers the default, calls back when pressed, and moves to a new combination', () => {
    const a = fakeAdapter()
    let pressed = 0
    const sc = pickerShortcut(a, () => pressed++)
    expect(sc.registered).toBe(true)
    a.press('CommandOrControl+Alt+K')
    expect(pressed).toBe(1)
    expect(sc.set('CommandOrControl+Shift+Y')).toBe(true)
    a.press('CommandOrControl+Alt+K')
    a.press('CommandOrControl+Shift+Y')
    expect(pressed).toBe(2)
    sc.set(null)
    expect(sc.registered).toBe(false)
    expect(a.calls).toEqual([
      'register CommandOrControl+Alt+K',
      'unregister CommandOrControl+Alt+K',
      'register CommandOrControl+Shift+Y',
      'unregister CommandOrControl+Shift+Y',
    ])
  })

  it('reports a combination another program holds as not registered', () => {
    const sc = pickerShortcut(fakeAdapter(false), () => undefined)
    expect(sc.registered).toBe(false)
    expect(sc.accelerator).toBe('CommandOrControl+Alt+K')
  })
})
