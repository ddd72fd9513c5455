import { csvText } from '../../shared/reports/cells'
import { csvRows, type ExportDoc } from '../../shared/reports/export-model'

/** CSV of an export: UTF-8 with a BOM (Excel then reads Chinese right), CRLF, cells neutralised. */
export function writeCsv(
  doc: ExportDoc,
  onProgress?: (done: number, total: number) => void,
): Uint8Array {
  const rows = csvRows(doc)
  onProgress?.(doc.orders.rows.length, doc.orders.rows.length)
  return new TextEncoder().encode(csvText(rows))
}
