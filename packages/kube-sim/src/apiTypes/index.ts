/**
 * The Kubernetes API types (k8s.io/api v0.34), generated from their Go `types.go` by
 * `scripts/genApiTypes.ts` into `types.json`: for every struct, its fields' JSON names, protobuf
 * numbers, Go types and `omitempty`/pointer/inline flags.
 *
 * Why: the apiserver decodes request bodies into compiled-in Go structs; the simulator uses this
 * description to do the same — decode protobuf completely (`protobuf.ts`), type-check JSON with
 * the Go decoder's wording and find unknown fields (`validate/decode.ts`).
 * Lifecycle: loaded once with the module (JSON import, bundled by Vite for the app).
 */
import doc from './types.json' with { type: 'json' }

/** A field type: a scalar or special name (`string`, `int32`, `Time`, `Quantity`, …), a struct name, a list or a map. */
export type ApiType = string | readonly [ApiType] | { readonly m: ApiType }

/**
 * One field: JSON name ('' for an inline struct), protobuf number (0: none), type, flags
 * (o omitempty, p pointer, i inline) and the Go type as `reflect` prints it (`v1.PullPolicy`).
 */
export type ApiField = readonly [json: string, proto: number, type: ApiType, flags: string, go: string]

interface Doc {
  readonly roots: Readonly<Record<string, string>>
  readonly names: Readonly<Record<string, string>>
  readonly types: Readonly<Record<string, readonly ApiField[]>>
}

const DOC = doc as unknown as Doc

/** Scalar and special types (everything else that is a string is a struct name). */
export const SCALARS: ReadonlySet<string> = new Set([
  'string',
  'bool',
  'int32',
  'int64',
  'float64',
  'bytes',
  'Time',
  'MicroTime',
  'Duration',
  'Quantity',
  'IntOrString',
  'RawExtension',
  'FieldsV1'
])

/** The struct of a top-level object (`apps/v1`, `Deployment` → `apps/v1.Deployment`), if the simulator knows it. */
export function rootType(apiVersion: string, kind: string): string | undefined {
  return DOC.roots[`${apiVersion}/${kind}`]
}

/** The fields of a struct. @throws for a name that is not a generated struct. */
export function fieldsOf(struct: string): readonly ApiField[] {
  const f = DOC.types[struct]
  if (!f) throw new Error(`no API type ${struct}`)
  return f
}

/** Whether `t` names a struct (not a scalar, list or map). */
export function isStruct(t: ApiType): t is string {
  return typeof t === 'string' && !SCALARS.has(t)
}

/** The struct's Go name without its package (`Container`), as Go's JSON errors name a struct. */
export function structName(struct: string): string {
  return struct.split('.').pop() ?? struct
}

const GO_SPECIAL: Readonly<Record<string, string>> = {
  bytes: '[]uint8',
  Time: 'v1.Time',
  MicroTime: 'v1.MicroTime',
  Duration: 'v1.Duration',
  Quantity: 'resource.Quantity',
  IntOrString: 'intstr.IntOrString',
  RawExtension: 'runtime.RawExtension',
  FieldsV1: 'v1.FieldsV1'
}

/** The Go type of a field as `reflect.Type.String()` prints it (`[]string`, `map[string]string`, `v1.Container`). */
export function goType(t: ApiType): string {
  if (Array.isArray(t)) return `[]${goType(t[0] as ApiType)}`
  if (typeof t === 'object') return `map[string]${goType((t as { m: ApiType }).m)}`
  const s = t as string
  if (GO_SPECIAL[s]) return GO_SPECIAL[s]
  if (SCALARS.has(s)) return s
  return DOC.names[s] ?? s
}
