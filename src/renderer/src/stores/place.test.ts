import { describe, expect, it } from 'vitest'
import { HOME, formatPlace, isNewStep, parsePlace } from './place.ts'
import type { Place } from './place.ts'

const list: Place = { ...HOME, page: 'list', clusters: ['demo'], kind: 'deployments' }

describe('place ↔ address', () => {
  it('writes and reads back every part of a place', () => {
    const p: Place = {
      page: 'list',
      clusters: ['demo'],
      kind: 'deployments',
      namespace: 'payments',
      filter: 'api !Running status:/^Crash/i',
      sort: { column: 'age', dir: 'desc' },
      open: { cluster: 'demo', kind: 'deployments', namespace: 'payments', name: 'api' },
      tab: 'yaml',
      logs: { cluster: 'demo', kind: 'pods', namespace: 'payments', name: 'api-7f9c-x2k4q', container: 'app', previous: true }
    }
    const hash = formatPlace(p)
    expect(hash).toBe(
      '#/c/demo/deployments?ns=payments&q=api%20!Running%20status%3A%2F%5ECrash%2Fi&sort=-age&open=demo/payments/api&tab=yaml' +
        '&logs=demo/pods/payments/api-7f9c-x2k4q&lc=app&prev=1'
    )
    expect(parsePlace(hash)).toEqual(p)
  })

  it('round-trips context names with slashes, commas, spaces and non-ASCII', () => {
    const clusters = ['arn:aws:eks:eu-west-1:1234:cluster/prod', 'kind, local', 'dev ümlaut']
    const p: Place = { ...list, clusters, open: { cluster: clusters[0], kind: 'deployments', namespace: 'a/b', name: 'x' } }
    const hash = formatPlace(p)
    expect(hash.startsWith('#/c/arn%3Aaws%3Aeks%3Aeu-west-1%3A1234%3Acluster%2Fprod,kind%2C%20local,dev%20%C3%BCmlaut/deployments')).toBe(true)
    expect(parsePlace(hash)).toEqual(p)
  })

  it('knows the overview, settings, kubeconfig and home', () => {
    expect(formatPlace({ ...HOME, page: 'overview', clusters: ['demo'] })).toBe('#/c/demo')
    expect(parsePlace('#/c/demo')).toEqual({ ...HOME, page: 'overview', clusters: ['demo'] })
    expect(formatPlace({ ...HOME, clusters: ['demo'] })).toBe('#/c/demo/pods')
    expect(parsePlace('#/settings')?.page).toBe('settings')
    expect(parsePlace('#/kubeconfig')?.page).toBe('kubeconfig')
    expect(parsePlace('')).toEqual(HOME)
    expect(parsePlace('#/')).toEqual(HOME)
    expect(formatPlace({ ...list, clusters: [] })).toBe('#/')
  })

  it('drops what a kind cannot have: a namespace of a cluster-scoped kind', () => {
    expect(parsePlace('#/c/demo/nodes?ns=payments&open=demo/x/node-1')).toMatchObject({ kind: 'nodes', namespace: '', open: { namespace: '', name: 'node-1' } })
  })

  it('refuses addresses that name no place (the window then stays where it is)', () => {
    for (const bad of [
      '#/c/demo/widgets',
      '#/c//pods',
      '#/c/%E0%A4%A/pods',
      '#/nowhere',
      '#/c/demo/pods?open=demo/x',
      '#/c/demo/pods?logs=demo/widgets/a/b',
      '#/c/demo/pods?q=%E0%A4%A',
      '#/c/demo/pods?sort=-'
    ]) {
      expect(parsePlace(bad), bad).toBeNull()
    }
  })

  it('dedupes a cluster named twice and keeps the order', () => {
    expect(parsePlace('#/c/b,a,b/pods')?.clusters).toEqual(['b', 'a'])
  })

  it('tells a step to walk back to from an edit of the same view', () => {
    expect(isNewStep(list, { ...list, filter: 'x' })).toBe(false)
    expect(isNewStep(list, { ...list, sort: { column: 'age', dir: 'asc' } })).toBe(false)
    expect(isNewStep(list, { ...list, tab: 'yaml' })).toBe(false)
    expect(isNewStep(list, { ...list, kind: 'pods' })).toBe(true)
    expect(isNewStep(list, { ...list, namespace: 'x' })).toBe(true)
    expect(isNewStep(list, { ...list, clusters: ['demo', 'b'] })).toBe(true)
    expect(isNewStep(list, { ...list, open: { cluster: 'demo', kind: 'deployments', namespace: 'a', name: 'b' } })).toBe(true)
    expect(isNewStep(list, { ...list, page: 'overview' })).toBe(true)
  })
})

describe('place ↔ address of custom kinds', () => {
  it('round-trips a custom kind token and its open object', () => {
    const p: Place = {
      ...list,
      kind: 'certificates.cert-manager.io',
      namespace: 'payments',
      open: { cluster: 'demo', kind: 'certificates.cert-manager.io', namespace: 'payments', name: 'api-tls' }
    }
    const hash = formatPlace(p)
    expect(hash.startsWith('#/c/demo/certificates.cert-manager.io?ns=payments')).toBe(true)
    expect(parsePlace(hash)).toEqual(p)
  })

  it('refuses a token that is neither a built-in kind nor <plural>.<group>', () => {
    // A custom kind's group has at least one dot (a CRD's group is a DNS subdomain with a dot).
    expect(parsePlace('#/c/demo/widgets.example')).toBeNull()
    expect(parsePlace('#/c/demo/Widgets.example.com')).toBeNull()
  })
})
