/**
 * The CustomResourceDefinitions of the demo cluster: four well-known projects' kinds (cert-manager
 * Certificate, Argo CD Application, Karpenter NodePool, Istio VirtualService) with their real
 * names, scopes, short names, categories, subresources and additionalPrinterColumns (as their
 * projects' released CRDs declare them), Established as the apiextensions controller leaves them.
 *
 * Why: a real cluster is full of custom resources; the demo shows the app discovering them, and
 * kubectl prints their columns from these definitions. Lifecycle: pure builders, called once by
 * `emitCluster`. Schemas are kept small (`x-kubernetes-preserve-unknown-fields` below spec/status).
 */
import type { KubeObject } from '../types.ts'
import { DAY, iso } from './ids.ts'

/** One printer column of a CRD version (`apiextensions/v1.CustomResourceColumnDefinition`). */
export interface PrinterColumnSpec {
  readonly name: string
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date'
  readonly jsonPath: string
  readonly priority?: number
  readonly description?: string
  readonly format?: string
}

/** What a demo CRD declares. */
export interface DemoCrd {
  readonly group: string
  readonly version: string
  readonly plural: string
  readonly singular: string
  readonly kind: string
  readonly scope: 'Namespaced' | 'Cluster'
  readonly shortNames: readonly string[]
  readonly categories: readonly string[]
  readonly status: boolean
  readonly columns: readonly PrinterColumnSpec[]
  readonly ageDays: number
}

const READY = '.status.conditions[?(@.type=="Ready")].status'
const AGE: PrinterColumnSpec = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }
/** controller-gen's Age description (cert-manager `deploy/crds/cert-manager.io_certificates.yaml`, controller-gen v0.19). */
const CERT_MANAGER_AGE =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.'
/** Istio's cue-gen Age description (as in its `crd-all.gen.yaml`). */
const ISTIO_AGE =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC. Populated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/api-conventions.md#metadata'

/** The demo CRDs (columns from each project's released CRD manifests: cert-manager (controller-gen v0.19), Argo CD, Karpenter v1.14.1, Istio's cue-gen). */
export const DEMO_CRDS: readonly DemoCrd[] = [
  {
    group: 'cert-manager.io',
    version: 'v1',
    plural: 'certificates',
    singular: 'certificate',
    kind: 'Certificate',
    scope: 'Namespaced',
    shortNames: ['cert', 'certs'],
    categories: ['cert-manager'],
    status: true,
    ageDays: 120,
    columns: [
      // Current cert-manager CRDs (controller-gen v0.19) write the filter with spaces around `==`.
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type == "Ready")].status' },
      { name: 'Secret', type: 'string', jsonPath: '.spec.secretName' },
      { name: 'Issuer', type: 'string', jsonPath: '.spec.issuerRef.name', priority: 1 },
      { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type == "Ready")].message', priority: 1 },
      { ...AGE, description: CERT_MANAGER_AGE }
    ]
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'applications',
    singular: 'application',
    kind: 'Application',
    scope: 'Namespaced',
    shortNames: ['app', 'apps'],
    categories: [],
    status: false,
    ageDays: 95,
    columns: [
      { name: 'Sync Status', type: 'string', jsonPath: '.status.sync.status' },
      { name: 'Health Status', type: 'string', jsonPath: '.status.health.status' },
      { name: 'Revision', type: 'string', jsonPath: '.status.sync.revision', priority: 10 },
      { name: 'Project', type: 'string', jsonPath: '.spec.project', priority: 10 }
    ]
  },
  {
    group: 'karpenter.sh',
    version: 'v1',
    plural: 'nodepools',
    singular: 'nodepool',
    kind: 'NodePool',
    scope: 'Cluster',
    shortNames: [],
    categories: ['karpenter'],
    status: true,
    ageDays: 60,
    columns: [
      { name: 'NodeClass', type: 'string', jsonPath: '.spec.template.spec.nodeClassRef.name' },
      // Karpenter v1.11–v1.14 print `status.nodes` (an integer; a string column prints it as text).
      { name: 'Nodes', type: 'string', jsonPath: '.status.nodes' },
      { name: 'Ready', type: 'string', jsonPath: READY },
      AGE,
      { name: 'Weight', type: 'integer', jsonPath: '.spec.weight', priority: 1 },
      { name: 'CPU', type: 'string', jsonPath: '.status.resources.cpu', priority: 1 },
      { name: 'Memory', type: 'string', jsonPath: '.status.resources.memory', priority: 1 }
    ]
  },
  {
    group: 'networking.istio.io',
    version: 'v1',
    plural: 'virtualservices',
    singular: 'virtualservice',
    kind: 'VirtualService',
    scope: 'Namespaced',
    shortNames: ['vs'],
    categories: ['istio-io', 'networking-istio-io'],
    status: true,
    ageDays: 90,
    columns: [
      { name: 'Gateways', type: 'string', jsonPath: '.spec.gateways', description: 'The names of gateways and sidecars that should apply these routes' },
      { name: 'Hosts', type: 'string', jsonPath: '.spec.hosts', description: 'The destination hosts to which traffic is being sent' },
      { ...AGE, description: ISTIO_AGE }
    ]
  }
]

/** A CRD object as stored once the apiextensions controller accepted its names and established it. */
export function crdObject(d: DemoCrd, createdMs: number): KubeObject {
  const names = {
    plural: d.plural,
    singular: d.singular,
    kind: d.kind,
    listKind: `${d.kind}List`,
    ...(d.shortNames.length ? { shortNames: [...d.shortNames] } : {}),
    ...(d.categories.length ? { categories: [...d.categories] } : {})
  }
  const t = iso(createdMs)
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${d.plural}.${d.group}`, creationTimestamp: t },
    spec: {
      group: d.group,
      names,
      scope: d.scope,
      versions: [
        {
          name: d.version,
          served: true,
          storage: true,
          ...(d.status ? { subresources: { status: {} } } : {}),
          additionalPrinterColumns: d.columns.map((c) => ({ ...c })),
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }
              }
            }
          }
        }
      ],
      conversion: { strategy: 'None' }
    },
    status: {
      conditions: [
        { type: 'NamesAccepted', status: 'True', lastTransitionTime: t, reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', lastTransitionTime: t, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }
      ],
      acceptedNames: names,
      storedVersions: [d.version]
    }
  }
}

/** The demo cluster's CRD objects. */
export function crdObjects(now: number): KubeObject[] {
  return DEMO_CRDS.map((d) => crdObject(d, now - d.ageDays * DAY))
}
