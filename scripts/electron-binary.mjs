// Where Electron's binary is, without triggering its lazy download: `require('electron')`
// downloads on first use, which hangs or fails where its download host can't be reached.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

/** @returns {string | null} the Electron executable, or null when it isn't installed */
export function findElectronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      process.platform === 'win32' ? 'electron.exe' : 'electron',
    )
    return fs.existsSync(p) ? p : null
  }
  let dir
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return null
  }
  const pathFile = path.join(dir, 'path.txt')
  if (!fs.existsSync(pathFile)) return null
  const exe = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim())
  return fs.existsSync(exe) ? exe : null
}
