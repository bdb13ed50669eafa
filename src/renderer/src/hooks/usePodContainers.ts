/**
 * The containers of the pod a log viewer shows (init containers first, as the kubelet runs them),
 * with what the picker needs: whether each has a previous run to offer, and its restarts.
 *
 * Why no polling: the pod's row is already live in the list store whenever a pods list of its
 * cluster (its namespace, or all) is open — which is where the viewer is opened from — through the
 * one shared pods watch. The row carries the pod's resourceVersion, so the pod is read again
 * (one small GET) exactly when it changed, as the detail drawer's YAML is. Only when no open list
 * holds the pod (the user moved to another kind with the viewer open) does a slow timer stand in
 * for the watch; the stream's own end (the container stopped) also reads it again.
 * Lifecycle: read when the pod, its row's version or `refresh` changes; the fallback timer runs
 * only while no list has the row.
 */
import { useEffect, useState } from 'react'
import { useStore } from 'zustand'
import { fetchObject } from '../api/client.ts'
import { listKey, lists } from '../stores/listStore.ts'

/** With no live row to follow: restart counts and previous runs are at most this old. */
const FALLBACK_REFRESH_MS = 15_000

export interface PodContainer {
  readonly name: string
  readonly init: boolean
  readonly restarts: number
  /** The kubelet has a previous terminated run (`--previous` works). */
  readonly hasPrevious: boolean
  readonly state: string
}

interface CsLike {
  readonly name?: string
  readonly restartCount?: number
  readonly lastState?: { readonly terminated?: { readonly containerID?: string } }
  readonly state?: Record<string, { reason?: string } | undefined>
}
interface PodLike {
  readonly metadata?: { readonly uid?: string }
  readonly spec?: { readonly initContainers?: { name: string }[]; readonly containers?: { name: string }[] }
  readonly status?: { readonly initContainerStatuses?: CsLike[]; readonly containerStatuses?: CsLike[] }
}

/** The picker's entries of a pod object. */
export function podContainers(pod: unknown): PodContainer[] {
  const p = pod as PodLike
  const st = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]
  const one = (name: string, init: boolean): PodContainer => {
    const cs = st.find((c) => c.name === name)
    const [state, detail] = Object.entries(cs?.state ?? {})[0] ?? ['unknown', undefined]
    return { name, init, restarts: cs?.restartCount ?? 0, hasPrevious: Boolean(cs?.lastState?.terminated?.containerID), state: detail?.reason ?? state }
  }
  return [...(p.spec?.initContainers ?? []).map((c) => one(c.name, true)), ...(p.spec?.containers ?? []).map((c) => one(c.name, false))]
}

/** @returns the pod's containers, or [] until known (or for a workload). */
export function usePodContainers(cluster: string, namespace: string, pod: string | null, refresh: unknown): readonly PodContainer[] {
  const [list, setList] = useState<readonly PodContainer[]>([])
  const [uid, setUid] = useState('')
  // The pod's row in an open list ('' when none has it): its resourceVersion is the change signal.
  const rowVersion = useStore(lists.store, (s) => {
    if (!uid) return ''
    for (const key of [listKey(cluster, 'pods', namespace), listKey(cluster, 'pods', '')]) {
      const row = s.data.get(key)?.rows.get(uid)
      if (row) return row.resourceVersion
    }
    return ''
  })
  const live = rowVersion !== ''
  useEffect(() => {
    if (!pod) {
      setList([])
      setUid('')
      return
    }
    let alive = true
    const load = (): void =>
      void fetchObject(cluster, 'pods', pod, namespace).then(
        (res) => {
          if (!alive) return
          setUid((res.object as PodLike).metadata?.uid ?? '')
          setList(podContainers(res.object))
        },
        () => {
          if (alive) setList([])
        }
      )
    load()
    const timer = live ? 0 : window.setInterval(load, FALLBACK_REFRESH_MS)
    return () => {
      alive = false
      if (timer) window.clearInterval(timer)
    }
  }, [cluster, namespace, pod, refresh, rowVersion, live])
  return list
}
