import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TOO_LARGE_MESSAGE } from '../../../shared/api/tickets'
import { AppError } from '../../../shared/errors'
import { writeFileDurable } from '../../store/fsutil'

/**
 * Attachments (photos of damaged goods, chat screenshots) stored once by content in
 * <dataDir>/blobs/<sha256>: the same photo attached to two orders is one file, and the name is
 * what sync uses for blobs (DESIGN §5). The history entry carries hash, name, type and size.
 */

export const ATTACHMENT_TOO_LARGE = 'attachment_too_large'

export function blobsDir(dataDir: string): string {
  return path.join(dataDir, 'blobs')
}

export function decodeAttachment(bytesBase64: string): Buffer {
  // base64 → bytes is ¾ of the length; refuse before decoding something far too large.
  if (Math.floor((bytesBase64.length * 3) / 4) - 2 > ATTACHMENT_MAX_BYTES) {
    throw new AppError(ATTACHMENT_TOO_LARGE, ATTACHMENT_TOO_LARGE_MESSAGE, {
      bytesBase64: ATTACHMENT_TOO_LARGE_MESSAGE,
    })
  }
  const bytes = Buffer.from(bytesBase64, 'base64')
  if (bytes.length === 0)
    throw new AppError('invalid_input', '附件是空的，请重新选择文件', { bytesBase64: '附件是空的' })
  if (bytes.length > ATTACHMENT_MAX_BYTES) {
    throw new AppError(ATTACHMENT_TOO_LARGE, ATTACHMENT_TOO_LARGE_MESSAGE, {
      bytesBase64: ATTACHMENT_TOO_LARGE_MESSAGE,
    })
  }
  return bytes
}

/** Stores the bytes under their sha256 (once) and returns the hash. */
export async function putBlob(dataDir: string, bytes: Buffer): Promise<string> {
  const hash = createHash('sha256').update(bytes).digest('hex')
  const dir = blobsDir(dataDir)
  const file = path.join(dir, hash)
  try {
    const st = await fs.promises.stat(file)
    if (st.size === bytes.length) return hash
  } catch {
    // not stored yet
  }
  await fs.promises.mkdir(dir, { recursive: true })
  await writeFileDurable(file, [bytes])
  return hash
}

export async function getBlob(dataDir: string, hash: string): Promise<Buffer> {
  try {
    const bytes = await fs.promises.readFile(path.join(blobsDir(dataDir), hash))
    if (createHash('sha256').update(bytes).digest('hex') !== hash) {
      throw new AppError('attachment_damaged', '附件文件已损坏，请从其他电脑同步或重新上传')
    }
    return bytes
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError('not_found', '本机还没有这个附件（可能尚未从其他电脑同步过来）')
  }
}

export const ATTACHMENT_TYPE_REFUSED = 'attachment_type_refused'

/**
 * What an order may carry, judged by the bytes, never by the name or the type the page sends:
 * screenshots and phone photos (PNG, JPEG, WebP, GIF) and invoices or platform records (PDF).
 * Anything else (a text file renamed .jpg, an executable) is refused and nothing is stored.
 */
export const ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'application/pdf',
]

export function attachmentType(bytes: Buffer, name: string): string {
  const mime = sniffMime(bytes)
  if (ATTACHMENT_TYPES.includes(mime)) return mime
  throw new AppError(
    ATTACHMENT_TYPE_REFUSED,
    `“${name.slice(0, 60)}”不是图片或 PDF，未添加。只能添加 PNG、JPEG、WebP、GIF 图片或 PDF 文件（按文件内容判断，改扩展名无效）。`,
    { bytesBase64: '只能添加图片（PNG、JPEG、WebP、GIF）或 PDF 文件' },
  )
}

/** The accepted types by their first bytes (magic numbers); anything else is opaque. */
export function sniffMime(bytes: Buffer): string {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png'
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif'
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return 'image/webp'
  }
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf'
  return 'application/octet-stream'
}
