/**
 * The kind of a collection route: a registry kind (bound by the route table), or a custom kind
 * (`<plural>.<group>`) that the cluster's discovery serves.
 *
 * Why: the route table is static and knows only the registry; custom kinds exist per cluster and
 * only once discovery has answered, so the handlers resolve them through the engine here, with
 * one precise 404 for a token the cluster does not serve.
 * Lifecycle: stateless; one call per request.
 */
import type { AnyKindDef } from '../../../shared/kinds/anyKind.ts'
import { isCustomToken } from '../../../shared/kinds/custom.ts'
import type { CollectionRoute } from '../../../shared/api/routes.ts'
import type { ServerContext } from '../context.ts'

export type RouteKind =
  { readonly ok: true; readonly kind: AnyKindDef; readonly namespace: string } | { readonly ok: false; readonly status: 404; readonly error?: string }

/**
 * Resolve the route's kind. `{ ok: false }` without `error` = not a kind token at all (the caller
 * answers like a missing route); with `error` = a custom kind this cluster does not serve.
 */
export async function routeKind(ctx: ServerContext, route: CollectionRoute): Promise<RouteKind> {
  if (route.kind) return { ok: true, kind: route.kind, namespace: route.namespace }
  if (!isCustomToken(route.kindToken) || !ctx.engine.resolveKind) return { ok: false, status: 404 }
  const kind = await ctx.engine.resolveKind(route.cluster, route.kindToken)
  if (!kind) {
    return { ok: false, status: 404, error: `cluster ${JSON.stringify(route.cluster)} does not serve ${route.kindToken} (not in its API discovery)` }
  }
  return { ok: true, kind, namespace: kind.namespaced ? route.namespace : '' }
}
