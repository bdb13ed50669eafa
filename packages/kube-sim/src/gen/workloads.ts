/**
 * Workload objects: deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs, HPAs, PDBs.
 *
 * Why: each workload is a small mutable record (replica counts, revision) around a shared
 * `PodTemplate`; the churn changes the counts and asks for a fresh object, so these builders are
 * the only place the workload JSON shapes live.
 */
import type { KubeObject } from '../types.ts'
import type { PodTemplate } from './podSpec.ts'
import { podSpec } from './podSpec.ts'
import { iso, MINUTE, SECOND } from './ids.ts'

export type WorkloadKind = 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job'

/** A workload as the generators and the churn track it. */
export interface WorkloadRec {
  readonly kind: WorkloadKind
  readonly namespace: string
  readonly name: string
  readonly tpl: PodTemplate
  readonly createdMs: number
  /** Desired replicas (for a DaemonSet: desired scheduled; for a Job: completions). */
  replicas: number
  /** Pods that exist / are ready (maintained by the generator and the churn). */
  current: number
  ready: number
  generation: number
  /** ReplicaSet: its deployment; Job: its cronjob name. */
  readonly parent?: WorkloadRec
  readonly cronJob?: string
  /** ReplicaSet: pod-template-hash and revision. */
  readonly hash?: string
  readonly revision?: number
  /** Job: terminal outcome (undefined while running). */
  outcome?: 'Complete' | 'Failed'
}

/** The selector labels of a workload's pods. */
export function selectorOf(t: PodTemplate): Record<string, string> {
  return { 'app.kubernetes.io/name': t.app, 'app.kubernetes.io/instance': t.instance }
}

function template(t: PodTemplate, hash?: string): Record<string, unknown> {
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': t.app,
    'app.kubernetes.io/instance': t.instance,
    'app.kubernetes.io/version': t.version,
    'app.kubernetes.io/component': t.component,
    team: t.team
  }
  if (hash) labels['pod-template-hash'] = hash
  const spec = podSpec(t, '')
  delete spec.nodeName
  return { metadata: { labels, annotations: { 'checksum/config': t.checksum } }, spec }
}

const meta = (w: WorkloadRec, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: w.name,
  namespace: w.namespace,
  creationTimestamp: iso(w.createdMs),
  generation: w.generation,
  labels: { 'app.kubernetes.io/name': w.tpl.app, 'app.kubernetes.io/instance': w.tpl.instance, 'app.kubernetes.io/managed-by': 'Helm' },
  ...extra
})

const cond = (type: string, ok: boolean, reason: string, message: string, atMs: number): Record<string, unknown> => ({
  type,
  status: ok ? 'True' : 'False',
  lastUpdateTime: iso(atMs),
  lastTransitionTime: iso(atMs),
  reason,
  message
})
/** A JobCondition (probe and transition times, no update time). */
const jobCond = (type: string, ok: boolean, reason: string, message: string, atMs: number): Record<string, unknown> => ({
  type,
  status: ok ? 'True' : 'False',
  lastProbeTime: iso(atMs),
  lastTransitionTime: iso(atMs),
  reason,
  message
})
/** A HorizontalPodAutoscalerCondition (transition time only). */
const hpaCond = (type: string, ok: boolean, reason: string, message: string, atMs: number): Record<string, unknown> => ({
  type,
  status: ok ? 'True' : 'False',
  lastTransitionTime: iso(atMs),
  reason,
  message
})

/** A fresh apps/v1 Deployment; `now` stamps condition updates. */
export function deploymentObj(w: WorkloadRec, now: number): KubeObject {
  const unavailable = Math.max(0, w.replicas - w.ready)
  // The deployment controller's rule: Available while availableReplicas >= replicas - maxUnavailable (25%, rounded down).
  const available = w.ready >= w.replicas - Math.floor(w.replicas * 0.25)
  const status: Record<string, unknown> = {
    observedGeneration: w.generation,
    replicas: w.current,
    updatedReplicas: w.current,
    readyReplicas: w.ready,
    availableReplicas: w.ready,
    conditions: [
      cond(
        'Available',
        available,
        available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        available ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
        now - 10 * MINUTE
      ),
      cond(
        'Progressing',
        true,
        'NewReplicaSetAvailable',
        `ReplicaSet "${w.name}-${w.tpl.extraLabels[0]?.[1] ?? ''}" has successfully progressed.`,
        w.createdMs + MINUTE
      )
    ]
  }
  if (unavailable > 0) status.unavailableReplicas = unavailable
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(w, { annotations: { 'deployment.kubernetes.io/revision': String(w.generation) } }),
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: selectorOf(w.tpl) },
      template: template(w.tpl),
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }
    },
    status
  }
}

/** A fresh apps/v1 ReplicaSet owned by its deployment. */
export function replicaSetObj(w: WorkloadRec): KubeObject {
  const d = w.parent as WorkloadRec
  const status: Record<string, unknown> = { replicas: w.current, fullyLabeledReplicas: w.current, observedGeneration: w.generation }
  if (w.ready > 0) {
    status.readyReplicas = w.ready
    status.availableReplicas = w.ready
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      ...meta(w),
      labels: { ...selectorOf(w.tpl), 'pod-template-hash': w.hash ?? '' },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(d.replicas),
        'deployment.kubernetes.io/max-replicas': String(Math.ceil(d.replicas * 1.25)),
        'deployment.kubernetes.io/revision': String(w.revision ?? 1)
      },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.name, uid: '', controller: true, blockOwnerDeletion: true }]
    },
    spec: { replicas: w.replicas, selector: { matchLabels: { ...selectorOf(w.tpl), 'pod-template-hash': w.hash ?? '' } }, template: template(w.tpl, w.hash) },
    status
  }
}

/** A fresh apps/v1 StatefulSet (with a volumeClaimTemplate named `data`). */
export function statefulSetObj(w: WorkloadRec): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(w),
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: selectorOf(w.tpl) },
      serviceName: w.name,
      template: template(w.tpl),
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      volumeClaimTemplates: [
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '20Gi' } }, volumeMode: 'Filesystem' }
        }
      ]
    },
    status: {
      observedGeneration: w.generation,
      replicas: w.current,
      readyReplicas: w.ready,
      currentReplicas: w.current,
      updatedReplicas: w.current,
      availableReplicas: w.ready,
      currentRevision: `${w.name}-${w.tpl.checksum.slice(0, 10)}`,
      updateRevision: `${w.name}-${w.tpl.checksum.slice(0, 10)}`,
      collisionCount: 0
    }
  }
}

/** A fresh apps/v1 DaemonSet. */
export function daemonSetObj(w: WorkloadRec): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { ...meta(w), annotations: { 'deprecated.daemonset.template.generation': String(w.generation) } },
    spec: {
      selector: { matchLabels: selectorOf(w.tpl) },
      template: template(w.tpl),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10
    },
    status: {
      currentNumberScheduled: w.current,
      numberMisscheduled: 0,
      desiredNumberScheduled: w.replicas,
      numberReady: w.ready,
      observedGeneration: w.generation,
      updatedNumberScheduled: w.current,
      numberAvailable: w.ready,
      ...(w.replicas > w.ready ? { numberUnavailable: w.replicas - w.ready } : {})
    }
  }
}

/** A fresh batch/v1 Job (owned by its cronjob when it has one). */
export function jobObj(w: WorkloadRec, now: number): KubeObject {
  const m = meta(w)
  if (w.cronJob) m.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: w.cronJob, uid: '', controller: true, blockOwnerDeletion: true }]
  const start = w.createdMs + SECOND
  const status: Record<string, unknown> = {
    startTime: iso(start),
    active: w.outcome ? 0 : 1,
    ready: w.outcome ? 0 : w.ready,
    terminating: 0,
    uncountedTerminatedPods: {}
  }
  if (w.outcome === 'Complete') {
    const end = Math.min(now, start + 3 * MINUTE)
    Object.assign(status, {
      succeeded: w.replicas,
      completionTime: iso(end),
      conditions: [
        jobCond('SuccessCriteriaMet', true, 'CompletionsReached', 'Reached expected number of succeeded pods', end),
        jobCond('Complete', true, 'CompletionsReached', 'Reached expected number of succeeded pods', end)
      ]
    })
  } else if (w.outcome === 'Failed') {
    const end = Math.min(now, start + 4 * MINUTE)
    Object.assign(status, {
      failed: 1,
      conditions: [
        jobCond('FailureTarget', true, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', end),
        jobCond('Failed', true, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', end)
      ]
    })
  }
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: m,
    spec: {
      parallelism: 1,
      completions: w.replicas,
      backoffLimit: 0,
      completionMode: 'NonIndexed',
      suspend: false,
      selector: { matchLabels: { 'batch.kubernetes.io/job-name': w.name } },
      template: template(w.tpl),
      ttlSecondsAfterFinished: 86400,
      podReplacementPolicy: 'TerminatingOrFailed',
      manualSelector: false
    },
    status
  }
}

/** A fresh batch/v1 CronJob. */
export function cronJobObj(w: WorkloadRec, schedule: string, activeJobs: string[], lastScheduleMs: number, lastSuccessMs?: number): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta(w),
    spec: {
      schedule,
      concurrencyPolicy: 'Forbid',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { spec: { backoffLimit: 0, template: template(w.tpl) } }
    },
    status: {
      lastScheduleTime: iso(lastScheduleMs),
      ...(lastSuccessMs !== undefined ? { lastSuccessfulTime: iso(lastSuccessMs) } : {}),
      ...(activeJobs.length > 0 ? { active: activeJobs.map((name) => ({ kind: 'Job', namespace: w.namespace, name, apiVersion: 'batch/v1' })) } : {})
    }
  }
}

/** A fresh autoscaling/v2 HorizontalPodAutoscaler targeting deployment `w`. */
export function hpaObj(w: WorkloadRec, min: number, max: number, cpuNow: number, now: number): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: w.name, namespace: w.namespace, creationTimestamp: iso(w.createdMs + MINUTE) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: w.name },
      minReplicas: min,
      maxReplicas: max,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } }
      ]
    },
    status: {
      currentReplicas: w.current,
      desiredReplicas: w.replicas,
      lastScaleTime: iso(now - 37 * MINUTE),
      currentMetrics: [
        { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpuNow, averageValue: `${cpuNow * 3}m` } } },
        { type: 'Resource', resource: { name: 'memory', current: { averageUtilization: 61, averageValue: '163Mi' } } }
      ],
      conditions: [
        hpaCond('AbleToScale', true, 'ReadyForNewScale', 'recommended size matches current size', now - 30 * MINUTE),
        hpaCond(
          'ScalingActive',
          true,
          'ValidMetricFound',
          'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
          now - 30 * MINUTE
        ),
        hpaCond('ScalingLimited', false, 'DesiredWithinRange', 'the desired count is within the acceptable range', now - 30 * MINUTE)
      ]
    }
  }
}

/** A fresh policy/v1 PodDisruptionBudget for workload `w`. */
export function pdbObj(w: WorkloadRec, useMin: boolean): KubeObject {
  const desired = useMin ? Math.max(1, w.replicas - 1) : Math.max(0, w.replicas - 1)
  const allowed = Math.max(0, w.ready - desired)
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: w.name, namespace: w.namespace, creationTimestamp: iso(w.createdMs + MINUTE), generation: 1 },
    spec: { ...(useMin ? { minAvailable: desired } : { maxUnavailable: 1 }), selector: { matchLabels: selectorOf(w.tpl) } },
    status: {
      observedGeneration: 1,
      disruptionsAllowed: allowed,
      currentHealthy: w.ready,
      desiredHealthy: desired,
      expectedPods: w.replicas,
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: allowed > 0 ? 'True' : 'False',
          reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
          message: '',
          observedGeneration: 1,
          lastTransitionTime: iso(w.createdMs + 2 * MINUTE)
        }
      ]
    }
  }
}
