import { z } from 'zod'

/** The file protocol this app writes and reads (DESIGN §5). A space with a higher one needs an update. */
export const PROTOCOL_VERSION = 1

export const encryptionInfoSchema = z.object({
  kdf: z.literal('scrypt'),
  /** base64 salt */
  salt: z.string().min(8),
  N: z.number().int().min(1024),
  r: z.number().int().min(1),
  p: z.number().int().min(1),
  /** A known text sealed with the key: opening it tells a wrong passphrase from damage. */
  check: z.string().min(8),
})
export type EncryptionInfo = z.infer<typeof encryptionInfoSchema>

/** Loose: a newer version may add fields; only `protocol` decides whether we can take part. */
export const formatSchema = z.looseObject({
  kind: z.literal('kefu-sync-space'),
  protocol: z.number().int().min(1),
  spaceId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  createdAt: z.string(),
  encryption: encryptionInfoSchema.optional(),
})
export type SpaceFormat = z.infer<typeof formatSchema>

export type FormatCheck =
  { ok: true; format: SpaceFormat } | { ok: false; reason: 'invalid' | 'newer'; protocol?: number }

export function checkFormat(text: string): FormatCheck {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'invalid' }
  }
  const protocol = (raw as { protocol?: unknown } | null)?.protocol
  if (typeof protocol === 'number' && protocol > PROTOCOL_VERSION) {
    return { ok: false, reason: 'newer', protocol }
  }
  const parsed = formatSchema.safeParse(raw)
  return parsed.success ? { ok: true, format: parsed.data } : { ok: false, reason: 'invalid' }
}

/** What a device has applied: written once per change of its frontier, never rewritten. */
export const ackSchema = z.looseObject({
  kind: z.literal('kefu-sync-ack'),
  dev: z.string(),
  seq: z.number().int().min(1),
  at: z.string(),
  /** device → highest contiguous segment seq applied */
  heads: z.record(z.string(), z.number().int().min(0)),
  /** The PC's name as set in Settings, for history entries from other PCs. */
  name: z.string().optional(),
  /**
   * The writer's own highest written segment seq (its announcement): a reader that has applied
   * less than this is not up to date, even when the missing files are the newest (a lost tail).
   * Added without a protocol bump: older readers ignore it, and an ack without it is read as
   * announcing `heads[dev]` (older writers list their own folder there too).
   */
  top: z.number().int().min(0).optional(),
})
export type Ack = z.infer<typeof ackSchema>
