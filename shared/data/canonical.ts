import type { Doc } from './ops'

/**
 * JSON with object keys sorted (by UTF-16 code units), so equal data always gives equal text
 * whatever order it was built in. Follows JSON.stringify otherwise: `undefined` and functions
 * are left out of objects and become `null` in arrays, non-finite numbers become `null`,
 * `toJSON()` is honoured. A top-level `undefined` gives `null`.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null'
}

function write(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v)
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null'
    case 'boolean':
      return v ? 'true' : 'false'
    case 'bigint':
      return v.toString()
    case 'object': {
      if (v === null) return 'null'
      const withJson = v as { toJSON?: () => unknown }
      if (typeof withJson.toJSON === 'function') return write(withJson.toJSON())
      if (Array.isArray(v)) {
        let out = '['
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out += ','
          out += write(v[i]) ?? 'null'
        }
        return out + ']'
      }
      const obj = v as Record<string, unknown>
      const keys = Object.keys(obj).sort()
      let out = '{'
      let first = true
      for (const k of keys) {
        const s = write(obj[k])
        if (s === undefined) continue
        out += (first ? '' : ',') + JSON.stringify(k) + ':' + s
        first = false
      }
      return out + '}'
    }
    default:
      return undefined
  }
}

/**
 * A 128-bit hash (cyrb128 mixing) fed string by string, pure JS so main, renderer and tests
 * agree. Not for security: it tells whether two replicas hold the same data.
 */
export class StateHasher {
  private h1 = 1779033703
  private h2 = 3144134277
  private h3 = 1013904242
  private h4 = 2773480762

  update(s: string): this {
    let { h1, h2, h3, h4 } = this
    for (let i = 0; i < s.length; i++) {
      const k = s.charCodeAt(i)
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
    }
    this.h1 = h1
    this.h2 = h2
    this.h3 = h3
    this.h4 = h4
    return this
  }

  digest(): string {
    let { h1, h2, h3, h4 } = this
    h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
    h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
    h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
    h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
    h1 ^= h2 ^ h3 ^ h4
    h2 ^= h1
    h3 ^= h1
    h4 ^= h1
    return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('')
  }
}

/**
 * Hash of a set of docs, independent of the order they are given in: replicas that merged
 * the same ops give the same hash. Docs are hashed as canonical JSON in `${entity}/${id}` order.
 */
export function stateHash(docs: Iterable<Doc>): string {
  const entries: [string, Doc][] = []
  for (const d of docs) entries.push([`${d.entity}/${d.id}`, d])
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const h = new StateHasher()
  for (const [key, d] of entries) h.update(key).update('\n').update(canonicalJson(d)).update('\n')
  return h.digest()
}
