/**
 * Where a log stream is in each container's log, and the resume id that says so.
 *
 * Why: the kubelet's `sinceTime` has whole seconds, and many lines share one timestamp (a stack
 * trace is one write), so "after the last line sent" cannot be asked upstream exactly. Instead a
 * reconnect asks from the last line's second and a gate drops what was already sent: every line
 * older than the cursor, and at the cursor's own timestamp as many lines as were sent then. Lines
 * of one container always arrive in the same order, so this is exact: nothing lost, nothing
 * repeated. A workload stream merges containers in (time, source key) order, so its id names the
 * last line's time, source key and count; a container whose lines arrived late (behind that
 * order) is listed with its own cursor.
 * Id grammar: `<time>~<n>` (one container) or `<time>~<n>~<key>` then `|<key>:<time>~<n>` per
 * lagging container; `<time>` is the normalised UTC timestamp, `<key>` 8 hex digits.
 */

/** Last line passed (its time), and how many lines with that time were passed. */
export interface Cursor {
  readonly t: string
  readonly n: number
}

/** A workload's merged position: the cursor of the last line in merge order and its source key. */
export interface MergedCursor extends Cursor {
  readonly key: string
}

/** Longest resume id accepted (header and `?lastEventId=`). */
export const MAX_RESUME_ID = 8 * 1024
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/

/** A source's stable key: FNV-1a of `pod/container`, 8 hex digits. */
export function sourceKey(pod: string, container: string): string {
  const s = `${pod}/${container}`
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, '0')
}

/** The cursor after passing one more line at time `t`. */
export function advance(c: Cursor | undefined, t: string): Cursor {
  return c && c.t === t ? { t, n: c.n + 1 } : { t, n: 1 }
}

/** The resume id of one container's cursor. */
export function singleId(c: Cursor): string {
  return `${c.t}~${c.n}`
}

/** The resume id of a merged position plus the lagging sources' own cursors. */
export function mergedId(c: MergedCursor, lagging: ReadonlyMap<string, Cursor>): string {
  let id = `${c.t}~${c.n}~${c.key}`
  for (const [key, lc] of lagging) id += `|${key}:${lc.t}~${lc.n}`
  return id
}

function parseCursor(s: string): Cursor | undefined {
  const [t, n, ...rest] = s.split('~')
  if (rest.length > 0 || !TIME.test(t) || !/^\d{1,9}$/.test(n ?? '')) return undefined
  return { t, n: Number(n) }
}

/** A parsed resume id: the merged (or single) cursor and per-source exceptions. */
export interface ResumePoint {
  readonly at: Cursor & { readonly key?: string }
  readonly lagging: ReadonlyMap<string, Cursor>
}

/** Parse a resume id; undefined when it is not one of ours (the stream then starts fresh). */
export function parseResumeId(id: string): ResumePoint | undefined {
  if (id.length > MAX_RESUME_ID) return undefined
  const [head, ...rest] = id.split('|')
  const parts = head.split('~')
  const key = parts.length === 3 ? parts[2] : undefined
  if (key !== undefined && !/^[0-9a-f]{8}$/.test(key)) return undefined
  const at = parseCursor(parts.slice(0, 2).join('~'))
  if (!at) return undefined
  const lagging = new Map<string, Cursor>()
  for (const r of rest) {
    const m = /^([0-9a-f]{8}):(.+)$/.exec(r)
    const c = m ? parseCursor(m[2]) : undefined
    if (!m || !c) return undefined
    lagging.set(m[1], c)
  }
  return { at: key === undefined ? at : { ...at, key }, lagging }
}

/**
 * The gate of one source after a resume: drops the lines already sent. `key` is the source's
 * key; the point's `key` (merged streams) orders sources that share the cursor's timestamp.
 * @returns a predicate called once per line in order: true = pass the line.
 */
export function resumeGate(point: ResumePoint | undefined, key: string): (t: string) => boolean {
  if (!point) return () => true
  const own = point.lagging.get(key)
  const at = own ?? point.at
  const atKey = own ? key : point.at.key ?? key
  let seenAtT = 0
  let open = false
  return (t) => {
    if (open) return true
    if (t < at.t) return false
    if (t > at.t || key > atKey) { open = true; return true }
    if (key < atKey) return false
    seenAtT++
    if (seenAtT <= at.n) return false
    open = true
    return true
  }
}
