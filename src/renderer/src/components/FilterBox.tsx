/**
 * The filter box of a list view: the text (applied after a short pause while typing), a `?`
 * button with the filter language, and the parser's problems under it. `/` focuses it from
 * anywhere; Escape clears it; ↓ or Enter goes to the rows.
 */
import { forwardRef, useEffect, useRef, useState } from 'react'

/** What a placeholder can say in the width a laptop gives it. */
const PLACEHOLDER = 'Filter: text, !not, status:Pending, /re/i   ( / )'

/** The language, as the help popover and the shortcuts dialog show it. */
export const FILTER_HELP: readonly (readonly [string, string])[] = [
  ['crash', 'rows with “crash” anywhere: name, namespace, labels, cells (any case)'],
  ['"image pull"', 'a phrase with spaces'],
  ['!Running   -Running', 'rows without it (works before every form)'],
  ['status:Pending', 'that column contains it; columns by kubectl title or id; ns, label, node, msg…'],
  ['status:=Running', 'that column is exactly it'],
  ['restarts:>3   age:<10m', 'compare numbers and ages (>, <, >=, <=; 90s, 5m, 2h, 3d)'],
  ['/crash|oom/i', 'a regular expression, also after a column (status:/^Init/)'],
  ['is:problem', 'rows in trouble (the “Problems only” switch)'],
  ['a b', 'both must match (terms combine with AND)']
]

export interface FilterBoxProps {
  readonly value: string
  readonly onChange: (text: string) => void
  readonly errors: readonly string[]
  /** ↓ or Enter in the box: go to the rows. */
  readonly onToRows?: () => void
}

/** The filter box (its input is reachable through the ref, for the `/` shortcut). */
export const FilterBox = forwardRef<HTMLInputElement, FilterBoxProps>(function FilterBox({ value, onChange, errors, onToRows }, ref) {
  const [help, setHelp] = useState(false)
  const boxRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!help) return
    const close = (e: Event): void => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !boxRef.current?.contains(e.target as Node)) setHelp(false)
    }
    window.addEventListener('pointerdown', close)
    window.addEventListener('keydown', close)
    return () => {
      window.removeEventListener('pointerdown', close)
      window.removeEventListener('keydown', close)
    }
  }, [help])
  return (
    <div className="filter-box" ref={boxRef}>
      <input
        ref={ref}
        className="filter"
        type="search"
        placeholder={PLACEHOLDER}
        aria-label="Filter rows"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={errors.length > 0}
        aria-describedby={errors.length > 0 ? 'filter-errors' : undefined}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            onChange('')
            e.currentTarget.blur()
          } else if ((e.key === 'ArrowDown' || e.key === 'Enter') && onToRows) {
            e.preventDefault()
            onToRows()
          }
        }}
      />
      <button
        type="button"
        className="icon-btn help-btn"
        aria-label="Filter syntax"
        aria-expanded={help}
        onClick={() => setHelp((h) => !h)}
        title="Filter syntax"
      >
        ?
      </button>
      {help && (
        <div className="popover filter-help" role="dialog" aria-label="Filter syntax" data-testid="filter-help">
          <h3>Filter syntax</h3>
          <dl>
            {FILTER_HELP.map(([k, v]) => (
              <div key={k}>
                <dt>
                  <code>{k}</code>
                </dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      {errors.length > 0 && (
        <p className="filter-errors" id="filter-errors" role="alert" data-testid="filter-errors">
          {errors.join(' · ')}
        </p>
      )}
    </div>
  )
})
