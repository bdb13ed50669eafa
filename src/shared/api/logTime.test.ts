/**
 * Log timestamps: the kubelet prints Go's RFC3339NanoFixed (`2006-01-02T15:04:05.000000000Z07:00`,
 * nine digits always), in the node's zone; other runtimes print RFC3339Nano (trailing zeros
 * trimmed). Normalised, every one is UTC with nine digits, and text order is time order.
 */
import { describe, expect, it } from 'vitest'
import { logTimeMs, logTimeSecond, normaliseLogTime } from './logTime.ts'

describe('log timestamps', () => {
  it("keeps the kubelet's UTC form as it is", () => {
    expect(normaliseLogTime('2026-05-01T12:00:00.123456789Z')).toBe('2026-05-01T12:00:00.123456789Z')
  })

  it('pads trimmed fractions and converts zones to UTC', () => {
    expect(normaliseLogTime('2026-05-01T12:00:00.1Z')).toBe('2026-05-01T12:00:00.100000000Z')
    expect(normaliseLogTime('2026-05-01T12:00:00Z')).toBe('2026-05-01T12:00:00.000000000Z')
    expect(normaliseLogTime('2026-05-01T14:30:00.000000001+02:30')).toBe('2026-05-01T12:00:00.000000001Z')
    expect(normaliseLogTime('2026-05-01T00:15:00.5-01:00')).toBe('2026-05-01T01:15:00.500000000Z')
    expect(normaliseLogTime('2026-01-01T00:59:59.999999999+01:00')).toBe('2025-12-31T23:59:59.999999999Z')
    // RFC 3339 §5.6: "T" and "Z" may be lower case.
    expect(normaliseLogTime('2026-05-01t12:00:00.25z')).toBe('2026-05-01T12:00:00.250000000Z')
  })

  it('refuses what is not an RFC 3339 time (the text is then the whole line)', () => {
    for (const bad of [
      '',
      'hello',
      'unable to retrieve container logs',
      '2026-05-01 12:00:00Z',
      '2026-05-01T12:00:00.1234567890Z',
      '2026-13-01T12:00:00Z',
      '2026-05-01T12:00:00+0200'
    ]) {
      expect(normaliseLogTime(bad), bad).toBeUndefined()
    }
  })

  it('sorts as text in time order, whatever zone each came from', () => {
    const raw = ['2026-05-01T12:00:00.2+00:00', '2026-05-01T13:59:59.999999999+02:00', '2026-05-01T11:00:00.000000001-01:00', '2026-05-01T12:00:00.1Z']
    const norm = raw.map((r) => normaliseLogTime(r) ?? '')
    const byTime = [...raw].sort((a, b) => Date.parse(a) - Date.parse(b) || (normaliseLogTime(a) ?? '').localeCompare(normaliseLogTime(b) ?? ''))
    expect([...norm].sort()).toEqual(byTime.map((r) => normaliseLogTime(r)))
  })

  it('gives the whole second (what sinceTime takes) and milliseconds', () => {
    expect(logTimeSecond('2026-05-01T12:00:07.999999999Z')).toBe('2026-05-01T12:00:07Z')
    expect(logTimeMs('2026-05-01T12:00:07.123999999Z')).toBe(Date.UTC(2026, 4, 1, 12, 0, 7, 123))
  })
})
