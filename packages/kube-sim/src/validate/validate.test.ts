import { describe, expect, it } from 'vitest'
import { kindDef } from '../../../../src/shared/kinds/registry.ts'
import { dns1035Label, dns1123Label, dns1123Subdomain } from './names.ts'
import { fieldErrors, validateObject } from './object.ts'
import { checkFields } from './strict.ts'

describe('names', () => {
  it('accepts and refuses as the apiserver does', () => {
    expect(dns1123Subdomain('a.b-c')).toEqual([])
    expect(dns1123Subdomain('Bad_Name')).toHaveLength(1)
    expect(dns1123Label('a.b')).toHaveLength(1)
    expect(dns1035Label('1abc')).toHaveLength(1)
    expect(dns1123Label('x'.repeat(64))[0]).toBe('must be no more than 63 characters')
  })
})

describe('object validation', () => {
  it('lists every bad field with its Go-rendered message', () => {
    const errs = fieldErrors(kindDef('deployments'), {
      metadata: { name: 'web' },
      spec: { replicas: -1, selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'y' } }, spec: { containers: [{ name: 'c' }] } } }
    })
    expect(errs.map((e) => `${e.field}: ${e.body}`)).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      // kube-apiserver 1.34 prints the labels map as JSON, unquoted.
      'spec.template.metadata.labels: Invalid value: {"app":"y"}: `selector` does not match template `labels`',
      'spec.template.spec.containers[0].image: Required value'
    ])
    expect(() => validateObject(kindDef('pods'), { metadata: { name: 'p' }, spec: {} })).toThrow('Pod "p" is invalid: spec.containers: Required value')
  })
})

describe('fieldValidation', () => {
  it('Strict refuses, Warn reports, Ignore accepts unknown fields; known stored fields are not reported', () => {
    const obj = { metadata: { name: 'p', bogus: 1 }, spec: { containers: [{ name: 'c', image: 'i', imagePolicy: 'x' }] } }
    expect(() => checkFields(kindDef('pods'), obj, 'Strict')).toThrow(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "metadata.bogus", unknown field "spec.containers[0].imagePolicy"'
    )
    expect(checkFields(kindDef('pods'), obj, 'Warn')).toEqual(['unknown field "metadata.bogus"', 'unknown field "spec.containers[0].imagePolicy"'])
    expect(checkFields(kindDef('pods'), obj, 'Ignore')).toEqual([])
    expect(checkFields(kindDef('pods'), obj, 'Strict', new Set(['metadata.bogus', 'spec.containers[0].imagePolicy']))).toEqual([])
  })
})
