import { describe, expect, it } from 'vitest'
import type { RowDto } from '../../../shared/dto/row.ts'
import { kindDef } from '../../../shared/kinds/registry.ts'
import { filterFields, parseKindFilter, predicateFor } from './filterMatch.ts'
import { podRow } from './testRows.ts'

const NOW = Date.parse('2024-06-01T12:00:00Z')
const pods = kindDef('pods')
const minutesAgo = (m: number): string => new Date(NOW - m * 60_000).toISOString()

const rows: RowDto[] = [
  {
    ...podRow('api-7f9-x2k4q', { ready: '1/2', status: 'CrashLoopBackOff', restarts: 12, age: minutesAgo(30), node: 'worker-1' }, '1', 'payments'),
    extra: { statusClass: 'error', lastRestartAt: minutesAgo(1) }
  },
  {
    ...podRow('api-7f9-b8n2m', { ready: '2/2', status: 'Running', restarts: 0, age: minutesAgo(3 * 24 * 60), node: 'worker-2' }, '1', 'payments'),
    extra: { statusClass: 'ok' }
  },
  {
    ...podRow('web-5c4-p0q9r', { ready: '0/1', status: 'Pending', restarts: 0, age: minutesAgo(2), node: '<none>' }, '1', 'default'),
    extra: { statusClass: 'pending' }
  },
  {
    ...podRow('db-0', { ready: '0/1', status: 'OOMKilled', restarts: 3, age: minutesAgo(600), node: 'worker-1' }, '1', 'kube-system'),
    extra: { statusClass: 'error' }
  },
  {
    ...podRow('job-x1', { ready: '0/1', status: 'Completed', restarts: 0, age: minutesAgo(60), node: 'worker-2' }, '1', 'default'),
    extra: { statusClass: 'done' }
  }
]

function names(text: string): string[] {
  const parsed = parseKindFilter(text, pods)
  expect(parsed.errors).toEqual([])
  const p = predicateFor(parsed, pods, NOW)
  return rows.filter((r) => (p ? p(r) : true)).map((r) => r.name)
}

describe('filter matching on pods', () => {
  it.each([
    ['', ['api-7f9-x2k4q', 'api-7f9-b8n2m', 'web-5c4-p0q9r', 'db-0', 'job-x1']],
    ['!Running', ['api-7f9-x2k4q', 'web-5c4-p0q9r', 'db-0', 'job-x1']],
    ['-running', ['api-7f9-x2k4q', 'web-5c4-p0q9r', 'db-0', 'job-x1']],
    ['api', ['api-7f9-x2k4q', 'api-7f9-b8n2m']],
    ['api !crash', ['api-7f9-b8n2m']],
    ['ns:payments', ['api-7f9-x2k4q', 'api-7f9-b8n2m']],
    ['!ns:payments', ['web-5c4-p0q9r', 'db-0', 'job-x1']],
    ['namespace:=default', ['web-5c4-p0q9r', 'job-x1']],
    ['status:=Running', ['api-7f9-b8n2m']],
    ['status:run', ['api-7f9-b8n2m']],
    ['/crash|oom/i', ['api-7f9-x2k4q', 'db-0']],
    ['/crash|oom/', []],
    ['status:/^(OOM|Crash)/', ['api-7f9-x2k4q', 'db-0']],
    ['name:/-0$/', ['db-0']],
    ['restarts:>0', ['api-7f9-x2k4q', 'db-0']],
    ['restarts:>=12', ['api-7f9-x2k4q']],
    ['age:<1h', ['api-7f9-x2k4q', 'web-5c4-p0q9r']],
    ['age:>1d', ['api-7f9-b8n2m']],
    ['node:worker-1', ['api-7f9-x2k4q', 'db-0']],
    ['label:app=api', ['api-7f9-x2k4q', 'api-7f9-b8n2m']],
    ['app=web', ['web-5c4-p0q9r']],
    ['ready:=0/1 !completed', ['web-5c4-p0q9r', 'db-0']],
    ['is:problem', ['api-7f9-x2k4q', 'web-5c4-p0q9r', 'db-0']],
    ['!is:problem', ['api-7f9-b8n2m', 'job-x1']],
    ['"api-7f9-b8n2m"', ['api-7f9-b8n2m']]
  ])('%j', (text, want) => {
    expect(names(text)).toEqual(want)
  })

  it('knows column ids, kubectl titles and aliases, and no others', () => {
    const f = filterFields(pods)
    for (const k of [
      'name',
      'namespace',
      'ns',
      'status',
      'st',
      'ready',
      'restarts',
      'age',
      'ip',
      'node',
      'nominatednode',
      'readinessgates',
      'labels',
      'label',
      'l'
    ])
      expect(f.has(k), k).toBe(true)
    expect(f.has('message')).toBe(false)
    expect(f.has('msg')).toBe(false)
    // Not a field here, so it is plain text.
    expect(parseKindFilter('msg:x', pods).terms[0]).toMatchObject({ field: '', value: 'msg:x' })
  })

  it('events: `name:` is the event name and `object:` the involved object', () => {
    const ev = kindDef('events')
    const f = filterFields(ev)
    expect(f.get('name')).toEqual({ id: 'name' })
    expect(f.get('object')?.id).toBe('object')
    expect(f.get('msg')?.id).toBe('message')
    expect(f.get('lastseen')?.id).toBe('lastSeen')
  })
})

describe('filter on a merged table: cluster:', () => {
  it("matches a row's cluster by field and as free text, only when the table merges clusters", () => {
    const def = kindDef('pods')
    const a = { ...podRow('api-1', { status: 'Running' }), cluster: 'prod-eu' }
    const b = { ...podRow('api-2', { status: 'Running' }), cluster: 'staging' }
    const keep = (text: string, multi: boolean): string[] => {
      const p = predicateFor(parseKindFilter(text, def, multi), def, Date.now(), multi)
      return [a, b].filter((r) => !p || p(r)).map((r) => r.name)
    }
    expect(keep('cluster:prod', true)).toEqual(['api-1'])
    expect(keep('!cluster:prod', true)).toEqual(['api-2'])
    expect(keep('ctx:=staging', true)).toEqual(['api-2'])
    expect(keep('staging', true)).toEqual(['api-2'])
    // A single cluster's table has no cluster field: the text is looked for anywhere (and not found).
    expect(keep('cluster:prod', false)).toEqual([])
  })
})
