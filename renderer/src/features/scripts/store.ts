import { create } from 'zustand'
import type { ScriptUsage, ScriptView } from '@shared/scripts/model'
import { ScriptPickerIndex, toPickerScript } from '@shared/scripts/rank'
import { kefu } from '../../api'
import { useAuth } from '../auth/store'

/**
 * The scripts this person may use, loaded once and kept current on `store.changed`, with the
 * picker's index built beside them: every keystroke in a picker answers from memory.
 */
interface ScriptsState {
  scripts: ScriptView[]
  byId: Map<string, ScriptView>
  usage: ScriptUsage
  loaded: boolean
  error: string | null
  /** Bumps when the index changed, so pickers re-run their query. */
  version: number
  load(): Promise<void>
  /** Loads once; later callers share the first load. */
  ensure(): Promise<void>
}

export const pickerIndex = new ScriptPickerIndex()

let inflight: Promise<void> | null = null
let again = false

export const useScripts = create<ScriptsState>((set, get) => ({
  scripts: [],
  byId: new Map(),
  usage: { mine: {}, total: {} },
  loaded: false,
  error: null,
  version: 0,
  async load() {
    if (inflight) {
      // A change arrived while loading: load once more after, so nothing is missed.
      again = true
      return inflight
    }
    inflight = (async () => {
      try {
        const { scripts, usage } = await kefu.scripts.list({})
        pickerIndex.sync(scripts.map(toPickerScript))
        set({
          scripts,
          byId: new Map(scripts.map((s) => [s.id, s])),
          usage,
          loaded: true,
          error: null,
          version: get().version + 1,
        })
      } catch (err) {
        set({ error: err instanceof Error ? err.message : String(err) })
      } finally {
        inflight = null
      }
      if (again) {
        again = false
        await get().load()
      }
    })()
    return inflight
  },
  ensure() {
    return get().loaded ? Promise.resolve() : get().load()
  },
}))

function clear() {
  pickerIndex.sync([])
  useScripts.setState({
    scripts: [],
    byId: new Map(),
    usage: { mine: {}, total: {} },
    loaded: false,
    version: useScripts.getState().version + 1,
  })
}

let timer: ReturnType<typeof setTimeout> | null = null
kefu.on('store.changed', ({ entities }) => {
  if (!useScripts.getState().loaded) return
  if (!entities.some((e) => e === 'script' || e === 'scriptUsage')) return
  // Bursts (an import, a sync) arrive as many events: one reload after they settle.
  if (timer) clearTimeout(timer)
  timer = setTimeout(() => {
    timer = null
    void useScripts.getState().load()
  }, 250)
})
let person = useAuth.getState().me?.id ?? null
useAuth.subscribe((s) => {
  const now = s.me?.id ?? null
  if (now === person) return
  person = now
  // Another person sees other personal and team scripts, and has their own usage.
  clear()
})
