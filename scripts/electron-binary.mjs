// Where Electron's binary is, without triggering its lazy download: `require('electron')`
// downloads on first use, which hangs or fails where its download host can't be reached.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

/** The installed `electron` package's folder, or null when it is not installed at all. */
export function electronPackageDir() {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return null
  }
}

/**
 * @param {string | null} [dir] the `electron` package folder (tests pass a copy)
 * @returns {string | null} the Electron executable, or null when it isn't installed
 */
export function findElectronBinary(dir = electronPackageDir()) {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      process.platform === 'win32' ? 'electron.exe' : 'electron',
    )
    return fs.existsSync(p) ? p : null
  }
  if (!dir) return null
  const pathFile = path.join(dir, 'path.txt')
  if (!fs.existsSync(pathFile)) return null
  const exe = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim())
  return fs.existsSync(exe) ? exe : null
}
