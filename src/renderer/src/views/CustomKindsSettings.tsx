/**
 * The settings pane's "Custom resources" group: live updates for every custom kind of every
 * cluster (the `custom` alias) or for named `<plural>.<group>` tokens; a field to name a token
 * (validated as you type by the grammar's own parser, its error shown); and, per cluster, the
 * named tokens it does not serve (from its kind catalog) — reported, never dropped silently.
 */
import { useMemo, useState } from 'react'
import { useStore } from 'zustand'
import { CUSTOM_ALL, customEnabled, parseKinds } from '../../../shared/kinds/grammar.ts'
import type { CustomSelection } from '../../../shared/kinds/grammar.ts'
import type { CustomKindDef, CustomKindId } from '../../../shared/kinds/custom.ts'
import { kindPlural } from '../components/kindLabel.ts'
import { kindCatalog } from '../stores/kindCatalog.ts'

export interface CustomKindsSettingsProps {
  readonly custom: CustomSelection
  readonly onChange: (custom: CustomSelection) => void
}

/** Check whether a typed token names one custom kind, with the grammar's words when not. */
function checkToken(text: string): { ok: true; token: CustomKindId } | { ok: false; error: string } | null {
  const t = text.trim()
  if (!t) return null
  const p = parseKinds(t)
  // The grammar's own message, without its list of every valid token (the field above shows the form).
  if (!p.ok) return { ok: false, error: `${p.error.split('; valid kind tokens')[0]}; a custom kind is <plural>.<group>, e.g. certificates.cert-manager.io` }
  if (p.custom.all) return { ok: false, error: `“${t}” means every custom kind: use the Custom resources checkbox.` }
  if (p.custom.tokens.length !== 1 || p.kinds.length > 0)
    return { ok: false, error: `“${t}” is a built-in kind or group, not a custom kind (<plural>.<group>).` }
  return { ok: true, token: p.custom.tokens[0] }
}

/** The group. */
export function CustomKindsSettings({ custom, onChange }: CustomKindsSettingsProps) {
  const clusters = useStore(kindCatalog, (s) => s.clusters)
  const [text, setText] = useState('')
  const known = useMemo(() => {
    const by = new Map<string, CustomKindDef>()
    for (const c of Object.values(clusters)) for (const k of c.kinds) if (!by.has(k.id)) by.set(k.id, k)
    return [...by.values()].sort((a, b) => (a.id < b.id ? -1 : 1))
  }, [clusters])
  const named = custom.tokens.filter((t) => !known.some((k) => k.id === t))
  const unserved = Object.entries(clusters).filter(([, c]) => c.unserved.length > 0)
  const check = checkToken(text)
  const setOne = (id: CustomKindId, on: boolean): void => {
    // Turning one kind off while "every custom kind" is on names all the others explicitly.
    const base = custom.all ? known.map((k) => k.id) : custom.tokens
    const next = on ? [...new Set([...base, id])] : base.filter((t) => t !== id)
    onChange({ all: false, tokens: next })
  }
  const add = (): void => {
    if (!check?.ok) return
    if (!custom.all && !custom.tokens.includes(check.token)) onChange({ all: false, tokens: [...custom.tokens, check.token] })
    setText('')
  }
  const onCount = custom.all ? known.length : custom.tokens.length
  return (
    <div className="group custom-settings" data-testid="custom-settings">
      <label className="toggle group-toggle">
        <input
          type="checkbox"
          checked={custom.all}
          ref={(el) => {
            if (el) el.indeterminate = !custom.all && onCount > 0
          }}
          onChange={(e) => onChange(e.target.checked ? CUSTOM_ALL : { all: false, tokens: [] })}
          aria-label="group custom"
        />
        <span>Custom resources</span>
      </label>
      <p className="muted custom-settings-note">
        {custom.all
          ? 'Every custom kind of every cluster, including CRDs installed later.'
          : onCount === 0
            ? 'No custom kind updates live (they refresh every 5 seconds). Check kinds below, or name one.'
            : `${onCount} named kind${onCount === 1 ? '' : 's'} update live; the others refresh every 5 seconds.`}
      </p>
      {known.map((k) => (
        <label className="toggle" key={k.id} title={k.id}>
          <input
            type="checkbox"
            checked={customEnabled(custom, k.id)}
            onChange={(e) => setOne(k.id, e.target.checked)}
            aria-label={`kind ${k.id}`}
            data-kind={k.id}
          />
          <span>
            {kindPlural(k)} <span className="faint">{k.apiGroup}</span>
          </span>
        </label>
      ))}
      {named.map((t) => (
        <label className="toggle" key={t} title="No cluster serves it now; it goes live when one does">
          <input type="checkbox" checked onChange={() => setOne(t, false)} aria-label={`kind ${t}`} data-kind={t} />
          <span className="mono">{t}</span>
        </label>
      ))}
      <div className="custom-add">
        <input
          type="text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              add()
            }
          }}
          placeholder="certificates.cert-manager.io"
          aria-label="Add a custom kind by name"
          aria-invalid={check !== null && !check.ok}
          spellCheck={false}
          data-testid="custom-token"
        />
        <button type="button" className="btn btn-small" onClick={add} disabled={!check?.ok || custom.all}>
          Add
        </button>
      </div>
      {check && !check.ok && (
        <p className="field-error" role="alert" data-testid="custom-token-error">
          {check.error}
        </p>
      )}
      {unserved.map(([c, cat]) => (
        <p className="field-warn" role="status" key={c} data-testid="unserved">
          {c} does not serve {cat.unserved.join(', ')}: those lists stay empty there until the CRD is installed.
        </p>
      ))}
    </div>
  )
}
