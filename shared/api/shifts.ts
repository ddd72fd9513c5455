import { z } from 'zod'
import type { KpiFigures, OpenOrder } from '../tickets/kpi'
import { scheduleSchema, type ShiftSlot } from '../reports/schedule'
import { method } from './define'

/**
 * Shifts (班次, issue 9 item 1). Signing in on a PC starts the person's shift there (the
 * renderer calls `start` after each sign-in; it is idempotent), or the person picks a slot of
 * the shop's schedule (早班/中班/晚班/夜班). Ending a shift keeps a handover note for the next
 * shift, which the next person signing in sees until they mark it read.
 */

export interface ShiftView {
  id: string
  personId: string
  personName: string
  deviceId: string
  deviceName: string
  slotKey: string | null
  slotLabel: string | null
  startedAt: string
  /** Where the summary starts: the slot's start when a slot was picked, else the sign-in. */
  from: string
  /** The slot's end, when a slot was picked. */
  plannedEnd: string | null
  endedAt: string | null
  handoverNote: string | null
}

export interface ScriptUse {
  scriptId: string
  title: string
  count: number
}

export interface OpenOrderView extends OpenOrder {
  assigneeName: string
  shopName: string
}

/** Everything an end-of-shift summary shows, names resolved, contacts never included. */
export interface ShiftSummaryView {
  title: string
  scope: 'person' | 'team'
  shift: ShiftView | null
  from: string
  to: string
  /** Names of the people the figures are limited to; null for the whole team. */
  people: string[] | null
  figures: KpiFigures
  /** Most used first; empty with `scriptsNote` when the period used none. */
  scripts: ScriptUse[]
  stillOpen: OpenOrderView[]
  shopNames: Record<string, string>
  personNames: Record<string, string>
  /** Shop's offset from UTC in minutes, for showing times as the shop reads them. */
  utcOffsetMinutes: number
}

export interface HandoverView {
  shift: ShiftView
  stillOpen: OpenOrderView[]
}

const id = z.string().trim().min(1).max(80)
const iso = z.iso.datetime({ offset: true, error: '时间格式不正确' })
const note = z.string().trim().max(4000, { error: '交接说明不能超过 4000 个字' })
const scope = z.enum(['person', 'team']).default('person')

export const shifts = {
  /** The caller's open shift on this PC, or null. */
  current: method<ShiftView | null>()(z.object({}).strict(), { access: 'signedIn' }),
  /** Starts (or returns the already open) shift of the caller on this PC. */
  start: method<ShiftView>()(z.object({ slotKey: z.string().trim().max(20).optional() }).strict(), {
    access: 'signedIn',
  }),
  /** Ends the caller's shift (a supervisor may end anyone's) with an optional handover note. */
  end: method<ShiftView>()(z.object({ id, handoverNote: note.optional() }).strict(), {
    access: 'signedIn',
  }),
  get: method<ShiftView>()(z.object({ id }).strict(), { access: 'signedIn' }),
  /** Recent shifts, newest first: the caller's own, everyone's with reports.team. */
  list: method<ShiftView[]>()(
    z
      .object({
        personId: id.optional(),
        limit: z.number().int().min(1).max(200).default(30),
      })
      .strict(),
    { access: 'signedIn' },
  ),
  /** The summary of a shift (the person's, or the team's over the shift's time) or of a span. */
  summary: method<ShiftSummaryView>()(
    z
      .object({
        id: id.optional(),
        from: iso.optional(),
        to: iso.optional(),
        scope,
      })
      .strict()
      .refine((v) => v.id !== undefined || (v.from !== undefined && v.to !== undefined), {
        error: '请选择班次，或填写开始和结束时间',
      }),
    { access: 'signedIn' },
  ),
  /** Handover notes of recently ended shifts of others that the caller has not marked read. */
  handover: method<HandoverView[]>()(z.object({}).strict(), { access: 'signedIn' }),
  ackHandover: method<null>()(z.object({ id }).strict(), { access: 'signedIn' }),
  schedule: method<ShiftSlot[]>()(z.object({}).strict(), { access: 'signedIn' }),
  saveSchedule: method<ShiftSlot[]>()(z.object({ slots: scheduleSchema }).strict(), {
    access: 'perm:settings.shop',
  }),
  /**
   * A one-time token for the print view (`#/print/shift/<token>`): the hidden print window of
   * the Electron shell is not signed in, so the summary travels with the token (60 s).
   */
  printToken: method<{ token: string }>()(z.object({ id, scope }).strict(), {
    access: 'signedIn',
  }),
  /** The summary behind a print token (public: the print window has no session). */
  printData: method<ShiftSummaryView>()(
    z
      .object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, { error: '打印链接无效' }) })
      .strict(),
    { access: 'public' },
  ),
  /**
   * PDF of the summary with its charts, where the shell can print to PDF (Electron); the browser
   * build prints the same page with the browser's print instead (error code `unavailable`).
   */
  pdf: method<{ name: string; mime: string; bytesBase64: string }>()(
    z
      .object({
        id,
        scope,
        pageUrl: z.url({ error: '页面地址不正确' }),
        /** The document's one language (title, headings, labels); zh-CN when not given. */
        language: z.enum(['zh-CN', 'en']).optional(),
      })
      .strict(),
    { access: 'signedIn' },
  ),
}
