/**
 * What the apiserver's admission chain adds to every pod it creates, through the API or for a
 * controller (kube-apiserver's default admission plugins, in their order):
 * - ServiceAccount: `serviceAccountName` "default" (and its deprecated twin `serviceAccount`) and
 *   the projected token volume `kube-api-access-<5 chars>` (token, kube-root-ca.crt, namespace)
 *   mounted read-only in every container at /var/run/secrets/kubernetes.io/serviceaccount, unless
 *   the pod opts out (`automountServiceAccountToken: false`) or already mounts that path;
 * - Priority: `priority` and `preemptionPolicy` from the pod's PriorityClass (or the global default
 *   class, or 0 / PreemptLowerPriority);
 * - DefaultTolerationSeconds: NoExecute tolerations of not-ready and unreachable for 300 s, unless
 *   the pod already tolerates them.
 *
 * Why: a real server's pods carry all of this, so a client (kubectl describe, the app's detail
 * view) sees the same pod from the simulator; the differential suite compared them.
 * Lifecycle: pure over the store (reads PriorityClasses); mutates the pod in place.
 */
import { generatedName } from '../store/records.ts'
import type { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Where the ServiceAccount plugin mounts the token volume. */
const SA_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount'
/** The token's lifetime the plugin asks for (1 h plus the 7 s the kubelet rotates early). */
const TOKEN_SECONDS = 3607
/** DefaultTolerationSeconds' default for both taints. */
const TOLERATION_SECONDS = 300

function serviceAccount(spec: Obj): void {
  if (typeof spec.serviceAccountName !== 'string' || spec.serviceAccountName === '') spec.serviceAccountName = 'default'
  spec.serviceAccount = spec.serviceAccountName
  if (spec.automountServiceAccountToken === false) return
  const containers = [...(Array.isArray(spec.initContainers) ? spec.initContainers : []), ...(Array.isArray(spec.containers) ? spec.containers : [])].filter(
    isObj
  )
  const mounts = (c: Obj): Obj[] => (Array.isArray(c.volumeMounts) ? c.volumeMounts.filter(isObj) : [])
  if (containers.some((c) => mounts(c).some((m) => m.mountPath === SA_MOUNT))) return
  const name = generatedName('kube-api-access-')
  const volumes = Array.isArray(spec.volumes) ? spec.volumes : []
  spec.volumes = [
    ...volumes,
    {
      name,
      projected: {
        sources: [
          { serviceAccountToken: { expirationSeconds: TOKEN_SECONDS, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } }
        ],
        defaultMode: 420
      }
    }
  ]
  for (const c of containers) c.volumeMounts = [...mounts(c), { name, readOnly: true, mountPath: SA_MOUNT }]
}

function priority(store: SimStore, spec: Obj): void {
  const classes = store.list('priorityclasses').items.map((r) => store.object(r) as Obj & { metadata: { name?: string } })
  const named =
    typeof spec.priorityClassName === 'string' && spec.priorityClassName !== ''
      ? classes.find((c) => c.metadata.name === spec.priorityClassName)
      : classes.find((c) => c.globalDefault === true)
  spec.priority = typeof named?.value === 'number' ? named.value : 0
  spec.preemptionPolicy = typeof named?.preemptionPolicy === 'string' ? named.preemptionPolicy : 'PreemptLowerPriority'
}

function tolerations(spec: Obj): void {
  const have = Array.isArray(spec.tolerations) ? spec.tolerations.filter(isObj) : []
  const tolerated = (key: string): boolean =>
    have.some(
      (t) =>
        (t.effect === undefined || t.effect === '' || t.effect === 'NoExecute') &&
        (t.key === key || (t.operator === 'Exists' && (t.key === undefined || t.key === '')))
    )
  const add = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']
    .filter((k) => !tolerated(k))
    .map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: TOLERATION_SECONDS }))
  if (add.length > 0) spec.tolerations = [...have, ...add]
}

/** Admit a pod being created: apply the ServiceAccount, Priority and DefaultTolerationSeconds plugins. */
export function admitPod(store: SimStore, pod: KubeObject): KubeObject {
  if (!isObj(pod.spec)) pod.spec = {}
  const spec = pod.spec as Obj
  serviceAccount(spec)
  priority(store, spec)
  tolerations(spec)
  return pod
}

/**
 * Create-time admission of volumes and claims (StorageObjectInUseProtection, and the phase the
 * registry strategies reset status to): the protection finalizer and `status.phase: Pending`
 * until the binder has run.
 */
export function admitVolume(kind: 'pvs' | 'pvcs', obj: KubeObject): KubeObject {
  const finalizer = kind === 'pvs' ? 'kubernetes.io/pv-protection' : 'kubernetes.io/pvc-protection'
  const have = obj.metadata.finalizers ?? []
  if (!have.includes(finalizer)) obj.metadata.finalizers = [...have, finalizer]
  // The volume strategy stamps when the phase was set; a claim's does not.
  obj.status = kind === 'pvs' ? { phase: 'Pending', lastPhaseTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') } : { phase: 'Pending' }
  return obj
}

/**
 * TaintNodesByCondition: a node is created with the `node.kubernetes.io/not-ready:NoSchedule`
 * taint, which the node lifecycle controller removes once the node reports Ready.
 */
export function admitNode(obj: KubeObject): KubeObject {
  const spec = (isObj(obj.spec) ? obj.spec : (obj.spec = {})) as { taints?: Obj[] }
  const taints = Array.isArray(spec.taints) ? spec.taints : []
  if (!taints.some((t) => t.key === 'node.kubernetes.io/not-ready')) spec.taints = [...taints, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]
  return obj
}
