/**
 * The detail drawer: the row's identity, labels, every cell (wide ones too) and the object's
 * YAML. Escape or the close button closes it; focus moves into it on open.
 */
import { useEffect, useRef } from 'react'
import type { RowDto } from '../../../shared/dto/row.ts'
import { kindDef } from '../../../shared/kinds/registry.ts'
import { Cell } from '../components/Cell.tsx'
import type { TableColumn } from '../components/tableColumns.ts'
import { useNow } from '../hooks/useNow.ts'
import { useObjectYaml } from '../hooks/useObjectYaml.ts'
import { hasLogs, openLogs } from '../stores/logStore.ts'

/**
 * Human titles of the row's `extra` facts; null = internal (used for colour or kubectl text only,
 * already visible through the cells), never shown as a field.
 */
const EXTRA_TITLES: Readonly<Record<string, string | null>> = {
  phase: 'Phase', lastRestartAt: 'Last restart', startTime: 'Started', completionTime: 'Completed',
  statusClass: null, isDefault: null
}
/** Extras holding an ISO timestamp, shown in local time like Created. */
const TIME_EXTRAS = new Set(['lastRestartAt', 'startTime', 'completionTime'])

/** The drawer for one row. */
export function DetailDrawer({ cluster, row, onClose }: { cluster: string; row: RowDto; onClose: () => void }) {
  const def = kindDef(row.kind)
  const now = useNow()
  const yaml = useObjectYaml(cluster, row.kind, row.name, row.namespace, row.resourceVersion)
  const closeRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    closeRef.current?.focus()
    const onKey = (e: KeyboardEvent): void => { if (e.key === 'Escape') { e.preventDefault(); onClose() } }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])

  const labels = Object.entries(row.labels)
  const extra = Object.entries(row.extra ?? {})
    .filter(([k, v]) => v !== null && v !== '' && EXTRA_TITLES[k] !== null)
    .map(([k, v]): [string, string] => [EXTRA_TITLES[k] ?? k, typeof v === 'string' && TIME_EXTRAS.has(k) ? new Date(v).toLocaleString() : String(v)])
  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-label={`${def.kind} ${row.name}`} data-testid="drawer">
      <header className="drawer-head">
        <div>
          <p className="drawer-kind">{def.kind}{row.namespace ? ` · ${row.namespace}` : ''}</p>
          <h3 className="drawer-title">{row.name}</h3>
        </div>
        {hasLogs(row.kind) && (
          <button type="button" className="toggle" data-testid="drawer-logs" title="Logs (l)"
            onClick={() => openLogs({ cluster, kind: row.kind, namespace: row.namespace, name: row.name })}>Logs</button>
        )}
        <button ref={closeRef} type="button" className="icon-btn" onClick={onClose} aria-label="Close details (Escape)">✕</button>
      </header>
      <div className="drawer-body">
        <section>
          <h4>Fields</h4>
          <dl className="fields">
            <dt>Created</dt><dd>{row.createdAt ? `${new Date(row.createdAt).toLocaleString()}` : '<unknown>'}</dd>
            {row.deletingAt && (<><dt>Deleting since</dt><dd>{new Date(row.deletingAt).toLocaleString()}</dd></>)}
            {def.columns.map((c) => (
              <FieldRow key={c.id} title={c.title} col={{ id: c.id, title: c.title, type: c.type, width: 0, minWidth: 0, grow: 0, truncate: 'end', def: c }} row={row} now={now} />
            ))}
            <dt>Resource version</dt><dd className="mono">{row.resourceVersion}</dd>
            <dt>UID</dt><dd className="mono">{row.uid}</dd>
            {extra.map(([k, v]) => (<FieldText key={k} title={k} text={v} />))}
          </dl>
        </section>
        <section>
          <h4>Labels</h4>
          {labels.length === 0 ? <p className="muted">No labels</p> : (
            <ul className="chips">{labels.map(([k, v]) => <li key={k} className="chip">{k}={v}</li>)}</ul>
          )}
        </section>
        <section>
          <h4>YAML</h4>
          {yaml.state === 'loading' && <p className="muted">Loading YAML…</p>}
          {yaml.state === 'unavailable' && <p className="muted" data-testid="yaml-unavailable">{yaml.message}</p>}
          {yaml.state === 'ready' && <pre className="yaml" data-testid="yaml">{yaml.yaml}</pre>}
        </section>
      </div>
    </aside>
  )
}

function FieldRow({ title, col, row, now }: { title: string; col: TableColumn; row: RowDto; now: number }) {
  return (<><dt>{title}</dt><dd><Cell row={row} col={col} now={now} inGrid={false} /></dd></>)
}

function FieldText({ title, text }: { title: string; text: string }) {
  return (<><dt>{title}</dt><dd>{text}</dd></>)
}
