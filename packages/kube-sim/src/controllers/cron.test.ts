// The cron parser and evaluator (UTC).
import { describe, expect, it } from 'vitest'
import { mostRecent, nextAfter, parseCron } from './cron.ts'

const at = (s: string): number => Date.parse(s)
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString())

describe('cron', () => {
  it.each([
    ['*/5 * * * *', '2025-03-04T10:07:30Z', '2025-03-04T10:10:00.000Z'],
    ['* * * * *', '2025-03-04T10:07:00Z', '2025-03-04T10:08:00.000Z'],
    ['0 3 * * *', '2025-03-04T10:07:00Z', '2025-03-05T03:00:00.000Z'],
    ['30 9 * * mon-fri', '2025-03-07T10:00:00Z', '2025-03-10T09:30:00.000Z'],
    ['0 0 1 jan *', '2025-03-04T00:00:00Z', '2026-01-01T00:00:00.000Z'],
    ['0 0 29 2 *', '2025-03-04T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['0 12 13 * 5', '2025-03-04T00:00:00Z', '2025-03-07T12:00:00.000Z'],
    ['15,45 1-3/2 * * 7', '2025-03-04T00:00:00Z', '2025-03-09T01:15:00.000Z'],
    ['@hourly', '2025-03-04T10:07:00Z', '2025-03-04T11:00:00.000Z'],
    ['5/20 * * * ?', '2025-03-04T10:26:00Z', '2025-03-04T10:45:00.000Z']
  ])('%s after %s is %s', (expr, from, want) => {
    expect(iso(nextAfter(parseCron(expr), at(from)))).toBe(want)
  })

  it('finds the most recent scheduled minute in a window', () => {
    const s = parseCron('*/10 * * * *')
    expect(iso(mostRecent(s, at('2025-03-04T10:00:00Z'), at('2025-03-04T10:35:10Z')))).toBe('2025-03-04T10:30:00.000Z')
    expect(mostRecent(s, at('2025-03-04T10:30:00Z'), at('2025-03-04T10:39:59Z'))).toBeUndefined()
  })

  it.each([
    ['* * * *', 'expected exactly 5 fields, found 4'],
    ['61 * * * *', 'minute value 61 is out of range 0-59'],
    ['* * * foo *', 'month value "foo" is not a number'],
    ['*/0 * * * *', 'step "0" must be a positive number'],
    ['5-1 * * * *', 'range 5-1 is backwards'],
    ['@every 1m', 'unsupported descriptor']
  ])('rejects %s', (expr, message) => {
    expect(() => parseCron(expr)).toThrow(message)
  })
})
