/**
 * `npm run real-cluster -- [--nodes N] [--write-kubeconfig FILE] [--keep-temp]`: a real control
 * plane on 127.0.0.1 until Ctrl-C.
 *
 * Why: people and benchmarks point kubectl and Periscope at a real apiserver. Prints exactly
 * `real cluster ready on https://127.0.0.1:<port>` on stdout once /readyz passes and all N fake
 * nodes are Ready (scripts wait for that line), then where the kubeconfig went; never a token.
 * Progress, the temp dir and errors go to stderr; component logs go to files in the temp dir.
 * Lifecycle: bad arguments exit 2; a failed start exits 1; SIGINT/SIGTERM (also during start), or
 * the death of the parent process, stop every component and remove the temp dir, then exit 0
 * (130 when interrupted during start).
 * A component dying while the cluster is up is an error: everything stops and the exit code is 1.
 */
import { parseArgs } from 'node:util'
import { writeKubeconfig } from './kubeconfig.ts'
import { startRealCluster } from './launch.ts'
import type { RealCluster } from './launch.ts'

const USAGE = 'usage: npm run real-cluster -- [--nodes <n>] [--write-kubeconfig <file>] [--keep-temp]'

/** How often the CLI checks that its parent (npm's shell, a script) is still there. */
const PARENT_POLL_MS = 1000

class UsageError extends Error {}

export interface CliOptions {
  readonly nodes: number
  readonly kubeconfigPath?: string
  readonly keepTemp: boolean
}

/** Parse the command line. @throws UsageError naming the bad argument. */
export function parseCli(argv: string[]): CliOptions {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { nodes: { type: 'string' }, 'write-kubeconfig': { type: 'string' }, 'keep-temp': { type: 'boolean' } }
    }))
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err))
  }
  const nodes = values.nodes === undefined ? 3 : Number(values.nodes)
  if (!/^\d+$/.test(values.nodes ?? '3') || nodes < 0 || nodes > 1000)
    throw new UsageError(`--nodes must be an integer between 0 and 1000, got "${values.nodes}"`)
  if (values['write-kubeconfig'] === '') throw new UsageError('--write-kubeconfig needs a file path')
  return { nodes, kubeconfigPath: values['write-kubeconfig'], keepTemp: values['keep-temp'] ?? false }
}

async function main(): Promise<void> {
  let opts: CliOptions
  try {
    opts = parseCli(process.argv.slice(2))
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    console.error(`real-cluster: ${err.message}\n${USAGE}`)
    process.exit(2)
  }
  // Signal handlers go in before anything starts: a signal during the start aborts it (and
  // cleans up), a signal after the ready line stops the cluster. Never the default disposition.
  const abort = new AbortController()
  let cluster: RealCluster | undefined
  let exiting = false
  const shutdown = (code: number): void => {
    if (exiting) return
    exiting = true
    if (!cluster) {
      abort.abort()
      return
    }
    cluster.stop().then(
      () => process.exit(code),
      (err: unknown) => {
        console.error(`real-cluster: stop failed: ${err instanceof Error ? err.message : String(err)}`)
        process.exit(1)
      }
    )
  }
  process.once('SIGINT', () => shutdown(0))
  process.once('SIGTERM', () => shutdown(0))
  // `npm run` starts us under `sh -c`; on SIGTERM npm signals that shell, which dies without passing
  // it on, and we would run on as an orphan. Being reparented means our parent is gone: stop.
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid !== parent) shutdown(0)
  }, PARENT_POLL_MS).unref()

  const started = Date.now()
  try {
    cluster = await startRealCluster({
      nodes: opts.nodes,
      keepTempDir: opts.keepTemp,
      signal: abort.signal,
      log: (line) => console.error(line.startsWith('real-cluster: ') ? line : `real-cluster: ${line}`),
      onUnexpectedExit: (name, code, tail) => {
        console.error(`real-cluster: ${name} exited unexpectedly (${code}); last lines of its log:\n${tail}`)
        shutdown(1)
      }
    })
  } catch (err) {
    if (abort.signal.aborted) process.exit(130)
    console.error(err instanceof Error ? err.message : String(err))
    process.exit(1)
  }
  if (opts.kubeconfigPath) writeKubeconfig(opts.kubeconfigPath, cluster.kubeconfig())
  console.error(`real-cluster: started in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${cluster.logDir}`)
  console.log(`real cluster ready on ${cluster.url}`)
  if (opts.kubeconfigPath) console.log(`real cluster kubeconfig written to ${opts.kubeconfigPath} (context real-admin)`)
}

main().catch((err: unknown) => {
  console.error(`real-cluster: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
