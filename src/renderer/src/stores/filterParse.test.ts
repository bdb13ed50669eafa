import { describe, expect, it } from 'vitest'
import { parseAge, parseFilter } from './filterParse.ts'
import type { FilterTerm } from './filterParse.ts'

const FIELDS = new Set(['name', 'namespace', 'ns', 'status', 'restarts', 'age', 'labels', 'uptodate', 'lastseen'])
const parse = (text: string) => parseFilter(text, (f) => FIELDS.has(f))
/** A term without its RegExp object (compared by source and flags instead). */
const plain = (t: FilterTerm) => ({
  negate: t.negate,
  field: t.field,
  op: t.op,
  value: t.value,
  ...(t.number !== undefined ? { number: t.number } : {}),
  ...(t.regex ? { re: `${t.regex.source}|${t.regex.flags}` } : {})
})

describe('parseFilter', () => {
  const cases: [string, ReturnType<typeof plain>[]][] = [
    ['crash', [{ negate: false, field: '', op: 'contains', value: 'crash' }]],
    [
      'CrashLoop  api',
      [
        { negate: false, field: '', op: 'contains', value: 'crashloop' },
        { negate: false, field: '', op: 'contains', value: 'api' }
      ]
    ],
    ['!Running', [{ negate: true, field: '', op: 'contains', value: 'running' }]],
    ['-running', [{ negate: true, field: '', op: 'contains', value: 'running' }]],
    ['"image pull"', [{ negate: false, field: '', op: 'contains', value: 'image pull' }]],
    ["'back off'", [{ negate: false, field: '', op: 'contains', value: 'back off' }]],
    [
      '!"image pull" x',
      [
        { negate: true, field: '', op: 'contains', value: 'image pull' },
        { negate: false, field: '', op: 'contains', value: 'x' }
      ]
    ],
    ['status:Pending', [{ negate: false, field: 'status', op: 'contains', value: 'pending' }]],
    ['STATUS:pending', [{ negate: false, field: 'status', op: 'contains', value: 'pending' }]],
    ['status:=Running', [{ negate: false, field: 'status', op: 'equals', value: 'running' }]],
    ['!status:=Running', [{ negate: true, field: 'status', op: 'equals', value: 'running' }]],
    ['ns:kube-system', [{ negate: false, field: 'ns', op: 'contains', value: 'kube-system' }]],
    ['up-to-date:3', [{ negate: false, field: 'uptodate', op: 'contains', value: '3' }]],
    ['last_seen:<5m', [{ negate: false, field: 'lastseen', op: 'lt', value: '5m', number: 300_000 }]],
    ['status:"Running (suspended)"', [{ negate: false, field: 'status', op: 'contains', value: 'running (suspended)' }]],
    ['restarts:>3', [{ negate: false, field: 'restarts', op: 'gt', value: '3', number: 3 }]],
    [
      'restarts:>=1 age:<=2d',
      [
        { negate: false, field: 'restarts', op: 'ge', value: '1', number: 1 },
        { negate: false, field: 'age', op: 'le', value: '2d', number: 172_800_000 }
      ]
    ],
    ['/crash|oom/i', [{ negate: false, field: '', op: 'regex', value: '/crash|oom/i', re: 'crash|oom|i' }]],
    ['status:/^Init:/', [{ negate: false, field: 'status', op: 'regex', value: '/^Init:/', re: '^Init:|' }]],
    ['!/a\\/b c/', [{ negate: true, field: '', op: 'regex', value: '/a\\/b c/', re: 'a\\/b c|' }]],
    // Not fields: kubectl text with colons and slashes stays plain text.
    ['Init:0/1', [{ negate: false, field: '', op: 'contains', value: 'init:0/1' }]],
    ['pod/api-1', [{ negate: false, field: '', op: 'contains', value: 'pod/api-1' }]],
    ['nginx:1.27', [{ negate: false, field: '', op: 'contains', value: 'nginx:1.27' }]],
    ['is:problem', [{ negate: false, field: 'is', op: 'is', value: 'problem' }]],
    ['!is:Problem', [{ negate: true, field: 'is', op: 'is', value: 'problem' }]],
    ['!', [{ negate: false, field: '', op: 'contains', value: '!' }]],
    ['   ', []]
  ]
  it.each(cases)('%s', (text, want) => {
    const got = parse(text)
    expect(got.errors).toEqual([])
    expect(got.terms.map(plain)).toEqual(want)
  })

  const bad: [string, RegExp, number][] = [
    ['/crash(/', /not valid/, 0],
    ['/crash/g', /flags can only be i, m, s or u/, 0],
    ['/crash', /needs a closing \//, 1],
    ['"image pull', /quote " is not closed/, 1],
    ['restarts:>many', /compare with a number or an age/, 0],
    ['status:', /has no value/, 0],
    ['is:broken', /is:broken is not known/, 0],
    ['ok /x(/ status:=Running', /not valid/, 2]
  ]
  it.each(bad)('reports %s and keeps the rest', (text, message, kept) => {
    const got = parse(text)
    expect(got.errors.join('\n')).toMatch(message)
    expect(got.terms).toHaveLength(kept)
  })
})

describe('parseAge', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['1y', 31_536_000_000],
    ['1.5h', 5_400_000]
  ])('%s', (t, ms) => {
    expect(parseAge(t)).toBe(ms)
  })
  it.each(['', '5', 'm', '5x', '5m ago'])('rejects %j', (t) => expect(parseAge(t)).toBeNaN())
})
