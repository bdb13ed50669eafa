/**
 * useKubeconfig: the kubeconfig browser's data (`GET /api/kubeconfig`).
 *
 * Why a hook: views never call the api directly. The server builds the answer from the local
 * files and the offline cache, so this works with every cluster unreachable.
 * Lifecycle: fetch on mount; `reload()` (the page's Reload button) first has the server read the
 * files again and rebuild the clusters whose entries changed (`POST /api/kubeconfig/reload`; a
 * demo-only server has nothing to reload), then fetches the description and the cluster statuses;
 * a late answer after unmount is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, fetchKubeconfig, reloadKubeconfig } from '../api/client.ts'
import { refreshClusters } from './useServerBootstrap.ts'
import type { KubeconfigView } from '../../../shared/api/kubeconfig.ts'

/** `GET /api/kubeconfig` (the shared wire type, src/shared/api/kubeconfig.ts). */
export type KubeconfigResponse = KubeconfigView

export interface KubeconfigHook {
  readonly data: KubeconfigResponse | null
  /** The last load's error ('' when it worked). */
  readonly error: string
  readonly loading: boolean
  reload(): void
}

/** Load the kubeconfig description once, and again on `reload()`. */
export function useKubeconfig(): KubeconfigHook {
  const [data, setData] = useState<KubeconfigResponse | null>(null)
  const [error, setError] = useState('')
  const [loading, setLoading] = useState(true)
  const alive = useRef(true)

  const load = useCallback(() => {
    setLoading(true)
    fetchKubeconfig()
      .then(
        (d) => {
          if (alive.current) {
            setData(d)
            setError('')
          }
        },
        (e: unknown) => {
          if (alive.current) setError((e as Error).message)
        }
      )
      .finally(() => {
        if (alive.current) setLoading(false)
      })
  }, [])

  const reload = useCallback(() => {
    setLoading(true)
    reloadKubeconfig().then(
      () => {
        void refreshClusters()
        load()
      },
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 404) {
          load()
          return
        } // demo cluster only: nothing to re-read
        if (alive.current) {
          setError((e as Error).message)
          setLoading(false)
        }
      }
    )
  }, [load])

  useEffect(() => {
    alive.current = true
    load()
    return () => {
      alive.current = false
    }
  }, [load])

  return { data, error, loading, reload }
}
