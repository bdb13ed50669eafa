/**
 * The notes above a list's table that say how far its rows can be trusted: offline (and since
 * when), the upstream reconnecting or refusing (rows last known good at …), a failed refresh, a
 * bounded copy ("newest 20,000 of 20,080"), a followed link whose object is gone.
 */
import type { NamespaceScope } from '../../../shared/api/frames.ts'
import type { AnyKindDef } from '../../../shared/kinds/anyKind.ts'
import { ageSince } from '../../../shared/kinds/rows/format.ts'
import { kindWords } from '../components/kindLabel.ts'
import type { ListMeta } from '../stores/listStore.ts'

export interface ListNotesProps {
  readonly meta: ListMeta
  readonly def: AnyKindDef
  readonly where: string
  /** ms, for "12s ago". */
  readonly now: number
  readonly missing: string
  readonly onDismissMissing: () => void
  /** "Retry now" on the notes of rows that are not current. */
  readonly onRetry?: () => void
}

/** The notes (nothing when the rows are live and whole). */
export function ListNotes({ meta, def, where, now, missing, onDismissMissing, onRetry }: ListNotesProps) {
  const retry = onRetry ? (
    <button type="button" className="link-btn" onClick={onRetry} data-testid="banner-retry">
      Retry now
    </button>
  ) : null
  const cut = meta.loaded && meta.total > meta.count
  return (
    <>
      {meta.health === 'offline' && meta.loaded && (
        <div className="banner banner-offline" role="note" data-testid="offline-banner">
          Offline{meta.lastSeen ? `, last seen ${when(meta.lastSeen, now)}` : ''}
          {meta.detail ? ` — ${meta.detail}` : ''}. Ages are as of then. {retry}
        </div>
      )}
      {(meta.health === 'reconnecting' || meta.health === 'error') && meta.loaded && meta.lastSeen && (
        <div className={`banner ${meta.health === 'error' ? 'banner-error' : 'banner-offline'}`} role="status" data-testid="upstream-banner">
          {meta.health === 'error' ? 'The cluster refuses this list' : 'Reconnecting to the cluster'}
          {meta.detail ? ` — ${meta.detail}` : ''}. Showing rows last known good at {when(meta.lastSeen, now)}; ages are as of then. {retry}
        </div>
      )}
      {cut && (
        <div className="banner banner-offline" role="note" data-testid="truncated-banner">
          Showing the {def.id === 'events' ? 'newest ' : ''}
          {meta.count.toLocaleString()} of {meta.total.toLocaleString()} {kindWords(def)} {where}: the offline copy keeps at most {meta.count.toLocaleString()}{' '}
          rows per list.
        </div>
      )}
      {meta.scope && meta.loaded && <ScopeNote scope={meta.scope} def={def} />}
      {meta.error && meta.loaded && (
        <div className="banner banner-error" role="alert">
          Last refresh failed: {meta.error}
        </div>
      )}
      {missing && (
        <div className="banner banner-offline" role="status" data-testid="missing-object">
          {missing}{' '}
          <button type="button" className="link-btn" onClick={onDismissMissing}>
            Dismiss
          </button>
        </div>
      )}
    </>
  )
}

/** Up to this many namespace names in the note; the rest are counted. */
const NAMES_SHOWN = 6
const names = (list: readonly string[]): string =>
  `${list.slice(0, NAMES_SHOWN).join(', ')}${list.length > NAMES_SHOWN ? ` and ${list.length - NAMES_SHOWN} more` : ''}`

/**
 * An "all namespaces" list of a user who may not list the kind cluster-wide: which namespaces it
 * shows, and the readable ones the watch budget left out (never silently).
 */
function ScopeNote({ scope, def }: { scope: NamespaceScope; def: AnyKindDef }) {
  const n = scope.namespaces.length
  return (
    <div className={`banner ${scope.leftOut.length ? 'banner-offline' : 'banner-scope'}`} role="note" data-testid="scope-note">
      Your user may not list {kindWords(def)} in every namespace: showing the {n} namespace{n === 1 ? '' : 's'} you may read ({names(scope.namespaces)}).
      {scope.leftOut.length > 0 && (
        <>
          {' '}
          {scope.leftOut.length} more you may read {scope.leftOut.length === 1 ? 'is' : 'are'} left out by this cluster’s budget of {scope.budget} namespace
          watches ({names(scope.leftOut)}); raise it in Settings → Access.
        </>
      )}
    </div>
  )
}

/** "9:37:07 PM (12s ago)": the clock time (with the date when not today) and the age. */
export function when(iso: string, nowMs: number): string {
  const d = new Date(iso)
  const clock = d.toDateString() === new Date(nowMs).toDateString() ? d.toLocaleTimeString() : d.toLocaleString()
  return `${clock} (${ageSince(iso, nowMs)} ago)`
}
