/**
 * One object in full, for the detail drawer's describe view and YAML, kept live.
 *
 * Why fetched and not streamed: the engine keeps rows, never objects (spec §10); the full object
 * comes from `GET …/objects/{name}` on demand. It stays live by following its row: when the
 * row's resourceVersion changes in the list store (the stream saw the object change), the object
 * is fetched again after REFETCH_MS, so a burst of updates costs one request.
 * Lifecycle: fetch on open; refetch on a newer resourceVersion (the old object stays shown
 * meanwhile); a 404 says the object is gone; another error says why, keeping what was shown.
 */
import { useEffect, useRef, useState } from 'react'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { ApiError, fetchObject } from '../api/client.ts'

/** A changed object is fetched again this long after its last change (bursts coalesce). */
const REFETCH_MS = 400

export interface ObjectState {
  readonly state: 'loading' | 'ready' | 'gone' | 'error'
  /** The object as the apiserver returned it (the last one fetched). */
  readonly object: Readonly<Record<string, unknown>> | null
  /** Why it is gone or could not be fetched. */
  readonly message: string
  /** The resourceVersion of `object`. */
  readonly resourceVersion: string
}

const LOADING: ObjectState = { state: 'loading', object: null, message: '', resourceVersion: '' }

/** @param resourceVersion the row's current one (a newer one refetches). */
export function useObject(cluster: string, kind: AnyKindId, namespace: string, name: string, resourceVersion: string): ObjectState {
  const [state, setState] = useState<ObjectState>(LOADING)
  const shown = useRef<ObjectState>(LOADING)
  const id = `${cluster}\n${kind}\n${namespace}\n${name}`
  const lastId = useRef(id)
  useEffect(() => {
    const fresh = lastId.current !== id
    lastId.current = id
    if (fresh) {
      shown.current = LOADING
      setState(LOADING)
    }
    if (!fresh && shown.current.resourceVersion === resourceVersion && shown.current.state === 'ready') return
    let alive = true
    const t = window.setTimeout(
      () => {
        fetchObject(cluster, kind, name, namespace || undefined).then(
          (res) => {
            if (!alive) return
            const obj = (res.object ?? {}) as Record<string, unknown>
            const rv = String((obj.metadata as { resourceVersion?: string } | undefined)?.resourceVersion ?? '')
            shown.current = { state: 'ready', object: obj, message: '', resourceVersion: rv }
            setState(shown.current)
          },
          (e: unknown) => {
            if (!alive) return
            const gone = e instanceof ApiError && e.status === 404
            shown.current = { ...shown.current, state: gone ? 'gone' : shown.current.object ? 'ready' : 'error', message: (e as Error).message }
            setState(shown.current)
          }
        )
      },
      shown.current.object ? REFETCH_MS : 0
    )
    return () => {
      alive = false
      window.clearTimeout(t)
    }
  }, [id, cluster, kind, namespace, name, resourceVersion])
  return state
}
