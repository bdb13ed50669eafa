/**
 * The kubeconfig browser: contexts, clusters, users (the names of their auth methods only) and
 * known namespaces, plus the files read and their problems (path:line).
 *
 * Why: spec §1 "offline browsing": all of it comes from the local files and the offline cache,
 * so it renders when every cluster is unreachable. Cluster status dots come from `/api/clusters`
 * when the server has them.
 */
import type { CSSProperties, ReactNode } from 'react'
import { useStore } from 'zustand'
import { useKubeconfig } from '../hooks/useKubeconfig.ts'
import { server } from '../stores/serverStore.ts'

const TABLE: CSSProperties = { width: '100%', borderCollapse: 'collapse', fontSize: 13 }
const TH: CSSProperties = { textAlign: 'left', color: 'var(--muted)', fontWeight: 600, padding: '4px 10px 6px 0', borderBottom: '1px solid var(--border)' }
const TD: CSSProperties = { padding: '5px 10px 5px 0', borderBottom: '1px solid var(--border)', verticalAlign: 'top' }

function Table({ label, head, rows }: { label: string; head: readonly string[]; rows: readonly (readonly ReactNode[])[] }) {
  return (
    <table style={TABLE} aria-label={label}>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope="col" style={TH}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) => (
              <td key={j} style={TD}>
                {c}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Chips({ items, empty }: { items: readonly string[]; empty: string }) {
  if (items.length === 0) return <span className="muted">{empty}</span>
  return (
    <ul className="chips">
      {items.map((t) => (
        <li key={t} className="chip">
          {t}
        </li>
      ))}
    </ul>
  )
}

/** The browser page. @param onOpenContext show that context's lists. */
export function KubeconfigBrowser({ onOpenContext }: { onOpenContext: (context: string) => void }) {
  const { data, error, loading, reload } = useKubeconfig()
  const clusters = useStore(server, (s) => s.clusters)
  const statusOf = (ctx: string): string => clusters?.find((c) => c.id === ctx)?.status ?? ''

  return (
    <section className="settings" aria-label="Kubeconfig browser" data-testid="kubeconfig-browser">
      <div className="settings-head">
        <h2>Kubeconfig</h2>
        <button type="button" className="btn" onClick={reload} disabled={loading}>
          {loading ? 'Reading…' : 'Reload'}
        </button>
      </div>
      <p className="muted">
        Read from the kubeconfig files on this computer, so it works with no network. Credentials are never shown: users list only the names of their auth
        methods.
      </p>
      {error && (
        <div className="banner banner-error" role="alert">
          Cannot read the kubeconfig: {error}
        </div>
      )}
      {!data && !error && <p className="muted">Loading…</p>}
      {data && (
        <>
          {data.problems.length > 0 && (
            <div className="banner banner-error" role="alert" data-testid="kubeconfig-problems">
              {data.problems.map((p, i) => (
                <div key={i}>
                  <code>
                    {p.path}
                    {p.line !== undefined ? `:${p.line}` : ''}
                  </code>
                  : {p.message}
                </div>
              ))}
            </div>
          )}
          <fieldset className="card">
            <legend>Files</legend>
            <Chips items={data.files} empty="No kubeconfig file was read." />
          </fieldset>
          <fieldset className="card">
            <legend>Contexts ({data.contexts.length})</legend>
            <Table
              label="Contexts"
              head={['Context', 'Cluster', 'User', 'Namespace', 'Status', '']}
              rows={data.contexts.map((c) => {
                const st = statusOf(c.name)
                return [
                  <span key="n" className="cell-name">
                    {c.name}
                    {c.current ? <span className="muted"> (current)</span> : null}
                  </span>,
                  c.cluster || <span className="muted">none</span>,
                  c.user ?? <span className="muted">anonymous</span>,
                  c.namespace ?? <span className="muted">default</span>,
                  st ? (
                    <span>
                      <span className={`dot dot-${st}`} aria-hidden="true" /> {st}
                    </span>
                  ) : (
                    ''
                  ),
                  <button key="o" type="button" className="btn" onClick={() => onOpenContext(c.name)}>
                    Open
                  </button>
                ]
              })}
            />
          </fieldset>
          <fieldset className="card">
            <legend>Clusters ({data.clusters.length})</legend>
            <Table
              label="Clusters"
              head={['Cluster', 'Server', 'TLS', 'Proxy', 'Problem']}
              rows={data.clusters.map((c) => [
                <span key="n" className="cell-name">
                  {c.name}
                </span>,
                c.server || <span className="muted">invalid URL</span>,
                c.insecureSkipTLSVerify ? 'insecure-skip-tls-verify' : c.hasCA ? `own CA${c.tlsServerName ? `, name ${c.tlsServerName}` : ''}` : 'system CAs',
                c.hasProxy ? 'proxy-url' : '',
                c.problem ?? ''
              ])}
            />
          </fieldset>
          <fieldset className="card">
            <legend>Users ({data.users.length})</legend>
            <Table
              label="Users"
              head={['User', 'Auth methods', 'Problem']}
              rows={data.users.map((u) => [
                <span key="n" className="cell-name">
                  {u.name}
                </span>,
                <Chips key="a" items={u.auth} empty="none (anonymous)" />,
                u.problem ?? ''
              ])}
            />
          </fieldset>
          <fieldset className="card">
            <legend>Namespaces</legend>
            <Table
              label="Namespaces"
              head={['Context', 'Known namespaces', 'Cached']}
              rows={data.namespaces.map((n) => [
                <span key="n" className="cell-name">
                  {n.context}
                </span>,
                <Chips key="c" items={n.names} empty="none known" />,
                n.cachedAt ? new Date(n.cachedAt).toLocaleString() : <span className="muted">not cached</span>
              ])}
            />
          </fieldset>
        </>
      )}
    </section>
  )
}
