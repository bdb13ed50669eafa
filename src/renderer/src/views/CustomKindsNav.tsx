/**
 * The sidebar's "Custom resources" section: the active cluster's custom kinds by API group, each
 * group collapsed (with its count) until opened; a filter box searches kind, plural, short names
 * and group fuzzily and opens every group with a match. Collapsed groups render no kinds, so a
 * cluster with 300 CRDs in 40 groups costs 40 buttons until the user opens or filters.
 */
import { useEffect, useMemo, useState } from 'react'
import { useStore } from 'zustand'
import { Icon } from '../components/icons.tsx'
import { kindPlural } from '../components/kindLabel.ts'
import { createCustomNav } from '../stores/customNav.ts'
import { clusterCatalog, kindCatalog } from '../stores/kindCatalog.ts'
import { FOLD_BELOW_PX, selectKind, ui } from '../stores/uiStore.ts'

/** The section for `cluster` (nothing while it serves no custom kinds and none failed). */
export function CustomKindsNav({ cluster }: { cluster: string }) {
  const cat = useStore(kindCatalog, (s) => clusterCatalog(cluster, s))
  const kind = useStore(ui, (s) => s.kind)
  const page = useStore(ui, (s) => s.page)
  const [query, setQuery] = useState('')
  const [openGroups, setOpenGroups] = useState<ReadonlySet<string>>(() => new Set())
  // Folded at first on a short window, like the rarer built-in groups (the kinds above must fit).
  const [sectionOpen, setSectionOpen] = useState(() => window.innerHeight >= FOLD_BELOW_PX)
  const nav = useMemo(() => createCustomNav(cat.kinds), [cat.kinds])
  const shown = useMemo(() => nav.filter(query), [nav, query])
  useEffect(() => {
    // The fuzzy index of a few hundred kinds costs ~10 ms: build it after the paint, not on the first keystroke.
    const t = window.setTimeout(() => nav.warm(), 200)
    return () => window.clearTimeout(t)
  }, [nav])
  const filtering = query.trim() !== ''
  const activeGroup = cat.byId.get(kind)?.apiGroup
  // The list shown is a custom kind's: its section and group stay open.
  const open = sectionOpen || activeGroup !== undefined
  if (nav.count === 0 && !cat.error && !cat.reason) return null
  const toggle = (g: string): void =>
    setOpenGroups((s) => {
      const next = new Set(s)
      if (next.has(g)) next.delete(g)
      else next.add(g)
      return next
    })
  return (
    <div className="nav-group custom-nav" data-testid="custom-nav">
      <h2 className="side-title">
        <button
          type="button"
          className="group-btn"
          aria-expanded={open}
          onClick={() => setSectionOpen(!open)}
          disabled={activeGroup !== undefined}
          data-group="custom"
        >
          <Icon name="chevron" className={open ? 'rot90' : ''} />
          Custom resources
          <span className="group-count">{nav.count}</span>
        </button>
      </h2>
      {open && (
        <>
          {(cat.error || cat.reason) && (
            <p className="side-muted side-note custom-warn" title={cat.error || cat.reason} data-testid="custom-nav-problem">
              {cat.error ? `Custom kinds not refreshed: ${cat.error}` : cat.reason}
            </p>
          )}
          {nav.count > 0 && (
            <input
              type="search"
              className="custom-filter"
              placeholder="Filter custom kinds…"
              aria-label="Filter custom kinds by kind, plural, short name or group"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape' && query) {
                  e.preventDefault()
                  e.stopPropagation()
                  setQuery('')
                }
              }}
              data-testid="custom-filter"
            />
          )}
          {filtering && shown.length === 0 && <p className="side-muted side-note">No custom kind matches “{query.trim()}”</p>}
          <ul className="custom-groups">
            {shown.map((g) => {
              const open = filtering || openGroups.has(g.apiGroup) || g.apiGroup === activeGroup
              return (
                <li key={g.apiGroup} data-api-group={g.apiGroup}>
                  <button
                    type="button"
                    className="api-group-btn"
                    aria-expanded={open}
                    onClick={() => toggle(g.apiGroup)}
                    disabled={filtering || g.apiGroup === activeGroup}
                    title={g.apiGroup}
                  >
                    <Icon name="chevron" className={open ? 'rot90' : ''} />
                    <span className="api-group-name">{g.apiGroup}</span>
                    <span className="group-count">{filtering ? `${g.kinds.length}/${g.total}` : g.total}</span>
                  </button>
                  {open && (
                    <ul>
                      {g.kinds.map((k) => {
                        const active = k.id === kind && page === 'list'
                        return (
                          <li key={k.id}>
                            <button
                              type="button"
                              className={`nav-item custom-item${active ? ' active' : ''}`}
                              onClick={() => selectKind(k.id)}
                              aria-current={active ? 'page' : undefined}
                              title={`${k.id}${k.shortNames.length > 0 ? ` (${k.shortNames.join(', ')})` : ''}${k.namespaced ? '' : ' · cluster-scoped'}`}
                              data-nav={k.id}
                            >
                              {kindPlural(k)}
                            </button>
                          </li>
                        )
                      })}
                    </ul>
                  )}
                </li>
              )
            })}
          </ul>
        </>
      )}
    </div>
  )
}
