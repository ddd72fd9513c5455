import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { browserAdapters } from './adapters/browser'
import { createCore } from './core'
import { defaultDataDir, resolveDataDir } from './data-dir'
import { startWebHost } from './web-host'

/**
 * The browser build: the same services as the Electron app, served over HTTP on 127.0.0.1.
 * Used where Electron's binary can't be installed, and by the E2E suite.
 */
async function main() {
  const argv = process.argv.slice(2)
  const dataDir = resolveDataDir(argv, process.env, defaultDataDir())
  const portArg = argv.find((a) => a.startsWith('--port='))
  const here = path.dirname(fileURLToPath(import.meta.url))
  const rendererDir = path.resolve(here, '../renderer')
  const core = await createCore({
    dataDir,
    shell: 'browser',
    version: process.env.npm_package_version ?? '0.1.0',
    adapters: browserAdapters,
  })
  const host = await startWebHost({
    core,
    rendererDir,
    port: portArg ? Number(portArg.slice('--port='.length)) : 0,
  })
  // Tests read this line to find the page; people open the URL.
  console.log(`KEFU_READY ${host.url}`)
  console.log(`客服工作台（浏览器版）已启动：请在浏览器中打开 ${host.url}`)
  console.log(`数据目录：${dataDir}`)
  const stop = async () => {
    await host.close()
    await core.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((err) => {
  console.error('客服工作台无法启动：', err instanceof Error ? err.message : err)
  process.exit(1)
})
