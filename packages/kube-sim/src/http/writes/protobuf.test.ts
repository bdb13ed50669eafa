import { describe, expect, it } from 'vitest'
import { decodeProtobuf } from './protobuf.ts'

/** Minimal protobuf encoders for the test (field tag + varint / length-delimited). */
const varint = (n: number): number[] => {
  const out: number[] = []
  do {
    let b = n & 0x7f
    n = Math.floor(n / 128)
    if (n > 0) b |= 0x80
    out.push(b)
  } while (n > 0)
  return out
}
const str = (no: number, s: string | Buffer): Buffer => {
  const b = Buffer.isBuffer(s) ? s : Buffer.from(s)
  return Buffer.from([...varint(no * 8 + 2), ...varint(b.length), ...b])
}
const num = (no: number, n: number): Buffer => Buffer.from([...varint(no * 8), ...varint(n)])
const msg = (...parts: Buffer[]): Buffer => Buffer.concat(parts)

describe('decodeProtobuf', () => {
  it('decodes a Deployment as kubectl 1.33 sends it (omitempty zero values dropped, pointers kept)', () => {
    const meta = msg(str(1, 'web'), str(2, ''), str(3, 'demo'), str(8, Buffer.alloc(0)), str(11, msg(str(1, 'app'), str(2, 'web'))))
    const container = msg(str(1, 'nginx'), str(2, 'nginx:1'), str(6, msg(str(1, ''), num(3, 80))), num(16, 0))
    const spec = msg(num(1, 0), str(2, msg(str(1, msg(str(1, 'app'), str(2, 'web'))))), str(3, msg(str(1, meta), str(2, msg(str(2, container))))), num(5, 0))
    const raw = msg(str(1, meta), str(2, spec), str(3, Buffer.alloc(0)))
    const body = Buffer.concat([Buffer.from('k8s\0', 'binary'), str(1, msg(str(1, 'apps/v1'), str(2, 'Deployment'))), str(2, raw)])
    expect(decodeProtobuf(body)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'demo', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { name: 'web', namespace: 'demo', labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1', ports: [{ containerPort: 80 }] }] }
        }
      },
      // A non-pointer struct is always encoded, and printed as {} (as Go's encoding/json prints it).
      status: {}
    })
  })

  it('refuses a body without the magic (400), kinds it does not know and field numbers it does not know (415)', () => {
    expect(() => decodeProtobuf(Buffer.from('{}'))).toThrow(expect.objectContaining({ code: 400 }) as Error)
    const env = (apiVersion: string, kind: string, raw: Buffer): Buffer =>
      Buffer.concat([Buffer.from('k8s\0', 'binary'), str(1, msg(str(1, apiVersion), str(2, kind))), str(2, raw)])
    expect(() => decodeProtobuf(env('example.com/v1', 'Widget', Buffer.alloc(0)))).toThrow(expect.objectContaining({ code: 415 }) as Error)
    // Field 99 of a Container: never silently dropped.
    const pod = msg(str(1, msg(str(1, 'p'))), str(2, msg(str(2, msg(str(1, 'c'), str(2, 'nginx'), str(99, 'x'))))))
    expect(() => decodeProtobuf(env('v1', 'Pod', pod))).toThrow(
      expect.objectContaining({ code: 415, message: expect.stringContaining('field 99 of protobuf message core/v1.Container') }) as Error
    )
  })

  it("decodes the whole PodSpec, Secrets' bytes, Quantities, IntOrStrings, times and inline structs", () => {
    const q = (s: string): Buffer => msg(str(1, s))
    const probe = msg(str(1, msg(str(2, msg(str(1, '/healthz'), str(2, msg(num(1, 1), str(3, 'http'))))))), num(3, 5))
    const container = msg(str(1, 'c'), str(2, 'nginx'), str(8, msg(str(1, msg(str(1, 'cpu'), str(2, q('500m')))))), str(11, probe))
    const volume = msg(str(1, 'data'), str(2, msg(str(2, msg(str(1, 'Memory'))))))
    const spec = msg(str(1, volume), str(2, container), num(4, 2 ** 32 - 5), str(8, 'sa'))
    const pod = msg(str(1, msg(str(1, 'p'), str(8, msg(num(1, 1_700_000_000))))), str(2, spec))
    const env = Buffer.concat([Buffer.from('k8s\0', 'binary'), str(1, msg(str(1, 'v1'), str(2, 'Pod'))), str(2, pod)])
    const o = decodeProtobuf(env) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(o.metadata).toEqual({ name: 'p', creationTimestamp: '2023-11-14T22:13:20Z' })
    expect(o.spec.volumes).toEqual([{ name: 'data', emptyDir: { medium: 'Memory' } }])
    expect(o.spec.containers[0].resources).toEqual({ limits: { cpu: '500m' } })
    expect(o.spec.containers[0].readinessProbe).toEqual({ httpGet: { path: '/healthz', port: 'http' }, timeoutSeconds: 5 })
    expect(o.spec.serviceAccountName).toBe('sa')
    const secret = msg(str(1, msg(str(1, 's'))), str(2, msg(str(1, 'k'), str(2, Buffer.from([0, 255])))), str(3, 'Opaque'))
    const s = decodeProtobuf(Buffer.concat([Buffer.from('k8s\0', 'binary'), str(1, msg(str(1, 'v1'), str(2, 'Secret'))), str(2, secret)]))
    expect(s).toMatchObject({ data: { k: 'AP8=' }, type: 'Opaque' })
  })
})
