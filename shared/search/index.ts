export { SearchIndex } from './index-core'
export type {
  FieldText,
  Highlight,
  SearchDoc,
  SearchHit,
  SearchIndexOptions,
  SearchOptions,
} from './index-core'
export { highlightRanges, mergeRanges, snippet } from './highlight'
export type { HighlightMatcher, Range, Snippet } from './highlight'
export { parseQuery } from './query'
export type { QuerySlot, QueryUnit, SlotMode } from './query'
export { normalizeText, tokenize, tokens } from './tokenize'
export type { Token, TokenKind } from './tokenize'
export { base64ToBytes, bytesToBase64 } from './base64'
export {
  DEFAULT_SYNONYMS,
  QUERY_FILLERS,
  defaultSynonyms,
  parseSynonymText,
  synonymTable,
} from './synonyms'
export type { SynonymTable } from './synonyms'
