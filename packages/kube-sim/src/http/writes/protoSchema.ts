/**
 * Field numbers of the Kubernetes protobuf messages that kubectl's typed clients send
 * (k8s.io/api and apimachinery `generated.proto`, v1.33), for the objects `kubectl create
 * namespace|deployment|job|cronjob|service` and `kubectl run` build.
 *
 * Why: kubectl 1.33 encodes those creates as `application/vnd.kubernetes.protobuf` (1.27 sends
 * JSON) and does not fall back to JSON on 415, so the simulator decodes this subset. Fields not
 * listed are skipped; the report says so. `int*`/`bool*` are Go pointers (kept when zero),
 * plain `int`/`bool`/`string` are omitempty values (dropped when zero, as JSON would omit them).
 */

/** A field type: a scalar, a nested message, a map<string, T>, or a special wrapper. */
export type ProtoType = 'string' | 'int' | 'int*' | 'bool' | 'bool*' | 'time' | 'quantity' | 'intOrString' | ProtoMessage | { readonly map: ProtoType }

/** `[jsonName, type, repeated?]` by field number. */
export type ProtoMessage = { readonly [field: number]: readonly [string, ProtoType, boolean?] }

const S = 'string'
const strMap = { map: S } as const

export const OBJECT_META: ProtoMessage = {
  1: ['name', S], 2: ['generateName', S], 3: ['namespace', S], 5: ['uid', S], 6: ['resourceVersion', S], 8: ['creationTimestamp', 'time'],
  11: ['labels', strMap], 12: ['annotations', strMap], 14: ['finalizers', S, true],
  13: ['ownerReferences', { 1: ['kind', S], 3: ['name', S], 4: ['uid', S], 5: ['apiVersion', S], 6: ['controller', 'bool*'], 7: ['blockOwnerDeletion', 'bool*'] }, true]
}

const LABEL_SELECTOR: ProtoMessage = {
  1: ['matchLabels', strMap],
  2: ['matchExpressions', { 1: ['key', S], 2: ['operator', S], 3: ['values', S, true] }, true]
}

const CONTAINER: ProtoMessage = {
  1: ['name', S], 2: ['image', S], 3: ['command', S, true], 4: ['args', S, true], 5: ['workingDir', S],
  6: ['ports', { 1: ['name', S], 2: ['hostPort', 'int'], 3: ['containerPort', 'int'], 4: ['protocol', S], 5: ['hostIP', S] }, true],
  7: ['env', { 1: ['name', S], 2: ['value', S] }, true],
  8: ['resources', { 1: ['limits', { map: 'quantity' }], 2: ['requests', { map: 'quantity' }] }],
  9: ['volumeMounts', { 1: ['name', S], 2: ['readOnly', 'bool'], 3: ['mountPath', S], 4: ['subPath', S] }, true],
  13: ['terminationMessagePath', S], 14: ['imagePullPolicy', S], 16: ['stdin', 'bool'], 17: ['stdinOnce', 'bool'], 18: ['tty', 'bool'],
  20: ['terminationMessagePolicy', S]
}

const POD_SPEC: ProtoMessage = {
  2: ['containers', CONTAINER, true], 3: ['restartPolicy', S], 4: ['terminationGracePeriodSeconds', 'int*'], 5: ['activeDeadlineSeconds', 'int*'],
  6: ['dnsPolicy', S], 7: ['nodeSelector', strMap], 8: ['serviceAccountName', S], 10: ['nodeName', S], 11: ['hostNetwork', 'bool'],
  16: ['hostname', S], 17: ['subdomain', S], 19: ['schedulerName', S], 20: ['initContainers', CONTAINER, true],
  22: ['tolerations', { 1: ['key', S], 2: ['operator', S], 3: ['value', S], 4: ['effect', S], 5: ['tolerationSeconds', 'int*'] }, true],
  24: ['priorityClassName', S]
}

const TEMPLATE: ProtoMessage = { 1: ['metadata', OBJECT_META], 2: ['spec', POD_SPEC] }

const JOB_SPEC: ProtoMessage = {
  1: ['parallelism', 'int*'], 2: ['completions', 'int*'], 3: ['activeDeadlineSeconds', 'int*'], 4: ['selector', LABEL_SELECTOR],
  5: ['manualSelector', 'bool*'], 6: ['template', TEMPLATE], 7: ['backoffLimit', 'int*'], 8: ['ttlSecondsAfterFinished', 'int*'],
  9: ['completionMode', S], 10: ['suspend', 'bool*']
}

/** Top-level messages by `kind`; field 3 (status) is never decoded: a create resets it. */
export const KIND_MESSAGES: Readonly<Record<string, ProtoMessage>> = {
  Namespace: { 1: ['metadata', OBJECT_META], 2: ['spec', { 1: ['finalizers', S, true] }] },
  Pod: { 1: ['metadata', OBJECT_META], 2: ['spec', POD_SPEC] },
  Deployment: {
    1: ['metadata', OBJECT_META],
    2: ['spec', {
      1: ['replicas', 'int*'], 2: ['selector', LABEL_SELECTOR], 3: ['template', TEMPLATE],
      4: ['strategy', { 1: ['type', S], 2: ['rollingUpdate', { 1: ['maxUnavailable', 'intOrString'], 2: ['maxSurge', 'intOrString'] }] }],
      5: ['minReadySeconds', 'int'], 6: ['revisionHistoryLimit', 'int*'], 7: ['paused', 'bool'], 9: ['progressDeadlineSeconds', 'int*']
    }]
  },
  Job: { 1: ['metadata', OBJECT_META], 2: ['spec', JOB_SPEC] },
  CronJob: {
    1: ['metadata', OBJECT_META],
    2: ['spec', {
      1: ['schedule', S], 2: ['startingDeadlineSeconds', 'int*'], 3: ['concurrencyPolicy', S], 4: ['suspend', 'bool*'],
      5: ['jobTemplate', { 1: ['metadata', OBJECT_META], 2: ['spec', JOB_SPEC] }], 6: ['successfulJobsHistoryLimit', 'int*'],
      7: ['failedJobsHistoryLimit', 'int*'], 8: ['timeZone', S]
    }]
  },
  Service: {
    1: ['metadata', OBJECT_META],
    2: ['spec', {
      1: ['ports', { 1: ['name', S], 2: ['protocol', S], 3: ['port', 'int'], 4: ['targetPort', 'intOrString'], 5: ['nodePort', 'int'] }, true],
      2: ['selector', strMap], 3: ['clusterIP', S], 4: ['type', S], 5: ['externalIPs', S, true], 7: ['sessionAffinity', S], 10: ['externalName', S]
    }]
  }
}
