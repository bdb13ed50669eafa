import { describe, expect, it } from 'vitest'
import { KindTable } from './kindTable.ts'
import type { Rec } from './types.ts'

const rec = (key: string): Rec => ({
  key,
  ns: '',
  name: key,
  uid: key,
  rv: 1,
  labels: {},
  fields: [],
  generation: 1,
  created: '',
  specStart: 0,
  specEnd: 0,
  json: Buffer.from('{}')
})

describe('KindTable', () => {
  it('keeps keys sorted across inserts, deletes and re-creates between reads', () => {
    const t = new KindTable()
    const live = new Set<string>()
    let x = 12345
    const rnd = (): number => {
      x = (x * 1103515245 + 12345) % 2 ** 31
      return x
    }
    for (let i = 0; i < 2000; i++) {
      const key = `ns${rnd() % 5}/p${rnd() % 300}`
      if (rnd() % 3 === 0) {
        t.remove(key)
        live.delete(key)
      } else {
        t.put(rec(key))
        live.add(key)
      }
      if (i % 97 === 0) expect(t.sorted()).toEqual([...live].sort())
    }
    expect(t.sorted()).toEqual([...live].sort())
    const [from, to] = t.range('ns2')
    expect(t.sorted().slice(from, to)).toEqual([...live].filter((k) => k.startsWith('ns2/')).sort())
  })
})
