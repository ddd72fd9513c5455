import fs from 'node:fs'
import path from 'node:path'
import { ACTIVE_WINDOW_MS } from '../sync/engine'
import type { SpaceView } from './privacy'

/**
 * The other PCs of the sync space as this PC last saw them (sync/state.json, read only): an
 * erasure is applied everywhere once each PC active within the window has marked it applied.
 */
export function readSpaceView(dataDir: string, now = Date.now()): SpaceView {
  const configured = fs.existsSync(path.join(dataDir, 'sync', 'config.json'))
  let peers: SpaceView['peers'] = []
  try {
    const state = JSON.parse(fs.readFileSync(path.join(dataDir, 'sync', 'state.json'), 'utf8')) as {
      ownIds?: unknown
      peers?: Record<string, { name?: unknown; changedAt?: unknown }>
    }
    const own = Array.isArray(state.ownIds) ? state.ownIds : []
    peers = Object.entries(state.peers ?? {})
      .filter(([dev]) => !own.includes(dev))
      .map(([dev, p]) => ({
        dev,
        name: typeof p.name === 'string' ? p.name : dev,
        active: typeof p.changedAt === 'number' && now - p.changedAt <= ACTIVE_WINDOW_MS,
      }))
  } catch {
    // no space joined yet, or its state unreadable: no peers known
  }
  return { configured, peers }
}
