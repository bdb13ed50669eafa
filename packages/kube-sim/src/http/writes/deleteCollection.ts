/**
 * DELETE on a collection (`deletecollection`): every object the list options select is deleted
 * as DELETE on it would delete it, and the answer is the list of what was deleted.
 *
 * Why: discovery advertises `deletecollection` for every kind but namespaces, the official
 * clients expose it (`delete_collection_namespaced_pod`), and the namespace controller uses it.
 * As the apiserver's generic registry: the list options are validated like a LIST's, the
 * DeleteOptions (query and body) apply to each object, graceful deletion and finalizers work as
 * usual (a pod in its grace period is returned Terminating), and the answer is a `<Kind>List` of
 * the objects as their deletes returned them.
 */
import type { ServerResponse } from 'node:http'
import { groupVersion } from '../../kinds.ts'
import { StoreError } from '../../store/types.ts'
import type { KubeObject } from '../../types.ts'
import { listParams, validateListParams } from '../params.ts'
import type { WriteCtx } from './context.ts'
import { sendObject } from './context.ts'
import { deleteOptions } from './delete.ts'

/** Handle DELETE on the collection of `ctx.kind` (in `ctx.namespace` for namespaced kinds). */
export function serveDeleteCollection(ctx: WriteCtx, res: ServerResponse, body: unknown): void {
  const { kind } = ctx
  const { store, lifecycle } = ctx.deps
  if (kind.id === 'namespaces' || (kind.namespaced && !ctx.namespace)) {
    throw new StoreError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {})
  }
  const params = listParams(ctx.query)
  const invalid = validateListParams(params, ctx.deps.watchList ?? false)
  if (invalid) throw new StoreError(invalid.code, invalid.reason, invalid.message, invalid.details)
  const opts = deleteOptions(ctx.query, body, ctx.dryRun)
  const page = store.list(kind.id, { namespace: ctx.namespace || undefined, labelSelector: params.labelSelector, fieldSelector: params.fieldSelector })
  const items: KubeObject[] = []
  for (const rec of page.items) {
    try {
      items.push(lifecycle.delete(kind.id, rec.ns, rec.name, opts).object)
    } catch (err) {
      // Someone else deleted it meanwhile: it is gone, as asked.
      if (!(err instanceof StoreError) || err.code !== 404) throw err
    }
  }
  sendObject(res, ctx, 200, { kind: `${kind.kind}List`, apiVersion: groupVersion(kind), metadata: { resourceVersion: String(page.rv) }, items })
}
