import { describe, expect, it } from 'vitest'
import { LAST_APPLIED, objectForWindow } from './objectForWindow.ts'

const meta = { name: 's', namespace: 'n', managedFields: [{ manager: 'kubectl' }], annotations: { [LAST_APPLIED]: '{"data":{"k":"c2VjcmV0"}}', team: 'a' } }

describe('objectForWindow', () => {
  it('replaces every Secret value by its decoded size, keeps the keys, replaces the applied manifest', () => {
    // Sizes as `kubectl describe secret` prints them: base64 "c2VjcmV0" is "secret", 6 bytes;
    // "YQ==" is 1 byte, "YWI=" 2; an empty value 0.
    const out = objectForWindow({ apiVersion: 'v1', kind: 'Secret', metadata: meta, type: 'Opaque', data: { k: 'c2VjcmV0', a: 'YQ==', b: 'YWI=', e: '' } })
    expect(out.data).toEqual({ k: '<redacted: 6 bytes>', a: '<redacted: 1 bytes>', b: '<redacted: 2 bytes>', e: '<redacted: 0 bytes>' })
    const m = out.metadata as Record<string, unknown>
    expect(m.managedFields).toBeUndefined()
    expect((m.annotations as Record<string, string>).team).toBe('a')
    expect(JSON.stringify(out)).not.toContain('c2VjcmV0')
    expect(out.type).toBe('Opaque')
  })

  it('redacts stringData by its UTF-8 size', () => {
    const out = objectForWindow({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { p: 'pässword' } })
    expect(out.stringData).toEqual({ p: '<redacted: 9 bytes>' })
  })

  it('leaves other kinds alone but for managedFields, and does not modify its input', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { k: 'c2VjcmV0' } }
    const out = objectForWindow(cm)
    expect(out.data).toEqual({ k: 'c2VjcmV0' })
    expect((out.metadata as Record<string, unknown>).annotations).toEqual(meta.annotations)
    expect((out.metadata as Record<string, unknown>).managedFields).toBeUndefined()
    expect(cm.metadata.managedFields).toHaveLength(1)
  })

  it('treats an object as a Secret when the route says so, even without apiVersion/kind', () => {
    expect(objectForWindow({ metadata: { name: 's' }, data: { k: 'c2VjcmV0' } }, true).data).toEqual({ k: '<redacted: 6 bytes>' })
  })
})
