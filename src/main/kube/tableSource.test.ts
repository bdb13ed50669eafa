import { describe, expect, it } from 'vitest'
import { TABLE_ACCEPT, tableSource } from './tableSource.ts'
import type { TableTransport } from './tableSource.ts'
import type { ListOptions, WatchEvent, WatchOptions } from './source.ts'
import type { ReadBounds } from './transport.ts'
import { UpstreamError } from './errors.ts'

/** Column definitions as kube-apiserver 1.34 sends them for a CRD with three printer columns. */
const DEFS = [
  { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
  { name: 'Ready', type: 'string', format: '', description: '', priority: 0 },
  { name: 'Size', type: 'integer', format: '', description: '', priority: 0 },
  { name: 'Color', type: 'string', format: '', description: '', priority: 1 },
  { name: 'Age', type: 'date', format: '', description: '', priority: 0 }
]
const meta = (name: string, rv: string) => ({
  kind: 'PartialObjectMetadata',
  apiVersion: 'meta.k8s.io/v1',
  metadata: { name, namespace: 'default', uid: `u-${name}`, resourceVersion: rv, creationTimestamp: '2026-12-05T11:58:41Z' }
})

function fake(pages: unknown[][], events: { type: WatchEvent['type']; object: unknown }[]) {
  const seen: { bounds?: ReadBounds; accept?: string } = {}
  const t: TableTransport = {
    async listPages(_p: string, _w: string, o: ListOptions, bounds: ReadBounds) {
      seen.bounds = bounds
      for (const rows of pages) o.onPage(rows as never, { columnDefinitions: DEFS })
      return { resourceVersion: '10' }
    },
    async watch(_p: string, _w: string, o: WatchOptions, accept?: string) {
      seen.accept = accept
      for (const e of events) o.onEvent(e as WatchEvent)
    }
  }
  return { t, seen }
}

describe('tableSource', () => {
  it('lists Table rows as metadata + cells, with the columns kubectl would print', async () => {
    const { t, seen } = fake([[{ cells: ['w1', '', 3, 'blue', '5m'], object: meta('w1', '7') }]], [])
    const s = tableSource(() => t, '/apis/example.periscope.dev/v1/widgets', 'widgets', { maxBytes: 1e6 })
    const got: unknown[] = []
    await s.list({ signal: new AbortController().signal, onPage: (items) => got.push(...items) })
    expect(seen.bounds).toMatchObject({ accept: TABLE_ACCEPT, itemsField: 'rows' })
    expect(got).toEqual([{ metadata: meta('w1', '7').metadata, cells: ['w1', '', 3, 'blue', '5m'] }])
    expect(s.columns()).toEqual([
      { id: 'c1', title: 'READY', type: 'string' },
      { id: 'c2', title: 'SIZE', type: 'number' },
      { id: 'c3', title: 'COLOR', type: 'string', wide: true },
      { id: 'age', title: 'AGE', type: 'age' }
    ])
    expect(s.cellCount()).toBe(5)
  })

  it('unwraps one-row watch Tables; headers only on the first event; bookmarks keep their resourceVersion', async () => {
    const { t, seen } = fake(
      [[]],
      [
        {
          type: 'ADDED',
          object: {
            kind: 'Table',
            apiVersion: 'meta.k8s.io/v1',
            metadata: { resourceVersion: '11' },
            columnDefinitions: DEFS,
            rows: [{ cells: ['w2', 'True', 1, null, '0s'], object: meta('w2', '11') }]
          }
        },
        {
          type: 'MODIFIED',
          object: {
            kind: 'Table',
            apiVersion: 'meta.k8s.io/v1',
            metadata: { resourceVersion: '12' },
            columnDefinitions: null,
            rows: [{ cells: ['w2', 'False', 1, null, '1s'], object: meta('w2', '12') }]
          }
        },
        { type: 'BOOKMARK', object: { kind: 'Widget', apiVersion: 'example.periscope.dev/v1', metadata: { resourceVersion: '15' } } }
      ]
    )
    const s = tableSource(() => t, '/x', 'widgets', { maxBytes: 1e6 })
    await s.list({ signal: new AbortController().signal, onPage: () => undefined })
    const evs: WatchEvent[] = []
    await s.watch({ resourceVersion: '10', signal: new AbortController().signal, livenessMs: 1000, onEvent: (e) => evs.push(e) })
    expect(seen.accept).toBe(TABLE_ACCEPT)
    expect(evs).toEqual([
      { type: 'ADDED', object: { metadata: meta('w2', '11').metadata, cells: ['w2', 'True', 1, null, '0s'] } },
      { type: 'MODIFIED', object: { metadata: meta('w2', '12').metadata, cells: ['w2', 'False', 1, null, '1s'] } },
      { type: 'BOOKMARK', object: { metadata: { resourceVersion: '15' } } }
    ])
  })

  it('fails the watch as gone when its columns differ from the list (the CRD changed): the reflector relists', async () => {
    const changed = [...DEFS.slice(0, 2), { name: 'Colour', type: 'string', format: '', description: '', priority: 0 }, ...DEFS.slice(2)]
    const { t } = fake(
      [[]],
      [{ type: 'ADDED', object: { kind: 'Table', metadata: {}, columnDefinitions: changed, rows: [{ cells: [], object: meta('a', '2') }] } }]
    )
    const s = tableSource(() => t, '/x', 'widgets', { maxBytes: 1e6 })
    await s.list({ signal: new AbortController().signal, onPage: () => undefined })
    const err = await s
      .watch({ resourceVersion: '1', signal: new AbortController().signal, livenessMs: 1000, onEvent: () => undefined })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UpstreamError)
    expect((err as UpstreamError).kind).toBe('gone')
  })
})
