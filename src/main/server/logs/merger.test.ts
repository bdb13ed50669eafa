/**
 * The merger: lines of many containers come out in timestamp order (ties by source, then arrival),
 * a line older than what was already sent comes out marked late, and the resume id lets every
 * container resume exactly — also one that lags far behind the others at the moment of the
 * reconnect. The truth is each container's own log, served after `sinceTime` as the kubelet does.
 */
import { describe, expect, it } from 'vitest'
import type { LogLine } from '../../../shared/api/logs.ts'
import { parseResumeId, resumeCursor, resumeGate, sourceKey } from './cursor.ts'
import { ID_EVERY, Merger } from './merger.ts'
import type { MergeSource } from './merger.ts'
import type { LogOutput } from './output.ts'

interface Pushed {
  readonly line: LogLine
  readonly id: string
}

function fakeOut(): LogOutput & { pushed: Pushed[] } {
  const pushed: Pushed[] = []
  return {
    pushed,
    push: (line, id) => {
      pushed.push({ line, id })
    },
    frame: () => undefined,
    finish: () => undefined,
    dropped: 0,
    close: () => undefined
  }
}

const T = (sec: number, ns = 0): string => `2026-05-01T12:00:${String(sec).padStart(2, '0')}.${String(ns).padStart(9, '0')}Z`
const src = (id: number, pod: string): MergeSource => ({ id, key: sourceKey(pod, 'main') })
const lines = (ts: readonly string[], tag: string): { t: string; m: string }[] => ts.map((t, i) => ({ t, m: `${tag}${i}` }))

/** What a resumed container is sent: its log from the cursor's second (kubelet), through the gate. */
function resumed(id: string, key: string, log: readonly { t: string; m: string }[]): string[] {
  const c = resumeCursor(parseResumeId(id), key)
  const from = c ? log.filter((l) => l.t >= `${c.t.slice(0, 19)}.000000000Z`) : log
  const gate = resumeGate(c)
  return from.filter((l) => gate(l.t)).map((l) => l.m)
}

describe('merger', () => {
  it("orders one flush by time, then by source, keeping each source's own order within a timestamp", () => {
    const out = fakeOut()
    const m = new Merger(out, undefined)
    const a = src(1, 'a')
    const b = src(2, 'b')
    m.add(b, [
      { t: T(2), m: 'b-2' },
      { t: T(3), m: 'b-3x' },
      { t: T(3), m: 'b-3y' }
    ])
    m.add(a, [
      { t: T(1), m: 'a-1' },
      { t: T(3), m: 'a-3x' },
      { t: T(3), m: 'a-3y' },
      { t: T(4), m: 'a-4' }
    ])
    m.flush()
    const [first, second] = a.key < b.key ? ['a', 'b'] : ['b', 'a']
    expect(out.pushed.map((p) => p.line.m)).toEqual(['a-1', 'b-2', `${first}-3x`, `${first}-3y`, `${second}-3x`, `${second}-3y`, 'a-4'])
    expect(out.pushed.map((p) => p.line.s)).toEqual([1, 2, ...(first === 'a' ? [1, 1, 2, 2] : [2, 2, 1, 1]), 1])
    expect(out.pushed.every((p) => !p.line.late)).toBe(true)
  })

  it('marks a line that arrives after later lines were sent as late, and sends it anyway', () => {
    const out = fakeOut()
    const m = new Merger(out, undefined)
    const a = src(1, 'a')
    const b = src(2, 'b')
    m.add(a, [{ t: T(5), m: 'a-5' }])
    m.flush()
    m.add(b, [
      { t: T(3), m: 'b-3' },
      { t: T(6), m: 'b-6' }
    ])
    m.flush()
    expect(out.pushed.map((p) => [p.line.m, p.line.late ?? false])).toEqual([
      ['a-5', false],
      ['b-3', true],
      ['b-6', false]
    ])
  })

  it('writes an id at the end of each flush and every ID_EVERY lines, none in between', () => {
    const out = fakeOut()
    const m = new Merger(out, undefined)
    const a = src(1, 'a')
    m.add(
      a,
      Array.from({ length: ID_EVERY * 2 + 7 }, (_, i) => ({ t: T(1, i + 1), m: `l${i}` }))
    )
    m.flush()
    const withId = out.pushed.flatMap((p, i) => (p.id ? [i] : []))
    expect(withId).toEqual([ID_EVERY - 1, ID_EVERY * 2 - 1, ID_EVERY * 2 + 6])
  })

  it('resumes every container exactly, one of them lagging seconds behind at the reconnect', () => {
    // Two pods' full logs; `slow`'s node lags: its lines after 12:00:02 have not arrived yet.
    const fastLog = lines([T(1, 1), T(1, 5), T(2, 0), T(2, 0), T(3, 7), T(4, 1), T(4, 1), T(5, 0), T(6, 3)], 'f')
    const slowLog = lines([T(1, 2), T(2, 0), T(2, 0), T(2, 0), T(3, 1), T(3, 1), T(4, 9), T(6, 0)], 's')
    const out = fakeOut()
    const m = new Merger(out, undefined)
    const fast = src(1, 'fast')
    const slow = src(2, 'slow')
    m.add(fast, fastLog.slice(0, 7)) // up to 12:00:04
    m.add(slow, slowLog.slice(0, 3)) // two of the three lines at 12:00:02
    m.flush()
    const id = out.pushed.at(-1)?.id ?? ''
    const sent = (tag: string): string[] => out.pushed.filter((p) => p.line.m.startsWith(tag)).map((p) => p.line.m)
    // The reconnect: each container gets exactly what it had not sent, nothing twice.
    expect([...sent('f'), ...resumed(id, fast.key, fastLog)]).toEqual(fastLog.map((l) => l.m))
    expect([...sent('s'), ...resumed(id, slow.key, slowLog)]).toEqual(slowLog.map((l) => l.m))
    // A container that had sent nothing starts from its first line.
    const quietLog = lines([T(0, 5), T(7, 0)], 'q')
    expect(resumed(id, sourceKey('quiet', 'main'), quietLog)).toEqual(['q0', 'q1'])
  })

  it('a restored merger continues the counts of its containers (a second resume is exact too)', () => {
    const log = lines([T(1, 0), T(2, 0), T(2, 0), T(2, 0), T(2, 0), T(3, 0)], 'x')
    const x = src(1, 'x')
    const out1 = fakeOut()
    const m1 = new Merger(out1, undefined)
    m1.add(x, log.slice(0, 2))
    m1.flush()
    const id1 = out1.pushed.at(-1)?.id ?? ''
    // Resume: the follower starts after the cursor and passes the rest, two lines at a time.
    const out2 = fakeOut()
    const m2 = new Merger(out2, parseResumeId(id1))
    expect(m2.cursorOf(x.key)).toEqual({ t: T(2, 0), n: 1 })
    m2.add(x, log.slice(2, 4))
    m2.flush()
    const id2 = out2.pushed.at(-1)?.id ?? ''
    expect(resumeCursor(parseResumeId(id2), x.key)).toEqual({ t: T(2, 0), n: 3 })
    expect(resumed(id2, x.key, log)).toEqual(['x4', 'x5'])
  })

  it('forgets containers that left, and a resumed one keeps only those still followed', () => {
    const out = fakeOut()
    const m = new Merger(out, undefined)
    const [a, b, c] = [src(1, 'a'), src(2, 'b'), src(3, 'c')]
    m.add(a, [{ t: T(1), m: 'a' }])
    m.add(b, [{ t: T(2), m: 'b' }])
    m.add(c, [{ t: T(3), m: 'c' }])
    m.flush()
    expect(parseResumeId(m.id())?.sources.size).toBe(3)
    m.forget(a)
    expect([...(parseResumeId(m.id())?.sources.keys() ?? [])].sort()).toEqual([b.key, c.key].sort())
    const restored = new Merger(fakeOut(), parseResumeId(m.id()))
    restored.retain(new Set([b.key]))
    expect(restored.cursorOf(b.key)).toEqual({ t: T(2), n: 1 })
    expect(restored.cursorOf(c.key)).toBeUndefined()
  })
})
