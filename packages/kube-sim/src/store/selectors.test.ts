import { describe, expect, it } from 'vitest'
import { matchLabels, parseFieldSelector, parseLabelSelector } from './selectors.ts'

const m = (sel: string, labels: Record<string, string>): boolean => matchLabels(parseLabelSelector(sel), labels)

describe('label selectors', () => {
  it('supports =, ==, !=, in, notin, exists, !key, gt and lt', () => {
    const l = { app: 'web', tier: 'fe', n: '5' }
    expect(m('app=web', l)).toBe(true)
    expect(m('app==db', l)).toBe(false)
    expect(m('app!=db', l)).toBe(true)
    expect(m('missing!=x', l)).toBe(true)
    expect(m('tier in (fe, be)', l)).toBe(true)
    expect(m('tier notin (fe)', l)).toBe(false)
    expect(m('missing notin (fe)', l)).toBe(true)
    expect(m('app', l)).toBe(true)
    expect(m('!app', l)).toBe(false)
    expect(m('!missing,app=web,tier in (fe)', l)).toBe(true)
    expect(m('n>4', l)).toBe(true)
    expect(m('n<5', l)).toBe(false)
    expect(m('', l)).toBe(true)
  })

  it('rejects malformed selectors with the apiserver prefix', () => {
    expect(() => parseLabelSelector('app in (a')).toThrow(/^unable to parse requirement/)
    expect(() => parseLabelSelector('app=web tier=x')).toThrow(/^unable to parse requirement/)
    expect(() => parseLabelSelector('=x')).toThrow(/^unable to parse requirement/)
  })
})

describe('field selectors', () => {
  it('accepts the kind fields and metadata.name/namespace, refuses others', () => {
    expect(parseFieldSelector('pods', 'spec.nodeName=n1,status.phase!=Running')).toHaveLength(2)
    expect(parseFieldSelector('events', 'involvedObject.kind=Pod,reason==Killing,type=Warning,source=kubelet')).toHaveLength(4)
    expect(parseFieldSelector('nodes', 'spec.unschedulable=false')).toHaveLength(1)
    expect(parseFieldSelector('namespaces', 'status.phase=Active')).toHaveLength(1)
    expect(parseFieldSelector('deployments', 'metadata.name=x,metadata.namespace=y')).toHaveLength(2)
    expect(parseFieldSelector('services', 'spec.type=ClusterIP,spec.clusterIP=10.96.0.1')).toHaveLength(2)
    expect(parseFieldSelector('jobs', 'status.successful=1')).toHaveLength(1)
    // Worded per kind, as kube-apiserver 1.34 answers `?fieldSelector=spec.foo=bar`.
    expect(() => parseFieldSelector('pods', 'spec.foo=1')).toThrow('field label not supported: spec.foo')
    expect(() => parseFieldSelector('jobs', 'spec.foo=1')).toThrow('field label "spec.foo" not supported for Job')
    expect(() => parseFieldSelector('deployments', 'spec.replicas=1')).toThrow(
      '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'
    )
    expect(() => parseFieldSelector('pods', 'nonsense')).toThrow(/invalid selector/)
  })
})
