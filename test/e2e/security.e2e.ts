import path from 'node:path'
import react from '@vitejs/plugin-react'
import { build, type Rollup } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowser, launchApp, type AppHandle } from './harness'
import { setupAdmin } from './people-helpers'

/**
 * Browser-side security in Chromium (issue 5 item 8). The token and Origin checks of the web
 * host are in shell.e2e.ts; here: markdown from training materials or release notes renders
 * inert, whatever it contains.
 */
const HOSTILE = [
  '# 培训资料',
  '正常的 **加粗** 和 [平台规则](https://example.com/rules) 链接',
  '<script>window.__xss = "script"</script>',
  '<img src="x" onerror="window.__xss = \'onerror\'">',
  '<svg><script>window.__xss = "svg"</script></svg>',
  '<iframe src="javascript:window.parent.__xss = \'iframe\'"></iframe>',
  '[点我领红包](javascript:window.__xss=%22link%22)',
  '[大写也不行](JaVaScRiPt:window.__xss=1)',
  '<a href="  javascript:window.__xss=2">空格开头</a>',
  '<a href="data:text/html,<script>alert(1)</script>">data 链接</a>',
  '<div style="background:url(javascript:alert(1))" onclick="window.__xss=\'click\'">点击我</div>',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">提交</button></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=\'mxss\'">',
  '![图](x" onerror="window.__xss=\'md-img\')',
].join('\n\n')

let bundle: string
let app: AppHandle

beforeAll(async () => {
  // vitest runs with NODE_ENV=test, which makes the JSX transform emit dev-only calls.
  const env = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  const out = (await build({
    configFile: false,
    mode: 'production',
    logLevel: 'silent',
    plugins: [react()],
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: false,
      lib: {
        entry: path.resolve(import.meta.dirname, 'fixtures/safe-markdown.entry.tsx'),
        formats: ['iife'],
        name: 'SafeMarkdownProbe',
      },
    },
  }).finally(() => {
    process.env.NODE_ENV = env
  })) as Rollup.RollupOutput[] | Rollup.RollupOutput
  const outputs = Array.isArray(out) ? out : [out]
  const chunk = outputs
    .flatMap((o) => o.output)
    .find((o): o is Rollup.OutputChunk => o.type === 'chunk')
  if (!chunk) throw new Error('the markdown probe did not build')
  bundle = chunk.code
  app = await launchApp()
})
afterAll(async () => {
  await app?.close()
  await closeBrowser()
})

describe('markdown renders inert', () => {
  it('hostile markdown keeps its text but loses every script, handler and javascript: link, even without a CSP', async () => {
    // A bare page: no Content-Security-Policy, so only the sanitiser stands in the way.
    const page = await app.page.context().newPage()
    await page.setContent(
      '<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>',
    )
    await page.addScriptTag({ content: bundle })
    const report = await page.evaluate((md) => {
      const host = window.renderMarkdown(md)
      const all = [...host.querySelectorAll('*')]
      return {
        html: host.innerHTML,
        text: host.textContent ?? '',
        scripts: host.querySelectorAll('script, iframe, object, embed, form, style, svg, math')
          .length,
        handlers: all.flatMap((el) =>
          [...el.attributes]
            .filter((a) => /^on/i.test(a.name))
            .map((a) => `${el.tagName}.${a.name}`),
        ),
        styles: all.filter((el) => el.hasAttribute('style')).length,
        badLinks: all
          .flatMap((el) =>
            ['href', 'src', 'action', 'formaction', 'xlink:href'].map(
              (n) => el.getAttribute(n) ?? '',
            ),
          )
          .filter((v) => /^\s*(javascript|data:text|vbscript)/i.test(v)),
        links: [...host.querySelectorAll('a[href]')].map((a) => ({
          href: a.getAttribute('href'),
          rel: a.getAttribute('rel'),
        })),
      }
    }, HOSTILE)
    expect(report.scripts).toBe(0)
    expect(report.handlers).toEqual([])
    expect(report.styles).toBe(0)
    expect(report.badLinks).toEqual([])
    expect(report.text).toContain('培训资料')
    expect(report.text).toContain('点我领红包')
    expect(report.html).toContain('<strong>加粗</strong>')
    expect(report.links).toEqual([
      { href: 'https://example.com/rules', rel: 'noopener noreferrer' },
    ])

    // Clicking what is left runs nothing either; give any queued handler its turn first.
    await page.getByText('点我领红包').click()
    await page.getByText('点击我').click()
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))))
    await expect(
      page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
    ).resolves.toBeUndefined()
    await page.close()
  })

  it('the app shows its release notes through the same component', async () => {
    const { page } = app
    await setupAdmin(page)
    await page.getByTestId('nav-settings').click()
    await page.getByRole('tab', { name: '关于' }).click()
    const notes = page.getByTestId('release-notes')
    await notes.locator('h2').filter({ hasText: '客服工作台' }).waitFor()
    await expect(notes.locator('strong').first().textContent()).resolves.toBe('人员与权限')
    expect(await notes.locator('script, [onerror], [onclick]').count()).toBe(0)
  })
})
