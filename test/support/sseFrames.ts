/**
 * The SSE frame parser shared by the test clients: splits a text stream into frames at blank
 * lines and reads their fields as the EventSource spec does (field name up to the first colon,
 * one leading space dropped from the value, `data` lines joined with "\n", `:` lines comments).
 */

/** One SSE frame; a heartbeat is a frame with only `comment`. */
export interface Frame {
  event?: string
  data?: string
  id?: string
  comment?: string
}

/** A chunk feeder that calls `onFrame` for every complete frame, in order. */
export function frameParser(onFrame: (f: Frame) => void): (chunk: string) => void {
  let buf = ''
  return (chunk) => {
    buf += chunk
    let i: number
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i)
      buf = buf.slice(i + 2)
      const f: Frame = {}
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          f.comment = line.slice(1).trim()
          continue
        }
        const c = line.indexOf(':')
        const k = c < 0 ? line : line.slice(0, c)
        const v = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '')
        if (k === 'data') f.data = f.data === undefined ? v : `${f.data}\n${v}`
        else if (k === 'event' || k === 'id') f[k] = v
      }
      onFrame(f)
    }
  }
}
