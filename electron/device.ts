import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'

const deviceSchema = z.object({ id: z.string().regex(/^[a-z0-9]{8,32}$/), createdAt: z.string() })
export type DeviceIdentity = z.infer<typeof deviceSchema>

/** This PC's id: made once per data folder, never synced, used in HLCs and sync paths. */
export function loadOrCreateDevice(dataDir: string): DeviceIdentity {
  const file = path.join(dataDir, 'device.json')
  try {
    const parsed = deviceSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
    if (parsed.success) return parsed.data
  } catch {
    // missing or unreadable: a new identity is made below
  }
  const device = { id: randomBytes(6).toString('hex'), createdAt: new Date().toISOString() }
  const tmp = `${file}.${process.pid}.tmp`
  const fd = fs.openSync(tmp, 'w')
  fs.writeSync(fd, JSON.stringify(device, null, 2))
  fs.fsyncSync(fd)
  fs.closeSync(fd)
  fs.renameSync(tmp, file)
  return device
}

export function defaultDeviceName(): string {
  return os.hostname().slice(0, 40) || 'PC'
}
