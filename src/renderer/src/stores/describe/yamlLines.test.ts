import { describe, expect, it } from 'vitest'
import { foldsOf, toYaml, yamlLines } from './yamlLines.ts'

const obj = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'api',
    namespace: 'demo',
    generation: 4,
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"apps/v1","kind":"Deployment"}\n',
      'deployment.kubernetes.io/revision': '3'
    },
    managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }]
  },
  spec: { replicas: 3, paused: false, minReadySeconds: null, template: { spec: { containers: [{ name: 'app', args: ['--port', '8080', 'a: b'] }] } } }
}

describe('YAML lines', () => {
  const text = toYaml(obj)
  const lines = yamlLines(text)

  it('keeps the text exactly, line by line', () => {
    expect(lines.map((l) => l.text).join('\n')).toBe(text.trimEnd())
  })

  it('tells keys, strings, numbers, booleans and nulls apart', () => {
    const cls = (line: string): string[] =>
      lines
        .find((l) => l.text.trim().startsWith(line))!
        .tokens.filter((t) => t.cls !== 'plain')
        .map((t) => `${t.cls}:${t.text.trim()}`)
    expect(cls('replicas:')).toEqual(['key:replicas', 'punct::', 'num:3'])
    expect(cls('paused:')).toEqual(['key:paused', 'punct::', 'bool:false'])
    expect(cls('minReadySeconds:')).toEqual(['key:minReadySeconds', 'punct::', 'null:null'])
    expect(cls('name: api')).toEqual(['key:name', 'punct::', 'str:api'])
    expect(cls('deployment.kubernetes.io/revision:')).toEqual(['key:deployment.kubernetes.io/revision', 'punct::', 'str:"3"'])
    expect(cls('- "a: b"')).toEqual(['punct:-', 'str:"a: b"'])
  })

  it('folds managedFields and last-applied-configuration, and nothing else', () => {
    const folds = foldsOf(lines)
    expect(folds.map((f) => f.label)).toEqual(['last-applied-configuration', 'managedFields'])
    const managed = folds[1]
    expect(lines[managed.start].text.trim()).toBe('managedFields:')
    // The block ends where the next key of the same depth begins.
    expect(lines[managed.end].text.trim()).toBe('spec:')
    for (let i = managed.start + 1; i < managed.end; i++) expect(lines[i].indent).toBeGreaterThan(lines[managed.start].indent)
  })
})
