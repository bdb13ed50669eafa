/**
 * The describe view of one object, live: the one-line why (stores/describe/why.ts), status and
 * conditions, containers (state, last state, reason, exit code, restarts), the object's events
 * newest first, its owners up the chain and what it owns or selects as links (each opens that
 * object in the app and updates the address), labels, annotations and the row's fields.
 */
import { DataKeys } from './DataKeys.tsx'
import type { RowDto } from '../../../shared/dto/row.ts'
import { isKindId } from '../../../shared/kinds/registry.ts'
import { ageSince } from '../../../shared/kinds/rows/format.ts'
import { Cell } from '../components/Cell.tsx'
import { kindPlural } from '../components/kindLabel.ts'
import type { Link, LinkGroup } from '../stores/describe/related.ts'
import { linkGroups } from '../stores/describe/related.ts'
import { annotationsOf, conditionsOf, containerStatuses, str } from '../stores/describe/objects.ts'
import type { ContainerStatusLike, Obj, StateLike } from '../stores/describe/objects.ts'
import { whySentence } from '../stores/describe/why.ts'
import { kindAnywhere } from '../stores/kindCatalog.ts'
import { openObject } from '../stores/uiStore.ts'
import type { DescribeLists } from '../hooks/useDescribe.ts'
import { useKindDef } from '../hooks/useKindDef.ts'
import { toYaml } from '../stores/describe/yamlLines.ts'
import { useState } from 'react'

/** Extras of a row that are internal (colour, kubectl text, event identity), never shown as fields. */
const HIDDEN_EXTRAS = new Set(['statusClass', 'isDefault', 'objectKind', 'objectUid', 'objectNamespace'])
const EXTRA_TITLES: Readonly<Record<string, string>> = { phase: 'Phase', lastRestartAt: 'Last restart', startTime: 'Started', completionTime: 'Completed' }
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

export interface DescribeViewProps {
  readonly cluster: string
  readonly row: RowDto
  readonly object: Obj | null
  readonly lists: DescribeLists
  readonly owners: readonly Link[]
  readonly now: number
}

function stateText(s: StateLike | undefined, now: number): string {
  if (!s) return ''
  if (s.running) return `Running${s.running.startedAt ? ` for ${ageSince(s.running.startedAt, now)}` : ''}`
  if (s.waiting) return `Waiting: ${s.waiting.reason ?? ''}`
  if (s.terminated) {
    const t = s.terminated
    return `Terminated: ${t.reason ?? ''} (exit ${t.exitCode ?? '?'}${t.signal ? `, signal ${t.signal}` : ''})${t.finishedAt ? `, ${ageSince(t.finishedAt, now)} ago` : ''}`
  }
  return ''
}

/**
 * A custom kind has no describer in the app (kubectl describe prints its spec and status as a
 * tree): its spec and status as YAML, read-only, so a custom resource is described as fully.
 */
function SpecStatus({ obj }: { obj: Obj }) {
  // status.conditions are the Conditions table above: the YAML keeps the rest of the status.
  const status = obj.status && typeof obj.status === 'object' ? Object.fromEntries(Object.entries(obj.status).filter(([k]) => k !== 'conditions')) : obj.status
  const parts = [
    ['spec', 'Spec', obj.spec],
    ['status', 'Status', status]
  ] as const
  return (
    <>
      {parts
        .filter(([, , v]) => v !== undefined && v !== null && !(typeof v === 'object' && Object.keys(v).length === 0))
        .map(([k, title, v]) => (
          <section key={k} data-testid={`describe-${k}`}>
            <h4>{title}</h4>
            <pre className="describe-yaml mono">{toYaml(v)}</pre>
          </section>
        ))}
    </>
  )
}

function ObjLink({ cluster, link }: { cluster: string; link: Link }) {
  const def = useKindDef(cluster, link.kind)
  return (
    <button
      type="button"
      className="obj-link"
      data-testid="describe-link"
      data-kind={link.kind}
      data-name={link.name}
      onClick={() => openObject({ cluster, kind: link.kind, namespace: link.namespace, name: link.name })}
      title={`Open ${def.singular} ${link.name}${link.namespace ? ` in ${link.namespace}` : ''}`}
    >
      <span className="obj-link-kind">{def.kind}</span> {link.name}
      {link.note && <span className="obj-link-note"> {link.note}</span>}
    </button>
  )
}

function Links({ cluster, groups }: { cluster: string; groups: readonly LinkGroup[] }) {
  return (
    <>
      {groups.map((g) => (
        <div key={g.title} className="link-group" data-testid="link-group" data-title={g.title}>
          <span className="link-group-title">{g.title}</span>
          <ul className="links">
            {g.links.map((l) => (
              <li key={`${l.kind}/${l.namespace}/${l.name}`}>
                <ObjLink cluster={cluster} link={l} />
              </li>
            ))}
            {g.more > 0 && (
              <li className="muted">
                and {g.more} more — open the {kindPlural(kindAnywhere(g.links[0].kind)).toLowerCase()} list
              </li>
            )}
          </ul>
        </div>
      ))}
    </>
  )
}

function Containers({ list, now }: { list: readonly ContainerStatusLike[]; now: number }) {
  if (list.length === 0) return null
  return (
    <section>
      <h4>Containers</h4>
      <table className="mini-table" data-testid="containers">
        <thead>
          <tr>
            <th>Name</th>
            <th>State</th>
            <th>Last state</th>
            <th>Restarts</th>
            <th>Ready</th>
          </tr>
        </thead>
        <tbody>
          {list.map((c) => {
            const bad = c.state?.waiting || (c.state?.terminated && (c.state.terminated.exitCode ?? 0) !== 0)
            return (
              <tr key={`${c.init ? 'i' : 'c'}-${c.name}`} data-container={c.name}>
                <td>
                  <span className="mono">{c.name}</span>
                  {c.init && <span className="tag">init</span>}
                  <div className="muted small" title={c.image}>
                    {c.image}
                  </div>
                </td>
                <td className={bad ? 'st-bad' : ''} data-testid="container-state">
                  {stateText(c.state, now)}
                  {c.state?.waiting?.message && <div className="muted small">{c.state.waiting.message}</div>}
                </td>
                <td data-testid="container-last-state">{stateText(c.lastState, now) || '—'}</td>
                <td className={(c.restartCount ?? 0) > 0 ? 'rs-some' : ''}>{c.restartCount ?? 0}</td>
                <td>{c.ready === undefined ? '—' : c.ready ? 'yes' : 'no'}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}

function Events({ events, loaded, now }: { events: readonly RowDto[]; loaded: boolean; now: number }) {
  const [all, setAll] = useState(false)
  const shown = all ? events : events.slice(0, 20)
  return (
    <section data-testid="describe-events">
      <h4>Events {loaded ? `(${events.length})` : ''}</h4>
      {!loaded && <p className="muted">Loading events…</p>}
      {loaded && events.length === 0 && <p className="muted">No events for this object (the apiserver keeps them about an hour).</p>}
      {shown.length > 0 && (
        <table className="mini-table events-table">
          <thead>
            <tr>
              <th>Type</th>
              <th>Reason</th>
              <th>Last seen</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.uid} data-testid="describe-event" data-reason={str(e.cells.reason)}>
                <td className={e.cells.type === 'Warning' ? 'ev-warning' : ''}>{str(e.cells.type)}</td>
                <td>{str(e.cells.reason)}</td>
                <td className="nowrap">
                  {ageSince(str(e.cells.lastSeen) || e.createdAt, now)}
                  {Number(e.cells.count) > 1 ? ` (×${e.cells.count})` : ''}
                </td>
                <td>{str(e.cells.message)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {events.length > shown.length && (
        <button type="button" className="link-btn" onClick={() => setAll(true)}>
          Show all {events.length}
        </button>
      )}
    </section>
  )
}

function Annotations({ obj }: { obj: Obj }) {
  const [showApplied, setShowApplied] = useState(false)
  const entries = Object.entries(annotationsOf(obj))
  if (entries.length === 0) return null
  return (
    <section>
      <h4>Annotations</h4>
      <dl className="fields annotations">
        {entries.map(([k, v]) => (
          <div key={k} className="field-pair">
            <dt className="mono">{k}</dt>
            <dd className="mono">
              {k === LAST_APPLIED && !showApplied ? (
                <button type="button" className="link-btn" onClick={() => setShowApplied(true)}>
                  ▸ {String(v).length.toLocaleString()} characters folded — show
                </button>
              ) : (
                String(v)
              )}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  )
}

/** The describe view. */
export function DescribeView({ cluster, row, object, lists, owners, now }: DescribeViewProps) {
  const def = useKindDef(cluster, row.kind)
  const obj: Obj = object ?? {}
  const builtin = isKindId(row.kind) ? row.kind : null
  const groups = object && builtin ? linkGroups(builtin, obj, lists.rowsOf) : []
  const related = groups.flatMap((g) =>
    g.links.map((l) => ({
      ...row,
      kind: l.kind,
      name: l.name,
      cells: { status: l.note },
      extra: { statusClass: /Crash|Err|BackOff|Error|OOM|Fail/.test(l.note) ? 'error' : '' }
    }))
  )
  const why = object && builtin ? whySentence(builtin, obj, lists.events, related, now) : null
  const conds = conditionsOf(obj)
  const labels = Object.entries(row.labels)
  const extra = Object.entries(row.extra ?? {}).filter(([k, v]) => v !== null && v !== '' && !HIDDEN_EXTRAS.has(k))
  return (
    <div className="describe" data-testid="describe">
      {why && (
        <p className={`why why-${why.tone}`} data-testid="why" role="status">
          {why.text}
        </p>
      )}
      {object && builtin && !why && (
        <p className="why why-ok" data-testid="why-ok">
          Nothing wrong found in its status, conditions or recent events.
        </p>
      )}
      {(owners.length > 0 || groups.length > 0) && (
        <section className="describe-links">
          <h4>Related</h4>
          {owners.length > 0 && (
            <div className="link-group" data-testid="owner-chain">
              <span className="link-group-title">Owned by</span>
              <ul className="links chain">
                {owners.map((l) => (
                  <li key={`${l.kind}/${l.name}`}>
                    <ObjLink cluster={cluster} link={l} />
                  </li>
                ))}
              </ul>
            </div>
          )}
          <Links cluster={cluster} groups={groups} />
        </section>
      )}
      {conds.length > 0 && (
        <section>
          <h4>Conditions</h4>
          <table className="mini-table" data-testid="conditions">
            <thead>
              <tr>
                <th>Type</th>
                <th>Status</th>
                <th>Reason</th>
                <th>Since</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {conds.map((c) => (
                <tr key={c.type}>
                  <td className="nowrap">{c.type}</td>
                  <td className={c.status === 'True' ? 'nowrap' : 'nowrap st-warn'}>{c.status}</td>
                  <td className="nowrap">{c.reason ?? ''}</td>
                  <td className="nowrap">{c.lastTransitionTime ? ageSince(c.lastTransitionTime, now) : ''}</td>
                  <td>{c.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {row.kind === 'pods' && <Containers list={containerStatuses(obj)} now={now} />}
      {object && <DataKeys kind={row.kind} obj={obj} />}
      {object && !builtin && <SpecStatus obj={obj} />}
      <Events events={lists.events} loaded={lists.eventsLoaded} now={now} />
      <section>
        <h4>Fields</h4>
        <dl className="fields">
          <dt>Created</dt>
          <dd>{row.createdAt ? `${new Date(row.createdAt).toLocaleString()} (${ageSince(row.createdAt, now)} ago)` : '<unknown>'}</dd>
          {row.deletingAt && (
            <>
              <dt>Deleting since</dt>
              <dd>{new Date(row.deletingAt).toLocaleString()}</dd>
            </>
          )}
          {def.columns.map((c) => (
            <FieldRow
              key={c.id}
              title={c.title}
              row={row}
              now={now}
              col={{ id: c.id, title: c.title, type: c.type, width: 0, minWidth: 0, grow: 0, truncate: 'end', def: c }}
            />
          ))}
          <dt>Resource version</dt>
          <dd className="mono">{row.resourceVersion}</dd>
          {extra.map(([k, v]) => (
            <FieldText key={k} title={EXTRA_TITLES[k] ?? k} text={typeof v === 'string' && /At$|Time$/.test(k) ? new Date(v).toLocaleString() : String(v)} />
          ))}
        </dl>
      </section>
      <section>
        <h4>Labels</h4>
        {labels.length === 0 ? (
          <p className="muted">No labels</p>
        ) : (
          <ul className="chips">
            {labels.map(([k, v]) => (
              <li key={k} className="chip">
                {k}={v}
              </li>
            ))}
          </ul>
        )}
      </section>
      {object && <Annotations obj={obj} />}
    </div>
  )
}

function FieldRow({ title, col, row, now }: { title: string; col: Parameters<typeof Cell>[0]['col']; row: RowDto; now: number }) {
  return (
    <>
      <dt>{title}</dt>
      <dd>
        <Cell row={row} col={col} now={now} inGrid={false} />
      </dd>
    </>
  )
}

function FieldText({ title, text }: { title: string; text: string }) {
  return (
    <>
      <dt>{title}</dt>
      <dd>{text}</dd>
    </>
  )
}
