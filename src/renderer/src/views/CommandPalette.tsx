/**
 * The command palette (Ctrl/Cmd+K anywhere, `:` outside a text field): type to find a kind (by
 * name or kubectl short name), a cluster, a namespace, an action or any object of the lists
 * already loaded; or a k9s command — `:po`, `:deploy kube-system`, `:ctx <cluster>`,
 * `:ns <namespace>`. Choosing a kind opens its list and keeps the palette open on that kind's
 * objects, so `:po` Enter then part of a pod's name and Enter opens that pod.
 * Keyboard only: ↑ ↓ to move, Enter to run, Backspace on an empty box leaves a kind's scope,
 * Escape closes. Every action lists its own shortcut.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { KeyboardEvent } from 'react'
import { useStore } from 'zustand'
import type { RowDto } from '../../../shared/dto/row.ts'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { kindPlural } from '../components/kindLabel.ts'
import { useNamespaces } from '../hooks/useNamespaces.ts'
import { columnPrefs, setWide } from '../stores/columnPrefs.ts'
import { clusterCatalog, kindAnywhere, kindCatalog, kindOrPlaceholder } from '../stores/kindCatalog.ts'
import { lists } from '../stores/listStore.ts'
import { MAX_RESULTS, kindItems, parseCommand, resolveKind, searchItems, searchObjects } from '../stores/palette.ts'
import type { PaletteItem } from '../stores/palette.ts'
import { rowCluster } from '../stores/mergedRows.ts'
import { server } from '../stores/serverStore.ts'
import {
  navigate,
  openObject,
  selectCluster,
  selectKind,
  selectNamespace,
  setColumnsOpen,
  setPage,
  setPaletteOpen,
  setShortcutsOpen,
  setSidebar,
  ui
} from '../stores/uiStore.ts'

/** Actions: what else the keyboard can do, with the key that does it without the palette. */
const ACTIONS: readonly { id: string; title: string; keys: string; note: string; run: () => void; list?: boolean }[] = [
  { id: 'overview', title: 'Overview of the cluster', keys: '', note: 'pods by status, failing workloads, warnings, nodes', run: () => setPage('overview') },
  { id: 'filter', title: 'Filter the rows', keys: '/', note: "the list's filter box", list: true, run: () => focusLater('input.filter') },
  {
    id: 'columns',
    title: 'Columns…',
    keys: 'right-click a header',
    note: 'show, hide and order the columns of this kind',
    list: true,
    run: () => setColumnsOpen(true)
  },
  {
    id: 'wide',
    title: 'Wide columns on or off',
    keys: '',
    note: 'kubectl -o wide, for this kind',
    list: true,
    run: () => {
      const k = ui.getState().kind
      setWide(k, !(columnPrefs.getState()[k]?.wide === true))
    }
  },
  { id: 'allns', title: 'All namespaces', keys: '', note: 'clear the namespace filter', run: () => selectNamespace('') },
  { id: 'back', title: 'Back', keys: 'Alt+←', note: 'where you were before', run: () => window.history.back() },
  { id: 'forward', title: 'Forward', keys: 'Alt+→', note: '', run: () => window.history.forward() },
  { id: 'sidebar', title: 'Show or hide the sidebar', keys: '[', note: '', run: () => setSidebar(!ui.getState().sidebar) },
  { id: 'kubeconfig', title: 'Kubeconfig', keys: '', note: 'contexts, files, reload', run: () => setPage('kubeconfig') },
  { id: 'settings', title: 'Settings', keys: '', note: 'live updates per kind, connection limit', run: () => setPage('settings') },
  { id: 'shortcuts', title: 'Keyboard shortcuts', keys: '?', note: 'and the filter syntax', run: () => setShortcutsOpen(true) }
]

function focusLater(selector: string): void {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>(selector)
    el?.focus()
    if (el instanceof HTMLInputElement) el.select()
  })
}

/** Every loaded row (of every open list) once, with its cluster; `kind`/`clusters` narrow it. */
function* loadedRows(kind: AnyKindId | null, clusters: readonly string[] | null, skipEvents = false): Generator<{ cluster: string; row: RowDto }> {
  const seen = new Set<string>()
  for (const [key, data] of lists.store.getState().data) {
    const [cluster, k] = key.split('|')
    if ((kind && k !== kind) || (clusters && !clusters.includes(cluster)) || (skipEvents && k === 'events')) continue
    for (const row of data.rows.values()) {
      const id = `${cluster}/${row.kind}/${row.uid}`
      if (seen.has(id)) continue
      seen.add(id)
      yield { cluster: rowCluster(row, cluster), row }
    }
  }
}

/** The palette dialog. */
export function CommandPalette() {
  const seed = useStore(ui, (s) => s.paletteSeed)
  const clusters = useStore(ui, (s) => s.clusters)
  const page = useStore(ui, (s) => s.page)
  const known = useStore(server, (s) => s.clusters)
  const namespaces = useNamespaces(clusters[0] ?? '')
  const [text, setText] = useState(seed)
  const [scope, setScope] = useState<AnyKindId | null>(null)
  const customKinds = useStore(kindCatalog, (s) => clusterCatalog(clusters[0] ?? '', s).kinds)
  const [active, setActive] = useState(0)
  // Rows of a kind arrive after its list opens: re-search when the store changes (throttled by React).
  const storeVersion = useStore(lists.store, (s) =>
    scope
      ? Object.entries(s.meta)
          .filter(([k]) => k.split('|')[1] === scope)
          .map(([, m]) => m.version)
          .join(',')
      : ''
  )
  const inputRef = useRef<HTMLInputElement>(null)
  const listRef = useRef<HTMLUListElement>(null)

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    inputRef.current?.focus()
    return () => {
      if (before && document.contains(before) && !document.querySelector('[data-testid="drawer"]')) before.focus()
    }
  }, [])

  const close = (): void => setPaletteOpen(false)
  const kinds = useMemo(() => kindItems(kindPlural, customKinds), [customKinds])

  const items: PaletteItem[] = useMemo(() => {
    void storeVersion
    const cmd = parseCommand(text)
    if (scope) {
      const found = searchObjects(loadedRows(scope, clusters), text, MAX_RESULTS)
      if (!text.trim()) return [...loadedRows(scope, clusters)].slice(0, MAX_RESULTS).map(objectItem)
      return found.map(objectItem)
    }
    if (cmd) {
      if (cmd.word === 'ctx' || cmd.word === 'context') {
        return searchItems(clusterItems(known), cmd.args.join(' ')).slice(0, MAX_RESULTS)
      }
      if (cmd.word === 'ns' && cmd.args.length > 0) return searchItems(namespaceItems(namespaces), cmd.args.join(' ')).slice(0, MAX_RESULTS)
      const k = resolveKind(cmd.word, customKinds)
      // `:po all` or `:po -A`: every namespace, as kubectl's --all-namespaces.
      const ns = cmd.args[0] === 'all' || cmd.args[0] === '-A' ? '' : cmd.args[0]
      if (k) return [{ ...kinds.find((i) => i.type === 'kind' && i.kind === k)!, ...(ns !== undefined ? { namespace: ns } : {}) } as PaletteItem]
      return searchItems(kinds, cmd.word).slice(0, MAX_RESULTS)
    }
    const small = [...kinds, ...clusterItems(known), ...namespaceItems(namespaces), ...actionItems(page)]
    if (!text.trim()) return [...actionItems(page).slice(0, 4), ...kinds.slice(0, 8), ...clusterItems(known)].slice(0, MAX_RESULTS)
    const hits = searchItems(small, text).slice(0, 12)
    // Events are found through their object (or `:ev`): their generated names would drown the rest.
    const objects = searchObjects(loadedRows(null, null, true), text, MAX_RESULTS - hits.length).map(objectItem)
    return [...hits, ...objects]
  }, [text, scope, clusters, known, namespaces, kinds, customKinds, page, storeVersion])

  useEffect(() => {
    setActive(0)
  }, [text, scope])
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' })
  }, [active])

  const run = (item: PaletteItem | undefined): void => {
    if (!item) return
    switch (item.type) {
      case 'kind':
        if (item.namespace !== undefined && kindOrPlaceholder(ui.getState().clusters[0] ?? '', item.kind).namespaced)
          navigate({ page: 'list', kind: item.kind, namespace: item.namespace, filter: '', sort: null, open: null })
        else selectKind(item.kind)
        // Stay open on that kind's objects: `:po` Enter, then a pod's name.
        setScope(item.kind)
        setText('')
        return
      case 'cluster':
        selectCluster(item.cluster)
        break
      case 'namespace':
        selectNamespace(item.namespace)
        break
      case 'action':
        ACTIONS.find((a) => a.id === item.id.slice(7))?.run()
        break
      case 'object':
        openObject({ cluster: item.cluster, kind: item.row.kind, namespace: item.row.namespace, name: item.row.name })
        break
    }
    close()
  }

  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      close()
    } else if (e.key === 'ArrowDown') {
      e.preventDefault()
      setActive((a) => Math.min(items.length - 1, a + 1))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((a) => Math.max(0, a - 1))
    } else if (e.key === 'PageDown') {
      e.preventDefault()
      setActive((a) => Math.min(items.length - 1, a + 8))
    } else if (e.key === 'PageUp') {
      e.preventDefault()
      setActive((a) => Math.max(0, a - 8))
    } else if (e.key === 'Enter') {
      e.preventDefault()
      run(items[active])
    } else if (e.key === 'Backspace' && text === '' && scope) {
      e.preventDefault()
      setScope(null)
    }
  }

  const scopeTitle = scope ? `${kindPlural(kindAnywhere(scope))} in ${clusters.join(', ')}` : ''
  return (
    <div
      className="modal-backdrop palette-backdrop"
      onPointerDown={(e) => {
        if (e.target === e.currentTarget) close()
      }}
    >
      <div className="modal palette" role="dialog" aria-modal="true" aria-label="Go to anything" data-testid="palette">
        <div className="palette-input">
          {scope && (
            <span className="palette-scope" data-testid="palette-scope" title="Backspace leaves this kind">
              {scopeTitle} ›
            </span>
          )}
          {/* autoFocus: focused as it mounts, so keys typed right after Ctrl+K or `:` land here. */}
          <input
            ref={inputRef}
            autoFocus
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKey}
            spellCheck={false}
            placeholder={scope ? 'Type a name to open it' : 'Kinds, clusters, namespaces, objects… or :po, :deploy kube-system, :ctx name, :ns name'}
            aria-label="Go to"
            aria-controls="palette-list"
            aria-activedescendant={items[active] ? `pal-${active}` : undefined}
            role="combobox"
            aria-expanded="true"
          />
        </div>
        <ul ref={listRef} className="palette-list" id="palette-list" role="listbox" aria-label="Results">
          {items.length === 0 && <li className="palette-empty muted">{scope && !storeVersion ? 'Loading…' : 'Nothing matches'}</li>}
          {items.map((it, i) => (
            <li
              key={it.id}
              id={`pal-${i}`}
              role="option"
              aria-selected={i === active}
              className={`palette-item${i === active ? ' active' : ''}`}
              onPointerMove={() => setActive(i)}
              onClick={() => run(it)}
              data-type={it.type}
              data-testid="palette-item"
            >
              <span className={`palette-type type-${it.type}`}>
                {it.type === 'object' ? kindOrPlaceholder(it.cluster, it.row.kind).kind : TYPE_LABEL[it.type]}
              </span>
              <span className="palette-title">{it.title}</span>
              <span className="palette-note">{noteOf(it)}</span>
              {it.type === 'action' && it.keys && (
                <span className="palette-keys">
                  {it.keys.split(' ').map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </span>
              )}
            </li>
          ))}
        </ul>
        <footer className="palette-foot">
          <span>
            <kbd>↑</kbd>
            <kbd>↓</kbd> move
          </span>
          <span>
            <kbd>Enter</kbd> open
          </span>
          <span>
            <kbd>Esc</kbd> close
          </span>
          {scope ? (
            <span>
              <kbd>⌫</kbd> all kinds
            </span>
          ) : (
            <span className="muted">
              <code>:po</code> <code>:deploy ns</code> <code>:ctx name</code> <code>:ns name</code>
            </span>
          )}
        </footer>
      </div>
    </div>
  )
}

const TYPE_LABEL: Readonly<Record<PaletteItem['type'], string>> = {
  kind: 'Kind',
  cluster: 'Cluster',
  namespace: 'Namespace',
  action: 'Action',
  object: 'Object'
}

function noteOf(it: PaletteItem): string {
  switch (it.type) {
    case 'kind':
      if (it.apiGroup) return `${it.apiGroup}${it.namespace !== undefined ? ` · in ${it.namespace || 'all namespaces'}` : ''}`
      return `${it.aliases
        .split(' ')
        .filter((a) => a.length <= 6)
        .join(' ')}${it.namespace !== undefined ? ` · in ${it.namespace || 'all namespaces'}` : ''}`
    case 'cluster':
      return it.note
    case 'object':
      return `${it.row.namespace ? `${it.row.namespace} · ` : ''}${it.cluster}${typeof it.row.cells.status === 'string' ? ` · ${it.row.cells.status}` : ''}`
    case 'action':
      return it.note
    default:
      return ''
  }
}

function objectItem(x: { cluster: string; row: RowDto }): PaletteItem {
  return { type: 'object', id: `obj:${x.cluster}/${x.row.uid}`, cluster: x.cluster, row: x.row, title: x.row.name }
}

function clusterItems(known: readonly { id: string; status: string; serverVersion?: string }[] | null): PaletteItem[] {
  return (known ?? []).map((c) => ({
    type: 'cluster' as const,
    id: `ctx:${c.id}`,
    cluster: c.id,
    title: c.id,
    note: `${c.status}${c.serverVersion ? ` · ${c.serverVersion}` : ''}`
  }))
}

function namespaceItems(names: readonly string[]): PaletteItem[] {
  return names.map((n) => ({ type: 'namespace' as const, id: `ns:${n}`, namespace: n, title: n }))
}

function actionItems(page: string): PaletteItem[] {
  return ACTIONS.filter((a) => !a.list || page === 'list').map((a) => ({
    type: 'action' as const,
    id: `action:${a.id}`,
    title: a.title,
    keys: a.keys,
    note: a.note
  }))
}
