import { describe, expect, it } from 'vitest'
import { decodeProtobuf } from './protobuf.ts'

/** Minimal protobuf encoders for the test (field tag + varint / length-delimited). */
const varint = (n: number): number[] => { const out: number[] = []; do { let b = n & 0x7f; n = Math.floor(n / 128); if (n > 0) b |= 0x80; out.push(b) } while (n > 0); return out }
const str = (no: number, s: string | Buffer): Buffer => { const b = Buffer.isBuffer(s) ? s : Buffer.from(s); return Buffer.from([...varint(no * 8 + 2), ...varint(b.length), ...b]) }
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
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'web', namespace: 'demo', labels: { app: 'web' } },
      spec: {
        replicas: 0, selector: { matchLabels: { app: 'web' } },
        template: { metadata: { name: 'web', namespace: 'demo', labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1', ports: [{ containerPort: 80 }] }] } }
      }
    })
  })

  it('refuses a body without the magic (400) and kinds it does not decode (415)', () => {
    expect(() => decodeProtobuf(Buffer.from('{}'))).toThrow(expect.objectContaining({ code: 400 }) as Error)
    const body = Buffer.concat([Buffer.from('k8s\0', 'binary'), str(1, msg(str(1, 'v1'), str(2, 'Secret')))])
    expect(() => decodeProtobuf(body)).toThrow(expect.objectContaining({ code: 415 }) as Error)
  })
})
