import fs from 'node:fs/promises'
import path from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import { localSettingsSchema, type LocalSettings } from '../shared/api/settings'

/**
 * PC-local settings (language, PC name, idle lock) in `local-settings.json` through lowdb.
 * They never sync. A file that fails to parse is set aside, never silently overwritten.
 */
export class LocalSettingsStore {
  private db: Low<LocalSettings>
  readonly notices: { code: string; message: string }[] = []
  private constructor(private file: string) {
    this.db = new Low<LocalSettings>(
      new JSONFile<LocalSettings>(file),
      localSettingsSchema.parse({}),
    )
  }

  static async open(dataDir: string): Promise<LocalSettingsStore> {
    const store = new LocalSettingsStore(path.join(dataDir, 'local-settings.json'))
    try {
      await store.db.read()
      store.db.data = localSettingsSchema.parse(store.db.data ?? {})
    } catch {
      const aside = path.join(dataDir, 'quarantine', `local-settings.${Date.now()}.json`)
      await fs.mkdir(path.dirname(aside), { recursive: true })
      await fs.rename(store.file, aside).catch(() => undefined)
      store.db.data = localSettingsSchema.parse({})
      store.notices.push({
        code: 'local_settings_damaged',
        message: `本机设置文件已损坏，已移到 ${aside} 并恢复默认设置`,
      })
    }
    return store
  }

  get(): LocalSettings {
    return { ...this.db.data }
  }

  async update(patch: Partial<LocalSettings>): Promise<LocalSettings> {
    this.db.data = localSettingsSchema.parse({ ...this.db.data, ...patch })
    await this.db.write()
    return this.get()
  }
}
