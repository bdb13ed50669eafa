/**
 * RBAC rule matching, table-driven. The expectations are Kubernetes' own: the cases of
 * `TestRuleMatches` in plugin/pkg/auth/authorizer/rbac/rbac_test.go (v1.34), plus the documented
 * corners of https://kubernetes.io/docs/reference/access-authn-authz/rbac/ (resourceNames, a
 * subresource is its own resource, `*` + `/scale`, non-resource URL prefixes).
 */
import { describe, expect, it } from 'vitest'
import { ruleAllows } from './match.ts'
import type { Attributes, PolicyRule } from './types.ts'

const res = (verb: string, apiGroup: string, resource: string, extra: Partial<{ subresource: string; name: string; namespace: string }> = {}): Attributes => ({
  resourceRequest: true,
  verb,
  apiGroup,
  resource,
  subresource: extra.subresource ?? '',
  name: extra.name ?? '',
  namespace: extra.namespace ?? ''
})
const url = (verb: string, path: string): Attributes => ({ resourceRequest: false, verb, path })
const rule = (verbs: string[], apiGroups: string[], resources: string[], more: Partial<PolicyRule> = {}): PolicyRule => ({
  verbs,
  apiGroups,
  resources,
  ...more
})

/** [case name, rule, [request, expected][]] */
const CASES: [string, PolicyRule, [Attributes, boolean][]][] = [
  [
    'star verb, exact match other',
    rule(['*'], ['group1'], ['resource1']),
    [
      [res('verb1', 'group1', 'resource1'), true],
      [res('verb1', 'group2', 'resource1'), false],
      [res('verb1', 'group1', 'resource2'), false],
      [res('verb2', 'group1', 'resource1'), true],
      [res('verb2', 'group2', 'resource2'), false]
    ]
  ],
  [
    'star group, exact match other',
    rule(['verb1'], ['*'], ['resource1']),
    [
      [res('verb1', 'group1', 'resource1'), true],
      [res('verb1', 'group2', 'resource1'), true],
      [res('verb1', 'group1', 'resource2'), false],
      [res('verb2', 'group1', 'resource1'), false]
    ]
  ],
  [
    'star resource, exact match other',
    rule(['verb1'], ['group1'], ['*']),
    [
      [res('verb1', 'group1', 'resource1'), true],
      [res('verb1', 'group2', 'resource1'), false],
      [res('verb1', 'group1', 'resource2'), true],
      [res('verb2', 'group1', 'resource1'), false]
    ]
  ],
  [
    'tuple expansion',
    rule(['verb1', 'verb2'], ['group1', 'group2'], ['resource1', 'resource2']),
    [
      [res('verb1', 'group1', 'resource1'), true],
      [res('verb1', 'group2', 'resource2'), true],
      [res('verb2', 'group1', 'resource2'), true],
      [res('verb2', 'group2', 'resource1'), true],
      [res('verb3', 'group1', 'resource1'), false]
    ]
  ],
  [
    'subresource expansion',
    rule(['*'], ['*'], ['resource1/subresource1']),
    [
      [res('verb1', 'group1', 'resource1', { subresource: 'subresource1' }), true],
      [res('verb1', 'group2', 'resource1', { subresource: 'subresource2' }), false],
      [res('verb1', 'group1', 'resource2', { subresource: 'subresource1' }), false],
      // The rule names only the subresource: the parent resource itself is not covered.
      [res('verb1', 'group1', 'resource1'), false]
    ]
  ],
  [
    'a resource does not cover its subresources (pods vs pods/log)',
    rule(['get'], [''], ['pods']),
    [
      [res('get', '', 'pods', { name: 'web', namespace: 'x' }), true],
      [res('get', '', 'pods', { name: 'web', namespace: 'x', subresource: 'log' }), false]
    ]
  ],
  [
    '`*` + `/scale` covers the scale subresource of every resource, and nothing else',
    rule(['update'], ['*'], ['*/scale']),
    [
      [res('update', 'apps', 'deployments', { subresource: 'scale' }), true],
      [res('update', '', 'replicationcontrollers', { subresource: 'scale' }), true],
      [res('update', 'apps', 'deployments'), false],
      [res('update', 'apps', 'deployments', { subresource: 'status' }), false]
    ]
  ],
  [
    'the core group is the empty string',
    rule(['list'], [''], ['pods']),
    [
      [res('list', '', 'pods'), true],
      [res('list', 'apps', 'pods'), false]
    ]
  ],
  [
    'resourceNames restrict to the named objects; a collection request has no name and never matches',
    rule(['get', 'list'], [''], ['configmaps'], { resourceNames: ['my-config'] }),
    [
      [res('get', '', 'configmaps', { name: 'my-config', namespace: 'x' }), true],
      [res('get', '', 'configmaps', { name: 'other', namespace: 'x' }), false],
      [res('list', '', 'configmaps', { namespace: 'x' }), false],
      // A list or watch with fieldSelector=metadata.name=my-config carries the name (requestInfo.ts).
      [res('list', '', 'configmaps', { name: 'my-config', namespace: 'x' }), true]
    ]
  ],
  ['a resource rule never allows a non-resource URL', rule(['get'], ['*'], ['*']), [[url('get', '/healthz'), false]]],
  [
    'star nonresource, exact match other',
    { verbs: ['verb1'], nonResourceURLs: ['*'] },
    [
      [url('verb1', '/foo'), true],
      [url('verb1', '/foo/bar/one'), true],
      [url('verb2', '/foo'), false],
      [url('verb2', '/foo/baz/one'), false]
    ]
  ],
  [
    'star nonresource subpath',
    { verbs: ['verb1'], nonResourceURLs: ['/foo/*'] },
    [
      [url('verb1', '/foo'), false],
      [url('verb1', '/foo/bar'), true],
      [url('verb1', '/foo/baz/one'), true],
      [url('verb1', '/notfoo'), false],
      [url('verb1', '/notfoo/bar'), false]
    ]
  ],
  [
    'star verb, exact nonresource',
    { verbs: ['*'], nonResourceURLs: ['/foo', '/foo/bar/one'] },
    [
      [url('verb1', '/foo'), true],
      [url('verb1', '/foo/bar'), false],
      [url('verb1', '/foo/bar/one'), true],
      [url('verb2', '/foo'), true],
      [url('verb2', '/foo/baz/one'), false]
    ]
  ],
  ['a non-resource rule never allows a resource request', { verbs: ['*'], nonResourceURLs: ['*'] }, [[res('get', '', 'pods'), false]]],
  ['an empty verbs list allows nothing', rule([], ['*'], ['*']), [[res('get', '', 'pods'), false]]]
]

describe('ruleAllows', () => {
  for (const [name, r, requests] of CASES) {
    it(name, () => {
      for (const [attrs, expected] of requests) expect(ruleAllows(attrs, r), JSON.stringify(attrs)).toBe(expected)
    })
  }
})
