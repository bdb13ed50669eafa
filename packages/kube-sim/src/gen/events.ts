/**
 * core/v1 Events about generated objects, as the kubelet, scheduler and controllers write them.
 *
 * Why: the events table and the pod detail need believable reasons and messages matching each
 * pod state; the churn creates new ones and deletes old ones through `eventObj` too.
 */
import type { KubeObject } from '../types.ts'
import type { PodState } from './podStatus.ts'
import { DEFAULT_UNSCHEDULABLE } from './podStatus.ts'
import { iso } from './ids.ts'

/** The object an event is about. */
export interface Involved {
  readonly kind: string
  readonly apiVersion: string
  readonly namespace: string
  readonly name: string
  readonly fieldPath?: string
}

/** One event line: [type, reason, message, source component]. */
export type EventLine = readonly [type: 'Normal' | 'Warning', reason: string, message: string, component: string]

/** A fresh core/v1 Event named `<object>.<hex>`. */
export function eventObj(name: string, on: Involved, line: EventLine, host: string | undefined, count: number, firstMs: number, lastMs: number): KubeObject {
  const involvedObject: Record<string, unknown> = { kind: on.kind, namespace: on.namespace, name: on.name, apiVersion: on.apiVersion }
  if (on.fieldPath) involvedObject.fieldPath = on.fieldPath
  const source: Record<string, string> = { component: line[3] }
  if (host && line[3] === 'kubelet') source.host = host
  return {
    apiVersion: 'v1',
    kind: 'Event',
    // Events about cluster-scoped objects (nodes) live in `default`, as the kubelet writes them.
    metadata: { name, namespace: on.namespace || 'default', creationTimestamp: iso(firstMs) },
    involvedObject,
    reason: line[1],
    message: line[2],
    source,
    firstTimestamp: iso(firstMs),
    lastTimestamp: iso(lastMs),
    count,
    type: line[0],
    eventTime: null,
    reportingComponent: line[3],
    reportingInstance: host && line[3] === 'kubelet' ? host : ''
  }
}

/** Event lines a pod in `state` would have (most recent last). */
export function podEventLines(
  state: PodState,
  pod: string,
  node: string,
  image: string,
  container: string,
  unschedulable: string = DEFAULT_UNSCHEDULABLE
): EventLine[] {
  const scheduled: EventLine = ['Normal', 'Scheduled', `Successfully assigned ${pod} to ${node}`, 'default-scheduler']
  const started: EventLine[] = [
    scheduled,
    ['Normal', 'Pulled', `Container image "${image}" already present on machine`, 'kubelet'],
    ['Normal', 'Created', `Created container: ${container}`, 'kubelet'],
    ['Normal', 'Started', `Started container ${container}`, 'kubelet']
  ]
  switch (state) {
    case 'Pending':
      return [['Warning', 'FailedScheduling', unschedulable, 'default-scheduler']]
    case 'ImagePullBackOff':
    case 'ErrImagePull':
      return [
        scheduled,
        ['Normal', 'Pulling', `Pulling image "${image}"`, 'kubelet'],
        [
          'Warning',
          'Failed',
          `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`,
          'kubelet'
        ],
        ['Normal', 'BackOff', `Back-off pulling image "${image}"`, 'kubelet']
      ]
    case 'CrashLoopBackOff':
    case 'RunningRestarted':
    case 'OOMKilled':
    case 'Init:CrashLoopBackOff':
      return [...started, ['Warning', 'BackOff', `Back-off restarting failed container ${container} in pod ${pod}`, 'kubelet']]
    case 'RunningNotReady':
      return [...started, ['Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'kubelet']]
    case 'CreateContainerConfigError':
      return [scheduled, ['Warning', 'Failed', `Error: secret "${pod.split('-')[0]}-credentials" not found`, 'kubelet']]
    case 'Terminating':
      return [...started, ['Normal', 'Killing', `Stopping container ${container}`, 'kubelet']]
    case 'Evicted':
      return [...started, ['Warning', 'Evicted', 'The node was low on resource: memory.', 'kubelet']]
    case 'NodeLost':
      return [['Warning', 'NodeNotReady', 'Node is not ready', 'node-controller']]
    case 'SchedulingGated':
      return []
    default:
      return started
  }
}
