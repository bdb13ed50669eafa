/**
 * Settings: the current cluster's access settings — the namespaces to watch for a user who may
 * not list namespaces, and the budget of namespace watches an "all namespaces" view may open.
 *
 * Why: a namespace-restricted user's "all namespaces" view shows the namespaces the app knows
 * they may read (their context's namespace, these, and those opened by hand); naming them here
 * makes the view complete without opening each once. Names are checked as the apiserver checks
 * namespace names (DNS-1123 labels) before they are sent; the server checks again.
 * Lifecycle: edits a draft; "Save access settings" sends `PUT /api/settings` with this cluster's entry only.
 */
import { useEffect, useState } from 'react'
import type { SettingsHook } from '../hooks/useSettings.ts'
import { namespaceNameProblem } from '../../../shared/namespaceName.ts'

/** The engine's default budget (src/main/watch/scoped.ts DEFAULT_NAMESPACE_WATCH_BUDGET), shown as the placeholder. */
const DEFAULT_BUDGET = 100
const MAX_BUDGET = 320

/** Split what the user typed into names (commas, spaces or new lines). */
function namesOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((n) => n.trim())
        .filter(Boolean)
    )
  ]
}

/** The first problem of the draft, or ''. */
function draftProblem(names: readonly string[], budget: string): string {
  for (const n of names) {
    const p = namespaceNameProblem(n)
    if (p) return `invalid namespace name "${n}": ${p}`
  }
  if (budget.trim() !== '' && !(/^\d+$/.test(budget.trim()) && Number(budget) >= 1 && Number(budget) <= MAX_BUDGET)) {
    return `the budget must be a whole number from 1 to ${MAX_BUDGET}`
  }
  return ''
}

/** The card for `cluster` (nothing without a cluster). */
export function ClusterAccessCard({ s, cluster }: { s: SettingsHook; cluster: string }) {
  const saved = s.settings?.clusters?.[cluster]
  const [names, setNames] = useState('')
  const [budget, setBudget] = useState('')
  useEffect(() => {
    setNames((saved?.namespacesToWatch ?? []).join(', '))
    setBudget(saved?.namespaceWatchBudget !== undefined ? String(saved.namespaceWatchBudget) : '')
  }, [saved, cluster])
  if (!cluster || !s.settings) return null
  const list = namesOf(names)
  const problem = draftProblem(list, budget)
  const changed =
    list.join(',') !== (saved?.namespacesToWatch ?? []).join(',') ||
    budget.trim() !== (saved?.namespaceWatchBudget !== undefined ? String(saved.namespaceWatchBudget) : '')
  const apply = (): void => {
    const entry = { ...(list.length ? { namespacesToWatch: list } : {}), ...(budget.trim() ? { namespaceWatchBudget: Number(budget) } : {}) }
    void s.apply({ clusters: { [cluster]: Object.keys(entry).length ? entry : null } })
  }
  return (
    <fieldset className="card" data-testid="cluster-access">
      <legend>Access to {cluster}</legend>
      <p className="muted">
        If your user may not list everything, “All namespaces” shows the namespaces you may read: your context’s namespace, the ones named here, and those you
        open. Saving takes effect at once.
      </p>
      <label className="field">
        <span>Namespaces to watch (comma-separated)</span>
        <input
          type="text"
          value={names}
          onChange={(e) => setNames(e.target.value)}
          placeholder="e.g. team-a, team-b"
          aria-label="Namespaces to watch"
          aria-invalid={Boolean(problem)}
          spellCheck={false}
        />
      </label>
      <label className="field field-inline">
        <span>Namespace watches “All namespaces” views may open on this cluster</span>
        <input
          type="text"
          inputMode="numeric"
          value={budget}
          onChange={(e) => setBudget(e.target.value)}
          placeholder={String(DEFAULT_BUDGET)}
          aria-label="Namespace watch budget"
          className="limit-input"
        />
      </label>
      {problem && (
        <p className="field-error" role="alert" data-testid="access-error">
          {problem}
        </p>
      )}
      <div className="card-actions">
        <button type="button" className="btn" disabled={!changed || Boolean(problem) || s.applying} onClick={apply}>
          Save access settings
        </button>
      </div>
    </fieldset>
  )
}
