/**
 * The kubeconfig browser's data (`GET /api/kubeconfig`): what the merged kubeconfig says, with
 * every secret left out, built from the files alone.
 *
 * Why: contexts, clusters, users and namespaces must be browsable with the network off (spec
 * §1), so nothing here talks to an apiserver: it reads the files (`readKubeconfigs`) and the
 * offline cache's namespace rows. Users show only the *names* of their auth methods (`token`,
 * `exec: aws`, …): never a token, key, certificate, password, exec argument or env value; server
 * URLs show only their host (a URL's user:password part is dropped, in problems too).
 * Lifecycle: a pure function per request.
 */
import type { KubeconfigClusterView, KubeconfigContextView, KubeconfigNamespacesView, KubeconfigView } from '../../shared/api/kubeconfig.ts'
import type { ClusterEntry, ContextEntry, MergedKubeconfig, UserEntry } from './kubeconfig.ts'

export type { KubeconfigView } from '../../shared/api/kubeconfig.ts'

/** Longest auth-provider or exec command name shown (a name, never a payload). */
const MAX_NAME = 64

/** The cached namespace names of a context, and when they were last seen (offline cache). */
export type CachedNamespaces = (context: string) => Promise<{ readonly names: readonly string[]; readonly lastSeen: string } | undefined>

/** Drop `user:password@` from anything URL-shaped in a message. */
export function redactUrls(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@"]*@/gi, '$1')
}

function host(server: string): string {
  try {
    return new URL(server).host
  } catch {
    return ''
  }
}

/** A short, printable name: the basename of a path, control characters and quotes removed. */
function shortName(s: string): string {
  const base = s.split(/[/\\]/).filter(Boolean).at(-1) ?? ''
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f"'`]/g, '').slice(0, MAX_NAME) || '?'
}

/** The names of a user's auth methods, in a fixed order. Never a value. */
export function authMethods(u: UserEntry): string[] {
  const out: string[] = []
  if (u.token) out.push('token')
  if (u.tokenFile) out.push('tokenFile')
  if (u.certData || u.certFile || u.keyData || u.keyFile) out.push('client-certificate')
  if (u.exec) out.push(`exec: ${shortName(u.exec.command)}`)
  if (u.authProvider !== undefined) {
    const name = (u.authProvider as { name?: unknown } | null)?.name
    out.push(`auth-provider: ${typeof name === 'string' ? shortName(name) : '?'}`)
  }
  if (u.username) out.push('basic')
  return out
}

function clusterView(c: ClusterEntry): KubeconfigClusterView {
  return {
    name: c.name,
    server: host(c.server),
    hasCA: Boolean(c.caData || c.caFile),
    insecureSkipTLSVerify: c.skipTLSVerify,
    hasProxy: Boolean(c.proxyUrl),
    ...(c.tlsServerName ? { tlsServerName: c.tlsServerName } : {}),
    ...(c.problem ? { problem: redactUrls(c.problem) } : {})
  }
}

function contextView(c: ContextEntry, current: string | undefined): KubeconfigContextView {
  return {
    name: c.name,
    cluster: c.cluster,
    ...(c.user ? { user: c.user } : {}),
    ...(c.namespace ? { namespace: c.namespace } : {}),
    current: c.name === current,
    file: c.file
  }
}

/**
 * Describe a merged kubeconfig for the browser, secrets left out.
 * @param cached the offline cache's namespace names per context (optional; errors count as none).
 */
export async function describeKubeconfig(merged: MergedKubeconfig, cached?: CachedNamespaces): Promise<KubeconfigView> {
  const contexts = [...merged.contexts.values()]
  const namespaces = await Promise.all(
    contexts.map(async (ctx): Promise<KubeconfigNamespacesView> => {
      const c = await cached?.(ctx.name).catch(() => undefined)
      const names = new Set<string>(c?.names ?? [])
      if (ctx.namespace) names.add(ctx.namespace)
      return { context: ctx.name, names: [...names].sort(), ...(c ? { cachedAt: c.lastSeen } : {}) }
    })
  )
  return {
    files: [...merged.files],
    ...(merged.currentContext ? { currentContext: merged.currentContext } : {}),
    contexts: contexts.map((c) => contextView(c, merged.currentContext)),
    clusters: [...merged.clusters.values()].map(clusterView),
    users: [...merged.users.values()].map((u) => ({ name: u.name, auth: authMethods(u), ...(u.problem ? { problem: redactUrls(u.problem) } : {}) })),
    namespaces,
    problems: merged.problems.map((p) => ({ ...p, message: redactUrls(p.message) }))
  }
}
