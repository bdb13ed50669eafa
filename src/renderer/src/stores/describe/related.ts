/**
 * What an object is connected to, for the describe view's links: its owners (ownerReferences),
 * what it owns or selects (a deployment's replicasets and pods, a service's endpointslices and
 * pods, a node's pods, a cronjob's jobs), what it points at (a pod's node and claims, an event's
 * object, an HPA's target, a claim's volume), and its events.
 *
 * Why by selector and reference, as `kubectl describe` does: rows carry labels but not owner
 * references, and a deployment finds its replicasets by its selector (kubectl's
 * `deploymentutil.GetAllReplicaSets` does too); a service selects pods by its plain selector and
 * owns endpointslices labelled `kubernetes.io/service-name`. Pure; the lists come from the list
 * store (hooks/useDescribe.ts opens the ones a kind needs).
 */
import type { AnyKindId } from '../../../../shared/kinds/anyKind.ts'
import type { RowDto } from '../../../../shared/dto/row.ts'
import { KINDS } from '../../../../shared/kinds/registry.ts'
import type { KindId } from '../../../../shared/kinds/registry.ts'
import { metaOf, ownerRefs, selectorOf, str } from './objects.ts'
import type { Obj } from './objects.ts'

/** A link to one object (of the same cluster). */
export interface Link {
  readonly kind: AnyKindId
  readonly namespace: string
  readonly name: string
  /** A short state shown beside it (a pod's STATUS), or ''. */
  readonly note: string
}

export interface LinkGroup {
  /** "Owned by", "Replica sets", "Pods", "Runs on", … */
  readonly title: string
  readonly links: readonly Link[]
  /** More matched than are listed. */
  readonly more: number
}

/** At most this many links per group: a node's 110 pods are a list view, not a drawer section. */
export const MAX_LINKS = 25

/** `ReplicaSet` → `replicasets` (undefined for kinds the app does not list). */
export function kindIdOf(objectKind: string): KindId | undefined {
  return KINDS.find((k) => k.kind === objectKind)?.id
}

/** Lists (besides events) a describe view of `kind` reads for its links. */
export function relatedKinds(kind: KindId): readonly KindId[] {
  switch (kind) {
    case 'deployments':
      return ['replicasets', 'pods']
    case 'statefulsets':
    case 'daemonsets':
    case 'replicasets':
    case 'jobs':
      return ['pods']
    case 'services':
      return ['endpointslices', 'pods']
    case 'cronjobs':
      return ['jobs']
    case 'nodes':
      return ['pods']
    default:
      return []
  }
}

function link(row: RowDto): Link {
  const status = row.cells.status
  return { kind: row.kind, namespace: row.namespace, name: row.name, note: typeof status === 'string' ? status : '' }
}

function group(title: string, rows: readonly RowDto[]): LinkGroup | null {
  if (rows.length === 0) return null
  const sorted = [...rows].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return { title, links: sorted.slice(0, MAX_LINKS).map(link), more: Math.max(0, sorted.length - MAX_LINKS) }
}

function refsGroup(title: string, refs: readonly (Link | null)[]): LinkGroup | null {
  const links = refs.filter((l): l is Link => l !== null)
  return links.length > 0 ? { title, links: links.slice(0, MAX_LINKS), more: Math.max(0, links.length - MAX_LINKS) } : null
}

function ref(kind: KindId | undefined, namespace: string, name: unknown): Link | null {
  return kind && typeof name === 'string' && name ? { kind, namespace, name, note: '' } : null
}

/**
 * The object's events, newest first: by the involved object's uid (a recreated pod of the same
 * name does not inherit the old one's), or by kind and name when an event names no uid.
 */
export function eventsFor(events: Iterable<RowDto>, objectKind: string, uid: string, namespace: string, name: string): RowDto[] {
  const object = `${objectKind.toLowerCase()}/${name}`
  const out: RowDto[] = []
  for (const e of events) {
    const x = e.extra ?? {}
    if (x.objectUid ? x.objectUid === uid : e.cells.object === object && (x.objectNamespace || e.namespace) === namespace) out.push(e)
  }
  const at = (e: RowDto): string => str(e.cells.lastSeen) || e.createdAt
  return out.sort((a, b) => (at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : 0))
}

/** The owners named by the object (the controller first). */
export function ownerLinks(obj: Obj, namespace: string): Link[] {
  return ownerRefs(obj)
    .map((o) => ref(kindIdOf(o.kind ?? ''), namespace, o.name))
    .filter((l): l is Link => l !== null)
}

/**
 * Groups of links from the object itself and from the related lists.
 * @param rowsOf the rows of a related kind in the object's namespace (or all, for cluster-scoped).
 */
export function linkGroups(kind: KindId, obj: Obj, rowsOf: (kind: KindId) => readonly RowDto[]): LinkGroup[] {
  const meta = metaOf(obj)
  const ns = str(meta.namespace)
  const name = str(meta.name)
  const spec = (obj.spec ?? {}) as Record<string, unknown>
  const status = (obj.status ?? {}) as Record<string, unknown>
  const selects = (rows: readonly RowDto[], sel: unknown): RowDto[] => {
    const p = selectorOf(sel)
    return p ? rows.filter((r) => r.namespace === ns && p(r.labels)) : []
  }
  const out: (LinkGroup | null)[] = []
  switch (kind) {
    case 'deployments':
      out.push(group('Replica sets', selects(rowsOf('replicasets'), spec.selector)))
      out.push(group('Pods', selects(rowsOf('pods'), spec.selector)))
      break
    case 'statefulsets':
    case 'daemonsets':
    case 'replicasets':
    case 'jobs':
      out.push(group('Pods', selects(rowsOf('pods'), spec.selector)))
      break
    case 'cronjobs': {
      const active = ((status.active ?? []) as { name?: string; namespace?: string }[]).map((a) => ref('jobs', a.namespace ?? ns, a.name))
      // The cronjob controller names its jobs `<cronjob>-<scheduled time in minutes>`.
      const named = rowsOf('jobs').filter((r) => r.namespace === ns && new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`).test(r.name))
      out.push(refsGroup('Active jobs', active))
      out.push(group('Jobs', named))
      break
    }
    case 'services':
      out.push(
        group(
          'Endpoint slices',
          rowsOf('endpointslices').filter((r) => r.namespace === ns && r.labels['kubernetes.io/service-name'] === name)
        )
      )
      out.push(group('Pods (by selector)', selects(rowsOf('pods'), spec.selector)))
      break
    case 'endpointslices': {
      const eps = (obj.endpoints ?? []) as { targetRef?: { kind?: string; name?: string; namespace?: string } }[]
      out.push(refsGroup('Service', [ref('services', ns, (meta.labels as Record<string, string> | undefined)?.['kubernetes.io/service-name'])]))
      out.push(
        refsGroup(
          'Pods',
          eps.map((e) => (e.targetRef?.kind === 'Pod' ? ref('pods', e.targetRef.namespace ?? ns, e.targetRef.name) : null))
        )
      )
      break
    }
    case 'nodes':
      out.push(
        group(
          'Pods on this node',
          rowsOf('pods').filter((r) => r.cells.node === name)
        )
      )
      break
    case 'pods': {
      const vols = (spec.volumes ?? []) as { persistentVolumeClaim?: { claimName?: string } }[]
      out.push(refsGroup('Runs on', [ref('nodes', '', spec.nodeName)]))
      out.push(
        refsGroup(
          'Claims',
          vols.map((v) => ref('pvcs', ns, v.persistentVolumeClaim?.claimName))
        )
      )
      break
    }
    case 'events': {
      const io = (obj.involvedObject ?? obj.regarding ?? {}) as { kind?: string; name?: string; namespace?: string }
      out.push(refsGroup('About', [ref(kindIdOf(io.kind ?? ''), io.namespace ?? '', io.name)]))
      break
    }
    case 'horizontalpodautoscalers': {
      const t = (spec.scaleTargetRef ?? {}) as { kind?: string; name?: string }
      out.push(refsGroup('Scales', [ref(kindIdOf(t.kind ?? ''), ns, t.name)]))
      break
    }
    case 'pvcs':
      out.push(refsGroup('Volume', [ref('pvs', '', spec.volumeName)]))
      break
    case 'pvs': {
      const c = (spec.claimRef ?? {}) as { name?: string; namespace?: string }
      out.push(refsGroup('Claimed by', [ref('pvcs', c.namespace ?? '', c.name)]))
      break
    }
    case 'ingresses': {
      const rules = (spec.rules ?? []) as { http?: { paths?: { backend?: { service?: { name?: string } } }[] } }[]
      const names = new Set<string>()
      for (const r of rules) for (const p of r.http?.paths ?? []) if (p.backend?.service?.name) names.add(p.backend.service.name)
      const def = (spec.defaultBackend as { service?: { name?: string } } | undefined)?.service?.name
      if (def) names.add(def)
      out.push(
        refsGroup(
          'Services',
          [...names].map((n) => ref('services', ns, n))
        )
      )
      break
    }
    default:
      break
  }
  return out.filter((g): g is LinkGroup => g !== null)
}
