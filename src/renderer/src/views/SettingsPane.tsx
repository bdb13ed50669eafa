/**
 * The settings pane: which kinds stream (per-group and per-kind toggles plus the raw grammar
 * string, validated live with the server's own `parseKinds`) and the per-user stream cap.
 * Apply takes effect without a restart: the hook refetches `/api/features` after the PUT, and
 * every open view re-checks its stream.
 */
import { useEffect, useMemo, useState } from 'react'
import { formatKinds, parseKinds } from '../../../shared/kinds/grammar.ts'
import { GROUP_IDS, KINDS, kindsOfGroup } from '../../../shared/kinds/registry.ts'
import type { KindId } from '../../../shared/kinds/registry.ts'
import { kindPlural } from '../components/kindLabel.ts'
import { useSettings } from '../hooks/useSettings.ts'
import type { SettingsPin } from '../hooks/useSettings.ts'
import { setSettingsOpen } from '../stores/uiStore.ts'

/** Validate the cap field: a whole number ≥ 0 (0 = no cap). */
function parseCap(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const t = text.trim()
  if (!/^\d+$/.test(t)) return { ok: false, error: t.startsWith('-') ? 'The cap cannot be negative.' : 'Enter a whole number (0 = no cap).' }
  return { ok: true, value: Number(t) }
}

function PinNote({ pin }: { pin: SettingsPin | null | undefined }) {
  if (!pin) return null
  return <p className="pin-note" role="note">Pinned by <code>{pin.env}={pin.value}</code>: {pin.reason}</p>
}

/** The pane. */
export function SettingsPane() {
  const s = useSettings()
  const [draft, setDraft] = useState<string | null>(null)
  const [cap, setCap] = useState<string | null>(null)
  useEffect(() => { if (s.settings) { setDraft(s.settings.watchStreams); setCap(String(s.settings.perUserLimit)) } }, [s.settings])

  const parsed = useMemo(() => parseKinds(draft ?? ''), [draft])
  const enabled = useMemo(() => new Set<KindId>(parsed.ok ? parsed.kinds : []), [parsed])
  const capParsed = parseCap(cap ?? '')
  const kindsPin = s.settings?.pinned?.watchStreams ?? null
  const capPin = s.settings?.pinned?.perUserLimit ?? null

  if (!s.settings || draft === null || cap === null) {
    return <section className="settings"><h2>Settings</h2><p className="muted">{s.loadError ? `Cannot load settings: ${s.loadError}` : 'Loading settings…'}</p></section>
  }

  const toggle = (kinds: readonly KindId[], on: boolean): void => {
    const next = new Set(enabled)
    for (const k of kinds) if (on) next.add(k); else next.delete(k)
    setDraft(formatKinds(next))
  }
  const saved = parseKinds(s.settings.watchStreams)
  const kindsChanged = parsed.ok && (!saved.ok || formatKinds(parsed.kinds) !== formatKinds(saved.kinds))
  const capChanged = capParsed.ok && capParsed.value !== s.settings.perUserLimit
  const canApply = parsed.ok && capParsed.ok && (kindsChanged || capChanged) && !s.applying

  const apply = (): void => {
    const update: { watchStreams?: string; perUserLimit?: number } = {}
    if (kindsChanged && !kindsPin) update.watchStreams = draft.trim()
    if (capChanged && capParsed.ok && !capPin) update.perUserLimit = capParsed.value
    void s.apply(update)
  }

  return (
    <section className="settings" aria-label="Settings">
      <header className="settings-head">
        <h2>Settings</h2>
        <button type="button" className="btn" onClick={() => setSettingsOpen(false)}>Close</button>
      </header>

      <fieldset className="card" disabled={Boolean(kindsPin)}>
        <legend>Watch streams</legend>
        <p className="muted">Kinds that stream live. The others poll every 5 s. Changes apply at once, without a restart.</p>
        <PinNote pin={kindsPin} />
        <div className="groups">
          {GROUP_IDS.map((g) => {
            const ks = kindsOfGroup(g)
            const on = ks.filter((k) => enabled.has(k)).length
            return (
              <div className="group" key={g}>
                <label className="toggle group-toggle">
                  <input type="checkbox" checked={on === ks.length} ref={(el) => { if (el) el.indeterminate = on > 0 && on < ks.length }}
                    onChange={(e) => toggle(ks, e.target.checked)} aria-label={`group ${g}`} />
                  <span>{g}</span>
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
        </div>
        <label className="field">
          <span>Grammar (<code>PERISCOPE_WATCH_STREAMS</code>)</span>
          <input type="text" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="empty = all kinds; e.g. pods,workloads; off"
            aria-label="Watch streams grammar" aria-invalid={!parsed.ok} spellCheck={false} />
        </label>
        {!parsed.ok && <p className="field-error" role="alert" data-testid="grammar-error">{parsed.error}</p>}
      </fieldset>

      <fieldset className="card" disabled={Boolean(capPin)}>
        <legend>Per-user stream cap</legend>
        <p className="muted">Concurrent streams per user across all clusters and kinds (0 = no cap). Views over the cap poll.</p>
        <PinNote pin={capPin} />
        <label className="field">
          <span>Cap</span>
          <input type="text" inputMode="numeric" value={cap} onChange={(e) => setCap(e.target.value)} aria-label="Per-user stream cap" aria-invalid={!capParsed.ok} />
        </label>
        {!capParsed.ok && <p className="field-error" role="alert">{capParsed.error}</p>}
      </fieldset>

      <footer className="settings-foot">
        <button type="button" className="btn btn-primary" disabled={!canApply} onClick={apply}>{s.applying ? 'Applying…' : 'Apply'}</button>
        {s.applyError && <p className="field-error" role="alert" data-testid="apply-error">{s.applyError}</p>}
        {s.applied && !s.applyError && !canApply && <p className="ok-note" role="status">Applied. Open views switched at once.</p>}
      </footer>
    </section>
  )
}
