/**
 * Event row projection, a port of kubectl's `printEvent` (core/v1 Events, v1.32/v1.33):
 * LAST SEEN from `series.lastObservedTime`, else `lastTimestamp`, else FIRST SEEN (which is
 * `firstTimestamp`, else `eventTime`); COUNT from the series, else `count`, else 1; OBJECT as
 * `kind/name` in lower-case kind; SOURCE as `component, host` with the reporting
 * controller/instance as fallbacks; MESSAGE trimmed.
 *
 * Lifecycle: pure function, called once per event per watch event (events churn the most).
 */
import type { Projector } from './types.ts'

interface EventLike {
  readonly metadata?: { readonly name?: string }
  readonly involvedObject?: { readonly kind?: string; readonly name?: string; readonly namespace?: string; readonly uid?: string; readonly fieldPath?: string }
  readonly reason?: string
  readonly message?: string
  readonly type?: string
  readonly count?: number
  readonly firstTimestamp?: string | null
  readonly lastTimestamp?: string | null
  readonly eventTime?: string | null
  readonly series?: { readonly count?: number; readonly lastObservedTime?: string } | null
  readonly source?: { readonly component?: string; readonly host?: string }
  readonly reportingComponent?: string
  readonly reportingInstance?: string
}

/** `formatEventSource`: `component, host`, or just the component when there is no host. */
export function eventSource(e: EventLike): string {
  const component = e.source?.component || e.reportingComponent || ''
  const instance = e.source?.host || e.reportingInstance || ''
  return instance === '' ? component : `${component}, ${instance}`
}

/**
 * Project an event. Time cells carry ISO timestamps (null prints `<unknown>`). The involved
 * object's identity goes into `extra` (never printed): a describe view lists an object's events by
 * its uid, so a pod recreated under the same name does not inherit the old one's events, as
 * `kubectl describe` matches them (`involvedObject.uid`).
 */
export const projectEvent: Projector = (obj) => {
  const e = obj as EventLike
  const firstSeen = e.firstTimestamp || e.eventTime || null
  let lastSeen = e.lastTimestamp || firstSeen
  let count = e.count ?? 0
  if (e.series) {
    lastSeen = e.series.lastObservedTime || null
    count = e.series.count ?? 0
  } else if (count === 0) {
    // Singleton events of the events.k8s.io API carry no count.
    count = 1
  }
  const io = e.involvedObject ?? {}
  const kind = (io.kind ?? '').toLowerCase()
  return {
    cells: {
      lastSeen,
      type: e.type ?? '',
      reason: e.reason ?? '',
      object: io.name ? `${kind}/${io.name}` : kind,
      subobject: io.fieldPath ?? '',
      source: eventSource(e),
      message: (e.message ?? '').trim(),
      firstSeen,
      count,
      eventName: obj.metadata?.name ?? ''
    },
    extra: {
      objectKind: io.kind ?? '',
      objectUid: io.uid ?? '',
      objectNamespace: io.namespace ?? ''
    }
  }
}
