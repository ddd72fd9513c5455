import fs from 'node:fs'
import path from 'node:path'
import { electronBinary, findChromium, NO_BROWSER_MESSAGE } from './harness'

const root = path.resolve(import.meta.dirname, '../..')

/** E2E never skips silently: no browser and no Electron is a failure that says what to install. */
export default function setup() {
  if (!electronBinary() && !findChromium()) throw new Error(NO_BROWSER_MESSAGE)
  if (
    !fs.existsSync(path.join(root, 'out/main/web.js')) ||
    !fs.existsSync(path.join(root, 'out/renderer/index.html'))
  ) {
    throw new Error('E2E 需要先构建应用：npm run build（npm test 会自动构建）')
  }
}
