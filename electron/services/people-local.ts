import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import type { FailureState } from '../../shared/auth/pin'

const fileSchema = z.object({
  recent: z.array(z.string()).default([]),
  failures: z
    .record(z.string(), z.object({ failures: z.number(), lockedUntil: z.number() }))
    .default({}),
})
type LocalAuth = z.infer<typeof fileSchema>

const RECENT_MAX = 12

/**
 * What sign-in keeps on this PC only (never synced): who signed in here lately (the quick
 * switch list) and wrong-PIN counts. Kept on disk, so restarting the app does not reset a
 * lockout.
 */
export class PeopleLocal {
  private data: LocalAuth
  private writing: Promise<unknown> = Promise.resolve()
  private constructor(private file: string) {
    this.data = { recent: [], failures: {} }
  }

  static open(dataDir: string): PeopleLocal {
    const local = new PeopleLocal(path.join(dataDir, 'sign-in.json'))
    try {
      const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(local.file, 'utf8')))
      if (parsed.success) local.data = parsed.data
    } catch {
      // missing or unreadable: nobody recent, no lockouts; nothing here is the only copy of anything
    }
    return local
  }

  private save(): Promise<void> {
    const text = JSON.stringify(this.data, null, 2)
    const next = this.writing.then(() => writeDurable(this.file, text))
    this.writing = next.catch(() => undefined)
    return next.then(() => undefined)
  }

  recent(): string[] {
    return [...this.data.recent]
  }

  failure(key: string): FailureState | undefined {
    return Object.hasOwn(this.data.failures, key) ? this.data.failures[key] : undefined
  }

  async setFailure(key: string, state: FailureState | undefined): Promise<void> {
    if (state) this.data.failures[key] = state
    else delete this.data.failures[key]
    await this.save()
  }

  async signedIn(personId: string): Promise<void> {
    this.data.recent = [personId, ...this.data.recent.filter((p) => p !== personId)].slice(
      0,
      RECENT_MAX,
    )
    delete this.data.failures[personId]
    await this.save()
  }
}

/** temp file, fsync, rename: a power cut leaves the old file or the new one, never half of one. */
async function writeDurable(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`
  const fh = await fs.promises.open(tmp, 'w')
  try {
    await fh.writeFile(text, 'utf8')
    await fh.sync()
  } finally {
    await fh.close()
  }
  await fs.promises.rename(tmp, file)
}
