/**
 * The header of a list view: title, the row count (with "N of M rows arrived" and a progress bar
 * while a long first list is still coming), the health badge — or, for a merged table, each
 * cluster's health — the filter box and the pause switch.
 */
import type { ReactNode } from 'react'
import { useStore } from 'zustand'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { isKindId } from '../../../shared/kinds/registry.ts'
import { HealthBadge } from '../components/HealthBadge.tsx'
import { Icon } from '../components/icons.tsx'
import { enableStream } from '../hooks/useSettings.ts'
import type { ListMeta } from '../stores/listStore.ts'
import { watchEnabled } from '../stores/kindCatalog.ts'
import { server } from '../stores/serverStore.ts'
import { when } from './ListNotes.tsx'
import { progressText } from './ListStates.tsx'

export interface ListHeadProps {
  readonly title: string
  readonly meta: ListMeta
  /** Rows the filter keeps. */
  readonly shown: number
  readonly now: number
  readonly kind: AnyKindId
  readonly compact: boolean
  readonly multi: boolean
  /** Merged tables: the clusters' health chips. */
  readonly strip?: ReactNode
  readonly filter: ReactNode
  readonly paused: boolean
  readonly onTogglePause: () => void
  readonly onRetry: () => void
}

/** The header. */
export function ListHead({ title, meta, shown, now, kind, compact, multi, strip, filter, paused, onTogglePause, onRetry }: ListHeadProps) {
  const streamOff = useStore(server, (s) => s.features !== null && !watchEnabled(s.features, kind))
  const count = shown !== meta.count ? `${shown.toLocaleString()} of ${meta.count.toLocaleString()}` : meta.count.toLocaleString()
  const progress = meta.progress
  return (
    <>
      <header className="list-head">
        <h2>{title}</h2>
        <span className="count" data-testid="count" data-count={meta.loaded ? meta.count : undefined} data-shown={meta.loaded ? shown : undefined}>
          {meta.loaded ? `${count}${meta.total > meta.count ? ` (list has ${meta.total.toLocaleString()})` : ''}` : ''}
        </span>
        {progress && (
          <span className="list-progress" data-testid="list-progress" role="status" data-received={progress.received} data-total={progress.total ?? undefined}>
            {progressText(progress)}
            {progress.total !== undefined && progress.total > 0 && (
              <span className="progress-bar" aria-hidden="true">
                <span style={{ width: `${Math.min(100, (progress.received / progress.total) * 100)}%` }} />
              </span>
            )}
          </span>
        )}
        {!multi && (
          <HealthBadge
            health={meta.health}
            detail={meta.detail}
            label={title}
            lastGood={meta.lastSeen ? when(meta.lastSeen, now) : ''}
            {...(compact ? {} : { onRetry })}
            {...(!compact && streamOff && isKindId(kind) && meta.health === 'polling' ? { onEnable: () => enableStream(kind) } : {})}
          />
        )}
        {!compact && (
          <>
            {filter}
            <button
              type="button"
              className={`btn pause-btn${paused ? ' on' : ''}`}
              aria-pressed={paused}
              onClick={onTogglePause}
              title={paused ? 'Show live updates again (Space in the table)' : 'Hold the rows still; updates wait (Space in the table)'}
              data-testid="pause"
            >
              {paused ? (
                <>
                  <Icon name="play" />
                  Resume
                </>
              ) : (
                <>
                  <Icon name="pause" />
                  Pause
                </>
              )}
            </button>
          </>
        )}
      </header>
      {strip && (
        <ul className="cluster-strip" aria-label="Each cluster's health" data-testid="cluster-strip">
          {strip}
        </ul>
      )}
    </>
  )
}
