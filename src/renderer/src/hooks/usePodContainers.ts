/**
 * The containers of the pod a log viewer shows (init containers first, as the kubelet runs them),
 * with what the picker needs: whether each has a previous run to offer.
 *
 * Lifecycle: fetched when the pod changes, when the viewer's stream ends, and every REFRESH_MS
 * while open (one small GET: a restart makes a previous run appear, restart counts change).
 */
import { useEffect, useState } from 'react'
import { fetchObject } from '../api/client.ts'

/** The picker's restart counts are at most this old. */
const REFRESH_MS = 4_000

export interface PodContainer {
  readonly name: string
  readonly init: boolean
  readonly restarts: number
  /** The kubelet has a previous terminated run (`--previous` works). */
  readonly hasPrevious: boolean
  readonly state: string
}

interface CsLike { readonly name?: string; readonly restartCount?: number; readonly lastState?: { readonly terminated?: { readonly containerID?: string } }; readonly state?: Record<string, { reason?: string } | undefined> }
interface PodLike { readonly spec?: { readonly initContainers?: { name: string }[]; readonly containers?: { name: string }[] }; readonly status?: { readonly initContainerStatuses?: CsLike[]; readonly containerStatuses?: CsLike[] } }

/** @returns the pod's containers, or [] until known (or for a workload). */
export function usePodContainers(cluster: string, namespace: string, pod: string | null, refresh: unknown): readonly PodContainer[] {
  const [list, setList] = useState<readonly PodContainer[]>([])
  useEffect(() => {
    if (!pod) { setList([]); return }
    let alive = true
    const load = (): void => void fetchObject(cluster, 'pods', pod, namespace).then((res) => {
      if (!alive) return
      const p = res.object as PodLike
      const st = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]
      const one = (name: string, init: boolean): PodContainer => {
        const cs = st.find((c) => c.name === name)
        const [state, detail] = Object.entries(cs?.state ?? {})[0] ?? ['unknown', undefined]
        return { name, init, restarts: cs?.restartCount ?? 0, hasPrevious: Boolean(cs?.lastState?.terminated?.containerID), state: detail?.reason ?? state }
      }
      setList([...(p.spec?.initContainers ?? []).map((c) => one(c.name, true)), ...(p.spec?.containers ?? []).map((c) => one(c.name, false))])
    }, () => { if (alive) setList([]) })
    load()
    const timer = window.setInterval(load, REFRESH_MS)
    return () => { alive = false; window.clearInterval(timer) }
  }, [cluster, namespace, pod, refresh])
  return list
}
