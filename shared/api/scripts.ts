import { z } from 'zod'
import {
  PROPOSAL_STATUSES,
  SCRIPT_LIMITS,
  USE_CONTEXTS,
  scriptDraftSchema,
  type ScriptConflict,
  type ScriptProposal,
  type ScriptUsage,
  type ScriptVersion,
  type ScriptView,
} from '../scripts/model'
import type { ImportCheck } from '../scripts/import'
import type { Suggestion } from '../scripts/suggest'
import { method } from './define'

/**
 * Reply scripts (话术库, issue 7). Who may change what is checked in the service: shop and
 * team scripts need 'scripts.editShop', a personal script only its owner; proposals are
 * decided with 'scripts.approve'.
 */

export interface ScriptList {
  /** Every script the caller may use: shop-wide, their teams', their own. */
  scripts: ScriptView[]
  usage: ScriptUsage
}

export interface ScriptDetail {
  script: ScriptView
  /** Newest first. */
  versions: ScriptVersion[]
  conflicts: ScriptConflict[]
}

export interface FillContext {
  /** Placeholder → value from the order, the signed-in person and the shop. */
  values: Record<string, string>
  /** Ticket platform of the order, for platform wording; null outside an order. */
  platform: string | null
}

export interface ScriptSuggestions {
  suggestions: Suggestion[]
}

export interface ExportFile {
  name: string
  mime: string
  bytesBase64: string
}

export interface ImportPreview extends ImportCheck {
  /** How many rows would create a script and how many would update one. */
  creates: number
  updates: number
}

export interface ImportResult {
  created: number
  updated: number
}

const id = z.string().trim().min(1).max(100)
const hlc = z.string().trim().min(1).max(200)

const fileInput = z
  .object({
    name: z.string().trim().min(1, { error: '请选择文件' }).max(200),
    bytesBase64: z
      .string()
      .min(1, { error: '文件是空的' })
      .max(14_000_000, { error: '文件太大（最多 10 MB）' }),
    scope: z.enum(['shop', 'team', 'personal']).default('personal'),
    team: z.string().trim().min(1).max(64).nullable().default(null),
  })
  .strict()

export const scripts = {
  list: method<ScriptList>()(z.object({}).strict(), { access: 'signedIn' }),
  get: method<ScriptDetail>()(z.object({ id }).strict(), { access: 'signedIn' }),
  create: method<ScriptView>()(scriptDraftSchema, { access: 'signedIn' }),
  /** `base` is the script's `base` when the editor opened; an older one is refused as a conflict. */
  update: method<ScriptView>()(z.object({ id, base: hlc, draft: scriptDraftSchema }).strict(), {
    access: 'signedIn',
  }),
  remove: method<{ removed: true }>()(z.object({ id }).strict(), { access: 'signedIn' }),
  /** Makes a new version equal to an old one. */
  rollback: method<ScriptView>()(z.object({ id, versionId: id }).strict(), {
    access: 'signedIn',
  }),
  /** Offers a personal script for shop-wide use. */
  propose: method<ScriptProposal>()(
    z
      .object({
        id,
        note: z
          .string()
          .trim()
          .max(SCRIPT_LIMITS.note, { error: `说明不能超过 ${SCRIPT_LIMITS.note} 个字` })
          .default(''),
      })
      .strict(),
    { access: 'signedIn' },
  ),
  /** Supervisors see every proposal; others see their own. */
  proposals: method<ScriptProposal[]>()(
    z.object({ status: z.enum(PROPOSAL_STATUSES).optional() }).strict(),
    { access: 'signedIn' },
  ),
  decide: method<ScriptProposal>()(
    z
      .object({
        id,
        approve: z.boolean(),
        note: z
          .string()
          .trim()
          .max(SCRIPT_LIMITS.note, { error: `说明不能超过 ${SCRIPT_LIMITS.note} 个字` })
          .default(''),
      })
      .strict(),
    { access: 'perm:scripts.approve' },
  ),
  /** Scripts edited on two PCs offline, that the caller may settle. */
  conflicts: method<ScriptConflict[]>()(z.object({}).strict(), { access: 'signedIn' }),
  /** Keeps `value` (one of the versions, or a hand-merged text) based on `winner`. */
  settle: method<ScriptView>()(
    z
      .object({
        id,
        field: z.enum(['body', 'variants']),
        winner: hlc,
        value: z.union([
          z.string().trim().min(1).max(SCRIPT_LIMITS.body),
          z.record(z.string(), z.string()),
        ]),
      })
      .strict(),
    { access: 'signedIn' },
  ),
  /** Counts a use; uses in training drills are not counted. */
  recordUse: method<{ counted: boolean }>()(
    z.object({ id, context: z.enum(USE_CONTEXTS), ticketId: id.optional() }).strict(),
    { access: 'signedIn' },
  ),
  /** Placeholder values for an order (or only the person's and the shop's outside one). */
  fillContext: method<FillContext>()(z.object({ ticketId: id.optional() }).strict(), {
    access: 'signedIn',
  }),
  suggest: method<ScriptSuggestions>()(
    z.object({ ticketId: id, limit: z.number().int().min(1).max(20).default(5) }).strict(),
    { access: 'signedIn' },
  ),
  export: method<ExportFile>()(
    z
      .object({
        format: z.enum(['xlsx', 'json']),
        scope: z.enum(['shop', 'team', 'personal', 'all']).default('all'),
      })
      .strict(),
    { access: 'signedIn' },
  ),
  /** Reads a file and reports every row; changes nothing. */
  importPreview: method<ImportPreview>()(fileInput, { access: 'signedIn' }),
  /** Imports every row, or nothing when any row is bad (AppError invalid_input). */
  import: method<ImportResult>()(fileInput, { access: 'signedIn' }),
  /** The OS-wide shortcut that pops up the compact picker (Electron only). */
  shortcut: method<{ accelerator: string | null; registered: boolean }>()(
    z.object({ accelerator: z.string().trim().min(1).max(60).nullable().optional() }).strict(),
    { access: 'signedIn' },
  ),
}
