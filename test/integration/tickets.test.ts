import fs from 'node:fs'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type {
  AttachmentBytes,
  CreateResult,
  ListResult,
  QueueCounts,
  ReviewResult,
  ArchiveResult,
  SearchResult,
  TicketDetail,
  Draft,
  CustomerArchive,
} from '../../shared/api/tickets'
import { ATTACHMENT_MAX_BYTES } from '../../shared/api/tickets'
import { cst, intake, openDesk, tempDir, type Desk } from './tickets-desk'

const dirs: string[] = []
const open: Desk[] = []

async function desk(): Promise<Desk> {
  const dir = tempDir()
  dirs.push(dir)
  const d = await openDesk(dir)
  open.push(d)
  return d
}

afterEach(async () => {
  for (const d of open.splice(0)) await d.close().catch(() => undefined)
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

async function create(
  d: Desk,
  over: Record<string, unknown> = {},
  who: 'agent' | 'agent2' = 'agent',
) {
  const r = await d.ok<CreateResult>('tickets.create', { intake: intake(over) }, who)
  if (r.status !== 'created') throw new Error(`not created: ${JSON.stringify(r)}`)
  return r.ticket
}

function minutes(d: Desk, n: number) {
  d.clock.now += n * 60_000
}

describe('the ticket desk', () => {
  it('a simple logistics query recorded, replied to and resolved by an agent has a complete history', async () => {
    const d = await desk()
    const created = await create(d)
    expect(created.ticket.status).toBe('new')
    expect(created.view.assigneeName).toBe('小王')
    // Lists and the detail show the contact masked.
    expect(created.ticket.contact).toBe('138****5678')
    expect(created.ticket.customerName).toBe('王*')

    minutes(d, 1)
    await d.ok(
      'tickets.reply',
      { id: created.ticket.id, text: '亲，已为您查询，包裹在转运中心，预计明天送达' },
      'agent',
    )
    minutes(d, 2)
    const done = await d.ok<TicketDetail>(
      'tickets.act',
      {
        id: created.ticket.id,
        action: {
          type: 'simple_resolve',
          steps: ['查询物流轨迹', '告知顾客预计送达时间'],
          customerConfirmed: true,
          confirmation: '顾客表示明白，等待收货',
        },
      },
      'agent',
    )

    expect(done.ticket.status).toBe('resolved')
    expect(done.ticket.firstReplyAt).toBe(cst('2025-03-04 10:01'))
    expect(done.ticket.resolvedAt).toBe(cst('2025-03-04 10:03'))
    expect(done.ticket.resolutionNote).toBe('查询物流轨迹；告知顾客预计送达时间')
    expect(done.sla.firstResponse.done).toBe(true)
    expect(done.sla.firstResponse.breached).toBe(false)

    const [reply, steps, moved] = done.history
    expect(done.history).toHaveLength(3)
    expect(reply).toMatchObject({
      type: 'reply',
      text: '亲，已为您查询，包裹在转运中心，预计明天送达',
      by: 'agent',
      byName: '小王',
      dev: 'pc1',
      devName: '前台1号机',
      at: cst('2025-03-04 10:01'),
    })
    expect(steps).toMatchObject({
      type: 'steps',
      steps: ['查询物流轨迹', '告知顾客预计送达时间'],
      customerConfirmed: true,
      confirmation: '顾客表示明白，等待收货',
      byName: '小王',
    })
    expect(moved).toMatchObject({
      type: 'transition',
      action: 'simple_resolve',
      from: 'new',
      to: 'resolved',
      by: 'agent',
      devName: '前台1号机',
      at: cst('2025-03-04 10:03'),
    })

    // Every change is an op by the agent from this PC: the status set and the entries added.
    const ops = d.store
      .opsAfter(null, 10_000)
      .filter((o) => o.entity === 'ticket' && o.id === created.ticket.id)
    expect(ops.every((o) => o.by === 'agent' && o.dev === 'pc1')).toBe(true)
    expect(ops.filter((o) => o.kind === 'set' && o.field === 'status').map((o) => o.value)).toEqual(
      ['new', 'resolved'],
    )
    expect(ops.filter((o) => o.kind === 'add' && o.field === 'history')).toHaveLength(3)
  })

  it("a quality complaint transferred with a handover note shows in the specialist's transferred queue, and is worked to the end", async () => {
    const d = await desk()
    const t = await create(d, {
      category: 'quality',
      orderNo: '250302-223456789012345',
      description: '收到的保温杯杯身有明显凹陷，顾客要求换货',
      trackingNo: undefined,
    })
    const id = t.ticket.id
    const photo = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
    await d.ok(
      'tickets.attach',
      { id, name: '凹陷照片.png', mime: 'image/png', bytesBase64: photo.toString('base64') },
      'agent',
    )
    await d.ok('tickets.act', { id, action: { type: 'start' } }, 'agent')
    await d.ok('tickets.reply', { id, text: '非常抱歉给您带来不便，我们马上为您处理' }, 'agent')
    const handed = await d.ok<TicketDetail>(
      'tickets.act',
      {
        id,
        action: {
          type: 'transfer',
          to: 'specialist',
          handoverNote: '杯身凹陷，已道歉并告知顾客会安排换货，需确认仓库是否有同款库存',
        },
      },
      'agent',
    )
    expect(handed.ticket.assignee).toBe('specialist')
    expect(handed.history.find((h) => h.type === 'transfer')).toMatchObject({
      from: 'agent',
      to: 'specialist',
      handoverNote: '杯身凹陷，已道歉并告知顾客会安排换货，需确认仓库是否有同款库存',
      byName: '小王',
    })

    const queue = await d.ok<ListResult>('tickets.list', { queue: 'transferred' }, 'specialist')
    expect(queue.items.map((v) => v.id)).toEqual([id])
    expect(queue.items[0]!.contact).toBe('138****5678')
    const counts = await d.ok<QueueCounts>('tickets.counts', {}, 'specialist')
    expect(counts.transferred).toBe(1)
    expect((await d.ok<ListResult>('tickets.list', { queue: 'mine' }, 'agent')).total).toBe(0)

    await d.ok(
      'tickets.addDepartmentContact',
      {
        id,
        department: 'warehouse',
        contactAt: cst('2025-03-04 10:20'),
        discussed: '同款保温杯是否有库存',
        agreed: '仓库有货，可当天发出',
        measure: '登记换货出库',
      },
      'specialist',
    )
    await d.ok(
      'tickets.addDepartmentContact',
      {
        id,
        department: 'logistics',
        contactAt: cst('2025-03-04 10:30'),
        discussed: '上门取件退回破损件',
        agreed: '明天上午上门取件',
        measure: '已预约取件',
      },
      'specialist',
    )
    await d.ok(
      'tickets.addUpdate',
      { id, channel: 'platform_chat', text: '换货已安排，明天上午快递上门取件' },
      'specialist',
    )
    await d.ok(
      'tickets.addUpdate',
      { id, channel: 'sms', text: '新杯子已发出，快递单号 SF1234567890' },
      'specialist',
    )
    await d.ok(
      'tickets.act',
      { id, action: { type: 'resolve', resolutionNote: '已换新货并寄出' } },
      'specialist',
    )
    const reopened = await d.ok<TicketDetail>(
      'tickets.act',
      {
        id,
        action: { type: 'record_satisfaction', rating: 2, comment: '新杯子的颜色和原来的不一样' },
      },
      'specialist',
    )
    expect(reopened.ticket.status).toBe('processing')
    await d.ok('tickets.addNote', { id, text: '联系仓库补发正确颜色' }, 'specialist')
    await d.ok(
      'tickets.act',
      { id, action: { type: 'resolve', resolutionNote: '补发了正确颜色的保温杯' } },
      'specialist',
    )
    await d.ok(
      'tickets.act',
      { id, action: { type: 'record_satisfaction', rating: 5 } },
      'specialist',
    )

    const review = await d.ok<ReviewResult>('tickets.review', {}, 'specialist')
    expect(review.archivable.map((v) => v.id)).toEqual([id])
    const archived = await d.ok<ArchiveResult>(
      'tickets.archiveResolved',
      { ids: [id] },
      'specialist',
    )
    expect(archived.archived).toEqual([id])

    const final = await d.ok<TicketDetail>('tickets.get', { id }, 'specialist')
    expect(final.ticket.status).toBe('archived')
    expect(final.ticket.satisfaction).toBe(5)
    const kinds = final.history.map((h) => (h.type === 'transition' ? `${h.from}→${h.to}` : h.type))
    expect(kinds).toEqual([
      'attachment',
      'new→processing',
      'reply',
      'transfer',
      'department_contact',
      'department_contact',
      'customer_update',
      'customer_update',
      'processing→resolved',
      'satisfaction',
      'resolved→processing',
      'note',
      'processing→resolved',
      'satisfaction',
      'resolved→archived',
    ])
    const att = final.history[0]!
    expect(att).toMatchObject({
      type: 'attachment',
      name: '凹陷照片.png',
      mime: 'image/png',
      size: photo.length,
    })
  })

  it('a 2-star answer reopens the order with the reason', async () => {
    const d = await desk()
    const t = await create(d)
    const id = t.ticket.id
    await d.ok('tickets.act', { id, action: { type: 'start' } }, 'agent')
    await d.ok(
      'tickets.act',
      { id, action: { type: 'resolve', resolutionNote: '已催促快递派送' } },
      'agent',
    )
    const without = await d.call(
      'tickets.act',
      { id, action: { type: 'record_satisfaction', rating: 2 } },
      'agent',
    )
    expect(without.ok).toBe(false)
    if (!without.ok) expect(without.error.fields?.comment).toBe('请填写顾客不满意的原因')

    const r = await d.ok<TicketDetail>(
      'tickets.act',
      {
        id,
        action: { type: 'record_satisfaction', rating: 2, comment: '快递员态度差，包裹放在门口' },
      },
      'agent',
    )
    expect(r.ticket.status).toBe('processing')
    expect(r.ticket.resolvedAt).toBeUndefined()
    const last = r.history[r.history.length - 1]!
    expect(last).toMatchObject({
      type: 'transition',
      from: 'resolved',
      to: 'processing',
      reason: '顾客评价 2 星：快递员态度差，包裹放在门口',
    })
    expect(r.history.find((h) => h.type === 'satisfaction')).toMatchObject({
      rating: 2,
      comment: '快递员态度差，包裹放在门口',
    })
  })

  it('archived orders are found by search after a restart without a rebuild', async () => {
    const dir = tempDir()
    dirs.push(dir)
    let d = await openDesk(dir)
    const old = await create(d, {
      description: '顾客反映保温杯盖子漏水，倒过来就滴水',
      category: 'quality',
      trackingNo: undefined,
      orderNo: '250228-999456789012345',
    })
    const id = old.ticket.id
    await d.ok('tickets.act', { id, action: { type: 'start' } }, 'agent')
    await d.ok('tickets.addNote', { id, text: '已寄送新的密封圈' }, 'agent')
    await d.ok(
      'tickets.act',
      { id, action: { type: 'resolve', resolutionNote: '补寄密封圈后不再漏水' } },
      'agent',
    )
    await d.ok('tickets.act', { id, action: { type: 'record_satisfaction', rating: 5 } }, 'agent')
    await d.ok('tickets.archiveResolved', { ids: [id] }, 'agent')
    await d.close()

    d = await openDesk(dir)
    open.push(d)
    expect(d.store.archiveMonths()).toEqual(['2025-03'])
    expect((await d.desk.index).startedFrom).toBe('file')

    const found = await d.ok<SearchResult>('tickets.search', { q: '漏水' }, 'agent2')
    expect(found.hits.map((h) => h.ticket.id)).toEqual([id])
    const hit = found.hits[0]!
    expect(hit.ticket.status).toBe('archived')
    expect(hit.ticket.contact).toBe('138****5678')
    const desc = hit.highlights.find((h) => h.field === 'description')!
    expect(desc.ranges.map(([s, e]) => desc.snippet.slice(s, e))).toContain('漏水')
    // By order number, by a note, not when archived months are left out.
    expect(
      (await d.ok<SearchResult>('tickets.search', { q: '250228-999456789012345' }, 'agent')).hits[0]
        ?.ticket.id,
    ).toBe(id)
    expect(
      (await d.ok<SearchResult>('tickets.search', { q: '密封圈' }, 'agent')).hits[0]?.ticket.id,
    ).toBe(id)
    expect(
      (await d.ok<SearchResult>('tickets.search', { q: '漏水', includeArchived: false }, 'agent'))
        .hits,
    ).toEqual([])

    // Orders recorded after the restart are found too: only the new ops were applied.
    const fresh = await create(d, {
      description: '杯子漏水，顾客要求退款',
      category: 'refund',
      orderNo: '250304-111456789012345',
    })
    const both = await d.ok<SearchResult>('tickets.search', { q: '漏水' }, 'agent')
    expect(both.hits.map((h) => h.ticket.id).sort()).toEqual([id, fresh.ticket.id].sort())
  })

  it('an open order with the same order number is offered instead of a duplicate', async () => {
    const d = await desk()
    const first = await create(d)
    const again = await d.ok<CreateResult>(
      'tickets.create',
      {
        intake: intake({
          orderNo: ' 250301-123456789012345 ',
          description: '顾客再次询问物流进度，语气着急',
        }),
      },
      'agent2',
    )
    expect(again.status).toBe('duplicate')
    if (again.status === 'duplicate') expect(again.duplicateOf.id).toBe(first.ticket.id)
    const forced = await d.ok<CreateResult>(
      'tickets.create',
      { intake: intake({ description: '同一订单的第二个问题：发票抬头开错了' }), confirmNew: true },
      'agent2',
    )
    expect(forced.status).toBe('created')
  })

  it('an order number unusual for its platform is a warning the agent can override', async () => {
    const d = await desk()
    const input = intake({ platform: 'taobao', orderNo: 'TB-12345' })
    const warned = await d.ok<CreateResult>('tickets.create', { intake: input }, 'agent')
    expect(warned.status).toBe('warnings')
    if (warned.status === 'warnings')
      expect(warned.warnings.orderNo).toContain('淘宝/天猫常见格式不符')
    expect((await d.ok<ListResult>('tickets.list', { queue: 'mine' }, 'agent')).total).toBe(0)
    const saved = await d.ok<CreateResult>(
      'tickets.create',
      { intake: input, acceptWarnings: true },
      'agent',
    )
    expect(saved.status).toBe('created')
    if (saved.status === 'created') expect(saved.ticket.ticket.orderNo).toBe('TB-12345')
  })

  it('a purchase time in the future is refused with a message next to the field, and the draft is kept', async () => {
    const d = await desk()
    const form = intake({ purchasedAt: cst('2025-03-05 10:00') })
    await d.ok('tickets.saveDraft', { key: 'new-ticket', value: form }, 'agent')
    const r = await d.call('tickets.create', { intake: form, draftKey: 'new-ticket' }, 'agent')
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input')
      expect(r.error.fields?.purchasedAt).toBe('购买时间不能晚于现在')
      expect(r.error.message).toBe('购买时间不能晚于现在')
    }
    const kept = await d.ok<Draft | null>('tickets.getDraft', { key: 'new-ticket' }, 'agent')
    expect(kept?.value.purchasedAt).toBe(cst('2025-03-05 10:00'))

    const empty = await d.call('tickets.create', { intake: intake({ description: '  ' }) }, 'agent')
    expect(!empty.ok && empty.error.fields?.description).toBe('请填写问题描述')
  })

  it('drafts survive a reopen, belong to their person, and are cleared once the order is saved', async () => {
    const dir = tempDir()
    dirs.push(dir)
    let d = await openDesk(dir)
    await d.ok(
      'tickets.saveDraft',
      { key: 'new-ticket', value: { description: '顾客说快递' } },
      'agent',
    )
    await d.close()
    d = await openDesk(dir)
    open.push(d)
    const draft = await d.ok<Draft | null>('tickets.getDraft', { key: 'new-ticket' }, 'agent')
    expect(draft?.value).toEqual({ description: '顾客说快递' })
    expect(await d.ok('tickets.getDraft', { key: 'new-ticket' }, 'agent2')).toBeNull()
    await d.ok('tickets.create', { intake: intake(), draftKey: 'new-ticket' }, 'agent')
    expect(await d.ok('tickets.getDraft', { key: 'new-ticket' }, 'agent')).toBeNull()
    await d.ok(
      'tickets.saveDraft',
      { key: 'new-ticket', value: { description: '下一单' } },
      'agent',
    )
    expect((await d.ok<Draft>('tickets.getDraft', { key: 'new-ticket' }, 'agent')).value).toEqual({
      description: '下一单',
    })
  })

  it('attachments are stored by content hash; one over the limit is refused with a clear message', async () => {
    const d = await desk()
    const t = await create(d)
    const id = t.ticket.id
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)])
    const hash = createHash('sha256').update(jpeg).digest('hex')
    await d.ok(
      'tickets.attach',
      { id, name: '聊天截图.jpg', mime: 'image/jpeg', bytesBase64: jpeg.toString('base64') },
      'agent',
    )
    expect(fs.readFileSync(path.join(d.dir, 'blobs', hash)).equals(jpeg)).toBe(true)
    const back = await d.ok<AttachmentBytes>('tickets.attachment', { hash }, 'agent2')
    expect(Buffer.from(back.bytesBase64, 'base64').equals(jpeg)).toBe(true)
    expect(back.mime).toBe('image/jpeg')

    const big = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1, 1)
    const r = await d.call(
      'tickets.attach',
      { id, name: '原图.jpg', mime: 'image/jpeg', bytesBase64: big.toString('base64') },
      'agent',
    )
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('attachment_too_large')
      expect(r.error.message).toContain('附件不能超过 10 MB')
    }
    const detail = await d.ok<TicketDetail>('tickets.get', { id }, 'agent')
    expect(detail.history.filter((h) => h.type === 'attachment')).toHaveLength(1)
  })

  it('attachments are judged by their bytes: PNG, JPEG, WebP, GIF and PDF are kept with the type they are; text, even named .jpg, is refused and nothing is stored', async () => {
    const d = await desk()
    const id = (await create(d)).ticket.id
    const kinds: [string, Buffer, string][] = [
      ['截图.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png'],
      ['照片.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xdb, 1, 2, 3]), 'image/jpeg'],
      ['动图.gif', Buffer.from('GIF89a\x01\x00', 'latin1'), 'image/gif'],
      [
        '照片.webp',
        Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4, 9), Buffer.from('WEBPVP8 ')]),
        'image/webp',
      ],
      // A PDF invoice sent as "image/png" by the page: stored as what it is.
      ['发票.pdf', Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj', 'latin1'), 'application/pdf'],
    ]
    for (const [name, bytes] of kinds) {
      await d.ok(
        'tickets.attach',
        { id, name, mime: 'image/png', bytesBase64: bytes.toString('base64') },
        'agent',
      )
    }
    const detail = await d.ok<TicketDetail>('tickets.get', { id }, 'agent')
    const stored = detail.history.filter((h) => h.type === 'attachment')
    expect(stored.map((h) => (h as { mime: string }).mime)).toEqual(kinds.map((k) => k[2]))

    const blobsBefore = fs.readdirSync(path.join(d.dir, 'blobs')).sort()
    for (const [name, text] of [
      ['说明.txt', '顾客说杯子漏水'],
      ['伪装的图片.jpg', '这其实是一个文本文件'],
      ['脚本.exe', 'MZ\x90\x00'],
    ]) {
      const r = await d.call(
        'tickets.attach',
        { id, name, mime: 'image/jpeg', bytesBase64: Buffer.from(text!).toString('base64') },
        'agent',
      )
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.error.code).toBe('attachment_type_refused')
        expect(r.error.message).toContain(`“${name}”不是图片或 PDF，未添加`)
      }
    }
    expect(fs.readdirSync(path.join(d.dir, 'blobs')).sort()).toEqual(blobsBefore)
    const after = await d.ok<TicketDetail>('tickets.get', { id }, 'agent')
    expect(after.history.filter((h) => h.type === 'attachment')).toHaveLength(kinds.length)
    // Each added attachment is in the audit trail.
    expect(d.audits.filter((a) => a.startsWith('ticket.attach'))).toHaveLength(kinds.length)
  })

  it('an attachment far over the limit (not just one byte) answers the documented code attachment_too_large', async () => {
    const d = await desk()
    const id = (await create(d)).ticket.id
    const big = Buffer.alloc(ATTACHMENT_MAX_BYTES * 2, 0xff)
    const r = await d.call(
      'tickets.attach',
      { id, name: '原图.jpg', mime: 'image/jpeg', bytesBase64: big.toString('base64') },
      'agent',
    )
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('attachment_too_large')
      expect(r.error.message).toContain('附件不能超过 10 MB')
    }
  })

  it('the end-of-day review lists incomplete records and archives the resolved ones', async () => {
    const d = await desk()
    // A phone call without an order number: saved (no warning for a call), listed at review.
    const noOrder = await create(d, {
      orderNo: undefined,
      purchasedAt: undefined,
      channel: 'phone',
      description: '电话咨询：买的杯子能不能用洗碗机洗',
    })
    const answered = await create(d, { orderNo: '250301-200000000000001' })
    const unanswered = await create(d, { orderNo: '250301-200000000000002' })
    const open = await create(d, { orderNo: '250301-200000000000003' })
    for (const t of [answered, unanswered]) {
      await d.ok('tickets.act', { id: t.ticket.id, action: { type: 'start' } }, 'agent')
      await d.ok(
        'tickets.act',
        { id: t.ticket.id, action: { type: 'resolve', resolutionNote: '已处理完毕' } },
        'agent',
      )
    }
    await d.ok(
      'tickets.act',
      { id: answered.ticket.id, action: { type: 'record_satisfaction', rating: 4 } },
      'agent',
    )
    await d.ok(
      'tickets.reply',
      { id: noOrder.ticket.id, text: '可以用洗碗机清洗，但请勿高温烘干' },
      'agent',
    )

    const review = await d.ok<ReviewResult>('tickets.review', { date: '2025-03-04' }, 'agent')
    const problems = Object.fromEntries(review.incomplete.map((i) => [i.ticket.id, i.problems]))
    expect(problems[noOrder.ticket.id]).toEqual(['no_order_no'])
    expect(problems[unanswered.ticket.id]).toEqual(['no_satisfaction'])
    expect(problems[open.ticket.id]).toEqual(['no_follow_up_today'])
    expect(problems[answered.ticket.id]).toBeUndefined()
    expect(review.archivable.map((v) => v.id)).toEqual([answered.ticket.id])

    const result = await d.ok<ArchiveResult>(
      'tickets.archiveResolved',
      { ids: [answered.ticket.id, unanswered.ticket.id] },
      'agent',
    )
    expect(result.archived).toEqual([answered.ticket.id])
    expect(result.skipped).toEqual([
      {
        id: unanswered.ticket.id,
        message: '顾客尚未评价：已解决满 3 天仍无评价时才可按“未评价”归档',
      },
    ])

    // Three days later the unanswered one may be archived as 未评价.
    d.clock.now += 3 * 86_400_000
    const later = await d.ok<ReviewResult>('tickets.review', {}, 'agent')
    expect(later.archivable.map((v) => v.id)).toEqual([unanswered.ticket.id])
    await d.ok('tickets.archiveResolved', { ids: [unanswered.ticket.id] }, 'agent')
    const t = await d.ok<TicketDetail>('tickets.get', { id: unanswered.ticket.id }, 'agent')
    expect(t.ticket.archivedUnrated).toBe(true)
  })

  it("a supervisor reassigns an absent agent's orders in bulk", async () => {
    const d = await desk()
    const a = await create(d, { orderNo: '250301-300000000000001' })
    const b = await create(d, { orderNo: '250301-300000000000002' })
    const refused = await d.call('tickets.reassign', { ids: [a.ticket.id], to: 'agent2' }, 'agent')
    expect(!refused.ok && refused.error.code).toBe('forbidden')

    const r = await d.ok<{ reassigned: string[] }>(
      'tickets.reassign',
      { ids: [a.ticket.id, b.ticket.id], to: 'agent2' },
      'supervisor',
    )
    expect(r.reassigned.sort()).toEqual([a.ticket.id, b.ticket.id].sort())
    expect((await d.ok<ListResult>('tickets.list', { queue: 'mine' }, 'agent2')).total).toBe(2)
    expect((await d.ok<ListResult>('tickets.list', { queue: 'mine' }, 'agent')).total).toBe(0)
    const detail = await d.ok<TicketDetail>('tickets.get', { id: a.ticket.id }, 'agent2')
    expect(detail.history.at(-1)).toMatchObject({
      type: 'note',
      text: '主管刘主管将工单从小王改派给小李',
      byName: '刘主管',
    })
    expect(d.audits).toContain('ticket.reassign')
  })

  it("an agent cannot act on another agent's order, but can read it masked", async () => {
    const d = await desk()
    const t = await create(d)
    const r = await d.call(
      'tickets.reply',
      { id: t.ticket.id, text: '您好，这边帮您看一下' },
      'agent2',
    )
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('forbidden')
      expect(r.error.message).toContain('只能处理指派或转办给你的工单')
    }
    const act = await d.call(
      'tickets.act',
      { id: t.ticket.id, action: { type: 'start' } },
      'agent2',
    )
    expect(!act.ok && act.error.code).toBe('forbidden')
    const seen = await d.ok<TicketDetail>('tickets.get', { id: t.ticket.id }, 'agent2')
    expect(seen.canAct).toBe(false)
    expect(seen.canReveal).toBe(false)
    expect(seen.allowedActions).toEqual([])
    expect(seen.ticket.contact).toBe('138****5678')
    // A supervisor may act on anyone's order.
    await d.ok('tickets.act', { id: t.ticket.id, action: { type: 'start' } }, 'supervisor')
  })

  it('the SLA watcher warns before a breach and records each breach once', async () => {
    const d = await desk()
    d.signedIn.push('agent')
    const t = await create(d, { messageAt: cst('2025-03-04 10:00') })
    // Normal priority: first reply within 3 business minutes; warned with 1.5 minutes left.
    minutes(d, 2)
    expect(await d.desk.sla.tick()).toEqual({ breaches: 0, warnings: 1 })
    expect(d.notifications[0]).toMatchObject({ title: '工单即将超时：首次响应' })
    expect(d.notifications[0]!.body).toContain('250301-123456789012345')
    expect(
      (await d.ok<ListResult>('tickets.list', { queue: 'breachingSoon' }, 'agent')).total,
    ).toBe(1)

    minutes(d, 2)
    expect(await d.desk.sla.tick()).toEqual({ breaches: 1, warnings: 0 })
    expect(await d.desk.sla.tick()).toEqual({ breaches: 0, warnings: 0 })
    const detail = await d.ok<TicketDetail>('tickets.get', { id: t.ticket.id }, 'agent')
    const breaches = detail.history.filter((h) => h.type === 'sla_breach')
    expect(breaches).toHaveLength(1)
    expect(breaches[0]).toMatchObject({
      kind: 'first_response',
      by: 'system',
      byName: '系统',
      devName: '前台1号机',
    })
    expect(detail.view.sla.state).toBe('breached')
    // Overdue orders leave 即将超时 for 已超时.
    const counts = await d.ok<Record<string, number>>('tickets.counts', {}, 'agent')
    expect(counts.breached).toBe(1)
    expect(counts.breachingSoon).toBe(0)
    expect(
      (await d.ok<ListResult>('tickets.list', { queue: 'breached' }, 'agent')).items[0]!.id,
    ).toBe(t.ticket.id)
  })

  it('a follow-up time puts the order in the follow-up-now queue when due; the customer archive finds their other orders', async () => {
    const d = await desk()
    const first = await create(d)
    const second = await create(d, {
      orderNo: '250303-423456789012345',
      contact: '138 1234 5678',
      buyerId: 'someone_else',
      description: '第二单的赠品没有收到',
    })
    await d.ok('tickets.setFollowUp', { id: first.ticket.id, at: cst('2025-03-04 14:00') }, 'agent')
    expect((await d.ok<ListResult>('tickets.list', { queue: 'followUpNow' }, 'agent')).total).toBe(
      0,
    )
    d.clock.now = Date.parse(cst('2025-03-04 14:05'))
    const due = await d.ok<ListResult>('tickets.list', { queue: 'followUpNow' }, 'agent')
    expect(due.items.map((v) => v.id)).toEqual([first.ticket.id])

    const archive = await d.ok<CustomerArchive>(
      'tickets.customer',
      { id: second.ticket.id },
      'agent',
    )
    expect(archive.orders.map((v) => v.id).sort()).toEqual(
      [first.ticket.id, second.ticket.id].sort(),
    )
    expect(archive.by.contact).toBe('138****5678')
    const detail = await d.ok<TicketDetail>('tickets.get', { id: first.ticket.id }, 'agent')
    expect(detail.customerOrderCount).toBe(1)
  })
})
