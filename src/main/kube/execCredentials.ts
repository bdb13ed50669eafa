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
 * line (redacted, truncated), never stdout. How a plugin is run and bounded: execRunner.ts.
 */
import { DEFAULT_EXEC_LIMITS, pluginName, runExecPlugin } from './execRunner.ts'
import type { ExecClusterInfo, ExecLimits, ExecSpec } from './execRunner.ts'
import { UpstreamError } from './errors.ts'

export type { ExecClusterInfo, ExecSpec } from './execRunner.ts'

/** What the plugin returned, minus everything we do not use. Holds a secret: never log it. */
export interface ExecCredential {
  readonly token?: string
  readonly clientCertificateData?: string
  readonly clientKeyData?: string
  /** ms since epoch; undefined = valid until a 401 invalidates it. */
  readonly expiresAt?: number
}

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
  private readonly limits: ExecLimits

  /** @param limits deadline and output caps of each run (tests shorten them). */
  constructor(limits: Partial<ExecLimits> = {}) {
    this.limits = { ...DEFAULT_EXEC_LIMITS, ...limits }
  }

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
      () => {
        entry.validUntil = Date.now() + FAILURE_TTL_MS
      }
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

  private async run(spec: ExecSpec, cluster: ExecClusterInfo): Promise<ExecCredential> {
    this.spawns++
    const stdout = await runExecPlugin(spec, cluster, this.limits)
    try {
      return parseCredential(stdout)
    } catch (err) {
      throw new UpstreamError('exec', `exec plugin \`${pluginName(spec.command)}\` failed: ${(err as Error).message}`)
    }
  }
}

function cacheKey(spec: ExecSpec, cluster: ExecClusterInfo): string {
  return JSON.stringify([spec.command, spec.args, spec.env, cluster.name, cluster.server])
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
