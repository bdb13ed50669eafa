/**
 * One `SelfSubjectAccessReview` (authorization.k8s.io/v1): may the kubeconfig's user do `verb`
 * on a resource in a namespace (or at the cluster scope)?
 *
 * Why: the engine asks before it opens a watch (a namespace-restricted user must not meet a 403
 * and a retry loop in every view), exactly as `kubectl auth can-i` does. The review writes
 * nothing and every authenticated user may create one (the `system:basic-user` ClusterRole).
 * The answer is bounded (ACCESS_REVIEW_MAX_BYTES) and only `status.allowed`, `status.denied` and
 * `status.reason` are kept.
 */
import { UpstreamError } from './errors.ts'
import type { Transport } from './transport.ts'

/** A review answer is a few hundred bytes; anything much larger is not one. */
const ACCESS_REVIEW_MAX_BYTES = 64 * 1024
const PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'

/** What is asked: `verb` on `resource` of `group` ('' = core) in `namespace` ('' = cluster scope). */
export interface AccessQuestion {
  readonly verb: string
  readonly group: string
  readonly resource: string
  readonly namespace: string
}

/** The authorizer's answer. `reason` is its reason ('' when it gave none, as RBAC for a plain denial). */
export interface AccessAnswer {
  readonly allowed: boolean
  readonly reason: string
}

/**
 * Ask the apiserver.
 * @throws UpstreamError as any request (network, 401, 5xx) or 'malformed' for an answer without a status.
 */
export async function reviewAccess(transport: Transport, q: AccessQuestion, signal: AbortSignal): Promise<AccessAnswer> {
  const resourceAttributes: Record<string, string> = { verb: q.verb, group: q.group, resource: q.resource }
  if (q.namespace) resourceAttributes.namespace = q.namespace
  const body = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } }
  const scope = q.namespace ? ` in namespace ${q.namespace}` : ''
  const what = `access review: ${q.verb} ${q.group ? `${q.resource}.${q.group}` : q.resource}${scope}`
  const answer = (await transport.postJson(PATH, body, signal, what, { maxBytes: ACCESS_REVIEW_MAX_BYTES })) as {
    status?: { allowed?: unknown; denied?: unknown; reason?: unknown }
  } | null
  const status = answer?.status
  if (!status || typeof status !== 'object') throw new UpstreamError('malformed', `${what}: ${transport.host} answered without a status`)
  return { allowed: status.allowed === true && status.denied !== true, reason: typeof status.reason === 'string' ? status.reason.slice(0, 1024) : '' }
}
