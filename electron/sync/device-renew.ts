import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * A new device id after a cloned PC was found (two PCs writing under one id). Written in
 * device.json's own format (electron/device.ts) so the store stamps new ops with it from the
 * next start; sync writes under it at once.
 */
export function renewDeviceIdentity(dataDir: string): string {
  const id = randomBytes(6).toString('hex')
  const file = path.join(dataDir, 'device.json')
  const tmp = `${file}.${process.pid}.renew.tmp`
  const fd = fs.openSync(tmp, 'w')
  try {
    fs.writeSync(
      fd,
      JSON.stringify(
        { id, createdAt: new Date().toISOString(), renewedBecause: 'cloned' },
        null,
        2,
      ),
    )
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, file)
  return id
}
