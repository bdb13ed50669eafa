/**
 * The RBAC objects a fresh cluster starts with, and the demo cluster's restricted users.
 *
 * Why: the built-in ClusterRoles and bindings (`cluster-admin`, `admin`, `edit`, `view`,
 * `system:discovery`, `system:basic-user`, …) are copied from a real 1.34 apiserver
 * (`bootstrap.json`, written by scripts/captureRbacBootstrap.ts), so `kubectl auth can-i --list`
 * answers as on a real cluster. The demo users show what a namespace-restricted developer sees:
 * `dev-team-a` reads `team-a` and `team-b` only (a RoleBinding of the `view` ClusterRole in each,
 * no right to list namespaces), `viewer` has `view` cluster-wide (a ClusterRoleBinding). Both
 * namespaces get a few running pods so the restricted views have rows.
 * Lifecycle: applied once by `startSim`, after the generated world is loaded.
 */
import { randomBytes } from 'node:crypto'
import type { SimUser } from '../http/auth.ts'
import { iso } from '../gen/ids.ts'
import { namespaceObj } from '../gen/infra.ts'
import { namespaceDefaults } from '../gen/support.ts'
import type { KindId } from '../kinds.ts'
import type { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'
import policy from './bootstrap.json' with { type: 'json' }

/** The namespaces `dev-team-a` may read. */
export const TEAM_NAMESPACES = ['team-a', 'team-b'] as const
/** The demo users beside the admin, in the order their kubeconfig contexts are written. */
export const DEMO_USER_NAMES = ['dev-team-a', 'viewer'] as const
/** Pods per team namespace (team-a, team-b): few enough to check by eye in a view. */
const TEAM_PODS: Readonly<Record<(typeof TEAM_NAMESPACES)[number], readonly string[]>> = {
  'team-a': ['web-0', 'web-1'],
  'team-b': ['api-0', 'api-1', 'api-2']
}
const RBAC_GROUP = 'rbac.authorization.k8s.io'

interface Policy {
  readonly clusterRoles: readonly KubeObject[]
  readonly clusterRoleBindings: readonly KubeObject[]
  readonly roles: readonly KubeObject[]
  readonly roleBindings: readonly KubeObject[]
}

/** Store the bootstrap policy (roles before the bindings that name them). */
export function loadBootstrapPolicy(store: SimStore): void {
  const p = policy as unknown as Policy
  const put = (kind: KindId, list: readonly KubeObject[]): void => {
    for (const o of list) store.create(kind, structuredClone(o))
  }
  put('clusterroles', p.clusterRoles)
  put('roles', p.roles)
  put('clusterrolebindings', p.clusterRoleBindings)
  put('rolebindings', p.roleBindings)
}

/** A `view` binding for a user: a RoleBinding in `namespace`, or a ClusterRoleBinding. */
function viewBinding(user: string, name: string, namespace?: string): KubeObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
    metadata: namespace ? { name, namespace } : { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: RBAC_GROUP, kind: 'User', name: user }]
  } as KubeObject
}

/** A running single-container pod on `node`. */
function teamPod(namespace: string, name: string, node: string, startedMs: number): KubeObject {
  const started = iso(startedMs)
  const app = name.replace(/-\d+$/, '')
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app } },
    spec: {
      nodeName: node,
      restartPolicy: 'Always',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      containers: [
        {
          name: app,
          image: 'registry.k8s.io/pause:3.10',
          imagePullPolicy: 'IfNotPresent',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File'
        }
      ]
    },
    status: {
      phase: 'Running',
      podIP: '10.244.9.' + String(10 + name.length),
      startTime: started,
      qosClass: 'BestEffort',
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type,
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: started
      })),
      containerStatuses: [
        {
          name: app,
          ready: true,
          started: true,
          restartCount: 0,
          image: 'registry.k8s.io/pause:3.10',
          imageID: 'registry.k8s.io/pause@sha256:ee6521f290b2168b6e0935a181d4cff9be1ac3f505666ef0e3c98fae8199917a',
          containerID: `containerd://${randomBytes(32).toString('hex')}`,
          state: { running: { startedAt: started } }
        }
      ]
    }
  } as KubeObject
}

/**
 * Create the demo users' namespaces, pods and bindings, and return the users (fresh random
 * tokens, so a kubeconfig written for one launch never works for the next).
 */
export function addDemoUsers(store: SimStore, nowMs: number): SimUser[] {
  const node = store.list('nodes').items.find((r) => !r.name.includes('control-plane'))?.name ?? store.list('nodes').items[0]?.name ?? ''
  for (const ns of TEAM_NAMESPACES) {
    if (!store.get('namespaces', undefined, ns)) {
      store.create('namespaces', namespaceObj(ns, nowMs, { team: ns }))
      for (const d of namespaceDefaults(ns, nowMs)) store.create(d.kind, d.object)
    }
    for (const name of TEAM_PODS[ns]) store.create('pods', teamPod(ns, name, node, nowMs))
    store.create('rolebindings', viewBinding('dev-team-a', 'dev-team-a-view', ns))
  }
  store.create('clusterrolebindings', viewBinding('viewer', 'viewer-view'))
  return DEMO_USER_NAMES.map((name) => ({ token: randomBytes(24).toString('base64url'), name }))
}
