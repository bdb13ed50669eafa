/**
 * A build plugin for the main process: bundle only the part of `@kubernetes/client-node` the app
 * runs (its `KubeConfig`: kubeconfig merging, TLS material, auth providers, proxies), not the
 * generated API client.
 *
 * Why: the package has no `sideEffects: false`, so importing its index keeps every module it
 * re-exports — 700 generated model classes with their serializer, undici, ws, tar — and runs them
 * at start. Measured on the bench's bundled main before any cluster is used (bench/bundleMain.ts,
 * after GC): 3.2 MB of bundle, 109 MB RSS and 23 MB heap; with this plugin 0.76 MB, 90 MB RSS and
 * 14.5 MB heap. What it does:
 * - `@kubernetes/client-node` resolves to its `dist/config.js` (the module that defines
 *   KubeConfig; the app imports nothing else from the package at run time);
 * - that module's `./gen/index.js` import (used only by `makeApiClient`, never called) resolves
 *   to a shim that throws if it ever is;
 * - `undici` (used only by `KubeConfig.createDispatcher`, the fetch path the app does not take:
 *   its transport uses `applyToHTTPSOptions`, i.e. node:https agents) resolves to a shim that loads
 *   the real undici on first use, so nothing breaks if a later client-node version starts to.
 * Lifecycle: a Vite plugin of the main build (electron.vite.config.ts), resolve-time only.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Plugin } from 'vite'

/** Where the shims live, from the project root (the config that uses this file gets bundled elsewhere). */
const SHIMS = 'scripts/build/shims'

/** The plugin (enforce: pre, so it runs before the dependency resolver). */
export function clientNodeSlim(): Plugin {
  let root = process.cwd()
  let configModule = ''
  return {
    name: 'periscope:client-node-slim',
    enforce: 'pre',
    configResolved(config) {
      root = config.root
      // client-node's `dist/config.js`, found from the project root as Node would.
      configModule = join(dirname(createRequire(join(root, 'package.json')).resolve('@kubernetes/client-node/package.json')), 'dist/config.js')
    },
    resolveId(id, importer) {
      if (id === '@kubernetes/client-node') return configModule
      if (id === 'undici' && importer?.includes('@kubernetes/client-node')) return join(root, SHIMS, 'undici.js')
      if (id === './gen/index.js' && importer === configModule) return join(root, SHIMS, 'clientNodeGen.js')
      return null
    }
  }
}
