/**
 * What of one object may reach the window (the detail drawer's YAML and describe): the object as
 * the apiserver sent it, minus what is noise or secret.
 *
 * Why: a Secret's values must never reach the window, a log, `/debug` or the offline cache. The
 * drawer still shows a Secret's shape: its keys stay, each value becomes `<redacted: N bytes>`
 * (the size `kubectl describe secret` prints too), and the `last-applied-configuration`
 * annotation, which `kubectl apply` fills with the whole manifest values included, is replaced
 * as a whole. `metadata.managedFields` is dropped for every kind (noise, often the largest part).
 * Lifecycle: a pure function the engine applies to every single-object GET before returning it.
 */

import { base64Bytes, redactedValue, utf8Bytes } from '../../shared/secretValue.ts'

/** The annotation `kubectl apply` writes with the last applied manifest (a Secret's values included). */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

type Json = Record<string, unknown>

const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

function redactValues(m: unknown, bytes: (v: string) => number): Json | undefined {
  if (!isMap(m)) return undefined
  const out: Json = {}
  for (const [k, v] of Object.entries(m)) out[k] = redactedValue(typeof v === 'string' ? bytes(v) : 0)
  return out
}

/** Whether `obj` is a core/v1 Secret (by its own apiVersion and kind, as the apiserver returns it). */
export function isSecretObject(obj: Json): boolean {
  return obj.kind === 'Secret' && obj.apiVersion === 'v1'
}

/**
 * The object for the window: managedFields dropped; for a Secret, `data`/`stringData` values and
 * the last-applied annotation replaced. The input is not modified.
 */
export function objectForWindow(obj: Json, secret = isSecretObject(obj)): Json {
  const meta = isMap(obj.metadata) ? obj.metadata : undefined
  let metadata: Json | undefined = meta
  if (meta) {
    const { managedFields: _dropped, ...rest } = meta
    metadata = rest
    const ann = rest.annotations
    if (secret && isMap(ann) && LAST_APPLIED in ann) {
      metadata = { ...rest, annotations: { ...ann, [LAST_APPLIED]: '<redacted: the applied manifest holds the Secret’s values>' } }
    }
  }
  const out: Json = metadata ? { ...obj, metadata } : { ...obj }
  if (!secret) return out
  const data = redactValues(obj.data, base64Bytes)
  const stringData = redactValues(obj.stringData, utf8Bytes)
  if (data) out.data = data
  else delete out.data
  if (stringData) out.stringData = stringData
  else delete out.stringData
  return out
}
