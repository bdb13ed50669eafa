/**
 * Judging `kubectl logs` output against the simulator's own record (`sim.logs.written()`), with
 * kubelet and kubectl rules ported from their Go source — never from the simulator's generator.
 *
 * Why here: a running container keeps writing, so what kubectl printed is the record as of some
 * moment between the command's start and end; `window` checks exactly that. kubectl consumes the
 * requests of `--all-containers` and `-l` from a Go map (no order), so `someOrder` accepts the
 * blocks in any order. `byLoggingLess` is kubectl's `podutils.ByLogging` (which pod `logs deploy/x`
 * picks).
 */

/** One recorded line. */
export interface Rec {
  readonly ts: string
  readonly text: string
}

/** The kubelet's output of `lines`: each line `text\n`, or `ts text\n` with timestamps. */
export function printed(lines: readonly Rec[], timestamps = false): string {
  return lines.map((l) => `${timestamps ? `${l.ts} ` : ''}${l.text}\n`).join('')
}

/**
 * `out` is the log of a container as of one moment between `before` and `after` (the record then):
 * a prefix of the record at `after` at least as long as the record at `before`.
 * @returns why not, or '' when it is.
 */
export function window(out: string, before: readonly Rec[], after: readonly Rec[], timestamps = false): string {
  const want = printed(after, timestamps)
  if (!want.startsWith(out))
    return `not a prefix of the record (${out.length} chars printed, first difference at ${[...out].findIndex((c, i) => c !== want[i])})`
  if (out.length < printed(before, timestamps).length)
    return `shorter than the record when the command started (${out.length} < ${printed(before, timestamps).length} chars)`
  if (out !== '' && !out.endsWith('\n')) return 'ends inside a line'
  return ''
}

/**
 * `out` is the concatenation, in some order, of one block per container, each block checked by
 * `fits(block, i)` (e.g. `window`). Blocks are found by trying every order (few containers).
 */
export function someOrder(out: string, blocks: number, fits: (i: number, rest: string) => number | undefined): boolean {
  const tryFrom = (rest: string, left: readonly number[]): boolean => {
    if (left.length === 0) return rest === ''
    return left.some((i) => {
      const used = fits(i, rest)
      return (
        used !== undefined &&
        tryFrom(
          rest.slice(used),
          left.filter((x) => x !== i)
        )
      )
    })
  }
  return tryFrom(
    out,
    Array.from({ length: blocks }, (_, i) => i)
  )
}

/**
 * The longest prefix of `rest` that is a window of one container's log (see `window`).
 * @returns its length, or undefined when none.
 */
export function windowPrefix(rest: string, before: readonly Rec[], after: readonly Rec[]): number | undefined {
  const want = printed(after)
  let n = 0
  while (n < rest.length && n < want.length && rest[n] === want[n]) n++
  // Back to a line end, and no shorter than the record at the start.
  const cut = rest.slice(0, n).lastIndexOf('\n') + 1
  return cut >= printed(before).length ? cut : undefined
}

/** The parts of a pod kubectl's ByLogging reads. */
export interface PodFacts {
  readonly metadata: { readonly name?: string; readonly creationTimestamp?: string }
  readonly spec?: { readonly nodeName?: string }
  readonly status?: {
    readonly phase?: string
    readonly conditions?: readonly { readonly type: string; readonly status: string; readonly lastTransitionTime?: string }[]
    readonly containerStatuses?: readonly { readonly restartCount?: number }[]
    readonly initContainerStatuses?: readonly { readonly restartCount?: number }[]
  }
}

const ready = (p: PodFacts): boolean => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
const readyTime = (p: PodFacts): number => {
  const c = p.status?.conditions?.find((x) => x.type === 'Ready' && x.status === 'True')
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0
}
const maxRestarts = (p: PodFacts): number => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0))
/** Go's afterOrZero(t1, t2): a zero time sorts last. */
const afterOrZero = (t1: number, t2: number): boolean => (t1 === 0 || t2 === 0 ? t1 === 0 : t1 > t2)

/** kubectl's `podutils.ByLogging.Less(a, b)`: is `a` a better pod to show logs of than `b`? */
export function byLoggingLess(a: PodFacts, b: PodFacts): boolean {
  const na = a.spec?.nodeName ?? ''
  const nb = b.spec?.nodeName ?? ''
  // 1. assigned < unassigned
  if (na !== nb && (na === '' || nb === '')) return na !== ''
  // 2. PodRunning < PodUnknown < PodPending (other phases: Go's map zero value, 0)
  const rank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 }
  const ra = rank[a.status?.phase ?? ''] ?? 0
  const rb = rank[b.status?.phase ?? ''] ?? 0
  if (ra !== rb) return ra < rb
  // 3. ready < not ready
  if (ready(a) !== ready(b)) return ready(a)
  // 4. been ready for more time < less time < empty time
  if (ready(a) && ready(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(b), readyTime(a))
  // 5. higher restart counts < lower
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b)
  // 6. older < newer
  const ca = Date.parse(a.metadata.creationTimestamp ?? '') || 0
  const cb = Date.parse(b.metadata.creationTimestamp ?? '') || 0
  if (ca !== cb) return afterOrZero(cb, ca)
  return false
}
