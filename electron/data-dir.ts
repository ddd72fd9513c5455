import os from 'node:os'
import path from 'node:path'

export const APP_DIR_NAME = 'Kefu Desk'

/** The OS user-data folder, as Electron's app.getPath('userData') would give it. */
export function defaultDataDir(platform = process.platform, env = process.env): string {
  const home = os.homedir()
  if (platform === 'win32') {
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
  }
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME)
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME)
}

/** `--data-dir DIR` or `--data-dir=DIR` wins, then KEFU_DATA_DIR, then the OS folder. */
export function resolveDataDir(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  fallback: string,
): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--data-dir' && argv[i + 1]) return path.resolve(argv[i + 1]!)
    if (a.startsWith('--data-dir=')) return path.resolve(a.slice('--data-dir='.length))
  }
  if (env.KEFU_DATA_DIR) return path.resolve(env.KEFU_DATA_DIR)
  return fallback
}
