/**
 * Structural JSON diff of two normalized answers: one Divergence per place where the simulator's
 * answer and the real apiserver's differ.
 *
 * Why this shape: a report line must say WHERE (a JSON path a person can read) and WHAT (both
 * values). Arrays of named things (items, containers, conditions, discovery resources) are matched
 * by name, not position, so one missing element is one line instead of a cascade; arrays of plain
 * values (verbs, finalizers, cells) are compared whole. A subtree present on one side only is one
 * line at its root. Lifecycle: pure functions.
 */

/** One difference: the request that produced it, where, and both values (undefined = absent). */
export interface Divergence {
  readonly request: string
  readonly path: string
  readonly sim: unknown
  readonly real: unknown
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The identity of an array element, when it has one: metadata.name, name, type, resource,
 * version…; a watch event is `<type> <object name>`, a Table row its object's name.
 */
function keyOf(v: unknown): string | undefined {
  if (!isObj(v)) return undefined
  if (Array.isArray(v.cells) && isObj(v.object) && isObj(v.object.metadata) && typeof v.object.metadata.name === 'string') {
    return v.object.metadata.name // a Table row
  }
  if (typeof v.type === 'string' && isObj(v.object)) {
    const name = isObj(v.object.metadata) ? v.object.metadata.name : undefined
    return typeof name === 'string' ? `${v.type} ${name}` : v.type
  }
  const meta = v.metadata
  if (isObj(meta) && typeof meta.name === 'string') return meta.name
  for (const k of ['name', 'type', 'resource', 'subresource', 'version', 'groupVersion', 'ip', 'address', 'key']) {
    if (typeof v[k] === 'string') return v[k] as string
  }
  return undefined
}

/**
 * Keys for every element (a repeated key gets `#2`, `#3`… in order, e.g. two pods that normalize
 * to the same name), or undefined when some element has none.
 */
function keysOf(a: readonly unknown[]): string[] | undefined {
  const keys: string[] = []
  const seen = new Map<string, number>()
  for (const el of a) {
    const k = keyOf(el)
    if (k === undefined) return undefined
    const n = (seen.get(k) ?? 0) + 1
    seen.set(k, n)
    keys.push(n === 1 ? k : `${k}#${n}`)
  }
  return keys
}

const segment = (key: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)

function walk(request: string, path: string, sim: unknown, real: unknown, out: Divergence[]): void {
  if (sim === undefined && real === undefined) return
  if (isObj(sim) && isObj(real)) {
    const keys = new Set([...Object.keys(sim), ...Object.keys(real)])
    for (const k of [...keys].sort()) walk(request, `${path}${segment(k)}`, sim[k], real[k], out)
    return
  }
  if (Array.isArray(sim) && Array.isArray(real)) {
    const primitive = [...sim, ...real].every((v) => !isObj(v) && !Array.isArray(v))
    if (primitive) {
      if (JSON.stringify(sim) !== JSON.stringify(real)) out.push({ request, path, sim, real })
      return
    }
    const sk = keysOf(sim)
    const rk = keysOf(real)
    if (sk && rk) {
      const order = [...rk, ...sk.filter((k) => !rk.includes(k))]
      for (const k of order) walk(request, `${path}[${k}]`, sim[sk.indexOf(k)], real[rk.indexOf(k)], out)
      return
    }
    for (let i = 0; i < Math.max(sim.length, real.length); i++) walk(request, `${path}[${i}]`, sim[i], real[i], out)
    return
  }
  if (JSON.stringify(sim) !== JSON.stringify(real)) out.push({ request, path, sim, real })
}

/** Every divergence between two answers to `request` (paths start at `$`). */
export function diffJson(request: string, sim: unknown, real: unknown): Divergence[] {
  const out: Divergence[] = []
  walk(request, '$', sim, real, out)
  return out
}

/** A value as one report cell: JSON, cut at `max` characters; `<absent>` for undefined. */
export function show(v: unknown, max = 240): string {
  if (v === undefined) return '<absent>'
  const s = JSON.stringify(v)
  return s.length > max ? `${s.slice(0, max)}…(${s.length} chars)` : s
}

/** One report line: request, path, sim value, real value. */
export function formatDivergence(d: Divergence): string {
  return `${d.request}  ${d.path}  sim=${show(d.sim)}  real=${show(d.real)}`
}
