#!/usr/bin/env node
// `npm start [-- --data-dir DIR --port=N --browser --electron]`: builds the app, then runs it in
// Electron, fetching Electron's binary first when it is missing (electron-install.mjs); where that
// fails, or with --browser, serves the browser build on 127.0.0.1 (web-main prints the URL).
// --electron retries a download that failed within the last day.
import { spawn, spawnSync } from 'node:child_process'
import console from 'node:console'
import { createRequire } from 'node:module'
import path from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { electronPackageDir } from './electron-binary.mjs'
import { ensureElectron, failureMessage } from './electron-install.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export const BROWSER_CHOSEN_MESSAGE = [
  '按 --browser 的要求启动浏览器版：构建完成后，请在浏览器中打开下面显示的地址。',
  'Serving the browser build as asked by --browser: open the URL printed below.',
].join('\n')

export const NO_ELECTRON_PACKAGE_MESSAGE = [
  '没有安装 electron 依赖包（请先运行 npm ci）。现在改为启动浏览器版。',
  'The electron package is not installed (run npm ci first). Serving the browser build instead.',
].join('\n')

/** Our own flags; everything else goes on to the app. */
export function parseStartArgs(argv) {
  return {
    browser: argv.includes('--browser'),
    retry: argv.includes('--electron'),
    appArgs: argv.filter((a) => a !== '--browser' && a !== '--electron'),
  }
}

/**
 * What `npm start` runs, in order: the build, then the app. Pure, so a test can check the plan
 * for both machines (with and without Electron's binary) without launching anything.
 */
export function startPlan(args, electronExe, nodeExe = process.execPath) {
  const pkg = createRequire(import.meta.url).resolve('electron-vite/package.json')
  const electronVite = path.join(path.dirname(pkg), 'bin', 'electron-vite.js')
  const build = { cmd: nodeExe, args: [electronVite, 'build'] }
  if (electronExe) {
    return {
      shell: 'electron',
      steps: [build, { cmd: electronExe, args: [path.join(root, 'out/main/index.js'), ...args] }],
    }
  }
  return {
    shell: 'browser',
    steps: [build, { cmd: nodeExe, args: [path.join(root, 'out/main/web.js'), ...args] }],
  }
}

/** Which shell to run: Electron (fetching its binary when missing) or the browser build. */
async function chooseElectron(opts) {
  if (opts.browser) {
    console.log(BROWSER_CHOSEN_MESSAGE + '\n')
    return null
  }
  const electronDir = electronPackageDir()
  if (!electronDir) {
    console.log(NO_ELECTRON_PACKAGE_MESSAGE + '\n')
    return null
  }
  const tty = process.stdout.isTTY
  let shown = 0
  let printed = false
  const r = await ensureElectron({
    electronDir,
    memoFile: path.join(root, 'node_modules', '.cache', 'kefu-desk', 'electron-download.json'),
    retry: opts.retry,
    onProgress: (bytes) => {
      const mb = bytes / 1024 / 1024
      printed = true
      if (tty)
        process.stdout.write(`\r正在下载 Electron Downloading Electron… ${mb.toFixed(1)} MB   `)
      else if (mb - shown >= 10) {
        shown = mb
        console.log(`正在下载 Electron Downloading Electron… ${mb.toFixed(0)} MB`)
      }
    },
  })
  if (tty && printed) process.stdout.write('\n')
  if (r.exe) {
    if (r.fetched) console.log('已下载 Electron。Electron downloaded.')
    return r.exe
  }
  console.log(failureMessage(r) + '\n')
  return null
}

async function main() {
  const opts = parseStartArgs(process.argv.slice(2))
  const plan = startPlan(opts.appArgs, await chooseElectron(opts))
  const [build, run] = plan.steps
  console.log('正在构建 Building…')
  const built = spawnSync(build.cmd, build.args, { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) {
    console.error('构建失败，请查看上面的错误信息。Build failed; see the errors above.')
    process.exit(built.status ?? 1)
  }
  // Set in a developer's shell it would turn Electron into plain Node.
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  const child = spawn(run.cmd, run.args, { cwd: root, stdio: 'inherit', env })
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal))
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
  child.on('error', (err) => {
    console.error('无法启动 Could not start:', err.message)
    process.exit(1)
  })
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main()
