import type { KeywordRubric } from './schemas'

/**
 * Folds what people type into one comparable form: full-width letters and digits to
 * half-width (NFKC), lower case, no spaces. Trainees type on Chinese IMEs, where `ＯＫ` and
 * `OK` or a stray space must not decide a score.
 */
export function normaliseText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, '')
}

export function containsKeyword(haystack: string, keyword: string): boolean {
  const k = normaliseText(keyword)
  return k !== '' && normaliseText(haystack).includes(k)
}

export interface KeywordScore {
  points: number
  maxPoints: number
  /** The rubric words found (by the word itself or one of its synonyms). */
  matched: string[]
}

/** Scores a short answer against a keyword rubric; the trainer may override the result. */
export function scoreKeywordRubric(answer: string, rubric: KeywordRubric): KeywordScore {
  const text = normaliseText(answer)
  const matched: string[] = []
  let points = 0
  for (const k of rubric.keywords) {
    const forms = [k.word, ...(k.synonyms ?? [])].map(normaliseText).filter((f) => f !== '')
    if (forms.some((f) => text.includes(f))) {
      matched.push(k.word)
      points += k.points
    }
  }
  return { points: Math.min(points, rubric.maxPoints), maxPoints: rubric.maxPoints, matched }
}
