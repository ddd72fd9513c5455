import { useEffect, useRef, useState } from 'react'
import type { FillContext } from '@shared/api/scripts'
import { bodyFor, type ScriptView, type UseContext } from '@shared/scripts/model'
import { prepareScript } from '@shared/scripts/fill'
import { kefu } from '../../api'
import { useScripts } from './store'

/** A script chosen whose placeholders are not all known: the agent is asked for the rest. */
export interface PendingFill {
  script: ScriptView
  body: string
  values: Record<string, string>
  missing: string[]
  answers: Record<string, string>
}

export interface PickOptions {
  /** The open order; none outside an order (copy-only). */
  ticketId?: string | null
  /** 'drill': practice, which the library does not count as use. Default 'desk'. */
  context?: UseContext
  /** Placeholder values and platform given by the caller (a drill's made-up order). */
  fill?: FillContext
  /** Called with the filled text once every placeholder has a value. */
  onFilled(text: string, script: ScriptView): void
}

/** Copies for the platform's chat window; a refused clipboard (no focus, policy) is reported. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}

/**
 * Choosing a script: its platform wording, the placeholders the order, the person and the
 * shop fill, then (if any is left) the agent's answers; the use is counted once it is used.
 */
export function usePick({ ticketId, context = 'desk', fill: given, onFilled }: PickOptions) {
  const [fetched, setFill] = useState<FillContext | null>(null)
  const fill = given ?? fetched
  const [pending, setPending] = useState<PendingFill | null>(null)
  const filled = useRef(onFilled)
  filled.current = onFilled

  useEffect(() => {
    let live = true
    setFill(null)
    if (given) return
    kefu.scripts
      .fillContext(ticketId ? { ticketId } : {})
      .then((f) => live && setFill(f))
      .catch(() => live && setFill({ values: {}, platform: null }))
    return () => {
      live = false
    }
  }, [ticketId, given])

  const done = (text: string, script: ScriptView) => {
    setPending(null)
    filled.current(text, script)
    void kefu.scripts
      .recordUse({ id: script.id, context, ...(ticketId ? { ticketId } : {}) })
      .catch(() => undefined)
  }

  const choose = (id: string) => {
    const script = useScripts.getState().byId.get(id)
    if (!script) return
    const values = fill?.values ?? {}
    const body = bodyFor(script, fill?.platform)
    const p = prepareScript(body, values)
    if (p.missing.length === 0) done(p.text, script)
    else setPending({ script, body, values, missing: p.missing, answers: {} })
  }

  const answer = (name: string, value: string) =>
    setPending((p) => (p ? { ...p, answers: { ...p.answers, [name]: value } } : p))

  /** Uses the pending script if every asked placeholder now has a value; returns whether it did. */
  const confirm = (): boolean => {
    if (!pending) return false
    const p = prepareScript(pending.body, pending.values, pending.answers)
    if (p.missing.length > 0) return false
    done(p.text, pending.script)
    return true
  }

  return {
    platform: fill?.platform ?? null,
    ready: fill !== null,
    pending,
    choose,
    answer,
    confirm,
    cancel: () => setPending(null),
  }
}
