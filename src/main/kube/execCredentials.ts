/**
 * Exec credential plugins (`users[].user.exec`), fetched once per credential lifetime.
 *
 * Why: client-node's ExecAuth caches by user name only (kubernetes-client/javascript#429) and has
 * no in-flight de-duplication, so 50 watches starting on a cold cache spawn 50 `aws eks
 * get-token` processes (a "login storm"). Here the cache key is (command, args, env, cluster),
 * concurrent callers share one in-flight spawn, and the credential is reused until its
 * `expirationTimestamp`. Lifecycle: `get()` → cached | in-flight | spawn; `invalidate()` after a
 * 401 so the next call re-runs the plugin. The plugin's output (a token) never leaves this module
 * except as the credential object; error messages carry only the exit status and stderr's first
 * line, never stdout.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { UpstreamError } from './errors.ts'

/** The `exec` stanza of a kubeconfig user, as parsed. */
export interface ExecSpec {
  readonly command: string
  readonly args: readonly string[]
  readonly env: readonly { readonly name: string; readonly value: string }[]
  readonly apiVersion: string
  readonly installHint?: string
  readonly provideClusterInfo?: boolean
}

/** What the plugin returned, minus everything we do not use. Holds a secret: never log it. */
export interface ExecCredential {
  readonly token?: string
  readonly clientCertificateData?: string
  readonly clientKeyData?: string
  /** ms since epoch; undefined = valid until a 401 invalidates it. */
  readonly expiresAt?: number
}

/** The cluster facts a plugin may be given (`provideClusterInfo`) and that key the cache. */
export interface ExecClusterInfo {
  readonly name: string
  readonly server: string
  readonly caData?: string
  readonly skipTLSVerify?: boolean
  readonly tlsServerName?: string
  readonly proxyUrl?: string
}

/** A plugin that hangs (waiting for input it will never get) must not block a cluster forever. */
const EXEC_TIMEOUT_MS = 60_000
/**
 * A failure is remembered this long: the reflectors of one cluster retry on their own backoff,
 * and without this each of them would respawn a plugin that is known to fail.
 */
const FAILURE_TTL_MS = 5_000
/** Refresh a little before expiry so a request does not race the credential's last second. */
const EXPIRY_SKEW_MS = 10_000

interface Entry {
  readonly promise: Promise<ExecCredential>
  /** undefined while in flight. */
  validUntil?: number
  /** The credential, once resolved. */
  credential?: ExecCredential
}

/** De-duplicating, expiring cache of exec credentials. */
export class ExecCredentialCache {
  private readonly entries = new Map<string, Entry>()
  /** Plugin processes started so far (for tests and /debug; no secrets). */
  spawns = 0

  /** A credential for `spec` on `cluster`: cached, shared in flight, or freshly spawned. */
  get(spec: ExecSpec, cluster: ExecClusterInfo): Promise<ExecCredential> {
    const key = cacheKey(spec, cluster)
    const e = this.entries.get(key)
    if (e && (e.validUntil === undefined || Date.now() < e.validUntil)) return e.promise
    const entry: Entry = { promise: this.run(spec, cluster) }
    this.entries.set(key, entry)
    entry.promise.then(
      (cred) => {
        entry.credential = cred
        entry.validUntil = cred.expiresAt === undefined ? Infinity : cred.expiresAt - EXPIRY_SKEW_MS
      },
      () => { entry.validUntil = Date.now() + FAILURE_TTL_MS }
    )
    return entry.promise
  }

  /**
   * Forget the credential (e.g. the apiserver answered 401 with it).
   * @param used the credential that was refused: a late 401 for an older credential must not
   *   throw away the fresh one that 49 other watches just shared.
   */
  invalidate(spec: ExecSpec, cluster: ExecClusterInfo, used?: ExecCredential): void {
    const key = cacheKey(spec, cluster)
    const e = this.entries.get(key)
    if (!e || e.validUntil === undefined) return
    if (used === undefined || e.credential === used) this.entries.delete(key)
  }

  private run(spec: ExecSpec, cluster: ExecClusterInfo): Promise<ExecCredential> {
    this.spawns++
    return runPlugin(spec, cluster)
  }
}

function cacheKey(spec: ExecSpec, cluster: ExecClusterInfo): string {
  return JSON.stringify([spec.command, spec.args, spec.env, cluster.name, cluster.server])
}

/** `aws` for `/usr/local/bin/aws`: what the user recognises in a message. */
function shortName(command: string): string {
  return path.basename(command)
}

function execInfo(spec: ExecSpec, cluster: ExecClusterInfo): string {
  const info: Record<string, unknown> = { apiVersion: spec.apiVersion, kind: 'ExecCredential', spec: { interactive: false } }
  if (spec.provideClusterInfo) {
    (info.spec as Record<string, unknown>).cluster = {
      server: cluster.server,
      ...(cluster.caData ? { 'certificate-authority-data': cluster.caData } : {}),
      ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
      ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
      ...(cluster.proxyUrl ? { 'proxy-url': cluster.proxyUrl } : {})
    }
  }
  return JSON.stringify(info)
}

function runPlugin(spec: ExecSpec, cluster: ExecClusterInfo): Promise<ExecCredential> {
  const name = shortName(spec.command)
  const fail = (detail: string): UpstreamError => new UpstreamError('exec', `exec plugin \`${name}\` failed: ${detail}`)
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, KUBERNETES_EXEC_INFO: execInfo(spec, cluster) }
    for (const { name: k, value } of spec.env) env[k] = value
    const child = spawn(spec.command, [...spec.args], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: EXEC_TIMEOUT_MS })
    let stdout = ''
    let stderr = ''
    let spawnError: NodeJS.ErrnoException | undefined
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
    child.on('error', (err: NodeJS.ErrnoException) => { spawnError = err })
    child.on('close', (code, signal) => {
      if (spawnError) {
        const hint = spec.installHint ? ` (${spec.installHint.trim().split('\n')[0]})` : ''
        reject(spawnError.code === 'ENOENT' ? fail(`executable not found${hint}`) : fail(spawnError.message))
        return
      }
      const firstErr = stderr.split('\n').map((l) => l.trim()).find((l) => l !== '')
      if (signal) {
        reject(fail(signal === 'SIGTERM' ? `timed out after ${EXEC_TIMEOUT_MS / 1000} s` : `killed by ${signal}`))
        return
      }
      if (code !== 0) {
        reject(fail(`exit status ${code}${firstErr ? `: ${firstErr}` : ''}`))
        return
      }
      try {
        resolve(parseCredential(stdout))
      } catch (err) {
        reject(fail((err as Error).message))
      }
    })
  })
}

/**
 * Parse an ExecCredential document.
 * @throws Error with a message that never contains the output itself.
 */
export function parseCredential(stdout: string): ExecCredential {
  let doc: { kind?: unknown; status?: Record<string, unknown> }
  try {
    doc = JSON.parse(stdout) as typeof doc
  } catch {
    throw new Error('its output is not a JSON ExecCredential')
  }
  const st = doc?.status
  if (!st || typeof st !== 'object') throw new Error('its ExecCredential has no status')
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
  const token = str(st.token)
  const clientCertificateData = str(st.clientCertificateData)
  const clientKeyData = str(st.clientKeyData)
  if (!token && !(clientCertificateData && clientKeyData)) throw new Error('its ExecCredential has neither a token nor a client certificate and key')
  const exp = str(st.expirationTimestamp)
  const expiresAt = exp === undefined ? undefined : Date.parse(exp)
  return {
    ...(token ? { token } : {}),
    ...(clientCertificateData ? { clientCertificateData } : {}),
    ...(clientKeyData ? { clientKeyData } : {}),
    ...(expiresAt !== undefined && Number.isFinite(expiresAt) ? { expiresAt } : {})
  }
}
