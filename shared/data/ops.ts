/**
 * The unit of change (DESIGN §4). Every mutation anywhere in the app is one or more ops,
 * journalled before the caller is answered and exchanged as-is by sync.
 */
export type KnownOpKind = 'set' | 'add' | 'del'

export interface Op {
  /** Hybrid logical clock stamp: sorts as text (see hlc.ts). Unique per op. */
  hlc: string
  /** Device (PC) that made the op. */
  dev: string
  /** Person who made the op; received ops are applied only if `by` held the permission. */
  by: string
  /** Entity type, e.g. 'ticket', 'script', 'person', 'setting'. */
  entity: string
  /** Entity id. */
  id: string
  /** 'set' a field, 'add' an element to a grow-only set, 'del' a tombstone; others are kept for later versions. */
  kind: KnownOpKind | (string & {})
  /** For 'set': the field; for 'add': the set's name. */
  field?: string
  /** For 'set': the new value; for 'add': the element (an object with its own string `id`). */
  value?: unknown
  /** For long-text edits: the hlc of the version this edit was made on. */
  base?: string
}

/** A change as a service makes it: the store stamps hlc, dev and by. */
export type Change = Omit<Op, 'hlc' | 'dev' | 'by'>

/** One version of a long-text field kept while two edits conflict. */
export interface TextVersion {
  hlc: string
  by: string
  dev: string
  base?: string
  value: unknown
}

/**
 * An entity as materialised from its ops. Readable JSON (lowdb), and merge-ready: each field
 * keeps the hlc that won it, so a new op is a comparison, not a replay.
 */
export interface Doc {
  entity: string
  id: string
  fields: Record<string, unknown>
  /** The winning hlc of each field in `fields`. */
  clocks: Record<string, string>
  /** Grow-only sets by name: element id → element. */
  sets: Record<string, Record<string, unknown>>
  /** hlc of the tombstone, when deleted. */
  deleted?: string
  /** Long-text fields with concurrent edits: every unsettled head, newest first. */
  conflicts?: Record<string, TextVersion[]>
  /** hlc of the first and the latest op applied. */
  created: string
  updated: string
  /** Long-text bookkeeping (text.ts), per field that has received an edit with `base`. */
  texts?: Record<string, TextState>
  /** Ops of a kind or shape this version does not know, kept (sorted by hlc) for a later one. */
  pending?: Op[]
}

/** See Doc.texts. */
export interface TextState {
  /** Every hlc some edit named as its base, sorted. */
  based: string[]
  /** The versions no later edit built on and nobody settled, newest first. */
  heads: TextVersion[]
}
