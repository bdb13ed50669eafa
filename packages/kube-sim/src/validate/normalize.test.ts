import { describe, expect, it } from 'vitest'
import { kindDef } from '../kinds.ts'
import { normalize } from './normalize.ts'

describe('normalize (the JSON encoding/json prints for the decoded Go object)', () => {
  it('orders fields as the struct, drops omitempty zeros and unknown fields, keeps pointers, prints non-pointer structs', () => {
    const d = normalize(kindDef('deployments'), {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web' },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx', stdin: false }] } }, minReadySeconds: 0, paused: false, replicas: 0, bogus: 1 }
    })
    expect(Object.keys(d)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status'])
    // creationTimestamp is `omitzero` since 1.34: a zero one is left out (a real 1.34 server shows none).
    expect(d.metadata).toEqual({ name: 'web' })
    expect(d.spec).toEqual({
      replicas: 0,
      selector: null,
      template: { metadata: {}, spec: { containers: [{ name: 'c', image: 'nginx', resources: {} }] } },
      strategy: {}
    })
    expect(d.status).toEqual({})
  })
})
