/**
 * A note over the demo cluster's views: it is simulated, and how to see a real cluster instead.
 * Shown when a selected cluster is the built-in simulator (its apiserver says so in its version)
 * until dismissed; the dismissal is kept in the settings file.
 */
import { useStore } from 'zustand'
import { dismissDemoBanner, savedUi } from '../stores/savedUi.ts'
import { server } from '../stores/serverStore.ts'
import { setPage } from '../stores/uiStore.ts'

/** The simulator reports a gitVersion like `v1.33.0-periscope-sim`. */
const SIMULATED = /periscope-sim/

export function DemoBanner({ clusters }: { clusters: readonly string[] }) {
  const loaded = useStore(savedUi, (s) => s.loaded)
  const dismissed = useStore(savedUi, (s) => s.demoBannerDismissed)
  const simulated = useStore(
    server,
    (s) =>
      s.clusters
        ?.filter((c) => clusters.includes(c.id) && SIMULATED.test(c.serverVersion ?? ''))
        .map((c) => c.id)
        .join('\n') ?? ''
  )
  if (!loaded || dismissed || !simulated) return null
  const names = simulated.split('\n')
  const who =
    names.length === 1 ? (
      <>
        <strong>{names[0]}</strong> is a simulated cluster
      </>
    ) : (
      <>
        <strong>{names.slice(0, -1).join(', ')}</strong> and <strong>{names.at(-1)}</strong> are simulated clusters
      </>
    )
  return (
    <div className="banner banner-info demo-banner" role="note" data-testid="demo-banner">
      <span>
        {who}: {names.length === 1 ? 'its' : 'their'} pods, crashes and events are made up, so you can try everything safely. To see your own clusters, put a
        kubeconfig at <code>~/.kube/config</code> (or set <code>KUBECONFIG</code>, or start with <code>--kubeconfig &lt;file&gt;</code>); the{' '}
        <button type="button" className="link-btn" onClick={() => setPage('kubeconfig')}>
          Kubeconfig page
        </button>{' '}
        shows what was read and reloads it.
      </span>
      <button type="button" className="icon-btn" onClick={dismissDemoBanner} aria-label="Dismiss this note" data-testid="demo-banner-dismiss">
        ✕
      </button>
    </div>
  )
}
