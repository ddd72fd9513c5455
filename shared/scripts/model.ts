import { z } from 'zod'
import {
  PLATFORMS as CONTENT_PLATFORMS,
  PLATFORM_LABELS as CONTENT_PLATFORM_LABELS,
  SCRIPT_CATEGORIES,
  SCRIPT_CATEGORY_LABELS,
  type Platform as ContentPlatform,
  type ScriptCategory,
} from '../content/schemas'
import { unknownPlaceholders } from '../content/placeholders'

/**
 * Reply scripts (话术) as the app keeps them (issue 7). The default library's schema lives in
 * shared/content; this is the editable form: any scope, platform variants, versions.
 */

export { SCRIPT_CATEGORIES, SCRIPT_CATEGORY_LABELS, CONTENT_PLATFORMS, CONTENT_PLATFORM_LABELS }
export type { ScriptCategory, ContentPlatform }

/** Who a script belongs to: the whole shop, one team (售前组, 夜班…), or one person. */
export const SCRIPT_SCOPES = ['shop', 'team', 'personal'] as const
export type ScriptScope = (typeof SCRIPT_SCOPES)[number]
export const SCRIPT_SCOPE_LABELS: Record<ScriptScope, string> = {
  shop: '全店',
  team: '班组',
  personal: '个人',
}

/** Platforms a script can carry its own wording for ('all' is the body itself). */
export const VARIANT_PLATFORMS = CONTENT_PLATFORMS.filter(
  (p): p is Exclude<ContentPlatform, 'all'> => p !== 'all',
)
export type VariantPlatform = (typeof VARIANT_PLATFORMS)[number]

export const SCRIPT_LIMITS = {
  title: 40,
  body: 1000,
  tags: 10,
  tag: 12,
  note: 200,
} as const

export const SHORT_CODE_PATTERN = /^[a-z][a-z0-9]{1,11}$/
export const SHORT_CODE_MESSAGE = '快捷编码须为 2–12 位小写字母或数字，以字母开头'

function placeholderIssue(text: string): string | null {
  const unknown = unknownPlaceholders(text)
  return unknown.length > 0 ? `未知占位符：${unknown.map((n) => `{{${n}}}`).join('、')}` : null
}

const bodyText = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(SCRIPT_LIMITS.body, { error: `${label}不能超过 ${SCRIPT_LIMITS.body} 个字` })
    .superRefine((text, ctx) => {
      const issue = placeholderIssue(text)
      if (issue) ctx.addIssue({ code: 'custom', message: issue })
    })

/** What a person edits: the same rules for the editor, the service and every import row. */
export const scriptDraftSchema = z
  .object({
    title: z
      .string({ error: '请填写标题' })
      .trim()
      .min(1, { error: '请填写标题' })
      .max(SCRIPT_LIMITS.title, { error: `标题不能超过 ${SCRIPT_LIMITS.title} 个字` }),
    body: bodyText('话术内容'),
    category: z.enum(SCRIPT_CATEGORIES, { error: '请选择分类' }),
    platforms: z
      .array(z.enum(CONTENT_PLATFORMS, { error: '平台不正确' }), { error: '请选择平台' })
      .min(1, { error: '请至少选择一个平台' })
      .refine((p) => !p.includes('all') || p.length === 1, {
        error: '“通用”不能与具体平台同时选择',
      })
      .transform((p) => [...new Set(p)]),
    variants: z
      .partialRecord(z.enum(VARIANT_PLATFORMS, { error: '平台不正确' }), bodyText('平台专用话术'))
      .default({}),
    tags: z
      .array(
        z
          .string()
          .trim()
          .min(1, { error: '标签不能为空' })
          .max(SCRIPT_LIMITS.tag, { error: `每个标签不超过 ${SCRIPT_LIMITS.tag} 个字` }),
      )
      .max(SCRIPT_LIMITS.tags, { error: `标签最多 ${SCRIPT_LIMITS.tags} 个` })
      .default([])
      .transform((t) => [...new Set(t)]),
    shortCode: z
      .string()
      .trim()
      .toLowerCase()
      .refine((c) => c === '' || SHORT_CODE_PATTERN.test(c), { error: SHORT_CODE_MESSAGE })
      .default(''),
    scope: z.enum(SCRIPT_SCOPES, { error: '请选择适用范围' }),
    /** The team of a team script. */
    team: z.string().trim().min(1).max(64).nullable().default(null),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.scope === 'team' && !d.team) {
      ctx.addIssue({ code: 'custom', path: ['team'], message: '班组话术请选择班组' })
    }
  })
export type ScriptDraft = z.output<typeof scriptDraftSchema>
export type ScriptDraftInput = z.input<typeof scriptDraftSchema>

/** What the author writes: a draft, a saved version and an export row all carry it. */
export interface ScriptContent {
  title: string
  body: string
  category: ScriptCategory
  platforms: ContentPlatform[]
  variants: Partial<Record<VariantPlatform, string>>
  tags: string[]
  shortCode: string
}

/** The written part of a script or version, without who may see it or its history. */
export function scriptContent(s: ScriptContent): ScriptContent {
  return {
    title: s.title,
    body: s.body,
    category: s.category,
    platforms: s.platforms,
    variants: s.variants,
    tags: s.tags,
    shortCode: s.shortCode,
  }
}

/** A script as the UI sees it. */
export interface ScriptView extends ScriptContent {
  id: string
  scope: ScriptScope
  team: string | null
  /** The person a personal script belongs to. */
  owner: string | null
  /** Shipped in resources/ (the default library). */
  isDefault: boolean
  updatedAt: string
  /** Changes with every change to the script (the stamp of its latest op). */
  rev: string
  updatedBy: string
  updatedByName: string
  /** The version the editor starts from: send it back as `base` when saving. */
  base: string
  /** Two PCs edited it offline: a supervisor (or the owner) settles it. */
  conflict: boolean
  /** The caller may edit it (the service checks again). */
  canEdit: boolean
}

/** One saved version, kept for the diff and rollback. */
export interface ScriptVersion extends ScriptContent {
  id: string
  at: string
  by: string
  byName: string
  /** What happened: 新建 / 修改 / 回滚到… / 导入 / 解决冲突 / 默认话术. */
  note: string
}

export const PROPOSAL_STATUSES = ['pending', 'approved', 'declined'] as const
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number]

/** A personal script offered for shop-wide use. */
export interface ScriptProposal {
  id: string
  scriptId: string
  by: string
  byName: string
  at: string
  note: string
  /** The script as proposed (later edits of the personal one do not change it). */
  draft: ScriptDraft
  status: ProposalStatus
  decidedBy: string | null
  decidedByName: string | null
  decidedAt: string | null
  decisionNote: string | null
  /** The shop-wide script made on approval. */
  resultId: string | null
}

/** Concurrent offline edits of one long-text field, for a supervisor to settle. */
export interface ScriptConflict {
  scriptId: string
  title: string
  scope: ScriptScope
  field: 'body' | 'variants'
  versions: { hlc: string; by: string; byName: string; at: string; value: unknown }[]
}

export const USE_CONTEXTS = ['desk', 'drill'] as const
export type UseContext = (typeof USE_CONTEXTS)[number]

export interface ScriptUsage {
  /** Uses by the caller, per script. */
  mine: Record<string, number>
  /** Uses by everyone, per script. */
  total: Record<string, number>
}

/** The body to use on a platform: its own wording if the script has one. */
export function bodyFor(
  s: Pick<ScriptView, 'body' | 'variants'>,
  platform: string | null | undefined,
): string {
  if (platform && Object.hasOwn(s.variants, platform)) {
    const v = s.variants[platform as VariantPlatform]
    if (v) return v
  }
  return s.body
}

/** Whether a script is meant for an order on this platform (ticket platforms: pdd, taobao, …). */
export function fitsPlatform(
  s: Pick<ScriptView, 'platforms'>,
  platform: string | null | undefined,
): boolean {
  if (!platform || s.platforms.includes('all')) return true
  return (s.platforms as string[]).includes(platform)
}
