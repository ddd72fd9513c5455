import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowser, launchApp, type AppHandle } from './harness'
import { addPerson, setupAdmin, switchPerson, waitSignedIn } from './people-helpers'

/**
 * Issue 9 "Done when", in Chromium against the browser build: 小王 signs in (the shift starts),
 * records three orders through the real API from the page, ends the shift with one click; the
 * XLSX download is re-read by an independent reader (Debian's python3-openpyxl) and its
 * figures match the ones worked out here; the print view is rendered to PDF by Chromium and to
 * PNG pages by pdftoppm; an order whose description starts with =HYPERLINK( is plain text.
 */
const PYTHON = '/usr/bin/python3'
const EVIL = '=HYPERLINK("http://evil.example/refund","点此退款")'
const NOTE = '2号单顾客说下午会再联系，请接班同事留意'
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-reports-e2e-'))

let app: AppHandle
let page: Page

beforeAll(async () => {
  app = await launchApp()
  page = app.page
})
afterAll(async () => {
  await app?.close()
  await closeBrowser()
  if (!process.env.KEEP_E2E_OUTPUT) fs.rmSync(out, { recursive: true, force: true })
})

type Api = Record<string, Record<string, (i: unknown) => Promise<unknown>>>
async function kefu<T>(name: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([n, arg]) => {
      const [svc, m] = (n as string).split('.') as [string, string]
      return (await (window.kefu as unknown as Api)[svc]![m]!(arg)) as never
    },
    [name, input] as const,
  )
}

interface Detail {
  ticket: { id: string; createdAt: string; firstReplyAt?: string; resolvedAt?: string }
}

function readXlsx(file: string): {
  title: string
  lines: Record<string, unknown>
  header: string[]
  rows: Array<Array<{ v: unknown; t: string }>>
} {
  const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
s = wb['汇总']
lines = {}
for r in s.iter_rows(min_row=3, values_only=True):
    if r[0] is not None and r[0] not in lines:
        lines[r[0]] = r[1]
o = wb['工单明细']
rows = [[{'v': c.value, 't': c.data_type} for c in r] for r in o.iter_rows(min_row=2)]
print(json.dumps({'title': s['A1'].value, 'lines': lines,
  'header': [c.value for c in o[1]], 'rows': rows}, ensure_ascii=False, default=str))
`
  return JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8' }))
}

describe('end of shift: summary, XLSX, PDF', () => {
  const ids: Record<string, string> = {}
  const minutesOf: number[] = []

  it('the admin sets up people and a 24-hour calendar (so minutes are wall minutes at any hour)', async () => {
    await setupAdmin(page)
    await addPerson(page, { name: '小王', pin: '1357', roles: ['agent'] })
    await addPerson(page, { name: '老陈', pin: '2468', roles: ['specialist'] })
    const shop = await kefu<{ sla: { calendar: { week: unknown[] } } }>('shop.get', {})
    const sla = {
      ...shop.sla,
      calendar: {
        utcOffsetMinutes: 480,
        week: Array.from({ length: 7 }, () => [{ start: '00:00', end: '00:00' }]),
      },
    }
    await kefu('shop.setSla', { sla })
  })

  it('signing in starts 小王’s shift on this PC', async () => {
    await switchPerson(page, '小王', '1357')
    await page.getByTestId('nav-shifts').click()
    await page.getByTestId('shift-current-started').waitFor()
    const current = await kefu<{ personName: string; endedAt: string | null } | null>(
      'shifts.current',
      {},
    )
    expect(current).toMatchObject({ personName: '小王', endedAt: null })
  })

  it('小王 records three orders through the page’s API', async () => {
    const people = await kefu<Array<{ id: string; name: string }>>('people.directory', {})
    const chen = people.find((p) => p.name === '老陈')!.id
    const now = Date.now()
    const intake = (over: Record<string, unknown>) => ({
      platform: 'pdd',
      shopId: '旗舰店',
      channel: 'chat',
      customerName: '王芳',
      contact: '13812345678',
      description: '快递三天没有更新物流信息，顾客想知道包裹到哪里了',
      category: 'logistics',
      priority: 'normal',
      ...over,
    })
    const create = async (over: Record<string, unknown>) => {
      const r = await kefu<{ status: string; ticket: Detail }>('tickets.create', {
        intake: intake(over),
        acceptWarnings: true,
        confirmNew: true,
      })
      expect(r.status).toBe('created')
      return r.ticket.ticket
    }
    // T1: the customer wrote a minute ago; answered from a script, resolved, rated 5.
    const t1 = await create({
      messageAt: new Date(now - 60_000).toISOString(),
      orderNo: '250301-100000000000001',
    })
    const r1 = await kefu<Detail>('tickets.reply', {
      id: t1.id,
      text: '您好，我是客服小王',
      scriptId: 'greet',
    })
    await kefu('tickets.act', { id: t1.id, action: { type: 'start' } })
    const done1 = await kefu<Detail>('tickets.act', {
      id: t1.id,
      action: { type: 'resolve', resolutionNote: '已告知物流进度' },
    })
    await kefu('tickets.act', { id: t1.id, action: { type: 'record_satisfaction', rating: 5 } })
    minutesOf.push((Date.parse(r1.ticket.firstReplyAt!) - (now - 60_000)) / 60_000)
    ids.t1 = t1.id
    expect(done1.ticket.resolvedAt).toBeTruthy()

    // T2: waited ten minutes (past the 3-minute target); its description is a formula.
    const t2 = await create({
      messageAt: new Date(now - 600_000).toISOString(),
      orderNo: '250301-100000000000002',
      amount: 12990,
      category: 'refund',
      description: EVIL,
    })
    const r2 = await kefu<Detail>('tickets.reply', { id: t2.id, text: '您好，马上为您处理退款' })
    minutesOf.push((Date.parse(r2.ticket.firstReplyAt!) - (now - 600_000)) / 60_000)
    ids.t2 = t2.id

    // T3: just in, low priority, handed to the specialist with a handover note, not yet answered.
    const t3 = await create({
      messageAt: new Date(now).toISOString(),
      orderNo: '250301-100000000000003',
      priority: 'low',
    })
    await kefu('tickets.act', {
      id: t3.id,
      action: { type: 'transfer', to: chen, handoverNote: '包裹疑似丢失，需仓库确认能否补发' },
    })
    ids.t3 = t3.id
    expect(minutesOf[0]).toBeLessThan(3)
    expect(minutesOf[1]).toBeGreaterThan(3)
  })

  it('one click ends the shift, shows the summary and downloads the XLSX; openpyxl reads the same figures', async () => {
    await page.reload()
    await page.getByTestId('nav-shifts').click()
    await page.getByTestId('shift-end-export').click()
    await page.getByTestId('shift-end-note').fill(NOTE)
    const downloading = page.waitForEvent('download')
    await page.getByTestId('shift-end-confirm').click()
    const download = await downloading
    const file = path.join(out, download.suggestedFilename())
    await download.saveAs(file)
    expect(download.suggestedFilename()).toMatch(/^班次小结-\d{4}-\d{2}-\d{2}-小王\.xlsx$/)
    await page.getByTestId('summary-title').filter({ hasText: '班次小结' }).waitFor()
    await expect(page.getByTestId('figure-received').textContent()).resolves.toContain('3')

    const x = readXlsx(file)
    const avg = Math.round(((minutesOf[0]! + minutesOf[1]!) / 2) * 10) / 10
    const p90 = Math.round(Math.max(...minutesOf) * 10) / 10
    expect(x.title).toMatch(/^班次小结 \d{4}-\d{2}-\d{2} 小王$/)
    expect(x.lines['人员']).toBe('小王')
    expect(x.lines['接收工单']).toBe(3)
    expect(x.lines['已解决']).toBe(1)
    expect(x.lines['转办']).toBe(1)
    expect(x.lines['仍未完成']).toBe(2)
    expect(x.lines['SLA 超时']).toBe(1)
    expect(x.lines['首次响应平均（分钟）']).toBeCloseTo(avg, 1)
    expect(x.lines['首次响应 P90（分钟）']).toBeCloseTo(p90, 1)
    expect(x.lines['3分钟回复率']).toBe(0.5)
    expect(x.lines['解决率']).toBeCloseTo(1 / 3, 10)
    expect(x.lines['满意度（4–5分占比）']).toBe(1)
    expect(x.lines['评价率']).toBe(1)
    expect(x.lines['未回复工单']).toBe(1)
    expect(x.lines['交接说明']).toBe(NOTE)
    expect(x.header.slice(0, 4)).toEqual(['工单号', '订单编号', '金额（元）', '平台'])
    expect(x.rows.map((r) => r[0]!.v).sort()).toEqual([ids.t1, ids.t2, ids.t3].sort())
    const evil = x.rows.find((r) => r[0]!.v === ids.t2)!
    const desc = evil[x.header.indexOf('问题描述')]!
    // A string cell ('s'), not a formula ('f'), exactly as typed: no apostrophe in an XLSX.
    expect(desc).toEqual({ v: EVIL, t: 's' })
    // Times are date-time cells ('d'), minutes and money numbers ('n').
    expect(evil[x.header.indexOf('消息时间')]!.t).toBe('d')
    expect(evil[x.header.indexOf('首次响应（分钟）')]!.t).toBe('n')
    expect(evil[x.header.indexOf('金额（元）')]).toEqual({ v: 129.9, t: 'n' })
    expect(evil[x.header.indexOf('联系方式')]!.v).toBe('138****5678')
    expect(evil[x.header.indexOf('平台')]!.v).toBe('拼多多')
  })

  it('a bar of the summary drills down to the orders behind it, linking to the order', async () => {
    // 退款 (refund) is the first category with orders: its "received" bar holds T2 alone.
    const bar = page.locator('[data-testid="chart-category"] svg path[fill="#1f6feb"]').first()
    await bar.waitFor()
    await bar.click()
    const list = page.getByTestId('drill-list')
    await list.waitFor()
    await expect(page.getByTestId('drill-title').textContent()).resolves.toBe('退款：1 单')
    await expect(list.getByTestId('drill-open').allTextContents()).resolves.toEqual([
      '250301-100000000000002',
    ])
    await list.getByTestId('drill-open').click()
    await page.getByTestId('section-tickets').waitFor()
    await page.getByTestId('nav-shifts').click()
    await page.getByTestId('summary-title').waitFor()
  })

  it('the print view renders to PDF in Chromium and to PNG pages with pdftoppm', async () => {
    // The browser build prints the print view with the browser's own print: record the call.
    await page.evaluate(() => {
      ;(window as unknown as { __printed: number }).__printed = 0
      window.print = () => {
        ;(window as unknown as { __printed: number }).__printed++
      }
    })
    await page.getByTestId('shift-print').click()
    await page.waitForSelector('body[data-print-ready="1"]', { timeout: 30_000 })
    await page.waitForFunction(() => (window as unknown as { __printed: number }).__printed === 1)
    expect(page.url()).toMatch(/#\/print\/shift\/[A-Za-z0-9_-]+\?lang=zh-CN&print=1$/)
    const pdf = path.join(out, 'summary.pdf')
    await page.emulateMedia({ media: 'print' })
    fs.writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: true }))
    await page.emulateMedia({ media: 'screen' })
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
    expect(text).toContain('班次小结')
    expect(text).toContain('小王')
    expect(text).toContain('3分钟回复率')
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(out, 'page')])
    const pngs = fs
      .readdirSync(out)
      .filter((f) => /^page-\d+\.png$/.test(f))
      .sort()
    expect(pngs.length).toBeGreaterThanOrEqual(1)
    const first = fs.readFileSync(path.join(out, pngs[0]!))
    expect(first.subarray(1, 4).toString()).toBe('PNG')
    // Not blank: a white page compresses to almost nothing; text and charts do not.
    expect(first.length).toBeGreaterThan(15_000)
    if (process.env.KEEP_E2E_OUTPUT) console.log(`print output in ${out}`)
    await page.getByTestId('print-back').click()
    await page.getByTestId('shifts-page').waitFor()
  })

  it('the next person to sign in sees the handover note until marked read', async () => {
    await switchPerson(page, '老陈', '2468')
    await waitSignedIn(page, '老陈')
    const note = page.getByTestId('handover-note')
    await note.waitFor()
    await expect(note.textContent()).resolves.toContain(NOTE)
    await expect(note.textContent()).resolves.toContain('250301-100000000000003')
    await page.getByTestId('handover-ack').click()
    await note.waitFor({ state: 'detached' })
  })
  it('in English the printed summary is English throughout and no chart labels overlap', async () => {
    // 老陈 (signed in, so his shift runs) records an order in every category and on every
    // platform, so both bar charts carry their longest English labels side by side.
    const categories = [
      'return_exchange',
      'refund',
      'quality',
      'logistics',
      'order_change',
      'review_complaint',
      'suggestion',
      'other',
    ]
    const platforms = ['pdd', 'taobao', 'jd', 'douyin', 'meituan', 'eleme', 'other']
    for (const [i, category] of categories.entries()) {
      const r = await kefu<{ status: string }>('tickets.create', {
        intake: {
          platform: platforms[i % platforms.length],
          shopId: '旗舰店',
          channel: 'chat',
          customerName: '刘先生',
          messageAt: new Date().toISOString(),
          orderNo: `250302-10000000000000${i}`,
          description: '顾客咨询发货时间，想知道今天能不能发出',
          category,
          priority: 'normal',
        },
        acceptWarnings: true,
        confirmNew: true,
      })
      expect(r.status).toBe('created')
    }
    await kefu('settings.setLocal', { language: 'en' })
    await page.reload()
    await page.getByTestId('nav-shifts').click()
    await page.getByTestId('summary-title').filter({ hasText: 'Shift summary' }).waitFor()
    await page.evaluate(() => {
      window.print = () => undefined
    })
    await page.getByTestId('shift-print').click()
    await page.waitForSelector('body[data-print-ready="1"]', { timeout: 30_000 })
    expect(page.url()).toMatch(/#\/print\/shift\/[A-Za-z0-9_-]+\?lang=en&print=1$/)
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en')
    await expect(page.title()).resolves.toMatch(/^Shift summary \d{4}-\d{2}-\d{2} 老陈$/)

    // Every text of each chart (axis labels, wrapped lines, legend) as the quadrilateral it
    // covers on the page, turned labels included; no two may intersect.
    const overlaps = await page.evaluate(() => {
      type Pt = [number, number]
      const quad = (el: SVGGraphicsElement): Pt[] => {
        const b = el.getBBox()
        const m = el.getScreenCTM()!
        const at = (x: number, y: number): Pt => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]
        // Half a pixel in from each side: touching is not overlapping.
        const i = 0.5
        return [
          at(b.x + i, b.y + i),
          at(b.x + b.width - i, b.y + i),
          at(b.x + b.width - i, b.y + b.height - i),
          at(b.x + i, b.y + b.height - i),
        ]
      }
      const separated = (a: Pt[], b: Pt[]) => {
        for (const poly of [a, b])
          for (let k = 0; k < 4; k++) {
            const [x1, y1] = poly[k]!
            const [x2, y2] = poly[(k + 1) % 4]!
            const n: Pt = [y2 - y1, x1 - x2]
            const proj = (p: Pt[]) => p.map(([x, y]) => x * n[0] + y * n[1])
            const pa = proj(a)
            const pb = proj(b)
            if (Math.max(...pa) <= Math.min(...pb) || Math.max(...pb) <= Math.min(...pa))
              return true
          }
        return false
      }
      const found: string[] = []
      let labels = 0
      for (const id of ['chart-category', 'chart-platform', 'chart-hour']) {
        const texts = [...document.querySelectorAll(`[data-testid="${id}"] svg text`)].filter(
          (t) => (t.textContent ?? '').trim() !== '',
        ) as SVGTextElement[]
        labels += texts.length
        const quads = texts.map(quad)
        for (let a = 0; a < texts.length; a++)
          for (let b = a + 1; b < texts.length; b++)
            if (!separated(quads[a]!, quads[b]!))
              found.push(`${id}: "${texts[a]!.textContent}" / "${texts[b]!.textContent}"`)
      }
      return { found, labels }
    })
    expect(overlaps.labels).toBeGreaterThan(8 + 7 + 24)
    expect(overlaps.found).toEqual([])

    const pdf = path.join(out, 'summary-en.pdf')
    await page.emulateMedia({ media: 'print' })
    fs.writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: true }))
    await page.emulateMedia({ media: 'screen' })
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
    for (const en of ['Shift summary', 'Orders received', 'By category', 'By platform'])
      expect(text).toContain(en)
    // Turned chart labels come out of pdftotext letter by letter: read them from the page.
    const chartText = await page.evaluate(() =>
      ['chart-category', 'chart-platform'].map((id) =>
        [...document.querySelectorAll(`[data-testid="${id}"] svg text`)]
          .map((t) => t.textContent)
          .join(''),
      ),
    )
    expect(chartText[0]).toContain('Review/complaint')
    expect(chartText[1]).toContain('Taobao/Tmall')
    expect(chartText.join('')).not.toMatch(/[\u4e00-\u9fff]/)
    // The app's own words are all English: Chinese is left only in what the shop typed.
    for (const zh of ['班次小结', '接收工单', '按问题分类', '评价/投诉', '淘宝', '交接说明', '：'])
      expect(text).not.toContain(zh)
    await page.getByTestId('print-back').click()
    await kefu('settings.setLocal', { language: 'zh-CN' })
  })
})
