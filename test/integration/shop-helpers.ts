import fs from 'node:fs'
import ExcelJS from 'exceljs'
import { afterEach } from 'vitest'
import { bytesToBase64 } from '../../shared/search/base64'
import { openShop, staffedShop, type Shop } from './people.fixture'

/**
 * Shops for the tests of one file (call once at its top), each PC in its own temp data
 * folder; every one a test opened is closed and its folder removed after the test.
 */
export function shopsPerTest() {
  const open: Shop[] = []
  afterEach(async () => {
    for (const s of open.splice(0)) {
      await s.close()
      fs.rmSync(s.dir, { recursive: true, force: true })
    }
  })
  const keep = <T extends Shop>(s: T): T => {
    open.push(s)
    return s
  }
  return {
    /** A shop with its admin, supervisor, agents and trainer signed up. */
    staffed: async () => keep(await staffedShop()),
    /** Another PC, with an empty data folder. */
    blank: async () => keep(await openShop()),
    /** The same data folder opened again, as after a restart of the app. */
    async restart(s: Shop): Promise<Shop> {
      await s.close()
      open.splice(open.indexOf(s), 1)
      return keep(await openShop(s.dir))
    },
  }
}

/** Every op one PC holds, handed to another, as sync does. */
export async function exchange(from: Shop, to: Shop): Promise<void> {
  await to.core.store.applyRemote(from.core.store.opsAfter(null, 1_000_000))
}

/** A workbook with one sheet of these rows, base64 as an upload crosses the contract. */
export async function xlsxBase64(sheet: string, rows: (string | number)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(sheet)
  for (const r of rows) ws.addRow(r)
  return bytesToBase64(new Uint8Array(await wb.xlsx.writeBuffer()))
}
