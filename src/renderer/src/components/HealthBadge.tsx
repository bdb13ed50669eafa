/**
 * The stream health of one list view, as plain text that people and tests read
 * (`data-testid="health"`: `live`, `polling`, …). It is a button: its popover says why the view
 * is in that state, since when the rows are good, and offers the way out — "Go live now" for a
 * polling view, "Turn on live updates" when the kind is off in settings, "Retry now" for a view
 * that is offline, failing or still connecting.
 */
import { useEffect, useRef, useState } from 'react'
import type { StreamHealth } from '../stores/listStore.ts'

/** Headline per state, in words a laptop user reads at a glance. */
const TITLE: Readonly<Record<StreamHealth, string>> = {
  live: 'Live: changes appear as they happen',
  connecting: 'Connecting',
  reconnecting: 'Reconnecting: rows may be out of date',
  polling: 'Polling: refreshed every 5 s instead of live',
  offline: 'Offline: showing the last rows seen',
  error: 'Error: the rows cannot be kept up to date',
  noaccess: 'No access: your user may not list this here (checked again every few seconds)'
}

export interface HealthBadgeProps {
  readonly health: StreamHealth
  /** Why (the view's detail), or ''. */
  readonly detail: string
  /** The kind's display name, for the accessible label. */
  readonly label: string
  /** When the rows were last known good, already worded ("9:37 PM (12s ago)"), or ''. */
  readonly lastGood?: string
  /** Reopen the stream / retry the cluster now; absent = no such button. */
  readonly onRetry?: () => void
  /** The kind is off in settings: turn it on (rejects with the reason when it cannot be). */
  readonly onEnable?: () => Promise<void>
}

/** The badge and its popover. */
export function HealthBadge({ health, detail, label, lastGood, onRetry, onEnable }: HealthBadgeProps) {
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState('')
  const [failed, setFailed] = useState('')
  const boxRef = useRef<HTMLSpanElement>(null)
  useEffect(() => {
    if (!open) return
    const close = (e: Event): void => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !boxRef.current?.contains(e.target as Node)) setOpen(false)
    }
    window.addEventListener('pointerdown', close)
    window.addEventListener('keydown', close)
    return () => {
      window.removeEventListener('pointerdown', close)
      window.removeEventListener('keydown', close)
    }
  }, [open])

  const retry = onRetry && health !== 'live' ? (health === 'polling' ? 'Go live now' : 'Retry now') : ''
  const act = (): void => {
    onRetry?.()
    setOpen(false)
  }
  const enable = (): void => {
    if (!onEnable) return
    setBusy('Turning on…')
    setFailed('')
    onEnable().then(
      () => {
        setBusy('')
        setOpen(false)
      },
      (e: unknown) => {
        setBusy('')
        setFailed((e as Error).message)
      }
    )
  }
  return (
    <span className="badge-box" ref={boxRef}>
      <button
        type="button"
        className={`badge badge-${health}`}
        data-testid="health"
        data-health={health}
        aria-expanded={open}
        aria-label={`${label} stream: ${health}${detail ? ` (${detail})` : ''}`}
        title={detail || undefined}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="badge-dot" aria-hidden="true" />
        {health === 'noaccess' ? 'no access' : health}
      </button>
      {open && (
        <div className="popover health-pop" role="dialog" aria-label={`${label} updates`} data-testid="health-popover">
          <p className="health-title">{TITLE[health]}</p>
          {onEnable ? (
            <p className="health-detail">Live updates for {label.toLowerCase()} are turned off in Settings.</p>
          ) : (
            detail && <p className="health-detail">{detail.charAt(0).toUpperCase() + detail.slice(1)}</p>
          )}
          {lastGood && <p className="muted">Rows last known good at {lastGood}.</p>}
          {failed && (
            <p className="field-error" role="alert">
              {failed}
            </p>
          )}
          {(retry || onEnable) && (
            <div className="health-actions">
              {onEnable && (
                <button type="button" className="btn btn-primary" onClick={enable} disabled={busy !== ''} data-testid="enable-stream">
                  {busy || `Turn on live updates for ${label.toLowerCase()}`}
                </button>
              )}
              {retry && !onEnable && (
                <button type="button" className="btn btn-primary" onClick={act} data-testid="retry-now">
                  {retry}
                </button>
              )}
            </div>
          )}
        </div>
      )}
    </span>
  )
}
