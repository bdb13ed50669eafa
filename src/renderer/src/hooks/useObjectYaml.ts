/**
 * The YAML of one object, for the detail drawer.
 *
 * Lifecycle: fetch when the drawer opens on a row (or its resourceVersion changes), render with
 * the `yaml` package; a 404 means the server has no object route (or the object is gone) and is
 * shown as "YAML not available", never as a crash.
 */
import { useEffect, useState } from 'react'
import { stringify } from 'yaml'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { ApiError, fetchObject } from '../api/client.ts'

export type YamlState =
  { readonly state: 'loading' } | { readonly state: 'ready'; readonly yaml: string } | { readonly state: 'unavailable'; readonly message: string }

/** @returns the YAML text, or why there is none. */
export function useObjectYaml(cluster: string, kind: AnyKindId, name: string, namespace: string, resourceVersion: string): YamlState {
  const [state, setState] = useState<YamlState>({ state: 'loading' })
  useEffect(() => {
    let alive = true
    setState({ state: 'loading' })
    fetchObject(cluster, kind, name, namespace || undefined).then(
      (res) => {
        if (alive) setState({ state: 'ready', yaml: stringify(res.object) })
      },
      (e: unknown) => {
        if (!alive) return
        const msg =
          e instanceof ApiError && e.status === 404
            ? 'YAML not available: the server has no copy of this object'
            : `YAML not available: ${(e as Error).message}`
        setState({ state: 'unavailable', message: msg })
      }
    )
    return () => {
      alive = false
    }
  }, [cluster, kind, name, namespace, resourceVersion])
  return state
}
