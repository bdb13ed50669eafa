/**
 * Defaulting on create, as the apiserver's `SetDefaults_*` functions and admission do it for the
 * kinds people create by hand, plus the values the apiserver allocates (Service cluster IPs).
 *
 * Why: `kubectl get -o yaml` after `kubectl create` shows these defaults on a real cluster
 * (replicas 1, strategy RollingUpdate 25%, imagePullPolicy, a ClusterIP, …) and the apply
 * three-way patch is computed against them, so the simulator must add them the same way.
 * Pure functions over a copy; `defaultOnUpdate` carries over allocated values a replace omits.
 */
import { isObject } from '../patch/json.ts'
import type { JsonObject } from '../patch/json.ts'
import type { KindId } from '../kinds.ts'
import type { KubeObject } from '../types.ts'

const o = (parent: JsonObject, key: string): JsonObject => {
  if (!isObject(parent[key])) parent[key] = {}
  return parent[key] as JsonObject
}
const def = (m: JsonObject, key: string, value: unknown): void => {
  if (m[key] === undefined) m[key] = value
}

/** `Always` for an untagged or `:latest` image, `IfNotPresent` otherwise (SetDefaults_Container). */
function pullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent'
  const last = image.split('/').pop() ?? ''
  if (image.includes('@')) return 'IfNotPresent'
  return !last.includes(':') || last.endsWith(':latest') ? 'Always' : 'IfNotPresent'
}

function defaultContainers(list: unknown): void {
  if (!Array.isArray(list)) return
  for (const c of list) {
    if (!isObject(c)) continue
    def(c, 'imagePullPolicy', pullPolicy(c.image))
    def(c, 'terminationMessagePath', '/dev/termination-log')
    def(c, 'terminationMessagePolicy', 'File')
    def(c, 'resources', {})
    if (Array.isArray(c.ports)) for (const p of c.ports) if (isObject(p)) def(p, 'protocol', 'TCP')
  }
}

/**
 * SetDefaults_PodSpec (pods and templates alike), plus — for a pod only — what its admission adds:
 * the ServiceAccount plugin's serviceAccountName, the Priority plugin's priority and
 * preemptionPolicy, and enableServiceLinks (a real 1.34 server shows none of these in a template).
 */
function defaultPodSpec(spec: JsonObject, pod = true): void {
  def(spec, 'restartPolicy', 'Always')
  def(spec, 'terminationGracePeriodSeconds', 30)
  def(spec, 'dnsPolicy', 'ClusterFirst')
  def(spec, 'securityContext', {})
  def(spec, 'schedulerName', 'default-scheduler')
  if (pod) {
    def(spec, 'serviceAccountName', 'default')
    def(spec, 'enableServiceLinks', true)
    def(spec, 'preemptionPolicy', 'PreemptLowerPriority')
    def(spec, 'priority', 0)
  }
  defaultContainers(spec.containers)
  defaultContainers(spec.initContainers)
}

function defaultTemplate(spec: JsonObject): void {
  const t = o(spec, 'template')
  o(t, 'metadata')
  defaultPodSpec(o(t, 'spec'), false)
}

/** A free address in the simulated service CIDR (10.96.0.0/12), stable per name only by chance. */
function allocateClusterIP(): string {
  const n = 1 + Math.floor(Math.random() * (0xfffff - 2))
  return `10.${96 + (n >> 16)}.${(n >> 8) & 0xff}.${n & 0xff}`
}

/** A node port in the apiserver's default range 30000-32767. */
const allocateNodePort = (): number => 30000 + Math.floor(Math.random() * 2768)

function defaultService(spec: JsonObject): void {
  def(spec, 'type', 'ClusterIP')
  def(spec, 'sessionAffinity', 'None')
  if (spec.type !== 'ExternalName') {
    def(spec, 'clusterIP', allocateClusterIP())
    def(spec, 'clusterIPs', [spec.clusterIP])
    def(spec, 'ipFamilies', ['IPv4'])
    def(spec, 'ipFamilyPolicy', 'SingleStack')
    def(spec, 'internalTrafficPolicy', 'Cluster')
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') def(spec, 'externalTrafficPolicy', 'Cluster')
  if (Array.isArray(spec.ports)) {
    for (const p of spec.ports) {
      if (!isObject(p)) continue
      def(p, 'protocol', 'TCP')
      def(p, 'targetPort', p.port)
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') def(p, 'nodePort', allocateNodePort())
    }
  }
}

/**
 * SetDefaults_ValidatingWebhook / SetDefaults_MutatingWebhook / SetDefaults_Rule /
 * SetDefaults_ServiceReference (admissionregistration/v1): failurePolicy Fail, matchPolicy
 * Equivalent, empty namespace and object selectors, timeoutSeconds 10, a rule's scope `*`, a
 * service's port 443; a mutating webhook's reinvocationPolicy Never.
 */
function defaultWebhooks(obj: KubeObject, mutating: boolean): void {
  const hooks = (obj as { webhooks?: unknown }).webhooks
  if (!Array.isArray(hooks)) return
  for (const h of hooks) {
    if (!isObject(h)) continue
    def(h, 'failurePolicy', 'Fail')
    def(h, 'matchPolicy', 'Equivalent')
    def(h, 'namespaceSelector', {})
    def(h, 'objectSelector', {})
    def(h, 'timeoutSeconds', 10)
    if (mutating) def(h, 'reinvocationPolicy', 'Never')
    if (Array.isArray(h.rules)) for (const r of h.rules) if (isObject(r)) def(r, 'scope', '*')
    if (isObject(h.clientConfig) && isObject(h.clientConfig.service)) def(h.clientConfig.service, 'port', 443)
  }
}

/**
 * A CustomResourceDefinition as apiextensions stores it: SetDefaults_CustomResourceDefinitionSpec
 * (conversion strategy None, names.singular the lower-case kind, names.listKind `<Kind>List`).
 */
function defaultCrd(obj: KubeObject): void {
  const spec = isObject(obj.spec) ? obj.spec : undefined
  if (!spec) return
  def(spec, 'conversion', { strategy: 'None' })
  if (isObject(spec.names) && typeof spec.names.kind === 'string') {
    def(spec.names, 'singular', spec.names.kind.toLowerCase())
    def(spec.names, 'listKind', `${spec.names.kind}List`)
  }
}

/**
 * The status a CRD's create answer carries, before the naming and establishing controllers run:
 * no conditions, empty accepted names, the storage version stored (the create strategy's).
 */
export function crdCreateStatus(obj: KubeObject): JsonObject {
  const spec = isObject(obj.spec) ? obj.spec : {}
  const versions = Array.isArray(spec.versions) ? spec.versions : []
  const storage = versions.find((v) => isObject(v) && v.storage === true) as JsonObject | undefined
  return { conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: storage ? [storage.name] : [] }
}

/**
 * A Secret as the apiserver stores it: `type` defaults to Opaque (SetDefaults_Secret), and
 * `stringData` is merged into `data` as base64, its keys winning, then dropped — the v1→internal
 * conversion (`Convert_v1_Secret_To_core_Secret`) does this on every write, so `stringData` is
 * never read back.
 */
function secretStringData(obj: KubeObject): void {
  const o = obj as KubeObject & { type?: unknown; data?: unknown; stringData?: unknown }
  if (o.type === undefined || o.type === '') o.type = 'Opaque'
  if (!isObject(o.stringData)) return
  const data = isObject(o.data) ? o.data : {}
  for (const [k, v] of Object.entries(o.stringData)) if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64')
  o.data = data
  delete o.stringData
}

/**
 * Apply create-time defaults to `obj` (mutated; pass a copy). `uid` is the uid the object will
 * get, used by the Job selector the apiserver generates.
 */
export function defaultOnCreate(kind: KindId, obj: KubeObject, uid: string): void {
  applyDefaults(kind, obj, uid, true)
}

/** `obj` (a copy) with the defaults an update applies: how the apiserver sees a stored object it compares to. */
export function withDefaults(kind: KindId, obj: KubeObject): KubeObject {
  const copy = structuredClone(obj)
  applyDefaults(kind, copy, obj.metadata.uid ?? '', false)
  return copy
}

/**
 * The `SetDefaults_*` functions, run on every write (create and update); `create` adds what only
 * a create does (a Job's generated selector, a Namespace's finalizer).
 */
function applyDefaults(kind: KindId, obj: KubeObject, uid: string, create: boolean): void {
  const spec = isObject(obj.spec) ? obj.spec : undefined
  switch (kind) {
    case 'secrets':
      secretStringData(obj)
      break
    case 'mutatingwebhookconfigurations':
    case 'validatingwebhookconfigurations':
      defaultWebhooks(obj, kind === 'mutatingwebhookconfigurations')
      break
    case 'customresourcedefinitions':
      defaultCrd(obj)
      break
    case 'pods':
      if (spec) defaultPodSpec(spec)
      break
    case 'deployments':
      if (!spec) break
      def(spec, 'replicas', 1)
      def(spec, 'revisionHistoryLimit', 10)
      def(spec, 'progressDeadlineSeconds', 600)
      if (!isObject(spec.strategy) || Object.keys(spec.strategy).length === 0) spec.strategy = { type: 'RollingUpdate' }
      if ((spec.strategy as JsonObject).type === 'RollingUpdate') {
        const ru = o(spec.strategy as JsonObject, 'rollingUpdate')
        def(ru, 'maxUnavailable', '25%')
        def(ru, 'maxSurge', '25%')
      }
      defaultTemplate(spec)
      break
    case 'replicasets':
      if (spec) {
        def(spec, 'replicas', 1)
        defaultTemplate(spec)
      }
      break
    case 'statefulsets':
      if (!spec) break
      def(spec, 'replicas', 1)
      def(spec, 'podManagementPolicy', 'OrderedReady')
      def(spec, 'revisionHistoryLimit', 10)
      def(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } })
      def(spec, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' })
      defaultTemplate(spec)
      break
    case 'daemonsets':
      if (!spec) break
      def(spec, 'revisionHistoryLimit', 10)
      def(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } })
      defaultTemplate(spec)
      break
    case 'jobs':
      if (spec) defaultJobSpec(spec, obj.metadata?.name ?? '', uid, create)
      break
    case 'cronjobs':
      if (!spec) break
      def(spec, 'concurrencyPolicy', 'Allow')
      def(spec, 'suspend', false)
      def(spec, 'successfulJobsHistoryLimit', 3)
      def(spec, 'failedJobsHistoryLimit', 1)
      defaultTemplate(o(o(spec, 'jobTemplate'), 'spec'))
      break
    case 'services':
      defaultService(spec ?? ((obj.spec = {}) as JsonObject))
      break
    case 'namespaces':
      obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name ?? '' }
      if (create) obj.spec = { finalizers: ['kubernetes'] }
      break
    case 'horizontalpodautoscalers':
      if (!spec) break
      def(spec, 'minReplicas', 1)
      if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
        spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]
      }
      break
    case 'priorityclasses':
      def(obj as unknown as JsonObject, 'preemptionPolicy', 'PreemptLowerPriority')
      break
    case 'pvs':
      if (!spec) break
      // SetDefaults_PersistentVolume, SetDefaults_HostPathVolumeSource.
      def(spec, 'persistentVolumeReclaimPolicy', 'Retain')
      def(spec, 'volumeMode', 'Filesystem')
      if (isObject(spec.hostPath)) def(spec.hostPath, 'type', '')
      break
    case 'pvcs':
      if (spec) def(spec, 'volumeMode', 'Filesystem')
      break
    case 'nodes':
      // The node strategy keeps podCIDRs[0] and podCIDR in step.
      if (spec && typeof spec.podCIDR === 'string' && spec.podCIDR !== '' && !Array.isArray(spec.podCIDRs)) spec.podCIDRs = [spec.podCIDR]
      break
  }
}

/** Job defaults plus, on create, the selector and labels the apiserver generates (and manualSelector false, as 1.34 stores it). */
function defaultJobSpec(spec: JsonObject, name: string, uid: string, create: boolean): void {
  // SetDefaults_Job: completions only when parallelism is unset too (a work queue keeps none).
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1
  def(spec, 'parallelism', 1)
  def(spec, 'backoffLimit', 6)
  def(spec, 'completionMode', 'NonIndexed')
  def(spec, 'suspend', false)
  def(spec, 'podReplacementPolicy', 'TerminatingOrFailed')
  if (create && spec.manualSelector !== true) {
    spec.manualSelector = false
    const generated = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name }
    spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } }
    const meta = o(o(spec, 'template'), 'metadata')
    meta.labels = { ...(isObject(meta.labels) ? meta.labels : {}), ...generated }
  }
  defaultTemplate(spec)
}

/**
 * Defaults of an update: carry over what the apiserver allocated and a replace may omit (Service
 * cluster IPs and node ports, the namespace finalizers), then the same `SetDefaults_*` as a
 * create, so a replace that leaves a defaulted field out gets it back. Mutates `next`.
 */
export function defaultOnUpdate(kind: KindId, next: KubeObject, prev: KubeObject): void {
  if (kind === 'services' && isObject(prev.spec)) {
    const spec = isObject(next.spec) ? next.spec : ((next.spec = {}) as JsonObject)
    for (const k of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) def(spec, k, prev.spec[k])
    const oldPorts = Array.isArray(prev.spec.ports) ? prev.spec.ports : []
    if (Array.isArray(spec.ports)) {
      for (const p of spec.ports) {
        if (!isObject(p) || p.nodePort !== undefined) continue
        const was = oldPorts.find((o) => isObject(o) && o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'))
        if (isObject(was) && was.nodePort !== undefined) p.nodePort = was.nodePort
      }
    }
  }
  if (kind === 'namespaces') next.spec = prev.spec
  applyDefaults(kind, next, prev.metadata.uid ?? '', false)
}
