/**
 * The dispatch table: route name → method → handler, one entry per route of the shared table
 * (src/shared/api/routes.ts).
 *
 * Why: a route is one entry in the shared table plus one handler here; the type
 * `{ [N in RouteName]: { [M in RouteMethod<N>]: Handler<N> } }` makes a route without a handler
 * (or a method without one) a compile error, and a unit test checks the table at runtime too.
 * Lifecycle: a constant; `dispatch` runs after the guards (Host, Origin, token) and the method
 * check, with the matched route.
 */
import type { RouteMethod, RouteName } from '../../shared/api/routes.ts'
import type { Call, ServerContext } from './context.ts'
import * as api from './routes/api.ts'
import { logs } from './routes/logs.ts'
import { watch } from './routes/watch.ts'

export type { Call } from './context.ts'

export type Handler<N extends RouteName> = (ctx: ServerContext, call: Call<N>) => void | Promise<void>

export type HandlerTable = { readonly [N in RouteName]: { readonly [M in RouteMethod<N>]: Handler<N> } }

/** Every route's handlers. */
export const HANDLERS: HandlerTable = {
  features: { GET: (ctx, c) => api.features(ctx, c.res) },
  clusters: { GET: (ctx, c) => api.clusters(ctx, c.res) },
  kubeconfig: { GET: (ctx, c) => api.kubeconfig(ctx, c.res) },
  kubeconfigReload: { POST: (ctx, c) => api.reloadKubeconfig(ctx, c.res) },
  clusterRetry: { POST: (ctx, c) => api.retryCluster(ctx, c.res, c.route.cluster) },
  clusterKinds: { GET: (ctx, c) => api.clusterKinds(ctx, c.res, c.route.cluster) },
  settings: { GET: (ctx, c) => api.getSettings(ctx, c.res), PUT: (ctx, c) => api.putSettings(ctx, c.req, c.res) },
  list: { GET: (ctx, c) => api.list(ctx, c.res, c.pathname, c.route) },
  watch: { GET: (ctx, c) => watch(ctx, c) },
  object: { GET: (ctx, c) => api.object(ctx, c.res, c.pathname, c.route) },
  logs: { GET: (ctx, c) => logs(ctx, c) },
  debugStreams: { GET: (ctx, c) => api.debugStreams(ctx, c.res) },
  debugWatches: { GET: (ctx, c) => api.debugWatches(ctx, c.res) }
}

/**
 * Run the handler of `call.route` for `method`.
 * @returns false when the table has none (the caller answers 405/404).
 */
export function dispatch(ctx: ServerContext, method: string, call: Call<RouteName>): false | void | Promise<void> {
  const byMethod = HANDLERS[call.route.name] as Readonly<Record<string, Handler<RouteName> | undefined>>
  const handler = byMethod[method]
  return handler ? handler(ctx, call) : false
}
