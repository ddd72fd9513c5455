import type { Change, Doc, Op } from '../../shared/data/ops'

/**
 * The part of the data core (electron/store) that people, audit and privacy use: commit ops,
 * read docs. Kept this narrow so these services depend on the store's contract, not its insides.
 */
export interface DocStore {
  commit(by: string, changes: Change[]): Promise<Op[]>
  get(entity: string, id: string): Doc | undefined
  /** Every hot (not archived) doc of an entity, tombstones included. */
  all(entity: string): Iterable<Doc>
  query(
    entity: string,
    q: { where?: (d: Doc) => boolean; includeArchived?: boolean },
  ): { items: Doc[]; total: number }
}

export function live(doc: Doc | undefined): doc is Doc {
  return !!doc && doc.deleted === undefined
}
