import { z } from 'zod'
import { method } from './define'

/** PC-local settings: never synced (DESIGN §4). Shop-wide settings live in the store. */
export const localSettingsSchema = z.object({
  language: z.enum(['zh-CN', 'en']).default('zh-CN'),
  pcName: z.string().trim().min(1).max(40).optional(),
  idleLockMinutes: z.number().int().min(1).max(240).default(10),
})
export type LocalSettings = z.infer<typeof localSettingsSchema>

export const localSettingsPatch = z
  .object({
    language: z.enum(['zh-CN', 'en']),
    pcName: z.string().trim().min(1).max(40),
    idleLockMinutes: z.number().int().min(1).max(240),
  })
  .partial()
  .strict()

export const settings = {
  getLocal: method<LocalSettings>()(z.object({}).strict(), { access: 'public' }),
  setLocal: method<LocalSettings>()(localSettingsPatch, { access: 'public' }),
}
