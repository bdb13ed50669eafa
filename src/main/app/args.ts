/**
 * The desktop app's own command-line flags: `--demo` and `--kubeconfig <file[:file…]>`.
 *
 * Why: `npm start -- --demo` and `npm start -- --kubeconfig f` must mean the same in the window
 * as in browser mode (spec §6a). Electron's argv also carries its own entries (the app path in
 * development, Chromium switches), so unknown entries are ignored here, not rejected.
 * Lifecycle: parsed once at launch.
 */
import { delimiter, resolve } from 'node:path'

export interface DesktopArgs {
  readonly demo: boolean
  /** Absolute kubeconfig paths (replacing $KUBECONFIG), when given. */
  readonly kubeconfig?: readonly string[]
}

/**
 * Read the flags from Electron's argv.
 * @throws Error naming the flag when `--kubeconfig` has no value or is combined with `--demo`.
 */
export function parseDesktopArgs(argv: readonly string[]): DesktopArgs {
  let demo = false
  let kubeconfig: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--demo') demo = true
    else if (a.startsWith('--kubeconfig=')) kubeconfig = a.slice('--kubeconfig='.length)
    else if (a === '--kubeconfig') {
      const v = argv[i + 1]
      if (v === undefined || v.startsWith('--')) throw new Error('--kubeconfig needs a value')
      kubeconfig = v
      i++
    }
  }
  if (kubeconfig === '') throw new Error('--kubeconfig needs a value')
  if (demo && kubeconfig !== undefined) throw new Error('--demo and --kubeconfig cannot be used together')
  return kubeconfig === undefined
    ? { demo }
    : {
        demo,
        kubeconfig: kubeconfig
          .split(delimiter)
          .filter((p) => p !== '')
          .map((p) => resolve(p))
      }
}

/** `env` with `$KUBECONFIG` replaced by the `--kubeconfig` files, when given. */
export function envWithKubeconfig(env: NodeJS.ProcessEnv, args: DesktopArgs): NodeJS.ProcessEnv {
  return args.kubeconfig ? { ...env, KUBECONFIG: args.kubeconfig.join(delimiter) } : env
}
