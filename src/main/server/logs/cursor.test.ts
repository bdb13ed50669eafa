/**
 * The resume cursor: ids encode and decode to the same positions, bad ids are refused, and a
 * resume is exact — judged against a container's log as the kubelet serves it after `sinceTime`
 * (every line whose timestamp is not before the given whole second: kuberuntime/logs `write`
 * skips `msg.timestamp.Before(opts.since)`), including lines that share one timestamp.
 */
import { describe, expect, it } from 'vitest'
import { MAX_RESUME_ID, advance, mergedId, parseResumeId, resumeCursor, resumeGate, singleId, sourceKey } from './cursor.ts'
import type { Cursor } from './cursor.ts'
import { MAX_SOURCES } from './workloadStream.ts'

const T = (s: string): string => `2026-05-01T12:00:${s}Z`

/** The kubelet's answer to `sinceTime=<second of t>`: lines not before that second. */
function since(log: readonly string[], t: string): string[] {
  const second = `${t.slice(0, 19)}.000000000Z`
  return log.filter((x) => x >= second)
}

/** Pass `lines` through the gate of cursor `c`. */
function gated(c: Cursor | undefined, lines: readonly string[]): string[] {
  const gate = resumeGate(c)
  return lines.filter((l) => gate(l))
}

describe('cursor', () => {
  it('counts lines that share a timestamp, and starts again at a new one', () => {
    let c = advance(undefined, T('01.000000001'))
    expect(c).toEqual({ t: T('01.000000001'), n: 1 })
    c = advance(c, T('01.000000001'))
    c = advance(c, T('01.000000001'))
    expect(c).toEqual({ t: T('01.000000001'), n: 3 })
    expect(advance(c, T('01.000000002'))).toEqual({ t: T('01.000000002'), n: 1 })
  })

  it('one container: the id is time~count and parses back', () => {
    const c = { t: T('05.123456789'), n: 11 }
    expect(singleId(c)).toBe('2026-05-01T12:00:05.123456789Z~11')
    expect(parseResumeId(singleId(c))).toEqual({ head: c, sources: new Map() })
    expect(resumeCursor(parseResumeId(singleId(c)), 'anything')).toEqual(c)
  })

  it("merged: every source's own cursor survives the round trip, however far behind the head", () => {
    const head = { t: T('59.999999999'), n: 2, key: 'aaaaaaaa' }
    const sources = new Map<string, Cursor>([
      ['aaaaaaaa', { t: head.t, n: 2 }],
      ['bbbbbbbb', { t: T('59.999999999'), n: 5 }], // same time as the head, 0 behind, n > 1
      ['cccccccc', { t: T('00.000000001'), n: 1 }],
      ['dddddddd', { t: '2026-04-01T00:00:00.000000000Z', n: 3 }], // a month quiet (a sidecar)
      ['eeeeeeee', { t: '1999-12-31T23:59:59.999999999Z', n: 1 }]
    ])
    const id = mergedId(head, sources)
    const p = parseResumeId(id)
    expect(p?.head).toEqual(head)
    expect(p?.sources).toEqual(sources)
    for (const [k, c] of sources) expect(resumeCursor(p, k)).toEqual(c)
    // A source that had passed nothing is not in the id: it resumes from its first line.
    expect(resumeCursor(p, 'ffffffff')).toBeUndefined()
    // The head's own source is not written twice.
    expect(id.split('aaaaaaaa')).toHaveLength(2)
    // Only unreserved URL characters after the head's time.
    expect(id.slice(30)).toMatch(/^[A-Za-z0-9_~.-]*$/)
  })

  it('the id of MAX_SOURCES containers, each quiet for years with a large count, fits MAX_RESUME_ID', () => {
    const head = { t: '2026-05-01T12:00:00.000000000Z', n: 1, key: sourceKey('p', 'c') }
    const sources = new Map<string, Cursor>()
    for (let i = 0; i < MAX_SOURCES; i++) sources.set(sourceKey(`pod-${i}`, 'c'), { t: '1971-01-01T00:00:00.000000001Z', n: 999_999_999 })
    const id = mergedId(head, sources)
    expect(id.length).toBeLessThanOrEqual(MAX_RESUME_ID)
    expect(parseResumeId(id)?.sources.size).toBe(MAX_SOURCES + 1)
  })

  it('refuses ids that are not ours (the stream then starts fresh)', () => {
    const good = mergedId({ t: T('05.000000000'), n: 1, key: '0123abcd' }, new Map([['89abcdef', { t: T('04.000000000'), n: 2 }]]))
    expect(parseResumeId(good)).toBeDefined()
    for (const bad of [
      '',
      '42',
      'abc',
      T('05.000000000'),
      `${T('05.000000000')}~0`,
      `${T('05.000000000')}~-1`,
      `${T('05.000000000')}~x`,
      '2026-05-01T12:00:05.123Z~1',
      '2026-05-01T12:00:05.000000000+02:00~1',
      `${T('05.000000000')}~1~XYZ`,
      `${T('05.000000000')}~1~0123abcd~9`,
      `${T('05.000000000')}~1_89abcdef1`, // entries need a key (merged ids only)
      `${good}_89abcdef1`, // the same source twice
      `${good}_nothex001`,
      `${good}_89abcdef`,
      `${good}_89abcdefzzzzzzzzzzzzzz`,
      `${good}_89abcdef1~0`,
      `${T('05.000000000')}~1~0123abcd_89abcdef${(10n ** 19n).toString(36)}`, // before the epoch
      `${T('05.000000000')}~1~0123abcd${'_89abcdef1'.repeat(1000)}` // longer than MAX_RESUME_ID
    ])
      expect(parseResumeId(bad), bad).toBeUndefined()
  })

  it('the gate makes a resume exact at every cut, inside bursts that share one timestamp', () => {
    // A log with bursts: a stack trace is one write, so its lines share one timestamp.
    const log: string[] = []
    for (let s = 0; s < 4; s++) {
      log.push(T(`0${s}.100000000`), T(`0${s}.100000000`), T(`0${s}.100000000`), T(`0${s}.500000000`))
      for (let k = 0; k < 5; k++) log.push(T(`0${s}.999999999`))
    }
    let c: Cursor | undefined
    for (let k = 0; k <= log.length; k++) {
      // After passing k lines, a reconnect asks from the cursor's second and gates.
      const rest = c ? gated(c, since(log, c.t)) : gated(undefined, log)
      expect(rest, `cut after ${k} lines`).toEqual(log.slice(k))
      if (k < log.length) c = advance(c, log[k])
    }
  })

  it('source keys are stable per pod/container and distinct', () => {
    expect(sourceKey('web-1', 'main')).toBe(sourceKey('web-1', 'main'))
    expect(sourceKey('web-1', 'main')).toMatch(/^[0-9a-f]{8}$/)
    const keys = new Set<string>()
    for (let i = 0; i < 5000; i++) keys.add(sourceKey(`web-${i}`, i % 2 ? 'main' : 'sidecar'))
    expect(keys.size).toBe(5000)
  })
})
