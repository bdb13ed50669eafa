import { describe, expect, it } from 'vitest'
import { listParams, queryBool, queryInt, validateListParams } from './params.ts'

const q = (s: string): URLSearchParams => new URLSearchParams(s)

describe('query parameters as apimachinery decodes them', () => {
  it('makes only false and 0 (any case) false; everything else, an empty value included, true', () => {
    for (const v of ['true', 'True', '1', '', 'yes', 'on']) expect(queryBool(q(`watch=${v}`), 'watch'), v).toBe(true)
    for (const v of ['false', 'FALSE', 'False', '0']) expect(queryBool(q(`watch=${v}`), 'watch'), v).toBe(false)
    expect(queryBool(q('watch'), 'watch')).toBe(true)
    expect(queryBool(q(''), 'watch')).toBeUndefined()
  })

  it('reads int64s as strconv.ParseInt does, with its error words', () => {
    expect(queryInt(q('limit=%2B5'), 'limit')).toBe(5)
    // A bare '+' is a space in a query string, as Go's url.Query decodes it: not a number.
    expect(() => queryInt(q('limit=+5'), 'limit')).toThrow('strconv.ParseInt: parsing " 5": invalid syntax')
    expect(queryInt(q('limit=-3'), 'limit')).toBe(-3)
    expect(() => queryInt(q('limit=1.5'), 'limit')).toThrow('strconv.ParseInt: parsing "1.5": invalid syntax')
    expect(() => queryInt(q('limit=99999999999999999999'), 'limit')).toThrow('strconv.ParseInt: parsing "99999999999999999999": value out of range')
  })

  it('validates list and watch options as ValidateListOptions (v1.34) does', () => {
    const msg = (s: string): string | undefined => validateListParams(listParams(q(s)), true)?.message
    expect(msg('resourceVersion=5&resourceVersionMatch=Exact')).toBeUndefined()
    expect(msg('continue=x&resourceVersionMatch=Exact&resourceVersion=5')).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided'
    )
    expect(msg('sendInitialEvents=false')).toBe('ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list')
    expect(msg('watch=1&sendInitialEvents=true&allowWatchBookmarks=1')).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'
    )
    expect(msg('watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=True')).toBeUndefined()
  })

  it('refuses sendInitialEvents on a watch while the WatchList gate is off (1.33 defaults), as apimachinery does', () => {
    // Expected messages: apimachinery v0.34.4 internalversion/validation/validation_test.go.
    const msg = (s: string): string | undefined => validateListParams(listParams(q(s)), false)?.message
    const gate = 'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled'
    expect(msg('watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true')).toBe(
      `ListOptions.meta.k8s.io "" is invalid: ${gate}`
    )
    expect(msg('watch=1&sendInitialEvents=false')).toBe(
      `ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, ${gate}]`
    )
    expect(validateListParams(listParams(q('watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true')), false)?.code).toBe(
      422
    )
    // Without the parameter a watch is valid either way, and the list rule does not depend on the gate.
    expect(msg('watch=1&allowWatchBookmarks=true')).toBeUndefined()
    expect(msg('sendInitialEvents=true')).toBe('ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list')
  })
})
