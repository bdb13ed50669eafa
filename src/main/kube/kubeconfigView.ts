/**
 * `GET /api/kubeconfig`, cheap at 10,000 contexts: the described view is kept and reused while
 * the kubeconfig files and the cached namespaces are unchanged.
 *
 * Why: describing reads and parses every kubeconfig file (a 10,000-context file is ~1 s of YAML
 * parsing) and looks up the cached namespaces of every context; doing that per request blocked
 * the server 1.2 s per call. A file's identity and version are cheap to check (one `stat` per
 * file: device, inode, size, mtime, ctime), and the offline cache says when namespace rows
 * changed (a stamp), so the view is rebuilt only when one of them moved.
 * Lifecycle: one viewer per server; each call stats the files and answers the kept view, or
 * builds (and keeps) a new one. A failed build is not kept.
 */
import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { kubeconfigPaths, readKubeconfigs } from './kubeconfig.ts'
import type { ReadOptions } from './kubeconfig.ts'
import { describeKubeconfig } from './kubeconfigBrowser.ts'
import type { CachedNamespaces, KubeconfigView } from './kubeconfigBrowser.ts'

export interface KubeconfigViewSource {
  /** Where the kubeconfig comes from now (files, $KUBECONFIG, or inline YAML). */
  readonly options: () => ReadOptions
  readonly namespaces?: CachedNamespaces
  /** Changes whenever what `namespaces` answers may have changed (offline cache writes). */
  readonly namespacesStamp?: () => number
}

/** What the files are now: path + identity + version of each (or "missing"), or the inline YAML's hash. */
export function kubeconfigFingerprint(opts: ReadOptions): string {
  if (opts.yaml !== undefined) return `yaml:${createHash('sha256').update(opts.yaml).digest('hex')}`
  const { paths } = kubeconfigPaths(opts)
  return paths
    .map((p) => {
      try {
        const st = statSync(p, { bigint: true })
        return `${p}\u0000${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.mode}`
      } catch (e) {
        return `${p}\u0000${(e as NodeJS.ErrnoException).code ?? 'error'}`
      }
    })
    .join('\u0001')
}

/** A `() => view` that rebuilds only when the files or the cached namespaces changed. */
export function kubeconfigViewer(src: KubeconfigViewSource): () => Promise<KubeconfigView> {
  let kept: { key: string; view: Promise<KubeconfigView> } | undefined
  return () => {
    const opts = src.options()
    const key = `${kubeconfigFingerprint(opts)}\u0002${src.namespacesStamp?.() ?? 0}`
    if (kept?.key === key) return kept.view
    const view = describeKubeconfig(readKubeconfigs(opts), src.namespaces)
    const entry = { key, view }
    kept = entry
    view.catch(() => {
      if (kept === entry) kept = undefined
    })
    return view
  }
}
