/**
 * The self-review endpoints: `SelfSubjectAccessReview` and `SelfSubjectRulesReview`
 * (authorization.k8s.io/v1) and `SelfSubjectReview` (authentication.k8s.io/v1), as the apiserver's
 * REST handlers answer them (pkg/registry/authorization/selfsubject*review/rest.go,
 * pkg/registry/authentication/selfsubjectreview/rest.go).
 *
 * Why: `kubectl auth can-i`, `kubectl auth can-i --list` and `kubectl auth whoami` — and the
 * app's access checks before it opens a watch — ask these; the answers must be the real ones:
 * 201 Created, the spec echoed (the rules review answers an empty spec, as the real one does),
 * `status.allowed` with the authorizer's reason, `status.incomplete` and the rules in the order
 * the RBAC resolver finds them, `status.userInfo` with the user's groups.
 * Stateless: each call evaluates against the store's RBAC objects as they are now.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { StoreError } from '../store/types.ts'
import { decodeBody, readBody } from '../http/writes/body.ts'
import type { Authorizer } from './authorizer.ts'
import type { Attributes, Decision, PolicyRule, UserInfo } from './types.ts'

export const AUTHORIZATION_GV = 'authorization.k8s.io/v1'
export const AUTHENTICATION_GV = 'authentication.k8s.io/v1'
const REVIEW_PATHS: Readonly<Record<string, string>> = {
  [`/apis/${AUTHORIZATION_GV}/selfsubjectaccessreviews`]: 'SelfSubjectAccessReview',
  [`/apis/${AUTHORIZATION_GV}/selfsubjectrulesreviews`]: 'SelfSubjectRulesReview',
  [`/apis/${AUTHENTICATION_GV}/selfsubjectreviews`]: 'SelfSubjectReview'
}

/** The review kind served at `path`, if it is one of the three collections. */
export function reviewKind(path: string): string | undefined {
  return REVIEW_PATHS[path.replace(/\/+$/, '')]
}

type Json = Record<string, unknown>
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (o: Json | undefined, k: string): string => (typeof o?.[k] === 'string' ? (o[k] as string) : '')

function send(res: ServerResponse, body: object): void {
  const json = JSON.stringify(body)
  res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) })
  res.end(json)
}

const badRequest = (m: string): StoreError => new StoreError(400, 'BadRequest', m)

function invalidSsar(body: Json, field: string, detail: string): StoreError {
  const message = `Invalid value: "null": ${detail}`
  return new StoreError(422, 'Invalid', `SelfSubjectAccessReview.authorization.k8s.io "" is invalid: ${field}: ${message}`, {
    kind: 'SelfSubjectAccessReview',
    group: 'authorization.k8s.io',
    causes: [{ reason: 'FieldValueInvalid', message, field }],
    name: str(isObj(body.metadata) ? body.metadata : undefined, 'name') || undefined
  })
}

/** The review's attributes (`ResourceAttributesFrom` / `NonResourceAttributesFrom`). */
function ssarAttributes(body: Json): Attributes {
  const spec = isObj(body.spec) ? body.spec : {}
  const ra = isObj(spec.resourceAttributes) ? spec.resourceAttributes : undefined
  const nra = isObj(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined
  if (ra && nra) throw invalidSsar(body, 'spec.nonResourceAttributes', 'cannot be specified in combination with resourceAttributes')
  if (ra) {
    return {
      resourceRequest: true,
      verb: str(ra, 'verb'),
      apiGroup: str(ra, 'group'),
      apiVersion: str(ra, 'version'),
      resource: str(ra, 'resource'),
      subresource: str(ra, 'subresource'),
      namespace: str(ra, 'namespace'),
      name: str(ra, 'name')
    }
  }
  if (nra) return { resourceRequest: false, verb: str(nra, 'verb'), path: str(nra, 'path') }
  throw invalidSsar(body, 'spec.resourceAttributes', 'exactly one of nonResourceAttributes or resourceAttributes must be specified')
}

/** `ResourceRule` / `NonResourceRule` of the rules review: empty lists left out, verbs always there. */
function ruleInfos(rules: readonly PolicyRule[]): { resourceRules: Json[]; nonResourceRules: Json[] } {
  const resourceRules: Json[] = []
  const nonResourceRules: Json[] = []
  for (const r of rules) {
    if (r.resources?.length) {
      const out: Json = { verbs: [...(r.verbs ?? [])] }
      if (r.apiGroups?.length) out.apiGroups = [...r.apiGroups]
      out.resources = [...r.resources]
      if (r.resourceNames?.length) out.resourceNames = [...r.resourceNames]
      resourceRules.push(out)
    }
    if (r.nonResourceURLs?.length) nonResourceRules.push({ verbs: [...(r.verbs ?? [])], nonResourceURLs: [...r.nonResourceURLs] })
  }
  return { resourceRules, nonResourceRules }
}

/**
 * Answer a POST to one of the review collections (the caller has authorized `create` on it).
 * `decide` is the same decision the request path uses for this user.
 * @throws StoreError 400/422 for a body the apiserver refuses.
 */
export async function serveReview(
  authz: Authorizer,
  decide: (attrs: Attributes) => Decision,
  user: UserInfo,
  kind: string,
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> {
  const decoded = decodeBody(await readBody(req), req.headers['content-type'], `the body of the ${kind}`)
  const body: Json = isObj(decoded) ? decoded : {}
  const meta = { creationTimestamp: null }
  if (kind === 'SelfSubjectReview') {
    const userInfo: Json = { username: user.name }
    if (user.uid) userInfo.uid = user.uid
    userInfo.groups = [...user.groups]
    return send(res, { kind, apiVersion: AUTHENTICATION_GV, metadata: meta, status: { userInfo } })
  }
  if (kind === 'SelfSubjectRulesReview') {
    const namespace = str(isObj(body.spec) ? body.spec : undefined, 'namespace')
    if (!namespace) throw badRequest('no namespace on request')
    const { rules, errors } = authz.rulesFor(user, namespace)
    const status: Json = { ...ruleInfos(rules), incomplete: false }
    if (errors.length) status.evaluationError = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`
    return send(res, { kind, apiVersion: AUTHORIZATION_GV, metadata: meta, spec: {}, status })
  }
  const attrs = ssarAttributes(body)
  const decision = decide(attrs)
  const status: Json = { allowed: decision.allowed }
  if (decision.reason) status.reason = decision.reason
  return send(res, { kind, apiVersion: AUTHORIZATION_GV, metadata: meta, spec: isObj(body.spec) ? body.spec : {}, status })
}
