/**
 * The ONE list of divergences between the simulator and the real apiserver that are accepted,
 * each with its reason. Everything else the differential suite finds fails it.
 *
 * An entry matches a divergence when `request` matches the request line (e.g.
 * `GET /api/v1/namespaces/diff/pods/toolbox`), `path` matches the JSON path (e.g.
 * `$.body.status.containerStatuses[shell].containerID`) and `when` (if given) holds. An entry that
 * matches nothing in a full run fails the suite: delete it when the simulator stops diverging.
 *
 * Three families of reasons only:
 * - the simulator models only the app's kinds (src/shared/kinds/registry.ts), not every API;
 * - kwok is not a kubelet: on the real side it fakes what a kubelet would report, and where it
 *   fakes less than a kubelet, the simulator (which models a kubelet) is the more faithful one;
 * - field ownership (managedFields) is not modelled.
 */
import type { Divergence } from './diff.ts'

export interface AllowEntry {
  readonly request: RegExp
  readonly path: RegExp
  readonly reason: string
  readonly when?: (d: Divergence) => boolean
}

/** Only where the simulator has nothing at all (never where it answers something else). */
const simAbsent = (d: Divergence): boolean => d.sim === undefined
const realAbsent = (d: Divergence): boolean => d.real === undefined

/** API groups of the real server that hold none of the app's kinds. */
const UNMODELLED_GROUPS = [
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'resource.k8s.io'
]
/** Resources (and subresources) of served group-versions that are not the app's kinds. */
const UNMODELLED_RESOURCES = [
  'bindings',
  'componentstatuses',
  'endpoints',
  'podtemplates',
  'replicationcontrollers',
  'replicationcontrollers/scale',
  'replicationcontrollers/status',
  'resourcequotas/status',
  'validatingadmissionpolicies',
  'validatingadmissionpolicies/status',
  'validatingadmissionpolicybindings',
  'mutatingadmissionpolicies',
  'mutatingadmissionpolicybindings',
  'serviceaccounts/token',
  'controllerrevisions',
  // Reviews for other subjects: the simulator serves the self reviews (kubectl auth can-i/whoami, the app's access checks) only.
  'tokenreviews',
  'subjectaccessreviews',
  'localsubjectaccessreviews',
  'servicecidrs',
  'servicecidrs/status',
  'ipaddresses',
  'csidrivers',
  'csinodes',
  'csistoragecapacities',
  'volumeattachments',
  'volumeattachments/status',
  'volumeattributesclasses',
  'pods/attach',
  'pods/binding',
  'pods/ephemeralcontainers',
  'pods/eviction',
  'pods/exec',
  'pods/portforward',
  'pods/proxy',
  'pods/resize',
  'nodes/proxy',
  'services/proxy',
  'namespaces/finalize'
]
const SUBRESOURCES = [...new Set(UNMODELLED_RESOURCES.filter((r) => r.includes('/')).map((r) => r.split('/')[1]))]
const alt = (names: readonly string[]): string => names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')
const DISCOVERY = /^(GET|GET\(aggregated\)|403 GET) \/(api|apis)(\/|\s|$)/

export const ALLOWLIST: readonly AllowEntry[] = [
  // Controllers the simulator does not run (yet).
  {
    request: /resourcequotas/,
    path: /(\.status(\.(hard|used))?|\.rows\[diff-quota\]\.cells|\.table\.rows\[[^\]]*\]\.cells)$/,
    when: (d) => d.sim === undefined || Array.isArray(d.sim),
    reason:
      'the resource quota controller is not simulated: a quota has no status.hard/used, so its REQUEST and LIMIT cells are empty (the projection of both is checked in src/shared/kinds/rows/configAccess.test.ts)'
  },
  {
    request: /^(403 )?GET(\(aggregated\))? \/apis( |$)/,
    path: /^\$\.body\.(groups|items)\[(argoproj\.io|cert-manager\.io|karpenter\.sh|networking\.istio\.io)\]$/,
    when: realAbsent,
    reason:
      "the demo world's own CRDs (cert-manager, Argo CD, Karpenter, Istio: gen/crdKinds.ts) exist on the simulator only, as its other generated objects do; their groups are served like any CRD's"
  },
  // The simulator serves the app's kinds only.
  {
    request: DISCOVERY,
    path: new RegExp(`^\\$\\.body\\.(groups|items)\\[(${alt(UNMODELLED_GROUPS)})\\]$`),
    when: simAbsent,
    reason:
      "API groups with none of the app's kinds (RBAC, admission, CRDs, APF, certificates, leases, DRA, authn/authz reviews, events.k8s.io, aggregation) are not simulated: the simulator serves the kinds of src/shared/kinds/registry.ts"
  },
  {
    request: DISCOVERY,
    path: new RegExp(`^\\$\\.body\\.(resources|items\\[[^\\]]+\\]\\.versions\\[v1\\]\\.resources)\\[(${alt(UNMODELLED_RESOURCES)})\\]$`),
    when: simAbsent,
    reason:
      "resources and subresources that are not the app's kinds (configmaps, secrets, RBAC-less core types, storage internals, pod exec/attach/log/proxy, reviews of other subjects…) are not simulated"
  },
  {
    request: DISCOVERY,
    path: new RegExp(
      `^\\$\\.body\\.items\\[[^\\]]*\\]\\.versions\\[v1\\]\\.resources\\[(pods|nodes|services|namespaces|serviceaccounts)\\]\\.subresources\\[(${alt(SUBRESOURCES)})\\]$`
    ),
    when: simAbsent,
    reason: 'aggregated discovery lists the same unsimulated subresources (pods/exec, log, attach, proxy…) nested under their resource'
  },
  {
    request: DISCOVERY,
    path: /^\$\.body\.items\[[^\]]*\]\.versions\[v1\]\.resources\[[^\]]+\]\.subresources$/,
    when: (d) => d.sim === undefined && Array.isArray(d.real) && d.real.every((r: { subresource?: string }) => SUBRESOURCES.includes(r.subresource ?? '')),
    reason: 'a simulated resource whose only subresources are unsimulated ones (serviceaccounts/token) lists none in aggregated discovery'
  },
  {
    request: /^GET\(index\) \/openapi\/v3$/,
    path: new RegExp(`^\\$\\.body\\["(apis/(${alt(UNMODELLED_GROUPS)})(/v1)?|\\.well-known/openid-configuration|openid/v1/jwks)"\\]$`),
    when: simAbsent,
    reason:
      'the OpenAPI index lists documents of the unsimulated groups and the service-account issuer discovery (/.well-known/openid-configuration, /openid/v1/jwks), which the simulator does not serve'
  },
  // Each server holds its own other objects.
  {
    request:
      /\/(nodes|namespaces|priorityclasses|storageclasses|runtimeclasses|ingressclasses|persistentvolumes|events|customresourcedefinitions|mutatingwebhookconfigurations|validatingwebhookconfigurations)\?labelSelector=\S+&limit=1 page \d+$/,
    path: /^\$\.body\.metadata\.continue$/,
    when: (d) => d.sim === undefined || d.real === undefined,
    reason:
      "a page of a selector-filtered list carries a continue token when more objects of the kind follow in key order, matching or not (etcd-style paging, on both servers); each server holds other nodes, namespaces, classes, volumes, events, CRDs and webhook configurations than ours (its own system objects, its controllers' events, the demo world's)"
  },
  // Field ownership.
  {
    request: /./,
    path: /\.managedFields$/,
    when: simAbsent,
    reason:
      'field ownership (metadata.managedFields) is not simulated: the simulator refuses server-side apply (415, patch/index.ts), kubectl shows managedFields only with --show-managed-fields, and the app strips them'
  },
  // kwok is not a kubelet.
  {
    request: /./,
    path: /\.containerStatuses\[[^\]]+\](\.state\.terminated)?\.containerID$/,
    when: realAbsent,
    reason: 'kwok runs no containers and reports no containerID; a kubelet reports containerd://<64 hex>, as the simulator does'
  },
  {
    request: /./,
    path: /\.containerStatuses\[[^\]]+\]\.imageID$/,
    when: (d) => d.real === '',
    reason: 'kwok pulls no image and reports imageID ""; a kubelet reports the pulled digest (<image>@sha256:…), as the simulator does'
  },
  {
    request: /./,
    path: /\.containerStatuses\[[^\]]+\]\.started$/,
    when: realAbsent,
    reason: 'kwok does not set containerStatuses[].started; a kubelet (startup probes, 1.16+) always does, as the simulator does'
  },
  {
    request: /./,
    path: /\.status\.conditions\[PodReadyToStartContainers\]$/,
    when: realAbsent,
    reason: 'kwok does not set the PodReadyToStartContainers condition; a 1.29+ kubelet does (sandbox ready), as the simulator does'
  },
  {
    request: /./,
    path: /\.status\.hostIPs?$/,
    when: realAbsent,
    reason: "kwok gives pods no hostIP (its fake nodes report no InternalIP address); a kubelet always reports its node's IP, as the simulator does"
  },
  {
    request: /./,
    path: /\.status\.conditions\[(Ready|ContainersReady)\]\.(status|reason)$/,
    when: (d) => (d.sim === 'False' && d.real === 'True') || (d.sim === 'PodCompleted' && d.real === undefined),
    reason:
      'kwok leaves a completed pod Ready and ContainersReady True; a kubelet turns both False with reason PodCompleted when the containers exit, as the simulator does'
  },
  {
    request: /nodes/,
    path: /\.status\.(allocatable|capacity|nodeInfo|addresses|daemonEndpoints|phase)($|\.|\[)|\.status\.conditions\[NetworkUnavailable\]$|\.annotations\["volumes\.kubernetes\.io\/controller-managed-attach-detach"\]$/,
    reason:
      'kwok\'s fake node status is not a kubelet\'s: capacity 1k CPU / 1Ti / 1M pods, versions "kwok-0.7.0", empty machine/boot ids, no addresses, kubelet port 0, the deprecated phase Running, a NetworkUnavailable condition, no attach-detach annotation; the simulator registers nodes as a kubelet on a real machine would'
  },
  {
    request: /\(Table\).*nodes/,
    path: /\.cells$/,
    when: (d) => differsOnlyAt(d, [4, 5, 6, 7, 8, 9]),
    reason:
      "the node printer shows kwok's fake node info (VERSION, INTERNAL-IP, OS-IMAGE, KERNEL-VERSION, CONTAINER-RUNTIME) where the simulator shows a kubelet's"
  }
]

/** Both values are arrays that differ only at the given indexes. */
function differsOnlyAt(d: Divergence, at: readonly number[]): boolean {
  if (!Array.isArray(d.sim) || !Array.isArray(d.real) || d.sim.length !== d.real.length) return false
  return d.sim.every((v: unknown, i) => at.includes(i) || JSON.stringify(v) === JSON.stringify((d.real as unknown[])[i]))
}
