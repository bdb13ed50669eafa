import { describe, expect, it } from 'vitest'
import { rootType } from '../apiTypes/index.ts'
import { generateCluster } from '../gen/index.ts'
import { groupVersion, kindDef } from '../kinds.ts'
import { checkDecode } from './decode.ts'

describe('checkDecode (the Go types of k8s.io/api v0.34)', () => {
  it('finds every generated object well typed, with no unknown field', () => {
    const bad: string[] = []
    for (const op of generateCluster({ seed: 2, pods: 300 })) {
      // CustomResourceDefinition's Go types are in k8s.io/apiextensions-apiserver (JSONSchemaProps
      // has hand-written JSON codecs), which scripts/genApiTypes.ts does not read.
      if (op.kind === 'customresourcedefinitions') continue
      const k = kindDef(op.kind)
      const root = rootType(groupVersion(k), k.kind)
      expect(root, k.kind).toBeDefined()
      const r = checkDecode(root as string, op.object)
      if (r.typeError || r.unknown.length > 0) bad.push(`${op.kind}/${op.object.metadata.name}: ${r.typeError ?? r.unknown.join(', ')}`)
    }
    expect(bad.slice(0, 5)).toEqual([])
  })

  it('words a type error as encoding/json does: the innermost struct, the JSON path, the Go type', () => {
    const pod = (spec: unknown): unknown => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec })
    const err = (spec: unknown): string | undefined => checkDecode('core/v1.Pod', pod(spec)).typeError
    expect(err({ containers: [{ name: 'c', command: 'ls' }] })).toBe(
      'json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string'
    )
    expect(err({ containers: [{ name: 'c', command: [1] }] })).toBe(
      'json: cannot unmarshal number into Go struct field Container.spec.containers.command of type string'
    )
    expect(err({ containers: [{ name: 'c', ports: [{ containerPort: 1.5 }] }] })).toBe(
      'json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32'
    )
    expect(err({ containers: [{ name: 'c', imagePullPolicy: 3 }] })).toBe(
      'json: cannot unmarshal number into Go struct field Container.spec.containers.imagePullPolicy of type v1.PullPolicy'
    )
    expect(err({ volumes: [{ name: 'v', emptyDir: 'x' }] })).toBe(
      'json: cannot unmarshal string into Go struct field Volume.spec.volumes.emptyDir of type v1.EmptyDirVolumeSource'
    )
    expect(err({ containers: [{ name: 'c', resources: { limits: { cpu: 'lots' } } }] })).toMatch(/^quantities must match the regular expression/)
    expect(err({ containers: [{ name: 'c', resources: { limits: { cpu: 2 } } }], terminationGracePeriodSeconds: null })).toBeUndefined()
  })

  it('lists unknown fields with their indices, case-sensitively', () => {
    const r = checkDecode('apps/v1.Deployment', {
      spec: { replica: 3, Paused: true, template: { spec: { containers: [{ name: 'a' }, { name: 'b', imagePullPolicyy: 'x' }] } } }
    })
    expect(r.unknown).toEqual(['spec.replica', 'spec.Paused', 'spec.template.spec.containers[1].imagePullPolicyy'])
  })
})
