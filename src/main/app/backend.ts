/**
 * The desktop app's backend: the composed backend (`src/main/backend`) as the window needs it.
 *
 * Why: the Electron composition root should only wire windows and events; what runs behind the
 * window is the same stack as browser mode (`composeBackend`), started here with the desktop's
 * choices: settings in userData, the offline cache beside them, the kubeconfig of the
 * environment (or `--demo`; the demo cluster also when no kubeconfig file exists), HTTP/2 + TLS
 * on a free port (spec §9), and the kubeconfig files watched. This is one of the two startup
 * files that may import the simulator: it hands `startSim` in as the demo cluster factory,
 * imported only when the demo starts (a separate chunk of the main bundle: a window on real
 * clusters never loads the simulator's code and tables).
 * No Electron import: paths come in. Lifecycle: `startBackend` once after the app is ready;
 * `quitSteps()` gives the shutdown order watcher → server → engine → simulator.
 */
import type { Sim } from '@periscope/kube-sim'
import { composeBackend } from '../backend/composeBackend.ts'
import type { Backend } from '../backend/composeBackend.ts'
import type { KubeconfigProblem } from '../kube/kubeconfig.ts'
import type { ShellLog } from './security.ts'

export interface BackendOptions {
  /** `<userData>/settings.json`. */
  readonly settingsPath: string
  /** The built renderer (`out/renderer`). */
  readonly rendererDir: string
  readonly version: string
  /** `--demo`: show the demo cluster even when a kubeconfig exists. */
  readonly demo: boolean
  readonly env: NodeJS.ProcessEnv
  readonly log: ShellLog
  /** A kubeconfig change brought different problems (the window shows them). */
  readonly onProblemsChanged?: (problems: readonly KubeconfigProblem[]) => void
}

export type DesktopBackend = Backend<Sim>

/**
 * Start settings, clusters, engine, server and the kubeconfig watch.
 * @throws Error with a human-readable message when the settings cannot be read, an env var is
 *   invalid, or the server cannot listen.
 */
export function startBackend(o: BackendOptions): Promise<DesktopBackend> {
  return composeBackend({
    settingsPath: o.settingsPath,
    env: o.env,
    kubeconfig: { env: o.env },
    forceDemo: o.demo,
    demo: async (opts) => (await import('@periscope/kube-sim')).startSim(opts),
    port: 0,
    tls: true,
    rendererDir: o.rendererDir,
    version: o.version,
    log: o.log,
    watchKubeconfig: true,
    ...(o.onProblemsChanged ? { onProblemsChanged: o.onProblemsChanged } : {})
  })
}
