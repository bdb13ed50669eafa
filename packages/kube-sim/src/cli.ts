/**
 * `npm run sim -- --port <n> --write-kubeconfig <file> [--pods <n>] [--churn <events/s>] [--seed <n>]
 *  [--token-file <file>] [--history <n>] [--no-tls] [--log-rate <lines/s>] [--user <name> [--deny <kinds>]]
 *  [--feature-gates WatchList=true]`: the simulated
 * apiserver as a standalone process. `--log-rate` sets the log lines per second of each running
 * container (default 1). `--user` writes the kubeconfig for a non-admin user of that
 * name (with a fresh random token) instead of the admin; `--deny pods,events` makes the kinds that
 * user may not read (403 with the apiserver's RBAC message), to try restricted users.
 * The demo cluster has two restricted users besides the admin, each a context of the written
 * kubeconfig (the admin's stays current): `periscope-sim-dev-team-a` (reads `team-a` and `team-b`
 * only) and `periscope-sim-viewer` (the `view` ClusterRole everywhere); `--no-demo-users` leaves
 * them (and their team-a/team-b namespaces) out.
 * `--token-file` gives the admin token in a file (its first line, trimmed): a token on the command
 * line is visible to every local user in `ps` and /proc/<pid>/cmdline. `--token <t>` still works,
 * for old scripts, but nothing of ours uses it.
 *
 * Why: benchmarks and people run real kubectl against the demo cluster. Prints exactly
 * `sim listening on https://127.0.0.1:<port>` when ready (scripts wait for that line), then where
 * the kubeconfig went; never the token. Bad arguments exit 2; SIGINT/SIGTERM shut down cleanly.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { findKind } from '../../../src/shared/kinds/registry.ts'
import type { KindId } from '../../../src/shared/kinds/registry.ts'
import { writeKubeconfig } from './kubeconfig.ts'
import { startSim } from './sim.ts'
import type { SimOptions } from './sim.ts'

const USAGE =
  'usage: npm run sim -- --port <n> --write-kubeconfig <file> [--pods <n>] [--churn <events/s>] [--seed <n>] [--token-file <file>] [--history <n>] [--no-tls] [--log-rate <lines/s>] [--user <name> [--deny <kind,...>]] [--no-demo-users] [--feature-gates WatchList=true]'
/** A token file is one line; anything much larger is not one. */
const MAX_TOKEN_FILE_BYTES = 4096

class UsageError extends Error {}

function intArg(name: string, v: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === undefined) return undefined
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`--${name} must be an integer between ${min} and ${max}, got "${v}"`)
  }
  return Number(v)
}

/** Parse the command line. @throws UsageError with a message naming the bad argument. */
export function parseCli(argv: string[]): { opts: SimOptions; kubeconfigPath?: string; kubeconfigToken?: string } {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'write-kubeconfig': { type: 'string' },
        pods: { type: 'string' },
        churn: { type: 'string' },
        seed: { type: 'string' },
        token: { type: 'string' },
        'token-file': { type: 'string' },
        history: { type: 'string' },
        'no-tls': { type: 'boolean' },
        user: { type: 'string' },
        deny: { type: 'string' },
        'log-rate': { type: 'string' },
        'no-demo-users': { type: 'boolean' },
        'feature-gates': { type: 'string' }
      }
    }))
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err))
  }
  const churn = values.churn === undefined ? undefined : Number(values.churn)
  if (churn !== undefined && (!Number.isFinite(churn) || churn < 0 || values.churn?.trim() === '')) {
    throw new UsageError(`--churn must be a non-negative number of events per second, got "${values.churn}"`)
  }
  const logRate = values['log-rate'] === undefined ? undefined : Number(values['log-rate'])
  if (logRate !== undefined && (!Number.isFinite(logRate) || logRate < 0 || logRate > 100_000 || values['log-rate']?.trim() === '')) {
    throw new UsageError(`--log-rate must be a number of lines per second between 0 and 100000, got "${values['log-rate']}"`)
  }
  if (values.token !== undefined && values['token-file'] !== undefined) throw new UsageError('--token and --token-file cannot be used together')
  const token = values['token-file'] !== undefined ? readTokenFile(values['token-file']) : values.token
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    throw new UsageError(
      values.token !== undefined
        ? '--token must be non-empty printable ASCII without spaces'
        : `--token-file ${values['token-file']}: the token must be non-empty printable ASCII without spaces`
    )
  }
  if (values['write-kubeconfig'] === '') throw new UsageError('--write-kubeconfig needs a file path')
  const user = userArg(values.user, values.deny)
  const gates = featureGatesArg(values['feature-gates'])
  return {
    kubeconfigPath: values['write-kubeconfig'],
    ...(user ? { kubeconfigToken: user.token } : {}),
    opts: {
      port: intArg('port', values.port, 0, 65535),
      pods: intArg('pods', values.pods, 0),
      churn,
      seed: intArg('seed', values.seed, 0),
      token,
      historySize: intArg('history', values.history, 1),
      tls: !values['no-tls'],
      ...(logRate !== undefined ? { logRate } : {}),
      ...(user ? { users: [user] } : {}),
      demoUsers: !values['no-demo-users'],
      ...(gates ? { featureGates: gates } : {})
    }
  }
}

/** The gates the simulator models, by their kube-apiserver names. */
const KNOWN_GATES = ['WatchList'] as const

/** `--feature-gates WatchList=true` (kube-apiserver's syntax: `Name=bool,…`), or undefined. */
function featureGatesArg(v: string | undefined): { WatchList?: boolean } | undefined {
  if (v === undefined) return undefined
  const gates: { WatchList?: boolean } = {}
  for (const part of v.split(',')) {
    const m = /^\s*([A-Za-z0-9]+)=(true|false)\s*$/.exec(part)
    if (!m) throw new UsageError(`--feature-gates: "${part}" is not Name=true|false`)
    if (!(KNOWN_GATES as readonly string[]).includes(m[1]!)) {
      throw new UsageError(`--feature-gates: unrecognized feature gate: ${m[1]} (the simulator models ${KNOWN_GATES.join(', ')})`)
    }
    gates.WatchList = m[2] === 'true'
  }
  return gates
}

/**
 * The token in `file`: its first line, trimmed. Only a regular file of at most 4 KB is read (a
 * FIFO would block, a device never end).
 * @throws UsageError naming the file and the problem.
 */
function readTokenFile(file: string): string {
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (err) {
    throw new UsageError(`--token-file ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`)
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) throw new UsageError(`--token-file ${file}: not a regular file`)
    if (st.size > MAX_TOKEN_FILE_BYTES) throw new UsageError(`--token-file ${file}: ${st.size} bytes is too large for a token file`)
    const buf = Buffer.alloc(MAX_TOKEN_FILE_BYTES + 1)
    const n = readSync(fd, buf, 0, buf.length, 0)
    return buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0].trim()
  } finally {
    closeSync(fd)
  }
}

/** `--user <name> [--deny <kinds>]`: a non-admin user with a fresh token, or undefined. */
function userArg(name: string | undefined, deny: string | undefined): { token: string; name: string; deny: KindId[] } | undefined {
  if (name === undefined) {
    if (deny !== undefined) throw new UsageError('--deny needs --user: the admin may read everything')
    return undefined
  }
  if (!/^[\x21-\x7e]{1,128}$/.test(name) || name.includes('"'))
    throw new UsageError('--user must be 1 to 128 printable ASCII characters, without spaces or quotes')
  const kinds: KindId[] = []
  for (const t of (deny ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const k = findKind(t)
    if (!k) throw new UsageError(`--deny: unknown kind "${t}" (use kind tokens such as pods, events, deployments)`)
    kinds.push(k.id)
  }
  return { token: randomBytes(24).toString('base64url'), name, deny: kinds }
}

async function main(): Promise<void> {
  let parsed
  try {
    parsed = parseCli(process.argv.slice(2))
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    console.error(`sim: ${err.message}\n${USAGE}`)
    process.exit(2)
  }
  const sim = await startSim(parsed.opts)
  // Signal handlers go in before the ready line: a script that reads the line and signals at once
  // must never meet the default disposition (killed by the signal, no clean stop).
  const shutdown = (): void => {
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
  if (parsed.kubeconfigPath)
    writeKubeconfig(parsed.kubeconfigPath, sim.kubeconfig(parsed.kubeconfigToken ? { token: parsed.kubeconfigToken } : { users: sim.demoUsers }))
  console.log(`sim listening on ${sim.url}`)
  if (parsed.kubeconfigPath) console.log(`sim kubeconfig written to ${parsed.kubeconfigPath}`)
}

main().catch((err: unknown) => {
  console.error(`sim: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
