/**
 * Problems at a glance: a "Problems only" switch with its live count, and one chip per status
 * with its count ("CrashLoopBackOff 521 · Pending 244 · Running 18,102"), worst first. A chip
 * selects that status in the filter text (`status:=Pending`); clicking it again clears it.
 */
import { statusClass } from '../stores/statusClass.ts'
import type { StatusClass } from '../stores/statusClass.ts'

/** Worst first: a person scanning for trouble reads left to right. */
const RANK: Readonly<Record<StatusClass, number>> = { bad: 0, warn: 1, neutral: 2, done: 3, ok: 4 }

/** An event TYPE's colour (Warning is the one that matters). */
function chipClass(column: string, value: string): StatusClass {
  if (column === 'type') return value === 'Warning' ? 'warn' : 'neutral'
  return statusClass(value)
}

export interface StatusChipsProps {
  /** The chip column (`status`, or `type` for events); null shows only the switch. */
  readonly column: string | null
  readonly counts: ReadonlyMap<string, number>
  readonly problems: number
  readonly problemsOnly: boolean
  readonly onProblemsOnly: () => void
  /** The selected chip value, or null. */
  readonly selected: string | null
  readonly onSelect: (value: string) => void
}

/** The chips row. */
export function StatusChips(p: StatusChipsProps) {
  const chips = [...p.counts]
    .map(([value, n]) => ({ value, n, cls: chipClass(p.column ?? '', value) }))
    .sort((a, b) => RANK[a.cls] - RANK[b.cls] || b.n - a.n || (a.value < b.value ? -1 : 1))
  return (
    <div className="chips-row" role="toolbar" aria-label="Statuses" data-testid="status-chips">
      <button
        type="button"
        className={`switch${p.problemsOnly ? ' on' : ''}`}
        aria-pressed={p.problemsOnly}
        onClick={p.onProblemsOnly}
        title="Show only rows in trouble (adds is:problem to the filter)"
        data-testid="problems-only"
      >
        <span className="switch-knob" aria-hidden="true" />
        Problems only <span className="chip-n">{p.problems.toLocaleString()}</span>
      </button>
      {chips.length > 0 && <span className="chips-sep" aria-hidden="true" />}
      {chips.map((c) => (
        <button
          type="button"
          key={c.value}
          className={`status-chip chip-${c.cls}${p.selected?.toLowerCase() === c.value.toLowerCase() ? ' on' : ''}`}
          aria-pressed={p.selected?.toLowerCase() === c.value.toLowerCase()}
          onClick={() => p.onSelect(c.value)}
          data-chip={c.value}
          title={`Show only ${c.value || '(empty)'} (${p.column}:=${c.value})`}
        >
          {c.value || '(empty)'} <span className="chip-n">{c.n.toLocaleString()}</span>
        </button>
      ))}
    </div>
  )
}
