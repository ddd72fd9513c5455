import type { EventMap, EventName } from '../shared/api'

type Sink = <E extends EventName>(event: E, payload: EventMap[E]) => void

/** Services emit here; each transport adds a sink that forwards to its windows. */
export class EventHub {
  private sinks = new Set<Sink>()
  addSink(sink: Sink): () => void {
    this.sinks.add(sink)
    return () => this.sinks.delete(sink)
  }
  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const sink of this.sinks) {
      try {
        sink(event, payload)
      } catch (err) {
        console.error('[events] sink failed', err)
      }
    }
  }
}
