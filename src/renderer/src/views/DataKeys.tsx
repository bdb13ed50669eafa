/**
 * The Data section of a ConfigMap's or Secret's describe view, as `kubectl describe` prints it:
 * each key with its size. A Secret's values never reach the window (the main process replaces
 * each with `<redacted: N bytes>`), so its size is read from that text; a ConfigMap's values stay
 * in the YAML tab, and its binaryData keys show their decoded size.
 */
import { base64Bytes, redactedBytes, utf8Bytes } from '../../../shared/secretValue.ts'

type Obj = Record<string, unknown>

function entries(m: unknown): [string, unknown][] {
  return m && typeof m === 'object' && !Array.isArray(m) ? Object.entries(m as Obj) : []
}

/** Bytes of a value: a Secret's redacted size, a string's UTF-8 length, or base64's decoded size. */
function size(v: unknown, base64: boolean): string {
  if (typeof v !== 'string') return ''
  return `${redactedBytes(v) ?? (base64 ? base64Bytes(v) : utf8Bytes(v))} bytes`
}

/** The keys of `data` (and `binaryData`) with their sizes; nothing for other kinds. */
export function DataKeys({ kind, obj }: { kind: string; obj: Obj }) {
  if (kind !== 'secrets' && kind !== 'configmaps') return null
  const rows = [
    ...entries(obj.data).map(([k, v]) => [k, size(v, false)] as const),
    ...entries(obj.binaryData).map(([k, v]) => [k, `${size(v, true)} (binary)`] as const)
  ].sort((a, b) => a[0].localeCompare(b[0]))
  return (
    <section data-testid="describe-data">
      <h4>Data</h4>
      {rows.length === 0 ? (
        <p className="muted">No keys</p>
      ) : (
        <dl className="fields">
          {rows.map(([k, s]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt className="mono">{k}</dt>
              <dd>{s}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  )
}
