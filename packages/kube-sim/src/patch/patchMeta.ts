/**
 * The patch strategy of the lists the simulator's kinds hold, as the Go types declare it with
 * `patchStrategy` / `patchMergeKey` struct tags (k8s.io/api, v1.33).
 *
 * Why: strategic merge patch (what `kubectl apply` and a default `kubectl patch` send) merges a
 * list item by item only when the type says so; any other list is replaced whole. The lookup is
 * by field name plus the enclosing list, which is enough to tell a container's `ports`
 * (keyed by containerPort) from a Service's `ports` (keyed by port).
 */
import type { KindId } from '../kinds.ts'

/** How one list field patches: merged by a key, merged as a set of scalars, or replaced. */
export type ListMeta = { readonly mergeKey: string } | { readonly primitive: true } | undefined

/** Lists of containers; a `ports` list directly inside one of these is keyed by containerPort. */
const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers'])

/** Field name → merge key, for lists whose key does not depend on where they sit. */
const BY_NAME: Readonly<Record<string, string>> = {
  containers: 'name', // PodSpec.containers
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name', // Container.env
  volumeMounts: 'mountPath', // Container.volumeMounts
  volumeDevices: 'devicePath',
  volumes: 'name', // PodSpec.volumes
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  schedulingGates: 'name',
  resourceClaims: 'name',
  topologySpreadConstraints: 'topologyKey',
  conditions: 'type', // status.conditions of pods, nodes, workloads, PVCs, …
  addresses: 'type', // NodeStatus.addresses
  podIPs: 'ip', // PodStatus.podIPs
  hostIPs: 'ip',
  ownerReferences: 'uid' // ObjectMeta.ownerReferences
}

/**
 * The patch strategy of the list at `path` (field names from the object root; a list item adds
 * its list's name). Lists not declared here (tolerations, args, command, containerStatuses…) are
 * atomic: a patch replaces them.
 */
export function listMeta(kind: KindId, path: readonly string[]): ListMeta {
  const field = path[path.length - 1]
  if (field === 'finalizers' && path.length >= 2 && path[path.length - 2] === 'metadata') return { primitive: true }
  if (field === 'ports') {
    if (path.length >= 2 && CONTAINER_LISTS.has(path[path.length - 2])) return { mergeKey: 'containerPort' }
    if (kind === 'services' && path.length === 2 && path[0] === 'spec') return { mergeKey: 'port' }
    return undefined
  }
  const key = BY_NAME[field]
  return key ? { mergeKey: key } : undefined
}
