/**
 * OpenAPI v3 component schemas of the simulator's kinds, generated from `validate/schema.ts`.
 *
 * Why: `kubectl explain <kind>` (1.27+) reads `components.schemas` of the group-version document
 * and finds a kind by `x-kubernetes-group-version-kind`; the same table drives the server's
 * strict field validation, so what explain shows is what Strict checks.
 */
import type { KindDef } from '../kinds.ts'
import { kindSchema } from '../validate/schema.ts'
import type { Schema } from '../validate/schema.ts'

/** The OpenAPI name of a kind's schema, e.g. `io.k8s.api.apps.v1.Deployment`. */
export function schemaName(k: KindDef): string {
  const group = k.apiGroup === '' ? 'core' : k.apiGroup.replace(/\.k8s\.io$/, '')
  return `io.k8s.api.${group}.${k.version}.${k.kind}`
}

function toOpenApi(s: Schema): Record<string, unknown> {
  if (s === 'any') return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }
  if (s === 'map') return { type: 'object', additionalProperties: { type: 'string', default: '' } }
  if (typeof s === 'string') return { type: s }
  if (Array.isArray(s)) return { type: 'array', items: toOpenApi(s[0] as Schema) }
  const properties: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(s as Record<string, Schema>)) properties[k] = toOpenApi(v)
  return { type: 'object', properties }
}

/** The component schema of one kind, tagged with its group-version-kind. */
export function kindComponent(k: KindDef): Record<string, unknown> {
  return {
    description: `${k.kind} (as modelled by the Periscope simulated apiserver; fields below "any" are not described).`,
    ...toOpenApi(kindSchema(k.id)),
    'x-kubernetes-group-version-kind': [{ group: k.apiGroup, kind: k.kind, version: k.version }]
  }
}
