#!/usr/bin/env node
// `npm start [-- --data-dir DIR --port=N]`: builds the app, then runs it in Electron when its
// binary is installed, otherwise serves the browser build on 127.0.0.1 (web-main prints the URL).
import { spawn, spawnSync } from 'node:child_process'
import console from 'node:console'
import { createRequire } from 'node:module'
import path from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { findElectronBinary } from './electron-binary.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export const NO_ELECTRON_MESSAGE = [
  '未安装 Electron 的程序文件（安装依赖时设置了 ELECTRON_SKIP_BINARY_DOWNLOAD=1，或无法连接 Electron 的下载服务器）。',
  '现在改为启动浏览器版：构建完成后，请在浏览器中打开下面显示的地址。',
  '以后要使用桌面版，请在能访问下载服务器时运行：node node_modules/electron/install.js',
  '',
  "Electron's binary is not installed (dependencies were installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1,",
  "or Electron's download host could not be reached). Serving the browser build instead: open the",
  'URL printed below in a browser. To get the desktop app later: node node_modules/electron/install.js',
].join('\n')

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

function main() {
  const plan = startPlan(process.argv.slice(2), findElectronBinary())
  if (plan.shell === 'browser') console.log(NO_ELECTRON_MESSAGE + '\n')
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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
