/**
 * `npm run serve`: Periscope headless, in browser mode (spec §6a).
 *
 * Why: the same server, engine and settings as the desktop app, runnable from a terminal (and by
 * tests and scripts): `[--demo] [--kubeconfig <file>] [--port <n>] [--tls] [--settings <file>]
 * [--cache-dir <dir>]` (the offline snapshot cache; default `cache/` beside the settings file).
 * A bad flag or env value stops the launch with exit code 2 and one line naming the problem.
 * Lifecycle: parse flags → the composed backend (`src/main/backend`: settings with env winning,
 * clusters from the kubeconfig or the in-process simulated apiserver with `--demo` / no
 * kubeconfig, engine, server, and a watch of the kubeconfig files, re-read on every change like
 * the desktop app) → print the ready lines → on SIGINT/SIGTERM run its quit steps (watcher,
 * streams, engine and clusters, simulator).
 */
import { readFileSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import { startSim } from '@periscope/kube-sim'
import { enabledLogLine } from '../../shared/kinds/grammar.ts'
import { customKindsReport } from '../backend/customKindsReport.ts'
import { BackendStartError, composeBackend } from '../backend/composeBackend.ts'
import type { Backend } from '../backend/composeBackend.ts'
import { defaultSettingsPath } from '../config/settingsFile.ts'
import type { KubeconfigProblem } from '../kube/kubeconfig.ts'

/** Exit code of a bad flag or env value ("deploy time" failure, spec §3). */
const EXIT_USAGE = 2
/** A shutdown that takes longer than this is forced (a stuck socket must not hang the terminal). */
const SHUTDOWN_TIMEOUT_MS = 5_000
/** A fixed PERISCOPE_TOKEN shorter than this is too guessable for a credential. */
const MIN_TOKEN_LENGTH = 16

const USAGE = 'usage: npm run serve -- [--demo] [--kubeconfig <file>] [--port <n>] [--tls] [--settings <file>] [--cache-dir <dir>]'

export interface ServeArgs {
  readonly demo: boolean
  readonly kubeconfig?: string
  readonly port: number
  readonly tls: boolean
  readonly settings?: string
  readonly cacheDir?: string
  readonly help: boolean
}

/**
 * Parse the flags (`--flag value` or `--flag=value`).
 * @throws Error with a one-line message naming the bad flag or value.
 */
export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const out: { demo: boolean; kubeconfig?: string; port: number; tls: boolean; settings?: string; cacheDir?: string; help: boolean } = {
    demo: false,
    port: 0,
    tls: false,
    help: false
  }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] =
      argv[i].startsWith('--') && argv[i].includes('=')
        ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)]
        : [argv[i], undefined]
    const value = (): string => {
      const v = inline ?? argv[++i]
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--'))) throw new Error(`${flag} needs a value`)
      return v
    }
    const noValue = (): void => {
      if (inline !== undefined) throw new Error(`${flag} takes no value`)
    }
    switch (flag) {
      case '--demo':
        noValue()
        out.demo = true
        break
      case '--tls':
        noValue()
        out.tls = true
        break
      case '--help':
      case '-h':
        out.help = true
        break
      case '--kubeconfig':
        out.kubeconfig = value()
        break
      case '--settings':
        out.settings = value()
        break
      case '--cache-dir':
        out.cacheDir = value()
        break
      case '--port': {
        const v = value()
        if (!/^[0-9]{1,5}$/.test(v) || Number(v) > 65535)
          throw new Error(`invalid --port ${JSON.stringify(v)}: use a whole number from 0 (any free port) to 65535`)
        out.port = Number(v)
        break
      }
      default:
        throw new Error(`unknown option ${JSON.stringify(flag)}`)
    }
  }
  if (out.demo && out.kubeconfig) throw new Error('--demo and --kubeconfig cannot be used together')
  return out
}

function fail(message: string, code = EXIT_USAGE): never {
  process.stderr.write(`periscope: ${message}\n`)
  process.exit(code)
}

/** A fixed PERISCOPE_TOKEN, validated; undefined = a fresh random one (the backend makes it). */
function launchToken(): string | undefined {
  const fixed = process.env.PERISCOPE_TOKEN
  if (fixed === undefined) return undefined
  if (fixed.length < MIN_TOKEN_LENGTH || fixed.length > 512 || /[^\x21-\x7e]/.test(fixed)) {
    fail(`invalid PERISCOPE_TOKEN: it must be ${MIN_TOKEN_LENGTH} to 512 printable characters without spaces`)
  }
  return fixed
}

async function main(): Promise<void> {
  let args: ServeArgs
  try {
    args = parseServeArgs(process.argv.slice(2))
  } catch (e) {
    fail(`${(e as Error).message} (${USAGE})`)
  }
  if (args.help) {
    process.stdout.write(USAGE + '\n')
    return
  }
  const token = launchToken()
  const settingsPath = resolve(args.settings ?? defaultSettingsPath())
  const root = resolve(import.meta.dirname, '../../..')
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version
  const paths = args.kubeconfig ? args.kubeconfig.split(delimiter).map((p) => resolve(p)) : undefined
  const log = (l: string): void => {
    process.stderr.write(`periscope: ${l}\n`)
  }
  let backend: Backend
  try {
    backend = await composeBackend({
      settingsPath,
      env: process.env,
      kubeconfig: paths ? { paths } : { env: process.env },
      forceDemo: args.demo,
      demo: startSim,
      ...(args.cacheDir ? { cacheDir: resolve(args.cacheDir) } : {}),
      ...(token ? { token } : {}),
      port: args.port,
      tls: args.tls,
      rendererDir: join(root, 'out', 'renderer'),
      version,
      log,
      watchKubeconfig: true,
      onProblemsChanged: (problems) => {
        for (const p of problems) process.stderr.write(`periscope: kubeconfig problem: ${formatProblem(p)}\n`)
      }
    })
  } catch (e) {
    if (!(e instanceof BackendStartError)) throw e
    if (e.stage === 'config') fail(e.message)
    if (e.stage === 'listen') fail(`cannot listen on 127.0.0.1:${args.port}: ${e.detail}`, 1)
    fail(e.message, 1)
  }
  const { server, config } = backend
  if (config.current().problem) process.stderr.write(`periscope: warning: ${config.current().problem}\n`)
  for (const p of backend.problems()) process.stderr.write(`periscope: kubeconfig problem: ${formatProblem(p)}\n`)

  // Signal handlers go in before the ready lines, so a script that signals as soon as it reads
  // them always gets a clean shutdown, never the default disposition.
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) process.exit(1)
    stopping = true
    process.stderr.write(`periscope: ${signal}: shutting down\n`)
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref()
    void backend.close().then(() => process.exit(0))
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))

  process.stdout.write(`${enabledLogLine(config.current().enabled, config.current().custom)}\n`)
  process.stdout.write(`periscope listening on ${server.origin}\n`)
  // The one line that carries the token: it is the user's own terminal (spec §6a).
  process.stdout.write(`${server.origin}/?token=${encodeURIComponent(backend.token)}\n`)
  if (server.certificate) process.stderr.write(`periscope: TLS certificate SHA-256 fingerprint ${server.certificate.fingerprint256}\n`)
  // Named custom tokens no cluster serves are reported, never ignored silently.
  if (config.current().custom.tokens.length)
    void customKindsReport(backend.engine, config.current().custom).then((lines) => {
      for (const l of lines) process.stdout.write(`${l}\n`)
    })
}

function formatProblem(p: KubeconfigProblem): string {
  return `${p.path}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`
}

if (import.meta.main) await main()
