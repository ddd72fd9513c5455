/**
 * A seeded random source for exam draws: the same seed gives the same paper on any PC, so a
 * draw can be replayed in a test or explained afterwards, and no two attempts need to share one.
 */

/** FNV-1a over the seed text: a 32-bit start state for the generator. */
export function seedFrom(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/** mulberry32: small, fast and evenly spread; numbers in [0, 1). */
export function rngFrom(seed: string | number): () => number {
  let a = typeof seed === 'number' ? seed >>> 0 : seedFrom(seed)
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    const x = out[i] as T
    out[i] = out[j] as T
    out[j] = x
  }
  return out
}
