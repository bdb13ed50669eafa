/**
 * Content negotiation: does the client accept a `meta.k8s.io/v1` Table?
 *
 * Why: kubectl sends `Accept: application/json;as=Table;v=v1;g=meta.k8s.io,...,application/json`
 * for `get` and `get -w`; everyone else (client-node, `--raw`) gets plain objects. The first media
 * range we can serve wins, as in the apiserver's negotiation.
 */

/** True when the Accept header's first servable range asks for `as=Table` (v1 or v1beta1). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false
  for (const range of accept.split(',')) {
    const [type, ...params] = range.split(';').map((s) => s.trim())
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue
    const p = new Map(
      params.map((kv) => {
        const [k, v = ''] = kv.split('=')
        return [k.trim(), v.trim()] as const
      })
    )
    const as = p.get('as')
    if (as === undefined) return false
    if (as === 'Table' && p.get('g') === 'meta.k8s.io' && (p.get('v') === 'v1' || p.get('v') === 'v1beta1')) return true
  }
  return false
}
