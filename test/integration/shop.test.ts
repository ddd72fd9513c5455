import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { Shop, ShopSettings } from '../../shared/api/shop'
import type { CreateResult, TicketDetail } from '../../shared/api/tickets'
import { defaultSlaSettings } from '../../shared/tickets/sla'
import { cst, intake, openDesk, tempDir, type Desk } from './tickets-desk'

const dirs: string[] = []
const open: Desk[] = []
afterEach(async () => {
  for (const d of open.splice(0)) await d.close().catch(() => undefined)
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe('shop-wide settings', () => {
  it('a supervisor sets up the shops; intake then offers only those, and an agent cannot change them', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const d = await openDesk(dir)
    open.push(d)
    const shop = await d.ok<Shop>(
      'shop.saveShop',
      { platform: 'pdd', name: '杯具旗舰店' },
      'supervisor',
    )
    const refused = await d.call('shop.saveShop', { platform: 'pdd', name: '小号店' }, 'agent')
    expect(!refused.ok && refused.error.code).toBe('forbidden')
    const clash = await d.call(
      'shop.saveShop',
      { platform: 'pdd', name: '杯具旗舰店' },
      'supervisor',
    )
    expect(!clash.ok && clash.error.fields?.name).toBe('店铺名称已存在')

    const wrong = await d.call('tickets.create', { intake: intake({ shopId: '别的店' }) }, 'agent')
    expect(!wrong.ok && wrong.error.fields?.shopId).toBe('请选择拼多多的店铺')
    const ok = await d.ok<CreateResult>(
      'tickets.create',
      { intake: intake({ shopId: shop.id }) },
      'agent',
    )
    expect(ok.status).toBe('created')
    if (ok.status === 'created') expect(ok.ticket.view.shopName).toBe('杯具旗舰店')

    await d.ok(
      'shop.saveShop',
      { id: shop.id, platform: 'pdd', name: '杯具旗舰店', disabled: true },
      'supervisor',
    )
    const closed = await d.call(
      'tickets.create',
      { intake: intake({ shopId: shop.id, orderNo: '250301-523456789012345' }) },
      'agent',
    )
    expect(!closed.ok && closed.error.fields?.shopId).toBe(
      '店铺「杯具旗舰店」已停用，请选择其他店铺',
    )
  })

  it('SLA targets and business hours are kept across a restart and drive the clocks', async () => {
    const dir = tempDir()
    dirs.push(dir)
    let d = await openDesk(dir)
    const sla = defaultSlaSettings()
    sla.targets.normal.firstResponseMin = 10
    sla.calendar.week = sla.calendar.week.map(() => [{ start: '09:00', end: '18:00' }])
    sla.archiveUnratedAfterDays = 5
    await d.ok<ShopSettings>('shop.setSla', { sla }, 'supervisor')
    const bad = await d.call(
      'shop.setSla',
      { sla: { ...sla, calendar: { utcOffsetMinutes: 480, week: [[], [], [], [], [], [], []] } } },
      'supervisor',
    )
    expect(!bad.ok && bad.error.message).toContain('营业时间不能全部为空')
    await d.close()

    d = await openDesk(dir, cst('2025-03-04 17:55'))
    open.push(d)
    const got = await d.ok<ShopSettings>('shop.get', {}, 'agent')
    expect(got.sla.targets.normal.firstResponseMin).toBe(10)
    expect(got.sla.archiveUnratedAfterDays).toBe(5)
    const r = await d.ok<CreateResult>(
      'tickets.create',
      { intake: intake({ messageAt: cst('2025-03-04 17:55') }) },
      'agent',
    )
    if (r.status !== 'created') throw new Error('not created')
    // 5 minutes left today, the other 5 after opening tomorrow.
    const t = await d.ok<TicketDetail>('tickets.get', { id: r.ticket.ticket.id }, 'agent')
    expect(t.sla.firstResponse.dueAt).toBe(cst('2025-03-05 09:05'))
  })
})
