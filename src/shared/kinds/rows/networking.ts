/**
 * Networking row projections (Service, Ingress, NetworkPolicy, EndpointSlice, IngressClass),
 * ports of kubectl's `printService` (+ `getServiceExternalIP`, `makePortString`), `printIngress`
 * (+ `formatHosts`, `formatPorts`), `printNetworkPolicy`, `printEndpointSlice` and
 * `printIngressClass`. The apiserver prints Tables with `Wide: true`, so load-balancer addresses
 * are never clipped to 16 characters.
 *
 * Lifecycle: pure functions, called once per object per watch event.
 */
import type { Projector } from './types.ts'
import type { LabelSelectorLike } from './helpers.ts'
import { formatLabels, formatLabelSelector, listWithMore, sortedUnique } from './helpers.ts'

interface LbIngressLike {
  readonly ip?: string
  readonly hostname?: string
}
interface ServiceLike {
  readonly spec?: {
    readonly type?: string
    readonly clusterIP?: string
    readonly clusterIPs?: readonly string[]
    readonly externalIPs?: readonly string[]
    readonly externalName?: string
    readonly ports?: readonly { readonly port?: number; readonly nodePort?: number; readonly protocol?: string }[]
    readonly selector?: Readonly<Record<string, string>>
  }
  readonly status?: { readonly loadBalancer?: { readonly ingress?: readonly LbIngressLike[] } }
}

/** `loadBalancerStatusStringer` (wide): distinct IPs (else hostnames), sorted, joined with `,`. */
function lbAddresses(ingress: readonly LbIngressLike[] | undefined): string {
  if (!ingress || ingress.length === 0) return ''
  const out: string[] = []
  for (const i of ingress) {
    if (i.ip) out.push(i.ip)
    else if (i.hostname) out.push(i.hostname)
  }
  return sortedUnique(out).join(',')
}

/** `getServiceExternalIP`: `<none>`, `<pending>`, LB addresses (+ spec.externalIPs), or the external name. */
export function serviceExternalIP(svc: ServiceLike): string {
  const spec = svc.spec ?? {}
  const ext = spec.externalIPs
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext && ext.length > 0 ? ext.join(',') : '<none>'
    case 'LoadBalancer': {
      const lb = lbAddresses(svc.status?.loadBalancer?.ingress)
      if (ext && ext.length > 0) return lb ? `${lb},${ext.join(',')}` : ext.join(',')
      return lb || '<pending>'
    }
    case 'ExternalName':
      return spec.externalName ?? ''
    default:
      return '<unknown>'
  }
}

/** `makePortString`: `80/TCP,443:30443/TCP` (node port shown when allocated). */
export function servicePorts(ports: NonNullable<ServiceLike['spec']>['ports']): string {
  if (!ports || ports.length === 0) return '<none>'
  let out = ''
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i]
    const proto = p.protocol || 'TCP'
    out += (i ? ',' : '') + (p.nodePort && p.nodePort > 0 ? `${p.port ?? 0}:${p.nodePort}/${proto}` : `${p.port ?? 0}/${proto}`)
  }
  return out
}

/** `printService`: CLUSTER-IP is the first cluster IP (`None` for headless), `<none>` if unset. */
export const projectService: Projector = (obj) => {
  const s = obj as ServiceLike
  const spec = s.spec ?? {}
  const ips = spec.clusterIPs
  return {
    cells: {
      type: spec.type ?? '',
      clusterIP: (ips && ips.length > 0 ? ips[0] : spec.clusterIP) || '<none>',
      externalIP: serviceExternalIP(s),
      ports: servicePorts(spec.ports),
      age: obj.metadata?.creationTimestamp ?? null,
      selector: formatLabels(spec.selector)
    }
  }
}

interface IngressLike {
  readonly spec?: {
    readonly ingressClassName?: string
    readonly rules?: readonly { readonly host?: string }[]
    readonly tls?: readonly unknown[]
  }
  readonly status?: { readonly loadBalancer?: { readonly ingress?: readonly LbIngressLike[] } }
}

/** kubectl lists at most this many ingress hosts. */
const MAX_HOSTS = 3

/** `formatHosts`: hosts of the first three rules, `*` when none; the "more" count is over all rules. */
function ingressHosts(rules: NonNullable<IngressLike['spec']>['rules']): string {
  if (!rules) return '*'
  const list: string[] = []
  let more = false
  for (const r of rules) {
    if (list.length === MAX_HOSTS) more = true
    if (!more && r.host) list.push(r.host)
  }
  if (list.length === 0) return '*'
  const ret = list.join(',')
  return more ? `${ret} + ${rules.length - MAX_HOSTS} more...` : ret
}

/** `printIngress`: CLASS, HOSTS, ADDRESS (LB status), PORTS `80` or `80, 443` with TLS. */
export const projectIngress: Projector = (obj) => {
  const i = obj as IngressLike
  return {
    cells: {
      class: i.spec?.ingressClassName ?? '<none>',
      hosts: ingressHosts(i.spec?.rules),
      address: lbAddresses(i.status?.loadBalancer?.ingress),
      ports: i.spec?.tls && i.spec.tls.length > 0 ? '80, 443' : '80',
      age: obj.metadata?.creationTimestamp ?? null
    }
  }
}

/** `printNetworkPolicy`: POD-SELECTOR as a label selector (`<none>` selects all pods). */
export const projectNetworkPolicy: Projector = (obj) => {
  const spec = (obj as { spec?: { podSelector?: LabelSelectorLike } }).spec
  return { cells: { podSelector: formatLabelSelector(spec?.podSelector ?? {}), age: obj.metadata?.creationTimestamp ?? null } }
}

interface EndpointSliceLike {
  readonly addressType?: string
  readonly ports?: readonly { readonly port?: number; readonly name?: string }[] | null
  readonly endpoints?: readonly { readonly addresses?: readonly string[] }[] | null
}

/** kubectl lists at most this many endpoint-slice ports and addresses. */
const MAX_SLICE_ITEMS = 3

/** `printEndpointSlice`: PORTS (`*` for all ports), ENDPOINTS (`<unset>` when empty). */
export const projectEndpointSlice: Projector = (obj) => {
  const e = obj as EndpointSliceLike
  const ports: string[] = []
  const allPorts = e.ports ?? []
  for (const p of allPorts) {
    if (ports.length >= MAX_SLICE_ITEMS) break
    ports.push(typeof p.port === 'number' ? String(p.port) : p.name !== undefined && p.name !== null ? p.name : '*')
  }
  const addrs: string[] = []
  let count = 0
  for (const ep of e.endpoints ?? []) {
    for (const a of ep.addresses ?? []) {
      if (addrs.length < MAX_SLICE_ITEMS) addrs.push(a)
      count++
    }
  }
  return {
    cells: {
      addressType: e.addressType ?? '',
      ports: listWithMore(ports, allPorts.length, MAX_SLICE_ITEMS, ',', '<unset>'),
      endpoints: listWithMore(addrs, count, MAX_SLICE_ITEMS, ',', '<unset>'),
      age: obj.metadata?.creationTimestamp ?? null
    }
  }
}

interface IngressClassLike {
  readonly spec?: { readonly controller?: string; readonly parameters?: { readonly kind?: string; readonly apiGroup?: string; readonly name?: string } }
}

/** `printIngressClass`: PARAMETERS as `Kind.apiGroup/name`, `<none>` when unset. */
export const projectIngressClass: Projector = (obj) => {
  const spec = (obj as IngressClassLike).spec
  const p = spec?.parameters
  let parameters = '<none>'
  if (p) parameters = `${p.kind ?? ''}${p.apiGroup !== undefined && p.apiGroup !== null ? '.' + p.apiGroup : ''}/${p.name ?? ''}`
  return { cells: { controller: spec?.controller ?? '', parameters, age: obj.metadata?.creationTimestamp ?? null } }
}
