import type { ReactNode } from 'react'

/** A centred message for loading, empty and error states. */
export function EmptyState({
  tone,
  title,
  detail,
  hint,
  action
}: {
  tone: 'loading' | 'empty' | 'error'
  title: string
  detail?: string
  hint?: ReactNode
  action?: ReactNode
}) {
  return (
    <div className={`empty empty-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={`state-${tone}`}>
      {tone === 'loading' && <span className="spinner" aria-hidden="true" />}
      {tone === 'error' && (
        <span className="empty-icon" aria-hidden="true">
          !
        </span>
      )}
      <p className="empty-title">{title}</p>
      {detail && <p className="empty-detail">{detail}</p>}
      {hint && <p className="empty-hint">{hint}</p>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  )
}
