/**
 * client-go's JSONPath evaluator (`util/jsonpath/jsonpath.go` v0.34, `FindResults` with
 * `AllowMissingKeys(true)`, as the apiserver's custom-resource table convertor runs it), over
 * decoded JSON.
 *
 * Why: see `jsonpathParse.ts`. The Go evaluator works on `reflect.Value`s of an unstructured
 * object, where a JSON number is an `int64` when integral and a `float64` otherwise; a filter
 * comparing an int with a float (or with a string) is an error, not false. Here an integral JS
 * number is the `int64` and a path literal `1.0` stays a float (`GoFloat`).
 * Where Go cannot be matched: Go walks map keys (`*`, `..`) in random order; here keys are
 * walked sorted (the order the apiserver serialises them in). `{range}`/`{end}` are not supported
 * (a printer path must start with `.`, so they only appear in contrived paths); they give an error.
 * Lifecycle: pure.
 */
import type { ListNode, PathNode } from './jsonpathParse.ts'

/** A float literal of a path (`FloatNode`): kept apart from integral JSON numbers. */
export class GoFloat {
  readonly value: number
  constructor(value: number) {
    this.value = value
  }
}

/** Go's view of a decoded JSON number: `int64` when integral (and in range), else `float64`. */
export function isGoInt(v: number): boolean {
  return Number.isInteger(v) && Math.abs(v) < 2 ** 63
}

/** An evaluation error; `partial` is what the failing Go function returned with it (read by `exists` filters). */
export class PathError extends Error {
  readonly partial: unknown[]
  constructor(message: string, partial: unknown[]) {
    super(message)
    this.partial = partial
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoFloat)
const sortedKeys = (m: Record<string, unknown>): string[] => Object.keys(m).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
const bytesOf = (s: string): number[] => [...Buffer.from(s, 'utf8')]

/** The children Go's wildcard and recursive descent see in a value (string → its bytes). */
function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v
  if (isMap(v)) return sortedKeys(v).map((k) => v[k])
  if (typeof v === 'string') return bytesOf(v)
  return []
}

/**
 * Evaluate a parsed template on `data`: one result list per top-level node (`FindResults`).
 * @throws Error as client-go's evaluation fails (non-array indexed or filtered, index out of range,
 * incomparable filter operands, unknown identifiers).
 */
export function findResults(root: ListNode, data: unknown): unknown[][] {
  return root.nodes.map((node) => walk([data], node))
}

function walk(input: unknown[], node: PathNode): unknown[] {
  switch (node.t) {
    case 'list':
      return node.nodes.reduce<unknown[]>((cur, n) => walk(cur, n), input)
    case 'text':
      return [node.text]
    case 'field':
      return evalField(input, node.name)
    case 'array':
      return evalArray(input, node)
    case 'filter':
      return evalFilter(input, node)
    case 'int':
    case 'bool':
      return input.map(() => node.value)
    case 'float':
      return input.map(() => new GoFloat(node.value))
    case 'wildcard':
      return input.filter((v) => v !== null).flatMap(children)
    case 'recursive':
      return evalRecursive(input)
    case 'union':
      return node.lists.flatMap((l) => walk(input, l))
    case 'identifier':
      throw new PathError(
        node.name === 'range' || node.name === 'end' ? `${node.name} is not supported in a printer column` : `unrecognized identifier ${node.name}`,
        input
      )
  }
}

function evalField(input: unknown[], name: string): unknown[] {
  const out: unknown[] = []
  for (const v of input) {
    if (isMap(v) && Object.hasOwn(v, name)) out.push(v[name])
  }
  return out
}

function evalArray(input: unknown[], node: Extract<PathNode, { t: 'array' }>): unknown[] {
  const result: unknown[] = []
  for (const value of input) {
    if (value === null) continue
    if (!Array.isArray(value)) throw new PathError(`${goTypeName(value)} is not array or slice`, input)
    const len = value.length
    const [p0, p1, p2] = node.params.map((p) => ({ ...p }))
    if (!p0.known) p0.value = 0
    if (p0.value < 0) p0.value += len
    if (!p1.known) p1.value = len
    if (p1.value < 0 || (p1.value === 0 && p1.derived)) p1.value += len
    if (p1.value === p0.value) return result
    if (p0.value >= len || p0.value < 0) throw new PathError(`array index out of bounds: index ${p0.value}, length ${len}`, input)
    if (p1.value > len || p1.value < 0) throw new PathError(`array index out of bounds: index ${p1.value - 1}, length ${len}`, input)
    if (p0.value > p1.value) throw new PathError(`starting index ${p0.value} is greater than ending index ${p1.value}`, input)
    let step = 1
    if (p2.known) {
      if (p2.value <= 0) throw new PathError('step must be > 0', input)
      step = p2.value
    }
    const slice = value.slice(p0.value, p1.value)
    for (let i = 0; i < slice.length; i += step) result.push(slice[i])
  }
  return result
}

function evalRecursive(input: unknown[]): unknown[] {
  const result: unknown[] = []
  for (const value of input) {
    if (value === null) continue
    const kids = children(value)
    if (kids.length !== 0) {
      result.push(value)
      result.push(...evalRecursive(kids))
    }
  }
  return result
}

function evalFilter(input: unknown[], node: Extract<PathNode, { t: 'filter' }>): unknown[] {
  const results: unknown[] = []
  for (const value of input) {
    if (!Array.isArray(value)) throw new PathError(`${goTypeName(value)} is not array or slice and cannot be filtered`, input)
    for (const item of value) {
      if (node.op === 'exists') {
        let lefts: unknown[]
        try {
          lefts = walk([item], node.left)
        } catch (e) {
          if (!(e instanceof PathError)) throw e
          lefts = e.partial
        }
        if (lefts.length > 0) results.push(item)
        continue
      }
      const lefts = rethrow(() => walk([item], node.left), input)
      if (lefts.length === 0) continue
      if (lefts.length > 1) throw new PathError('can only compare one element at a time', input)
      const rights = rethrow(() => walk([item], node.right), input)
      if (rights.length === 0) continue
      if (rights.length > 1) throw new PathError('can only compare one element at a time', input)
      if (rethrow(() => compare(node.op, lefts[0], rights[0]), results)) results.push(item)
    }
  }
  return results
}

/** Run `f`; an error it throws leaves the filter with `partial` (what Go returns with it). */
function rethrow<T>(f: () => T, partial: unknown[]): T {
  try {
    return f()
  } catch (e) {
    throw new PathError(e instanceof Error ? e.message : String(e), partial)
  }
}

type Kind = 'bool' | 'int' | 'float' | 'string'

/** `basicKind` of the forked text/template: only scalars compare. */
function basicKind(v: unknown): { k: Kind; v: number | string | boolean } {
  if (typeof v === 'boolean') return { k: 'bool', v }
  if (typeof v === 'string') return { k: 'string', v }
  if (typeof v === 'number') return { k: isGoInt(v) ? 'int' : 'float', v }
  if (v instanceof GoFloat) return { k: 'float', v: v.value }
  throw new Error('invalid type for comparison')
}

/** The filter operators with text/template's `eq`/`lt` semantics (mixed kinds are an error). */
function compare(op: string, left: unknown, right: unknown): boolean {
  const a = basicKind(left)
  const b = basicKind(right)
  const same = (): void => {
    if (a.k !== b.k) throw new Error('incompatible types for comparison')
  }
  const less = (): boolean => {
    same()
    if (a.k === 'bool') throw new Error('invalid type for comparison')
    if (a.k === 'string') return Buffer.compare(Buffer.from(a.v as string), Buffer.from(b.v as string)) < 0
    return (a.v as number) < (b.v as number)
  }
  const equal = (): boolean => {
    same()
    return a.v === b.v
  }
  switch (op) {
    case '==':
      return equal()
    case '!=':
      return !equal()
    case '<':
      return less()
    case '<=':
      return less() || equal()
    case '>':
      return !(less() || equal())
    case '>=':
      return !less()
    default:
      throw new Error(`unrecognized filter operator ${op}`)
  }
}

/** What Go's `%v` prints for the value's type in error messages (only the shape matters). */
function goTypeName(v: unknown): string {
  if (v === null) return '<nil>'
  if (isMap(v)) return 'map[string]interface {}'
  if (typeof v === 'number') return isGoInt(v) ? 'int64' : 'float64'
  return typeof v
}
