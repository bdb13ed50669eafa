/**
 * Follows one container of one pod for a log stream, across reconnects and (for workloads)
 * across the container's restarts, passing on each line exactly once.
 *
 * Why: an upstream follow can end for reasons that are not the container stopping (a proxy or
 * the idle bound cut it, the apiserver restarted), and a container with no log yet answers 400
 * "waiting to start". The follower reads the pod before every request to know which run it
 * follows; when a follow ends it reads the pod again: the same run still running means the
 * connection was cut (reconnect from the cursor), anything else means the run ended (the owner
 * decides: end the stream, or wait for the next run). Every request after the first asks from the
 * cursor's second and the gate (cursor.ts) drops what was already passed.
 * Lifecycle: `start()` runs the loop until the owner's `onEnded` says stop, a permanent failure,
 * or `stop()` (which aborts the request in flight). `poke()` wakes a follower that waits for its
 * container (the pod changed in the shared pods watch); a timer wakes it anyway every WAIT_MS.
 */
import type { LogEndData } from '../../../shared/api/logs.ts'
import { logTimeSecond, normaliseLogTime } from '../../../shared/api/logTime.ts'
import type { RawLogLine, WatchEngine } from '../../watch/types.ts'
import { advance, resumeGate } from './cursor.ts'
import type { Cursor } from './cursor.ts'

/** A waiting follower looks again this often even without a pod change (the watch may be down). */
const WAIT_MS = 10_000
/** Reconnect backoff after an upstream failure: doubling from 1 s to 30 s. */
const RETRY_MIN_MS = 1_000
const RETRY_MAX_MS = 30_000

/** A container as the pod's status tells it now. */
export interface ContainerNow {
  readonly state: 'running' | 'waiting' | 'terminated' | 'gone'
  /** The run the kubelet serves now: the running one, else the last terminated one ('' = none). */
  readonly runID: string
  readonly reason: string
  readonly exitCode?: number
  /** The pod's restart policy runs the container again. */
  readonly restarting: boolean
}

interface TermLike {
  readonly exitCode?: number
  readonly reason?: string
  readonly containerID?: string
}
interface CsLike {
  readonly name?: string
  readonly containerID?: string
  readonly state?: { readonly waiting?: { readonly reason?: string }; readonly running?: unknown; readonly terminated?: TermLike }
  readonly lastState?: { readonly terminated?: TermLike }
}
interface PodLike {
  readonly metadata?: { readonly deletionTimestamp?: string }
  readonly spec?: { readonly restartPolicy?: string }
  readonly status?: { readonly containerStatuses?: CsLike[]; readonly initContainerStatuses?: CsLike[]; readonly ephemeralContainerStatuses?: CsLike[] }
}

/** Read `container`'s state from a pod object (undefined pod = deleted). */
export function containerNow(pod: unknown, container: string): ContainerNow {
  const p = pod as PodLike | undefined
  if (!p) return { state: 'gone', runID: '', reason: 'the pod was deleted', restarting: false }
  const st = p.status
  const init = st?.initContainerStatuses?.find((c) => c.name === container)
  const cs = st?.containerStatuses?.find((c) => c.name === container) ?? init ?? st?.ephemeralContainerStatuses?.find((c) => c.name === container)
  const policy = p.spec?.restartPolicy ?? 'Always'
  const term = cs?.state?.terminated ?? cs?.lastState?.terminated
  const code = term?.exitCode
  const restarting = !p.metadata?.deletionTimestamp && (policy === 'Always' ? !init || code !== 0 : policy === 'OnFailure' && code !== undefined && code !== 0)
  if (!cs?.state) return { state: 'waiting', runID: '', reason: 'no status yet', restarting }
  if (cs.state.running) return { state: 'running', runID: cs.containerID ?? '', reason: '', restarting }
  const runID = cs.state.terminated?.containerID || cs.lastState?.terminated?.containerID || ''
  const ended = { ...(code !== undefined ? { exitCode: code } : {}), restarting }
  if (cs.state.terminated) return { state: 'terminated', runID, reason: cs.state.terminated.reason ?? 'Terminated', ...ended }
  return { state: 'waiting', runID, reason: cs.state.waiting?.reason ?? 'Waiting', ...ended }
}

/** The `end` frame of a run that ended. */
export function endData(now: ContainerNow): LogEndData {
  if (now.state === 'gone') return { reason: now.reason }
  const what = now.state === 'terminated' ? now.reason : now.reason === 'CrashLoopBackOff' ? 'restarting (CrashLoopBackOff)' : now.reason
  return {
    reason: `the container stopped${now.exitCode !== undefined ? ` (exit code ${now.exitCode})` : ''}: ${what}`,
    ...(now.exitCode !== undefined ? { exitCode: now.exitCode } : {}),
    ...(now.state === 'terminated' ? { terminated: now.reason } : {}),
    restarting: now.restarting
  }
}

export interface FollowerOptions {
  readonly engine: WatchEngine
  readonly cluster: string
  readonly namespace: string
  readonly pod: string
  readonly container: string
  readonly previous: boolean
  /** The first request only, when there is no `from`: how much history. */
  readonly first: { readonly tailLines?: number; readonly sinceSeconds?: number }
  /** Start after this cursor (a resume point of this very source): nothing before it is passed again. */
  readonly from?: Cursor
  onLines(lines: readonly RawLogLine[]): void
  onWaiting(reason: string): void
  onUpstream(state: 'live' | 'reconnecting', reason: string, status?: number): void
  /** The followed run ended: `stop` ends this follower, `next` follows the container's next run. */
  onEnded(now: ContainerNow): 'stop' | 'next'
  /** A failure retrying will not fix (403, or the cluster is gone): the follower stops. */
  onFailed(reason: string, status?: number): void
}

/**
 * The history a later request asks for when the first (asked at `openedMs`) passed no line: a
 * tail that found nothing means the log was empty then (so: from its start, which is also what a
 * container's next run needs); no history (`tailLines=0`) means from the open; `sinceSeconds` means
 * from the open minus that. Whole seconds, as `sinceTime` takes them.
 */
export function sinceAfterFirst(first: FollowerOptions['first'], openedMs: number): { readonly sinceTime?: string } {
  const second = (ms: number): string => logTimeSecond(new Date(ms).toISOString())
  if (first.sinceSeconds !== undefined) return { sinceTime: second(openedMs - first.sinceSeconds * 1000) }
  if (first.tailLines === 0) return { sinceTime: second(openedMs) }
  return {}
}

const WAITING = /is waiting to start|is not available|is terminated|no logs yet|has not been assigned a host/

/** A follower (see the file comment); call `start()`. */
export class Follower {
  private readonly o: FollowerOptions
  private cursor: Cursor | undefined
  private ac = new AbortController()
  private stopped = false
  private wake: (() => void) | undefined
  private retryMs = RETRY_MIN_MS
  /** What a request asks when no line has passed and the first request already ended. */
  private untilFirst: { readonly sinceTime?: string } = {}

  constructor(o: FollowerOptions) {
    this.o = o
    this.cursor = o.from
  }

  start(): void {
    void this.loop().catch((e: unknown) => {
      if (!this.stopped) this.o.onFailed((e as Error).message)
    })
  }

  /** The pod changed: a waiting follower looks again now. */
  poke(): void {
    this.wake?.()
  }

  stop(): void {
    this.stopped = true
    this.ac.abort()
    this.wake?.()
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(done, ms)
      function done(): void {
        clearTimeout(t)
        resolve()
      }
      this.wake = done
    }).then(() => {
      this.wake = undefined
    })
  }

  private async now(): Promise<ContainerNow> {
    try {
      return containerNow(await this.o.engine.getObject({ cluster: this.o.cluster, kind: 'pods', namespace: this.o.namespace }, this.o.pod), this.o.container)
    } catch (e) {
      if ((e as { status?: number }).status === 404) return containerNow(undefined, this.o.container)
      throw e
    }
  }

  private async loop(): Promise<void> {
    let ended = ''
    let first = true
    while (!this.stopped) {
      let now: ContainerNow
      try {
        now = await this.now()
      } catch (e) {
        if (this.stopped) return
        this.o.onUpstream('reconnecting', (e as Error).message, (e as { status?: number }).status)
        await this.sleep(this.backoff())
        continue
      }
      if (now.state === 'gone') {
        this.o.onEnded(now)
        return
      }
      // The run already followed to its end: wait for the next one (a pod change wakes us).
      if (!this.o.previous && now.runID !== '' && now.runID === ended && now.state !== 'running') {
        await this.sleep(WAIT_MS)
        continue
      }
      const result = await this.request(first)
      if (this.stopped) return
      if (result === 'failed') return
      if (result === 'retry') {
        await this.sleep(this.backoff())
        continue
      }
      if (result === 'wait') {
        await this.sleep(WAIT_MS)
        continue
      }
      first = false
      if (this.o.previous) {
        this.o.onEnded(now)
        return
      }
      if (now.runID === '') {
        // Nothing to serve yet (the pod is not scheduled: the apiserver answers an empty log).
        this.o.onWaiting(`pod "${this.o.pod}" is not running yet: ${now.reason}`)
        await this.sleep(WAIT_MS)
        continue
      }
      let after: ContainerNow
      try {
        after = await this.now()
      } catch {
        continue
      }
      if (after.state === 'running' && after.runID === now.runID && now.state === 'running') continue
      if (this.o.onEnded(after) === 'stop') return
      ended = now.runID
    }
  }

  private backoff(): number {
    const ms = this.retryMs
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS)
    return ms
  }

  /** One upstream request. @returns how it ended. */
  private async request(first: boolean): Promise<'eof' | 'retry' | 'wait' | 'failed'> {
    const o = this.o
    const c = this.cursor
    const gate = resumeGate(c)
    // From the cursor's second once a line has passed. Before that, the first request's history,
    // and later requests (nothing passed yet) everything the first one meant from then on.
    if (first) this.untilFirst = sinceAfterFirst(o.first, Date.now())
    const history = c ? { sinceTime: logTimeSecond(c.t) } : first ? o.first : this.untilFirst
    this.ac = new AbortController()
    try {
      await o.engine.podLog(
        o.cluster,
        o.namespace,
        o.pod,
        {
          container: o.container,
          follow: !o.previous,
          ...(o.previous ? { previous: true } : {}),
          ...history
        },
        {
          signal: this.ac.signal,
          onOpen: () => {
            this.retryMs = RETRY_MIN_MS
            o.onUpstream('live', '')
          },
          onLines: (lines) => {
            const out: RawLogLine[] = []
            for (const l of lines) {
              const t = l.t || this.cursor?.t || normaliseLogTime(new Date().toISOString()) || ''
              if (!gate(t)) continue
              this.cursor = advance(this.cursor, t)
              out.push(l.t ? l : { t, m: l.m })
            }
            if (out.length > 0) o.onLines(out)
          }
        }
      )
      return 'eof'
    } catch (e) {
      if (this.stopped) return 'failed'
      const status = (e as { status?: number }).status
      const msg = (e as Error).message
      if (status === 400 && WAITING.test(msg)) {
        o.onWaiting(msg.replace(/^.*?: (?=container )/, ''))
        return 'wait'
      }
      if (status === 403 || status === 401 || (e as { code?: string }).code === 'UnknownCluster') {
        o.onFailed(msg, status)
        return 'failed'
      }
      if (status === 404) return 'eof'
      o.onUpstream('reconnecting', msg, status)
      return 'retry'
    }
  }
}
