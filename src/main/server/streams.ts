/**
 * The registry of open watch streams: what `/debug/streams` shows, and what live settings and
 * shutdown close.
 *
 * Why: a stream must be findable by kind (a kind was just disabled) and all together (shutdown),
 * and its debug entry must carry only ids, never a URL or token.
 * Lifecycle: the watch route `add`s a stream once its headers are out and `remove`s it when it
 * closes for any reason; `closeWhere` / `closeAll` ask streams to close, and their own close path
 * removes them.
 */
import type { DebugStream } from '../../shared/api/wire.ts'

export interface OpenStream {
  readonly info: DebugStream
  /** Close the stream; it removes itself from the registry. */
  close(reason: string): void
}

export interface StreamRegistry {
  /** Register a stream; `make` is given a fresh id. */
  add(make: (id: string) => OpenStream): OpenStream
  remove(id: string): void
  list(): DebugStream[]
  size(): number
  /** Close every stream matching `pred`. @returns how many were asked to close. */
  closeWhere(pred: (s: DebugStream) => boolean, reason: string): number
  closeAll(reason: string): number
}

/** An empty registry; one per server. */
export function createStreamRegistry(): StreamRegistry {
  const open = new Map<string, OpenStream>()
  let seq = 0
  const closeWhere = (pred: (s: DebugStream) => boolean, reason: string): number => {
    const victims = [...open.values()].filter((s) => pred(s.info))
    for (const s of victims) s.close(reason)
    return victims.length
  }
  return {
    add(make) {
      const s = make(`s${++seq}`)
      open.set(s.info.id, s)
      return s
    },
    remove: (id) => {
      open.delete(id)
    },
    list: () => [...open.values()].map((s) => s.info),
    size: () => open.size,
    closeWhere,
    closeAll: (reason) => closeWhere(() => true, reason)
  }
}
