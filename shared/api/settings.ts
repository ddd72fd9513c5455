import { z } from 'zod'
import { method } from './define'

/** How one person likes the screen on this PC (long shifts): zoom, text size, dark theme. */
export const displayPrefsSchema = z.object({
  zoom: z.number().min(0.5).max(2).default(1),
  fontSize: z.enum(['small', 'standard', 'large', 'xlarge']).default('standard'),
  theme: z.enum(['light', 'dark']).default('light'),
})
export type DisplayPrefs = z.infer<typeof displayPrefsSchema>

/** Key for the screen before anyone signs in (the sign-in page keeps the last choice made there). */
export const DISPLAY_NOBODY = '-'

/** PC-local settings: never synced (DESIGN §4). Shop-wide settings live in the store. */
export const localSettingsSchema = z.object({
  language: z.enum(['zh-CN', 'en']).default('zh-CN'),
  pcName: z.string().trim().min(1).max(40).optional(),
  idleLockMinutes: z.number().int().min(1).max(240).default(10),
  /** Per person id (or DISPLAY_NOBODY), per PC: a person's eyes and this PC's screen go together. */
  display: z.record(z.string().min(1).max(64), displayPrefsSchema).default({}),
})
export type LocalSettings = z.infer<typeof localSettingsSchema>

export const localSettingsPatch = z
  .object({
    language: z.enum(['zh-CN', 'en']),
    pcName: z.string().trim().min(1).max(40),
    idleLockMinutes: z.number().int().min(1).max(240),
    display: z.record(z.string().min(1).max(64), displayPrefsSchema),
  })
  .partial()
  .strict()

export const settings = {
  getLocal: method<LocalSettings>()(z.object({}).strict(), { access: 'public' }),
  setLocal: method<LocalSettings>()(localSettingsPatch, { access: 'public' }),
}
