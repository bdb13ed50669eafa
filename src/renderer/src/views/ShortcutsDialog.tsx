/**
 * The keyboard shortcuts (`?` anywhere outside a text field): every key the app answers, and the
 * filter language. A modal dialog: focus moves in, Escape or Close returns it where it was.
 */
import { useEffect, useRef } from 'react'
import { FILTER_HELP } from '../components/FilterBox.tsx'
import { setShortcutsOpen } from '../stores/uiStore.ts'

/** Keys and what they do, grouped as a person looks for them. */
const KEYS: readonly { readonly title: string; readonly keys: readonly (readonly [string, string])[] }[] = [
  {
    title: 'Anywhere',
    keys: [
      ['Ctrl K', 'Go to anything: kinds, clusters, namespaces, objects, actions'],
      [':', 'The same, for a k9s command (:po, :deploy kube-system, :ctx name, :ns name)'],
      ['/', 'Focus the filter'],
      ['Alt+← Alt+→', 'Back and forward'],
      ['?', 'Show these shortcuts'],
      ['[', 'Show or hide the sidebar']
    ]
  },
  {
    title: 'In a table',
    keys: [
      ['↑ ↓', 'Move the selection'],
      ['PgUp PgDn', 'Move a page'],
      ['Home End', 'First or last row'],
      ['Enter', 'Open the details of the selected row'],
      ['Space', 'Pause or resume live updates'],
      ['l', 'Logs of the selected pod or workload'],
      ['Esc', 'Close the details, back to the row']
    ]
  },
  {
    title: 'In the logs',
    keys: [
      ['Esc', 'Close the logs (in their filter: clear it)'],
      ['↑ ↓ PgUp PgDn', 'Scroll the lines (scrolling up pauses following)'],
      ['End', 'Newest line, following again']
    ]
  },
  {
    title: 'In the filter',
    keys: [
      ['↓ Enter', 'Go to the rows'],
      ['Esc', 'Clear the filter']
    ]
  },
  {
    title: 'In the details',
    keys: [
      ['Tab', 'To the links (owner, pods, node…); Enter opens one'],
      ['Esc', 'Close, back to the row']
    ]
  },
  {
    title: 'In the column chooser (⋮ or right-click a header)',
    keys: [
      ['Space', 'Show or hide the column'],
      ['Alt+↑ Alt+↓', 'Move it']
    ]
  },
  {
    title: 'On a column edge (Tab to it)',
    keys: [
      ['← →', 'Narrower or wider (Shift: bigger steps)'],
      ['Home', 'Narrowest'],
      ['Enter', 'Automatic width']
    ]
  }
]

/** The dialog. */
export function ShortcutsDialog() {
  const closeRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    closeRef.current?.focus()
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.preventDefault()
        e.stopPropagation()
        setShortcutsOpen(false)
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => {
      window.removeEventListener('keydown', onKey, true)
      before?.focus?.()
    }
  }, [])
  return (
    <div
      className="modal-backdrop"
      onPointerDown={(e) => {
        if (e.target === e.currentTarget) setShortcutsOpen(false)
      }}
    >
      <div className="modal shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" data-testid="shortcuts">
        <header className="modal-head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button ref={closeRef} type="button" className="icon-btn" onClick={() => setShortcutsOpen(false)} aria-label="Close (Escape)">
            ✕
          </button>
        </header>
        <div className="shortcuts-body">
          <div>
            {KEYS.map((g) => (
              <section key={g.title}>
                <h3>{g.title}</h3>
                <dl>
                  {g.keys.map(([k, v]) => (
                    <div key={k}>
                      <dt>
                        {(k === 'Ctrl K' ? [k] : k.split(' ')).map((x) => (
                          <kbd key={x}>{x}</kbd>
                        ))}
                      </dt>
                      <dd>{v}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            ))}
          </div>
          <section className="syntax">
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
          </section>
        </div>
      </div>
    </div>
  )
}
