import { describe, expect, it } from 'vitest'
import { JsonLineReader, MalformedLineError } from './lineReader.ts'

describe('JsonLineReader', () => {
  it('survives chunk boundaries anywhere, including inside a multi-byte character', () => {
    const events = [
      { type: 'ADDED', n: 1, s: 'héllo ✓' },
      { type: 'MODIFIED', n: 2 },
      { type: 'BOOKMARK', n: 3 }
    ]
    const text = events.map((e) => JSON.stringify(e)).join('\n') + '\n'
    for (let size = 1; size <= text.length; size += 3) {
      const out: unknown[] = []
      const r = new JsonLineReader((v) => out.push(v))
      const dec = new TextDecoder()
      const bytes = Buffer.from(text)
      for (let i = 0; i < bytes.length; i += size) r.push(dec.decode(bytes.subarray(i, i + size), { stream: true }))
      r.end()
      expect(out, `chunk size ${size}`).toEqual(events)
    }
  })

  it('parses a trailing line without a newline at end, and skips blank lines', () => {
    const out: unknown[] = []
    const r = new JsonLineReader((v) => out.push(v))
    r.push('{"a":1}\n\n\r\n{"b":')
    r.push('2}')
    r.end()
    expect(out).toEqual([{ a: 1 }, { b: 2 }])
  })

  it('reports a malformed line as an error', () => {
    const r = new JsonLineReader(() => undefined)
    expect(() => r.push('{"type":"MODIFIED","object":{"kind":"Pod",\n')).toThrow(MalformedLineError)
    expect(() => new JsonLineReader(() => undefined).push('nope\n')).toThrow(/malformed watch line \(4 characters\)/)
  })
})
