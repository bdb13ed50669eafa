/**
 * The settings page, in plain words: which lists update live (per group and per kind), how many
 * live connections are in use against the per-user limit, and the limit itself; the same choice
 * as the raw text the environment variable takes sits under "Advanced" (validated as you type with
 * the server's own parser). Apply takes effect without a restart: the hook refetches
 * `/api/features` after the PUT, and every open view re-checks its stream.
 */
import { useEffect, useMemo, useState } from 'react'
import { formatKinds, parseKinds } from '../../../shared/kinds/grammar.ts'
import { GROUP_IDS, KINDS, kindsOfGroup } from '../../../shared/kinds/registry.ts'
import type { KindId } from '../../../shared/kinds/registry.ts'
import { kindPlural } from '../components/kindLabel.ts'
import { useSettings } from '../hooks/useSettings.ts'
import type { SettingsPin } from '../hooks/useSettings.ts'
import { useStreamUsage } from '../hooks/useStreamUsage.ts'
import type { StreamUsage } from '../hooks/useStreamUsage.ts'
import { leavePage, ui } from '../stores/uiStore.ts'
import { useStore } from 'zustand'
import { ClusterAccessCard } from './ClusterAccessCard.tsx'
import { CustomKindsSettings } from './CustomKindsSettings.tsx'

const GROUP_TITLES: Readonly<Record<string, string>> = {
  core: 'Core',
  workloads: 'Workloads',
  networking: 'Networking',
  storage: 'Storage',
  cluster: 'Cluster',
  config: 'Config',
  access: 'Access control'
}

/** Validate the limit field: a whole number ≥ 0 (0 = no limit). */
function parseLimit(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const t = text.trim()
  if (!/^\d+$/.test(t)) return { ok: false, error: t.startsWith('-') ? 'The limit cannot be negative.' : 'Enter a whole number (0 = no limit).' }
  return { ok: true, value: Number(t) }
}

function PinNote({ pin }: { pin: SettingsPin | null | undefined }) {
  if (!pin) return null
  return (
    <p className="pin-note" role="note">
      Set by the environment:{' '}
      <code>
        {pin.env}={pin.value}
      </code>
      , so it cannot be changed here. {pin.reason}
    </p>
  )
}

/** "12 of 60 live connections in use", or what is known. */
function usageText(u: StreamUsage, limit: number): string {
  if (u.open === null) return u.error ? `Live connections in use: unknown (${u.error})` : 'Counting live connections…'
  const n = `${u.open} ${u.open === 1 ? 'live connection' : 'live connections'}`
  if (u.users > 1) return `${n} open by ${u.users} users; each may have ${limit === 0 ? 'any number' : limit}`
  return limit === 0 ? `${n} in use (no limit)` : `${u.open} of ${limit} live connections in use`
}

/** The page. */
export function SettingsPane() {
  const s = useSettings()
  const cluster = useStore(ui, (st) => st.cluster)
  const usage = useStreamUsage()
  const [draft, setDraft] = useState<string | null>(null)
  const [limit, setLimit] = useState<string | null>(null)
  useEffect(() => {
    if (s.settings) {
      setDraft(s.settings.watchStreams)
      setLimit(String(s.settings.perUserLimit))
    }
  }, [s.settings])

  const parsed = useMemo(() => parseKinds(draft ?? ''), [draft])
  const enabled = useMemo(() => new Set<KindId>(parsed.ok ? parsed.kinds : []), [parsed])
  const limitParsed = parseLimit(limit ?? '')
  const kindsPin = s.settings?.pinned?.watchStreams ?? null
  const limitPin = s.settings?.pinned?.perUserLimit ?? null

  if (!s.settings || draft === null || limit === null) {
    return (
      <section className="settings">
        <h2>Settings</h2>
        <p className="muted">{s.loadError ? `Cannot load settings: ${s.loadError}` : 'Loading settings…'}</p>
      </section>
    )
  }

  const toggle = (kinds: readonly KindId[], on: boolean): void => {
    const next = new Set(enabled)
    for (const k of kinds)
      if (on) next.add(k)
      else next.delete(k)
    // Keep the custom selection: formatKinds without it would turn every custom kind off.
    setDraft(formatKinds(next, parsed.ok ? parsed.custom : undefined))
  }
  const saved = parseKinds(s.settings.watchStreams)
  const kindsChanged = parsed.ok && (!saved.ok || formatKinds(parsed.kinds, parsed.custom) !== formatKinds(saved.kinds, saved.custom))
  const limitChanged = limitParsed.ok && limitParsed.value !== s.settings.perUserLimit
  const canApply = parsed.ok && limitParsed.ok && (kindsChanged || limitChanged) && !s.applying

  const apply = (): void => {
    const update: { watchStreams?: string; perUserLimit?: number } = {}
    if (kindsChanged && !kindsPin) update.watchStreams = draft.trim()
    if (limitChanged && limitParsed.ok && !limitPin) update.perUserLimit = limitParsed.value
    void s.apply(update)
  }

  return (
    <section className="settings" aria-label="Settings">
      <header className="settings-head">
        <h2>Settings</h2>
        <button type="button" className="btn" onClick={leavePage}>
          Close
        </button>
      </header>

      <fieldset className="card" disabled={Boolean(kindsPin)}>
        <legend>Live updates</legend>
        <p className="muted">Live lists change the moment the cluster does. The others refresh every 5 seconds. Changes apply at once.</p>
        <p className="usage" data-testid="stream-usage">
          <span className="dot dot-ok" aria-hidden="true" /> {usageText(usage, s.settings.perUserLimit)}
        </p>
        <PinNote pin={kindsPin} />
        <div className="groups">
          {GROUP_IDS.map((g) => {
            const ks = kindsOfGroup(g)
            const on = ks.filter((k) => enabled.has(k)).length
            return (
              <div className="group" key={g}>
                <label className="toggle group-toggle">
                  <input
                    type="checkbox"
                    checked={on === ks.length}
                    ref={(el) => {
                      if (el) el.indeterminate = on > 0 && on < ks.length
                    }}
                    onChange={(e) => toggle(ks, e.target.checked)}
                    aria-label={`group ${g}`}
                  />
                  <span>{GROUP_TITLES[g] ?? g}</span>
                </label>
                {ks.map((k) => (
                  <label className="toggle" key={k}>
                    <input type="checkbox" checked={enabled.has(k)} onChange={(e) => toggle([k], e.target.checked)} aria-label={`kind ${k}`} data-kind={k} />
                    <span>{kindPlural(KINDS.find((d) => d.id === k)!)}</span>
                  </label>
                ))}
              </div>
            )
          })}
          {parsed.ok && <CustomKindsSettings custom={parsed.custom} onChange={(c) => setDraft(formatKinds(enabled, c))} />}
        </div>
      </fieldset>

      <fieldset className="card" disabled={Boolean(limitPin)}>
        <legend>Live connection limit</legend>
        <div className="limit-row">
          <label className="field field-inline">
            <span>Live lists one user may have open at once, across all clusters</span>
            <input
              type="text"
              inputMode="numeric"
              value={limit}
              onChange={(e) => setLimit(e.target.value)}
              aria-label="Live connections per user"
              aria-invalid={!limitParsed.ok}
              className="limit-input"
            />
          </label>
          <p className="muted">0 = no limit. Lists over the limit refresh every 5 seconds instead.</p>
        </div>
        <PinNote pin={limitPin} />
        {!limitParsed.ok && (
          <p className="field-error" role="alert">
            {limitParsed.error}
          </p>
        )}
      </fieldset>

      <ClusterAccessCard s={s} cluster={cluster} />

      <details className="card advanced" open={!parsed.ok}>
        <summary>Advanced: the live lists as text</summary>
        <label className="field">
          <span>
            The same choice as <code>PERISCOPE_WATCH_STREAMS</code> takes it: empty = all, <code>off</code> = none, or kinds and groups such as{' '}
            <code>pods,workloads</code>; custom resources as <code>custom</code> (all) or <code>certificates.cert-manager.io</code>
          </span>
          <input
            type="text"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="empty = all kinds; e.g. pods,workloads; off"
            aria-label="Live lists as text"
            aria-invalid={!parsed.ok}
            spellCheck={false}
            disabled={Boolean(kindsPin)}
          />
        </label>
        {!parsed.ok && (
          <p className="field-error" role="alert" data-testid="grammar-error">
            {parsed.error}
          </p>
        )}
      </details>

      <footer className="settings-foot">
        <button type="button" className="btn btn-primary" disabled={!canApply} onClick={apply}>
          {s.applying ? 'Applying…' : 'Apply'}
        </button>
        {s.applyError && (
          <p className="field-error" role="alert" data-testid="apply-error">
            {s.applyError}
          </p>
        )}
        {s.applied && !s.applyError && !canApply && (
          <p className="ok-note" role="status">
            Applied. Open views switched at once.
          </p>
        )}
      </footer>
    </section>
  )
}
