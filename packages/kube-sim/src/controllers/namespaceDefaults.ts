/**
 * What every new namespace gets from the controller manager: the `default` ServiceAccount (the
 * serviceaccount controller) and the `kube-root-ca.crt` ConfigMap (the root-ca-cert publisher).
 *
 * Why: pods name `serviceAccountName: default` and mount `kube-root-ca.crt` through their
 * projected token volume; both must exist in a namespace made with `kubectl create namespace`
 * as on a cluster. Generated namespaces get them from the generator.
 * Lifecycle: started by the manager; a namespace is handled one step after it appears; `stop()`.
 */
import { namespaceDefaults } from '../gen/support.ts'
import type { Controller, Env } from './context.ts'

/** Start the namespace-defaults controller. */
export function startNamespaceDefaultsController(env: Env): Controller {
  const sync = (ns: string): undefined => {
    const rec = env.store.get('namespaces', '', ns)
    if (!rec || env.store.object(rec).metadata.deletionTimestamp) return undefined
    for (const d of namespaceDefaults(ns, env.now())) {
      if (env.store.get(d.kind, ns, d.object.metadata.name ?? '')) continue
      const { creationTimestamp: _ignored, ...meta } = d.object.metadata
      env.create(d.kind, { ...d.object, metadata: meta })
    }
    return undefined
  }
  const q = env.queue('namespace-defaults', sync)
  const watch = env.store.watch('namespaces', {}, env.store.currentRv(), (type, rec) => {
    if (type === 'ADDED') q.add(rec.name, env.stepMs)
  })
  return {
    stop: () => {
      watch.cancel()
      q.stop()
    }
  }
}
