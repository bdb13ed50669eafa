import { describe, expect, it } from 'vitest'
import { humanDuration, shortHumanDuration, formatCell, formatRowCells, formatRestarts, formatRowName, ageSince } from './format.ts'
import { kindDef } from '../registry.ts'
import type { ColumnDef } from '../registry.ts'
import type { RowDto } from '../../dto/row.ts'

const S = 1000
const M = 60 * S
const H = 60 * M
const D = 24 * H
const Y = 365 * D

describe('humanDuration (apimachinery TestHumanDuration)', () => {
  it.each([
    [S, '1s'],
    [70 * S, '70s'],
    [190 * S, '3m10s'],
    [70 * M, '70m'],
    [47 * H, '47h'],
    [49 * H, '2d1h'],
    [(8 * 24 + 2) * H, '8d'],
    [367 * D, '367d'],
    [(365 * 2 * 24 + 25) * H, '2y1d'],
    [(365 * 8 * 24 + 2) * H, '8y']
  ])('%d ms → %s', (ms, want) => expect(humanDuration(ms)).toBe(want))
})

describe('humanDuration boundaries (apimachinery TestHumanDurationBoundaries)', () => {
  it.each([
    [-2 * S, '<invalid>'],
    [-2 * S + 1, '0s'],
    [0, '0s'],
    [S - 1, '0s'],
    [2 * M - 1, '119s'],
    [2 * M, '2m'],
    [2 * M + S, '2m1s'],
    [10 * M - 1, '9m59s'],
    [10 * M, '10m'],
    [10 * M + S, '10m'],
    [3 * H - 1, '179m'],
    [3 * H, '3h'],
    [3 * H + M, '3h1m'],
    [8 * H - 1, '7h59m'],
    [8 * H, '8h'],
    [8 * H + 59 * M, '8h'],
    [2 * D - 1, '47h'],
    [2 * D, '2d'],
    [2 * D + H, '2d1h'],
    [8 * D - 1, '7d23h'],
    [8 * D, '8d'],
    [8 * D + 23 * H, '8d'],
    [2 * Y - 1, '729d'],
    [2 * Y, '2y'],
    [2 * Y + 23 * H, '2y'],
    [2 * Y + 23 * H + 59 * M, '2y'],
    [2 * Y + D - 1, '2y'],
    [2 * Y + D, '2y1d'],
    [3 * Y, '3y'],
    [4 * Y, '4y'],
    [5 * Y, '5y'],
    [6 * Y, '6y'],
    [7 * Y, '7y'],
    [8 * Y - 1, '7y364d'],
    [8 * Y, '8y'],
    [8 * Y + 364 * D, '8y'],
    [9 * Y, '9y'],
    // The brief's examples.
    [200 * S, '3m20s'],
    [3 * H + 10 * M, '3h10m'],
    [2 * D + 5 * H, '2d5h'],
    [400 * D, '400d'],
    [3 * Y + 20 * D, '3y20d']
  ])('%d ms → %s', (ms, want) => expect(humanDuration(ms)).toBe(want))
})

describe('shortHumanDuration (apimachinery TestShortHumanDurationBoundaries)', () => {
  it.each([
    [-2 * S, '<invalid>'],
    [-2 * S + 1, '0s'],
    [0, '0s'],
    [S - 1, '0s'],
    [S, '1s'],
    [2 * S - 1, '1s'],
    [M - 1, '59s'],
    [M, '1m'],
    [2 * M - 1, '1m'],
    [H - 1, '59m'],
    [H, '1h'],
    [2 * H - 1, '1h'],
    [D - 1, '23h'],
    [D, '1d'],
    [2 * D - 1, '1d'],
    [Y - 1, '364d'],
    [Y, '1y'],
    [2 * Y - 1, '1y'],
    [2 * Y, '2y']
  ])('%d ms → %s', (ms, want) => expect(shortHumanDuration(ms)).toBe(want))
})

const NOW = Date.parse('2025-06-01T12:00:00Z')
const col = (type: ColumnDef['type'], id = 'x'): ColumnDef => ({ id, title: 'X', type })

describe('formatCell', () => {
  it('turns time cells into ages and unset times into <unknown>', () => {
    expect(formatCell(col('age'), '2025-06-01T11:55:00Z', NOW)).toBe('5m')
    expect(formatCell(col('time'), '2025-06-01T11:59:30Z', NOW)).toBe('30s')
    expect(formatCell(col('age'), null, NOW)).toBe('<unknown>')
    expect(formatCell(col('age'), 'garbage', NOW)).toBe('<unknown>')
    expect(ageSince('', NOW)).toBe('<unknown>')
  })
  it('prints strings as they are (empty stays empty), Go booleans, numbers, and null as <none>', () => {
    expect(formatCell(col('string'), '', NOW)).toBe('')
    expect(formatCell(col('string'), 'ClusterIP', NOW)).toBe('ClusterIP')
    expect(formatCell(col('string'), false, NOW)).toBe('false')
    expect(formatCell(col('number'), 3, NOW)).toBe('3')
    expect(formatCell(col('string'), null, NOW)).toBe('<none>')
  })
})

const row = (kind: RowDto['kind'], cells: RowDto['cells'], extra?: RowDto['extra'], name = 'x'): RowDto => ({
  uid: 'u',
  kind,
  namespace: 'ns',
  name,
  createdAt: '2025-06-01T11:00:00Z',
  resourceVersion: '1',
  labels: {},
  cells,
  ...(extra ? { extra } : {})
})

describe('formatRowCells', () => {
  it('prints RESTARTS with the age of the last restart, like kubectl', () => {
    const r = row(
      'pods',
      {
        ready: '1/1',
        status: 'Running',
        restarts: 3,
        age: '2025-06-01T11:00:00Z',
        ip: '10.0.0.1',
        node: 'n1',
        nominatedNode: '<none>',
        readinessGates: '<none>'
      },
      { lastRestartAt: '2025-06-01T11:55:00Z', phase: 'Running' }
    )
    expect(formatRowCells(kindDef('pods'), r, NOW)).toEqual(['1/1', 'Running', '3 (5m ago)', '60m', '10.0.0.1', 'n1', '<none>', '<none>'])
    expect(formatRowCells(kindDef('pods'), r, NOW, false)).toEqual(['1/1', 'Running', '3 (5m ago)', '60m'])
  })
  it('prints zero restarts or an unknown last restart as a bare number', () => {
    expect(formatRestarts(0, '2025-06-01T11:55:00Z', NOW)).toBe('0')
    expect(formatRestarts(2, null, NOW)).toBe('2')
  })
  it('uses kubectl placeholders for unset CronJob LAST SCHEDULE and HPA MINPODS', () => {
    const cj = row('cronjobs', {
      schedule: '*/5 * * * *',
      timezone: '<none>',
      suspend: 'False',
      active: 0,
      lastSchedule: null,
      age: null,
      containers: 'c',
      images: 'i',
      selector: '<none>'
    })
    expect(formatRowCells(kindDef('cronjobs'), cj, NOW, false)).toEqual(['*/5 * * * *', '<none>', 'False', '0', '<none>', '<unknown>'])
    const hpa = row('horizontalpodautoscalers', {
      reference: 'Deployment/web',
      targets: 'cpu: 50%/80%',
      minPods: null,
      maxPods: 5,
      replicas: 2,
      age: '2025-06-01T11:00:00Z'
    })
    expect(formatRowCells(kindDef('horizontalpodautoscalers'), hpa, NOW)).toEqual(['Deployment/web', 'cpu: 50%/80%', '<unset>', '5', '2', '60m'])
  })
  it('recomputes a running job DURATION at print time, and keeps a finished one', () => {
    const running = row(
      'jobs',
      { status: 'Running', completions: '0/1', duration: '1s', age: null, containers: '', images: '', selector: '' },
      { startTime: '2025-06-01T11:56:56Z', completionTime: null }
    )
    expect(formatRowCells(kindDef('jobs'), running, NOW)[2]).toBe('3m4s')
    const done = row(
      'jobs',
      { status: 'Complete', completions: '1/1', duration: '12s', age: null, containers: '', images: '', selector: '' },
      { startTime: '2025-06-01T11:00:00Z', completionTime: '2025-06-01T11:00:12Z' }
    )
    expect(formatRowCells(kindDef('jobs'), done, NOW)[2]).toBe('12s')
  })
  it('names a default StorageClass `name (default)`', () => {
    expect(formatRowName(row('storageclasses', {}, { isDefault: true }, 'standard'))).toBe('standard (default)')
    expect(formatRowName(row('storageclasses', {}, undefined, 'fast'))).toBe('fast')
  })
})

describe('formatCell alone (for callers that format cell by cell)', () => {
  it('prints the column-specific placeholders of unset CronJob LAST SCHEDULE and HPA MINPODS', () => {
    const lastSchedule = kindDef('cronjobs').columns.find((c) => c.id === 'lastSchedule')
    const minPods = kindDef('horizontalpodautoscalers').columns.find((c) => c.id === 'minPods')
    expect(lastSchedule && formatCell(lastSchedule, null, NOW)).toBe('<none>')
    expect(lastSchedule && formatCell(lastSchedule, '2025-06-01T11:59:00Z', NOW)).toBe('60s')
    expect(minPods && formatCell(minPods, null, NOW)).toBe('<unset>')
    expect(minPods && formatCell(minPods, 2, NOW)).toBe('2')
  })
})
