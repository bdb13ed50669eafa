import { describe, expect, it } from 'vitest'
import { KINDS } from '../../../../src/shared/kinds/registry.ts'
import { openApiDocument, openApiPaths, openApiV2 } from './documents.ts'

describe('/openapi/v3', () => {
  it("indexes the 15 group-versions (the registry's 13, coordination.k8s.io/v1 and autoscaling/v1) and, as a real apiserver, api, apis, each group and version, each served at its serverRelativeURL", () => {
    const index = JSON.parse(openApiDocument('/openapi/v3') as string) as { paths: Record<string, { serverRelativeURL: string }> }
    const keys = Object.keys(index.paths)
    expect(keys.filter((k) => /^(api\/v1|apis\/[^/]+\/[^/]+)$/.test(k))).toHaveLength(15)
    expect(keys).toEqual(expect.arrayContaining(['api', 'apis', 'apis/apps', 'apis/networking.k8s.io', 'version']))
    expect(keys).toEqual([...keys].sort())
    expect(openApiPaths()).toHaveLength(keys.length)
    for (const [key, { serverRelativeURL }] of Object.entries(index.paths)) {
      expect(serverRelativeURL).toMatch(new RegExp(`^/openapi/v3/${key.replace(/[./]/g, '\\$&')}\\?hash=[0-9A-F]{128}$`))
      expect(openApiDocument(serverRelativeURL.split('?')[0])).toBeDefined()
    }
  })

  it('tags a PATCH operation of every kind with its GVK and the fieldValidation parameter, and has its schema', () => {
    for (const k of KINDS) {
      const key = k.apiGroup === '' ? `/openapi/v3/api/${k.version}` : `/openapi/v3/apis/${k.apiGroup}/${k.version}`
      const doc = JSON.parse(openApiDocument(key) as string) as {
        paths: Record<string, { patch?: { parameters: { name: string; in: string }[]; 'x-kubernetes-group-version-kind': { kind: string } } }>
        components: { schemas: Record<string, unknown> }
      }
      const patches = Object.values(doc.paths)
        .map((p) => p.patch)
        .filter((p) => p?.['x-kubernetes-group-version-kind'].kind === k.kind)
      expect(patches.length, k.kind).toBeGreaterThan(0)
      for (const p of patches) expect(p?.parameters.some((q) => q.name === 'fieldValidation' && q.in === 'query')).toBe(true)
      expect(Object.keys(doc.components.schemas).some((n) => n.endsWith(`.${k.kind}`))).toBe(true)
    }
  })

  it('serves an empty /openapi/v2 (protobuf or JSON)', () => {
    expect(openApiV2('application/com.github.proto-openapi.spec.v2@v1.0+protobuf').body).toBe('')
    expect(JSON.parse(openApiV2('application/json').body)).toMatchObject({ swagger: '2.0', paths: {} })
  })
})
