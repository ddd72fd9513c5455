import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { intake, openDesk, tempDir, type Desk } from './tickets-desk'

/**
 * The shop's own search synonyms (设置 → 搜索同义词): a supervisor adds a group, every agent's
 * next search uses it without any rebuild, it is a shop-wide setting that survives a restart,
 * and agents cannot change it.
 */

const open: Desk[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const d of open.splice(0)) await d.close().catch(() => undefined)
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

async function desk(dir: string): Promise<Desk> {
  const d = await openDesk(dir)
  open.push(d)
  return d
}

interface Hits {
  hits: Array<{ ticket: { id: string } }>
}

describe('search synonyms of the shop', () => {
  it("a supervisor's group finds orders worded the other way at the next search, after a restart too", async () => {
    const dir = tempDir()
    dirs.push(dir)
    const d = await desk(dir)
    const created = await d.ok<{ ticket: { view: { id: string } } }>(
      'tickets.create',
      { intake: intake({ description: '电动车轮胎漏气，骑不了了' }), acceptWarnings: true },
      'agent',
    )
    const search = async (q: string, who: 'agent' | 'supervisor' = 'agent') =>
      (await d.ok<Hits>('tickets.search', { q }, who)).hits.map((h) => h.ticket.id)
    expect(await search('爆胎')).toEqual([])

    const refused = await d.call('tickets.setSynonyms', { groups: [['爆胎', '轮胎漏气']] }, 'agent')
    expect(refused.ok).toBe(false)

    const bad = await d.call('tickets.setSynonyms', { groups: [['爆胎']] }, 'supervisor')
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.message).toContain('每组至少要有两个词')

    const saved = await d.ok<{ shop: string[][]; defaults: string[][] }>(
      'tickets.setSynonyms',
      { groups: [['爆胎', '轮胎漏气', ' 爆胎 ']] },
      'supervisor',
    )
    expect(saved.shop).toEqual([['爆胎', '轮胎漏气']])
    expect(saved.defaults.length).toBeGreaterThan(30)
    expect(await search('爆胎')).toEqual([created.ticket.view.id])

    await d.close()
    open.length = 0
    const again = await desk(dir)
    const read = await again.ok<{ shop: string[][] }>('tickets.synonyms', {}, 'agent')
    expect(read.shop).toEqual([['爆胎', '轮胎漏气']])
    const hits = await again.ok<Hits>('tickets.search', { q: '爆胎' }, 'agent')
    expect(hits.hits.map((h) => h.ticket.id)).toEqual([created.ticket.view.id])
  })
})
