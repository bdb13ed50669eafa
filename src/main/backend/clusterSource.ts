/**
 * Where the clusters come from: kubeconfig files, inline YAML, or the demo cluster.
 *
 * Why: the desktop app, `serve`, the bench and the tests name their clusters differently, and the
 * rule "the demo cluster when asked (`--demo`) or when no kubeconfig file exists" must be written
 * once. The demo cluster (the simulated apiserver) is started by an injected factory, because only
 * the startup files may import the simulator (lint). Lifecycle: `openClusterSource` once (starts
 * the demo cluster when the rule says so); `read()` on every (re)load says what to read now, so a
 * kubeconfig file that appears while the demo runs replaces it (and one that disappears brings the
 * demo back, if it was started); the demo cluster is stopped by the backend's last quit step.
 */
import { existsSync } from 'node:fs'
import { kubeconfigPaths } from '../kube/kubeconfig.ts'
import type { ReadOptions } from '../kube/kubeconfig.ts'

/** Events/s of the demo cluster: enough to see rows change, calm enough to read them. */
export const DEMO_CHURN = 2
/** Context name (= cluster id) of the demo cluster in the sidebar. */
export const DEMO_CONTEXT = 'demo'

/** What the backend needs of the demo cluster (the simulator's `Sim` has it). */
export interface DemoCluster {
  /** `https://127.0.0.1:<port>`, for the log line. */
  readonly url: string
  /** A kubeconfig (YAML) whose one context, named `context`, reaches the demo cluster. */
  kubeconfig(opts: { context: string }): string
  stop(): Promise<void>
}

/** Starts the demo cluster (the startup files pass the simulator's `startSim`). */
export type DemoFactory<D extends DemoCluster = DemoCluster> = (opts: { churn: number }) => Promise<D>

/**
 * The kubeconfig to read.
 * - `paths`: exactly these files (`--kubeconfig`); a missing one is a problem, never the demo.
 * - `env`: `$KUBECONFIG` of this env, else `~/.kube/config`; the demo when none of them exists.
 * - `yaml`: inline kubeconfig text (tests, the bench); never the demo, nothing to watch.
 */
export type KubeconfigSource = { readonly paths: readonly string[] } | { readonly env: NodeJS.ProcessEnv } | { readonly yaml: string }

export interface ClusterSourceOptions<D extends DemoCluster = DemoCluster> {
  readonly kubeconfig: KubeconfigSource
  /** `--demo`: the demo cluster even when a kubeconfig exists (needs `demo`). */
  readonly forceDemo?: boolean
  /** Starts the demo cluster; without it there is no demo (an empty cluster list instead). */
  readonly demo?: DemoFactory<D>
}

export interface ClusterSource<D extends DemoCluster = DemoCluster> {
  /** The kubeconfig files to watch (none for inline YAML or a forced demo). */
  readonly files: readonly string[]
  /** The demo cluster, when it was started. */
  readonly demo?: D
  /** What to read now: the demo's kubeconfig while it is in use, else the kubeconfig source. */
  read(): ReadOptions
}

/**
 * Resolve the source and start the demo cluster if the rule says so.
 * @throws Error when `forceDemo` is set without a `demo` factory, or the demo cannot start.
 */
export async function openClusterSource<D extends DemoCluster = DemoCluster>(o: ClusterSourceOptions<D>): Promise<ClusterSource<D>> {
  const src = o.kubeconfig
  if (o.forceDemo && !o.demo) throw new Error('the demo cluster was asked for, but this backend has no demo cluster to start')
  const candidates = 'yaml' in src ? [] : 'paths' in src ? [...src.paths] : kubeconfigPaths({ env: src.env }).paths
  // Only an env-derived kubeconfig (the default places) falls back to the demo; explicit files
  // that are missing are reported as such, like kubectl --kubeconfig.
  const wantsDemo = (): boolean => o.forceDemo === true || ('env' in src && !candidates.some((p) => existsSync(p)))
  const demo = o.demo && wantsDemo() ? await o.demo({ churn: DEMO_CHURN }) : undefined
  return {
    files: o.forceDemo ? [] : candidates,
    ...(demo ? { demo } : {}),
    read: () => (demo && wantsDemo() ? { yaml: demo.kubeconfig({ context: DEMO_CONTEXT }) } : src)
  }
}
