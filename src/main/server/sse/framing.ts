/**
 * The bytes of Server-Sent Events: response headers, one frame, the heartbeat comment.
 *
 * Why: the wire format is a contract with the renderer (spec §4), byte for byte, for every
 * stream the server has (rows today, logs tomorrow); one encoder means one set of escaping rules.
 */

/** Heartbeat period: under the common 30–60 s proxy idle timeouts (operator guide §7). */
export const PING_INTERVAL_MS = 15_000

/** The exact response headers of a stream (spec §4). */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no'
}

/**
 * Encode one SSE frame. `data` is JSON on one line (JSON.stringify never emits a raw newline).
 * @param id omitted for frames the client must not resume from (relist, state, error).
 */
export function encodeFrame(event: string, data: unknown, id?: string): string {
  const idLine = id === undefined ? '' : `id: ${oneLine(id)}\n`
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n${idLine}\n`
}

/** The heartbeat comment frame. */
export const PING_FRAME = ': ping\n\n'

function oneLine(s: string): string {
  return s.replace(/[\r\n]/g, '')
}
