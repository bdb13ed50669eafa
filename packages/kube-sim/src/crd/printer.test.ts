import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { DEMO_CRDS } from '../gen/crdKinds.ts'
import { crTableCells, crTableColumns, OBJECT_META_CREATION_TIMESTAMP_DESCRIPTION } from './printer.ts'
import type { CrdPrinterColumn } from './printer.ts'

// Expected values are Tables recorded from a real kube-apiserver v1.34.4 (fixtures/README.md).
const dir = new URL('./fixtures/', import.meta.url)
const read = (f: string): string => readFileSync(new URL(f, dir), 'utf8')
const json = <T>(f: string): T => JSON.parse(read(f)) as T

interface Crd {
  spec: { names: { kind: string }; versions: { name: string; additionalPrinterColumns?: CrdPrinterColumn[] }[] }
}
interface Table {
  columnDefinitions: { name: string; type: string; format: string; description: string; priority: number }[]
  rows: { cells: unknown[] }[]
}
type Obj = Record<string, unknown> & { kind: string; metadata: { name: string; creationTimestamp: string } }

const crds = parseAllDocuments(read('crds.yaml')).map((d) => d.toJSON() as Crd)
const objects = json<{ items: Obj[] }>('objects.json').items
const columnsOf = (kind: string, version: string): CrdPrinterColumn[] | undefined =>
  crds.find((c) => c.spec.names.kind === kind)?.spec.versions.find((v) => v.name === version)?.additionalPrinterColumns
/** The server's clock when it computed the recorded date cells (the response's Date header). */
const recordedNow = (f: string): number =>
  Date.parse(
    read(`${f}.date`)
      .replace(/^date:\s*/i, '')
      .trim()
  )

const cases = [
  { file: 'table-widgets-v1.json', kind: 'Widget', version: 'v1' },
  { file: 'table-widgets-v2.json', kind: 'Widget', version: 'v2' },
  { file: 'table-brokens-v1.json', kind: 'Broken', version: 'v1' }
]

describe('crTableColumns (recorded kube-apiserver 1.34.4 Tables)', () => {
  for (const c of cases) {
    it(`${c.kind} ${c.version}: the server's column definitions`, () => {
      expect(crTableColumns(columnsOf(c.kind, c.version))).toEqual(json<Table>(c.file).columnDefinitions)
    })
  }

  it('a version without printer columns is served Name and Age', () => {
    expect(crTableColumns(undefined).map((d) => [d.name, d.type, d.format, d.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Age', 'date', '', 0]
    ])
    expect(crTableColumns([])[1].description).toBe(OBJECT_META_CREATION_TIMESTAMP_DESCRIPTION)
  })
})

describe('crTableCells (recorded kube-apiserver 1.34.4 Tables)', () => {
  for (const c of cases) {
    it(`${c.kind} ${c.version}: every row's cells equal the server's`, () => {
      const table = json<Table>(c.file)
      const cols = columnsOf(c.kind, c.version)
      const names = table.columnDefinitions.map((d) => d.name)
      const now = recordedNow(c.file)
      expect(table.rows.length).toBeGreaterThan(0)
      for (const row of table.rows) {
        const obj = objects.find((o) => o.kind === c.kind && o.metadata.name === row.cells[0])
        if (!obj) throw new Error(`no object ${String(row.cells[0])}`)
        const ours = crTableCells(cols, obj, now)
        expect(ours).toHaveLength(row.cells.length)
        names.forEach((name, i) => {
          const where = `${obj.metadata.name}/${name}`
          if (name === 'Age') {
            // The Date header has whole seconds; the server computed the age within that second.
            expect([ours[i], crTableCells(cols, obj, now + 999)[i]], where).toContain(row.cells[i])
          } else if (name === 'Wild' && row.cells[i] !== null) {
            // Go walks map keys in random order: the server's cell is one of the map's values.
            const labels = (obj.spec as { labels: Record<string, unknown> }).labels
            expect(Object.keys(labels).length === 1 ? [row.cells[i]] : [row.cells[i], ours[i]], where).toContain(ours[i])
          } else {
            expect(ours[i], where).toEqual(row.cells[i])
          }
        })
      }
    })
  }

  it('date cells are the object age at now (apimachinery HumanDuration)', () => {
    const full = objects.find((o) => o.metadata.name === 'full') as Obj
    const created = Date.parse(full.metadata.creationTimestamp)
    const cols = columnsOf('Widget', 'v2')
    expect(crTableCells(cols, full, created + 5 * 60_000 + 12_000)).toEqual(['full', '5m12s'])
    expect(crTableCells(cols, full, created + 120 * 86_400_000)).toEqual(['full', '120d'])
    expect(crTableCells(cols, full, created - 500)).toEqual(['full', '0s'])
    expect(crTableCells(cols, full, created - 5000)).toEqual(['full', '<invalid>'])
  })
})

describe('the demo CRDs and custom resources, as a real kube-apiserver 1.34.4 printed them', () => {
  const demoObjects = json<{ items: Obj[] }>('demo-objects.json').items
  for (const crd of DEMO_CRDS) {
    it(`${crd.plural}.${crd.group}: columns and every row's cells`, () => {
      const table = json<Table>(`table-demo-${crd.plural}.json`)
      expect(crTableColumns(crd.columns)).toEqual(table.columnDefinitions)
      // Rows and `kubectl get -A` items are both in namespace/name order.
      const objs = demoObjects.filter((o) => o.kind === crd.kind)
      expect(table.rows.length).toBe(objs.length)
      expect(objs.length).toBeGreaterThan(0)
      const age = table.columnDefinitions.findIndex((d) => d.name === 'Age')
      table.rows.forEach((row, i) => {
        const ours = crTableCells(crd.columns, objs[i], Date.parse(objs[i].metadata.creationTimestamp) + 30_000)
        const want = [...row.cells]
        // The objects were seconds old when recorded; at creation + 30 s the age is 30s.
        if (age >= 0) {
          expect(want[age]).toMatch(/^\d+s$/)
          want[age] = '30s'
        }
        expect(ours, objs[i].metadata.name).toEqual(want)
      })
    })
  }
})

describe('crTableCells on hand-written objects', () => {
  const col = (jsonPath: string, type = 'string'): CrdPrinterColumn[] => [{ name: 'X', type, jsonPath }]
  const cell = (jsonPath: string, obj: Record<string, unknown>, type = 'string'): unknown =>
    crTableCells(col(jsonPath, type), { metadata: { name: 'n' }, ...obj }, 0)[1]

  it('prints a JSON null in a string column as Go does, and gives null for typed columns', () => {
    expect(cell('.spec.x', { spec: { x: null } })).toBe('<no value>')
    expect(cell('.spec.x', { spec: { x: null } }, 'integer')).toBeNull()
  })

  it('takes the first match of a filter or a wildcard', () => {
    const status = {
      conditions: [
        { type: 'A', status: 'x' },
        { type: 'Ready', status: 'True' },
        { type: 'Ready', status: 'False' }
      ]
    }
    expect(cell('.status.conditions[?(@.type=="Ready")].status', { status })).toBe('True')
    expect(cell(".status.conditions[?(@.type!='A')].status", { status })).toBe('True')
    expect(cell('.status.conditions[*].type', { status })).toBe('A')
  })

  it('a float literal does not equal an integral JSON number (int64 vs float64 is an error)', () => {
    const spec = { items: [{ n: 2, name: 'two' }] }
    expect(cell('.spec.items[?(@.n==2)].name', { spec })).toBe('two')
    expect(cell('.spec.items[?(@.n==2.0)].name', { spec })).toBeNull()
  })

  it('prints large and small floats with Go %v and arrays of floats with encoding/json', () => {
    expect(cell('.spec.x', { spec: { x: 0.0001 } })).toBe('0.0001')
    expect(cell('.spec.x', { spec: { x: 123456.5 } })).toBe('123456.5')
    expect(cell('.spec.x', { spec: { x: 1e-7 } })).toBe('1e-07')
    expect(cell('.spec.x', { spec: { x: [1e-7, 1.5e21] } })).toBe('[1e-7,1.5e+21]')
  })

  it('parses RFC 3339 dates as Go does', () => {
    expect(cell('.x', { x: '1970-01-01T00:00:00Z' }, 'date')).toBe('0s')
    expect(cell('.x', { x: '1969-12-31T23:00:00-01:00' }, 'date')).toBe('0s')
    expect(cell('.x', { x: '2025-02-29T00:00:00Z' }, 'date')).toBe('<invalid>')
    expect(cell('.x', { x: '0001-01-01T00:00:00Z' }, 'date')).toBe('<unknown>')
    expect(cell('.x', { x: 'null' }, 'date')).toBe('<unknown>')
    expect(cell('.x', { x: 5 }, 'date')).toBeNull()
  })

  it('a path that does not parse drops its column and every later one', () => {
    const cols: CrdPrinterColumn[] = [
      { name: 'A', type: 'string', jsonPath: '.a' },
      { name: 'B', type: 'string', jsonPath: '.b[?(@.x' },
      { name: 'C', type: 'string', jsonPath: '.c' }
    ]
    expect(crTableColumns(cols).map((c) => c.name)).toEqual(['Name', 'A'])
    expect(crTableCells(cols, { metadata: { name: 'n' }, a: 1, c: 2 }, 0)).toEqual(['n', '1'])
  })
})
