/**
 * Where a log stream is in each container's log, and the resume id that says so.
 *
 * Why: the kubelet's `sinceTime` has whole seconds, and many lines share one timestamp (a stack
 * trace is one write), so "after the last line sent" cannot be asked upstream exactly. Instead a
 * reconnect asks from the last line's second and a gate drops what was already sent: every line
 * older than the cursor, and at the cursor's own timestamp as many lines as were sent then. Lines
 * of one container always arrive in the same order, so this is exact: nothing lost, nothing
 * repeated.
 * A workload stream merges many containers, and one of them may lag (its node is slow, its
 * upstream reconnecting) at the very moment the client reconnects: the merge order's last line
 * says nothing about how far a lagging container got. So a merged id carries EVERY container's
 * own cursor: the head (the last line in merge order, used to mark late lines) and, for each
 * other container that has passed a line, its cursor relative to the head. A container not in
 * the id has passed nothing and resumes from its first line.
 * Id grammar (characters a URL carries unescaped, besides the head time's colons):
 * - one container: `<time>~<n>`
 * - merged: `<time>~<n>~<key>` then, per other container, `_<key><behind>[~<n>]`, where
 *   `<behind>` is how far its last line is behind the head time, in nanoseconds, base 36, and `~<n>`
 *   is left out when n is 1. `<time>` is the normalised UTC timestamp, `<key>` 8 hex digits.
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

/**
 * Longest resume id accepted (header and `?lastEventId=`): a merged id of MAX_SOURCES containers
 * (workloadStream.ts) is at most 200 × 31 characters.
 */
export const MAX_RESUME_ID = 8 * 1024
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/
const ENTRY = /^([0-9a-f]{8})([0-9a-z]{1,13})(?:~(\d{1,9}))?$/
const NS_PER_S = 1_000_000_000n

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

/** Nanoseconds since the epoch of a normalised time. */
function nsOf(t: string): bigint {
  return BigInt(Date.parse(`${t.slice(0, 19)}Z`) / 1000) * NS_PER_S + BigInt(t.slice(20, 29))
}

/** The normalised time of `ns` nanoseconds since the epoch. */
function timeOf(ns: bigint): string {
  const sec = ns / NS_PER_S
  return `${new Date(Number(sec) * 1000).toISOString().slice(0, 19)}.${(ns - sec * NS_PER_S).toString().padStart(9, '0')}Z`
}

/** The resume id of one container's cursor. */
export function singleId(c: Cursor): string {
  return `${c.t}~${c.n}`
}

/**
 * The resume id of a merged position: the head, then every source in `sources` whose cursor is
 * not the head itself (a source at or after the head cannot be: the head is the furthest line).
 */
export function mergedId(head: MergedCursor, sources: ReadonlyMap<string, Cursor>): string {
  let id = `${head.t}~${head.n}~${head.key}`
  let headNs: bigint | undefined
  for (const [key, c] of sources) {
    if (key === head.key && c.t === head.t && c.n === head.n) continue
    headNs ??= nsOf(head.t)
    const behind = headNs - nsOf(c.t)
    id += `_${key}${(behind > 0n ? behind : 0n).toString(36)}${c.n === 1 ? '' : `~${c.n}`}`
  }
  return id
}

function parseCursor(t: string, n: string | undefined): Cursor | undefined {
  if (!TIME.test(t) || !/^\d{1,9}$/.test(n ?? '') || Number(n) < 1) return undefined
  return { t, n: Number(n) }
}

/** A parsed resume id. */
export interface ResumePoint {
  /** One container: its cursor. Merged: the last line in merge order, with its source key. */
  readonly head: Cursor & { readonly key?: string }
  /** Merged ids: the cursor of every source that had passed a line (the head's source included). */
  readonly sources: ReadonlyMap<string, Cursor>
}

/** Parse a resume id; undefined when it is not one of ours (the stream then starts fresh). */
export function parseResumeId(id: string): ResumePoint | undefined {
  if (id.length > MAX_RESUME_ID) return undefined
  const [headText, ...entries] = id.split('_')
  const [t, n, key, ...extra] = headText.split('~')
  const head = parseCursor(t, n)
  if (!head || extra.length > 0) return undefined
  if (key === undefined) return entries.length === 0 ? { head, sources: new Map() } : undefined
  if (!/^[0-9a-f]{8}$/.test(key)) return undefined
  const sources = new Map<string, Cursor>()
  const headNs = nsOf(head.t)
  for (const e of entries) {
    const m = ENTRY.exec(e)
    if (!m) return undefined
    let behind = 0n
    for (const ch of m[2]) behind = behind * 36n + BigInt(parseInt(ch, 36))
    const ns = headNs - behind
    const c = ns >= 0n ? parseCursor(timeOf(ns), m[3] ?? '1') : undefined
    if (!c || sources.has(m[1])) return undefined
    sources.set(m[1], c)
  }
  if (!sources.has(key)) sources.set(key, head)
  return { head: { ...head, key }, sources }
}

/**
 * Where source `key` resumes from: its own cursor in a merged id (undefined = it had passed no
 * line: it starts from its first), or the cursor of a one-container id.
 */
export function resumeCursor(point: ResumePoint | undefined, key: string): Cursor | undefined {
  if (!point) return undefined
  return point.head.key === undefined ? point.head : point.sources.get(key)
}

/**
 * The gate of one source resuming after cursor `c`: drops the lines already passed.
 * @returns a predicate called once per line, in order: true = pass the line.
 */
export function resumeGate(c: Cursor | undefined): (t: string) => boolean {
  if (!c) return () => true
  let seenAtT = 0
  let open = false
  return (t) => {
    if (open) return true
    if (t < c.t) return false
    if (t > c.t) {
      open = true
      return true
    }
    seenAtT++
    if (seenAtT <= c.n) return false
    open = true
    return true
  }
}
