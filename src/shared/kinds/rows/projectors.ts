/**
 * The projector table: one entry per kind, each a port of the kubectl server-side printer of that
 * kind (see the file of each family). Typed as a full `Record<KindId, Projector>`, so adding a
 * kind to the registry without a projector fails to typecheck.
 */
import type { KindId } from '../registry.ts'
import type { Projector } from './types.ts'
import { projectPod } from './pods.ts'
import { projectEvent } from './events.ts'
import { projectDeployment, projectStatefulSet, projectDaemonSet, projectReplicaSet, projectJob, projectCronJob } from './workloads.ts'
import { projectHpa, projectPdb } from './autoscaling.ts'
import { projectService, projectIngress, projectNetworkPolicy, projectEndpointSlice, projectIngressClass } from './networking.ts'
import { projectPv, projectPvc, projectStorageClass } from './storage.ts'
import { projectNode, projectNamespace, projectPriorityClass, projectRuntimeClass } from './cluster.ts'
import { projectCrd, projectWebhookConfiguration } from './extensions.ts'
import { projectConfigMap, projectLimitRange, projectResourceQuota, projectSecret } from './config.ts'
import { projectBinding, projectRole, projectServiceAccount } from './access.ts'

/** Kind → projector, in registry order. */
export const PROJECTORS: Readonly<Record<KindId, Projector>> = {
  pods: projectPod,
  events: projectEvent,
  deployments: projectDeployment,
  statefulsets: projectStatefulSet,
  daemonsets: projectDaemonSet,
  replicasets: projectReplicaSet,
  jobs: projectJob,
  cronjobs: projectCronJob,
  horizontalpodautoscalers: projectHpa,
  poddisruptionbudgets: projectPdb,
  services: projectService,
  ingresses: projectIngress,
  networkpolicies: projectNetworkPolicy,
  endpointslices: projectEndpointSlice,
  ingressclasses: projectIngressClass,
  pvs: projectPv,
  pvcs: projectPvc,
  storageclasses: projectStorageClass,
  nodes: projectNode,
  namespaces: projectNamespace,
  priorityclasses: projectPriorityClass,
  runtimeclasses: projectRuntimeClass,
  customresourcedefinitions: projectCrd,
  mutatingwebhookconfigurations: projectWebhookConfiguration,
  validatingwebhookconfigurations: projectWebhookConfiguration,
  configmaps: projectConfigMap,
  secrets: projectSecret,
  resourcequotas: projectResourceQuota,
  limitranges: projectLimitRange,
  serviceaccounts: projectServiceAccount,
  roles: projectRole,
  rolebindings: projectBinding,
  clusterroles: projectRole,
  clusterrolebindings: projectBinding
}
