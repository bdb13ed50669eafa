import type { StreamHealth } from '../stores/listStore.ts'

/**
 * The stream health of one list view, as plain text that people and tests read
 * (`data-testid="health"`); the detail (why it polls, the cluster's reason) is its tooltip.
 */
export function HealthBadge({ health, detail, label }: { health: StreamHealth; detail: string; label: string }) {
  return (
    <span className={`badge badge-${health}`} data-testid="health" data-health={health} role="status"
      aria-label={`${label} stream: ${health}${detail ? ` (${detail})` : ''}`} title={detail || undefined}>
      <span className="badge-dot" aria-hidden="true" />
      {health}
    </span>
  )
}
