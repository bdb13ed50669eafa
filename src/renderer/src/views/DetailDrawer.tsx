/**
 * The detail drawer of one row: the object's identity and actions (logs, copy name, copy as
 * kubectl), then two tabs — Describe (live: status, the why, containers, events, links; see
 * DescribeView) and YAML (coloured, folded, searchable, copyable). The tab is part of the place
 * (the address keeps it). Escape or the close button closes it; focus moves into it on open.
 */
import { useEffect, useRef } from 'react'
import { useStore } from 'zustand'
import type { RowDto } from '../../../shared/dto/row.ts'
import { CopyButton } from '../components/CopyButton.tsx'
import { useDescribe } from '../hooks/useDescribe.ts'
import { useKindDef } from '../hooks/useKindDef.ts'
import { useNow } from '../hooks/useNow.ts'
import { useObject } from '../hooks/useObject.ts'
import { useOwnerChain } from '../hooks/useOwnerChain.ts'
import { kubectlCommands } from '../stores/describe/kubectl.ts'
import { containerStatuses } from '../stores/describe/objects.ts'
import { toYaml } from '../stores/describe/yamlLines.ts'
import { hasLogs, openLogs } from '../stores/logStore.ts'
import { sourceUid } from '../stores/mergedRows.ts'
import { setTab, ui } from '../stores/uiStore.ts'
import { DescribeView } from './DescribeView.tsx'
import { YamlView } from './YamlView.tsx'

/** The drawer for one row of `cluster`. */
export function DetailDrawer({ cluster, row, onClose }: { cluster: string; row: RowDto; onClose: () => void }) {
  const def = useKindDef(cluster, row.kind)
  const logKind = hasLogs(row.kind) ? row.kind : null
  const now = useNow()
  const tab = useStore(ui, (s) => s.tab)
  const multi = useStore(ui, (s) => s.clusters.length > 1)
  const obj = useObject(cluster, row.kind, row.namespace, row.name, row.resourceVersion)
  const lists = useDescribe(cluster, row.kind, row.namespace, row.name, sourceUid(row))
  const owners = useOwnerChain(cluster, obj.object, row.namespace)
  const closeRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    closeRef.current?.focus()
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !ui.getState().paletteOpen && !ui.getState().columnsOpen) {
        e.preventDefault()
        onClose()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])

  const statuses = obj.object ? containerStatuses(obj.object) : []
  const crashed = statuses.find((c) => !c.init && (c.restartCount ?? 0) > 0) ?? statuses.find((c) => (c.restartCount ?? 0) > 0)
  const commands = kubectlCommands(cluster, def, row.namespace, row.name, crashed?.name ?? '', crashed !== undefined)
  const tabs = [
    ['describe', 'Describe'],
    ['yaml', 'YAML']
  ] as const
  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-label={`${def.kind} ${row.name}`} data-testid="drawer" data-name={row.name}>
      <header className="drawer-head">
        <div className="drawer-id">
          <p className="drawer-kind">
            {def.kind}
            {row.namespace ? ` · ${row.namespace}` : ''}
            {multi ? ` · ${cluster}` : ''}
          </p>
          <h3 className="drawer-title">{row.name}</h3>
        </div>
        <div className="drawer-actions">
          {logKind && (
            <button
              type="button"
              className="btn btn-small"
              data-testid="drawer-logs"
              title="Logs (l)"
              onClick={() => openLogs({ cluster, kind: logKind, namespace: row.namespace, name: row.name })}
            >
              Logs
            </button>
          )}
          <CopyButton text={row.name} label="Copy name" testId="copy-name" />
          <details className="copy-menu">
            <summary className="btn btn-small" data-testid="copy-kubectl">
              Copy as kubectl ▾
            </summary>
            <div className="popover copy-menu-list" role="menu">
              {commands.map((c) => (
                <CopyButton key={c.label} text={c.command} label={c.command} className="copy-item" testId={`kubectl-${c.label.replace(/\W+/g, '-')}`} />
              ))}
            </div>
          </details>
          <button ref={closeRef} type="button" className="icon-btn" onClick={onClose} aria-label="Close details (Escape)">
            ✕
          </button>
        </div>
      </header>
      <div className="tabs" role="tablist" aria-label="Details">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            className={`tab${tab === id ? ' on' : ''}`}
            onClick={() => setTab(id)}
            data-tab={id}
          >
            {label}
          </button>
        ))}
        {obj.state === 'gone' && <span className="tab-note st-bad">deleted: {obj.message}</span>}
        {obj.state === 'error' && (
          <span className="tab-note st-bad" title={obj.message}>
            could not fetch the object: {obj.message}
          </span>
        )}
      </div>
      <div className="drawer-body" role="tabpanel">
        {tab === 'describe' && (
          <>
            {obj.state === 'loading' && <p className="muted">Loading {def.singular}…</p>}
            <DescribeView cluster={cluster} row={row} object={obj.object} lists={lists} owners={owners} now={now} />
          </>
        )}
        {tab === 'yaml' &&
          (obj.object ? (
            <YamlView text={toYaml(obj.object)} />
          ) : (
            <p className="muted" data-testid="yaml-unavailable">
              {obj.state === 'loading' ? 'Loading YAML…' : `YAML not available: ${obj.message}`}
            </p>
          ))}
      </div>
    </aside>
  )
}
