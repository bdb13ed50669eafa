/**
 * What the controllers made of the manifests: the ReplicaSet and pods of Deployment `web` after
 * its rollout, the pod of Job `pi` after it ran to completion, the pods of the StatefulSet,
 * DaemonSet and ReplicaSet, the EndpointSlice of Service `web`, and the events the controllers
 * recorded about the Deployment.
 *
 * On the real side kwok plays kubelet: its default "fast" stages make every pod Running at once,
 * and its pod-complete stage finishes pods owned by a Job (exit 0, Completed) — which is how a Job
 * runs to completion with no container runtime. The simulator's kubelet runs its own timeline
 * (the Job's pod runs a few simulated steps, then succeeds).
 */
import { apiRequest } from '../../support/kubeApi.ts'
import { NS } from '../harness.ts'
import type { Obj, Pair } from '../harness.ts'

/** Run the controller-output requests; returns the unexplained report lines. */
export async function controllersSection(p: Pair): Promise<string[]> {
  const out: string[] = []
  const list = async (label: string, path: string): Promise<void> => {
    out.push(...(await p.same(label, 'GET', path)).unexplained)
  }
  const q = (s: string): string => encodeURIComponent(s)
  await list('LIST replicasets of deployment web', `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=${q('app=web')}`)
  await list('LIST pods of deployment web', `/api/v1/namespaces/${NS}/pods?labelSelector=${q('app=web')}`)
  await list('GET job pi (complete)', `/apis/batch/v1/namespaces/${NS}/jobs/pi`)
  await list('LIST pods of job pi', `/api/v1/namespaces/${NS}/pods?labelSelector=${q('job-name=pi')}`)
  await list('LIST pods of statefulset db', `/api/v1/namespaces/${NS}/pods?labelSelector=${q('app=db')}`)
  await list('LIST pods of daemonset agent', `/api/v1/namespaces/${NS}/pods?labelSelector=${q('app=agent')}`)
  await list('LIST pods of replicaset cache', `/api/v1/namespaces/${NS}/pods?labelSelector=${q('app=cache')}`)
  await list(
    'LIST endpointslices of service web',
    `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices?labelSelector=${q('kubernetes.io/service-name=web')}`
  )
  // Events: names carry a timestamp and there may be several per reason; compare what a reader
  // sees (kubectl describe's Events table), sorted.
  const events = await Promise.all(
    [p.sim, p.real].map(async (b) => {
      const r = await apiRequest(b, 'GET', `/api/v1/namespaces/${NS}/events?fieldSelector=${q('involvedObject.kind=Deployment,involvedObject.name=web')}`)
      const items = ((r.json as Obj | undefined)?.items ?? []) as Obj[]
      return {
        status: r.status,
        events: items
          .map((e) => ({ type: e.type, reason: e.reason, message: e.message, source: e.source, count: e.count }))
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
      }
    })
  )
  out.push(...p.compare('LIST events of deployment web (type, reason, message, source, count)', events[0], events[1]).unexplained)
  return out
}
