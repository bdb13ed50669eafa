/**
 * What a list view shows instead of its table while it cannot show rows: connecting (with how
 * many rows of a long first list have arrived, and of how many), the cluster refusing or
 * unreachable (with the kubectl command to check a refusal), no access (the user may not list
 * the kind: said plainly, not as an error), empty, or nothing matching the
 * filter. Otherwise its children (the table).
 */
import type { ReactNode } from 'react'
import type { AnyKindDef } from '../../../shared/kinds/anyKind.ts'
import { kindWords } from '../components/kindLabel.ts'
import type { ListMeta } from '../stores/listStore.ts'
import { useStore } from 'zustand'
import { server } from '../stores/serverStore.ts'
import { EmptyState } from './EmptyState.tsx'
import { refusalHint } from './refusalHint.ts'

export interface ListStatesProps {
  readonly meta: ListMeta
  readonly def: AnyKindDef
  readonly clusters: readonly string[]
  readonly namespace: string
  readonly where: string
  readonly filter: string
  /** Rows the filter keeps. */
  readonly shown: number
  readonly paused: boolean
  readonly compact: boolean
  readonly onRetry: () => void
  readonly children: ReactNode
}

/** "6,500 of 20,000 rows arrived" (or without "of" when the apiserver does not count). */
export function progressText(p: NonNullable<ListMeta['progress']>): string {
  return `${p.received.toLocaleString()}${p.total !== undefined ? ` of ${p.total.toLocaleString()}` : ''} rows arrived`
}

/** The state, or the table. */
export function ListStates({ meta, def, clusters, namespace, where, filter, shown, paused, compact, onRetry, children }: ListStatesProps) {
  const one = clusters.length === 1 ? clusters[0] : ''
  const info = useStore(server, (s) => (one ? s.clusters?.find((c) => c.id === one) : undefined))
  const down = info && (info.status === 'error' || info.status === 'offline') ? info.reason : ''
  const name = one || `${clusters.length} clusters`
  const retryNow = compact ? undefined : (
    <button type="button" className="btn" onClick={onRetry} data-testid="retry-now">
      Retry now
    </button>
  )
  if (!meta.loaded && meta.noAccess && !down) {
    const check = one ? refusalHint(`403 ${meta.noAccess}`, one, def.resource, namespace) : undefined
    return (
      <EmptyState
        tone="empty"
        title={`No access to ${kindWords(def)} ${where}`}
        detail={meta.noAccess}
        hint={
          <>
            Ask for a RoleBinding, or name the namespaces you may read in Settings → Access; a grant shows within a minute.
            {check && (
              <>
                {' '}
                {check.text}: <code className="hint-command">{check.command}</code>
              </>
            )}
          </>
        }
      />
    )
  }
  if (!meta.loaded && (meta.error || down)) {
    const hint = down || !one ? undefined : refusalHint(meta.error, one, def.resource, namespace)
    return (
      <EmptyState
        tone="error"
        title={`Cannot list ${kindWords(def)} from ${name}`}
        detail={down || meta.error}
        hint={
          hint && (
            <>
              {hint.text}: <code className="hint-command">{hint.command}</code>
            </>
          )
        }
        action={one ? retryNow : undefined}
      />
    )
  }
  if (!meta.loaded) {
    if (meta.health === 'error')
      return <EmptyState tone="error" title={`No answer for ${kindWords(def)} from ${name}`} detail={meta.detail} action={retryNow} />
    return (
      <EmptyState
        tone="loading"
        title={meta.progress ? `Loading ${kindWords(def)}: ${progressText(meta.progress)}` : `Connecting to ${name}…`}
        detail={meta.progress ? `The first rows show as soon as they are in; ${where}` : meta.detail || `Loading ${kindWords(def)} ${where}`}
      />
    )
  }
  if (meta.count === 0) {
    return (
      <EmptyState
        tone="empty"
        title={`No ${kindWords(def)} ${where}`}
        detail={meta.health === 'live' ? 'New ones will appear here as they are created.' : ''}
      />
    )
  }
  if (shown === 0 && !paused) {
    return (
      <EmptyState
        tone="empty"
        title={`No ${kindWords(def)} match “${filter}”`}
        detail={`${meta.count.toLocaleString()} ${kindWords(def)} ${where} are hidden by the filter.`}
      />
    )
  }
  return <>{children}</>
}
