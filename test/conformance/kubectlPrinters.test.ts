/**
 * Printed cells, judged by kubectl's printer rules: objects put into exact states through the
 * simulator's write API (`printerCases.ts`), then (1) what real kubectl prints for them and (2)
 * what the app shows for them (rows from the local server, formatted by the product's shared
 * formatter as its table does) are both compared with cells derived by hand from kubernetes'
 * printers.go. Nothing expected here is computed by our code, so a wrong projection in
 * `src/shared/kinds/rows` (the simulator's `as=Table` and the app's rows both come from it)
 * turns this red: `READY` always `n/n` fails on `half-ready` and `not-ready` (`npm run mutation`
 * plants exactly that bug in a temp copy and checks this file fails).
 * Lifecycle: one stack for the file (a simulator without churn or controllers, so nothing but the
 * writes below moves; the watch engine; the local server); each kubectl run gets a fresh discovery
 * cache; the stack and the temp dir go in afterAll.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RowDto, RowList } from '../../src/shared/dto/row.ts'
import { kindDef } from '../../src/shared/kinds/registry.ts'
import { formatRowCells, formatRowName } from '../../src/shared/kinds/rows/format.ts'
import { KUBECTL_CLIENTS, agesBetween, humanDuration, parseKubectlTable, runKubectl } from '../support/kubectl.ts'
import { simApi } from '../support/simApi.ts'
import { getJson } from '../support/sseClient.ts'
import { CLUSTER, TOKEN, startStack } from '../support/stack.ts'
import type { Stack } from '../support/stack.ts'
import { EXACT_NS, PRINTED_HEADERS, PRINTER_CASES } from './printerCases.ts'
import type { PrinterCase } from './printerCases.ts'

type Kind = PrinterCase['kind']
const KINDS: readonly Kind[] = ['pods', 'deployments', 'jobs', 'nodes']
/** The apiserver collection of each kind, written out (not taken from the registry under test). */
const COLLECTION: Record<Kind, string> = {
  pods: `/api/v1/namespaces/${EXACT_NS}/pods`,
  deployments: `/apis/apps/v1/namespaces/${EXACT_NS}/deployments`,
  jobs: `/apis/batch/v1/namespaces/${EXACT_NS}/jobs`,
  nodes: '/api/v1/nodes'
}
const API_VERSION: Record<Kind, string> = { pods: 'v1', deployments: 'apps/v1', jobs: 'batch/v1', nodes: 'v1' }
const OBJECT_KIND: Record<Kind, string> = { pods: 'Pod', deployments: 'Deployment', jobs: 'Job', nodes: 'Node' }

let stack: Stack
let dir = ''
let kubeconfig = ''
/** creationTimestamp of each case, by `kind/name` (the server stamps it; AGE is checked against it). */
const created = new Map<string, string>()

const api = (method: string, path: string, body?: unknown, contentType?: string) => simApi(stack.sim, method, path, body, contentType)

/** Create the object, write its status through /status, delete it if the case says so. */
async function putInState(c: PrinterCase): Promise<void> {
  const { metadata, ...rest } = c.body as { metadata?: Record<string, unknown> }
  const meta = { name: c.name, ...(c.kind === 'nodes' ? {} : { namespace: EXACT_NS }), ...metadata }
  const made = await api('POST', COLLECTION[c.kind], { apiVersion: API_VERSION[c.kind], kind: OBJECT_KIND[c.kind], metadata: meta, ...rest })
  expect(made.status, `create ${c.kind}/${c.name}: ${JSON.stringify(made.json)}`).toBe(201)
  const path = `${COLLECTION[c.kind]}/${c.name}`
  if (c.status) {
    const r = await api('PATCH', `${path}/status`, { status: c.status }, 'application/merge-patch+json')
    expect(r.status, `status of ${c.kind}/${c.name}: ${JSON.stringify(r.json)}`).toBe(200)
  }
  if (c.deleteAfter) expect([200, 202]).toContain((await api('DELETE', path)).status)
  const now = await api('GET', path)
  expect(now.status).toBe(200)
  created.set(`${c.kind}/${c.name}`, String(now.json.metadata.creationTimestamp))
}

beforeAll(async () => {
  stack = await startStack({ sim: { pods: 20, churn: 0, controllers: false } })
  expect((await api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: EXACT_NS } })).status).toBe(201)
  for (const c of PRINTER_CASES) await putInState(c)
  dir = mkdtempSync(join(tmpdir(), 'periscope-printers-'))
  kubeconfig = join(dir, 'kubeconfig.yaml')
  writeFileSync(kubeconfig, stack.sim.kubeconfig(), { mode: 0o600 })
})

afterAll(async () => {
  await stack?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** A row as header → text, and what it must be: NAME, then the case's hand-derived cells (AGE apart). */
function judge(
  c: PrinterCase,
  headers: readonly string[],
  cells: readonly string[]
): { actual: Record<string, string>; expected: Record<string, string>; age: string } {
  const actual: Record<string, string> = {}
  const expected: Record<string, string> = {}
  headers.forEach((h, i) => {
    if (h === 'AGE') return
    actual[h] = cells[i] ?? '<missing>'
    expected[h] = h === 'NAME' ? c.name : (c.cells[h] ?? `<no hand-derived value for ${h}>`)
  })
  return { actual, expected, age: cells[headers.indexOf('AGE')] ?? '<missing>' }
}

for (const client of KUBECTL_CLIENTS) {
  describe.skipIf(!client.bin)(`kubectl ${client.label} prints the cells of kubectl's printer rules`, () => {
    for (const kind of KINDS) {
      for (const wide of [false, true]) {
        it(`get ${kind}${wide ? ' -o wide' : ''}`, async () => {
          const cacheDir = mkdtempSync(join(dir, 'cache-'))
          const from = Date.now()
          const r = await runKubectl(client.bin as string, [
            '--kubeconfig',
            kubeconfig,
            '--cache-dir',
            cacheDir,
            'get',
            kind,
            ...(kind === 'nodes' ? [] : ['-n', EXACT_NS]),
            ...(wide ? ['-o', 'wide'] : [])
          ])
          const to = Date.now()
          expect(r.code, r.stderr).toBe(0)
          const table = parseKubectlTable(r.stdout)
          expect(table.headers).toEqual(PRINTED_HEADERS[kind][wide ? 'wide' : 'plain'])
          for (const c of PRINTER_CASES.filter((x) => x.kind === kind)) {
            const row = table.rows.find((cells) => cells[0] === c.name)
            expect(row, `${kind}/${c.name} in:\n${r.stdout}`).toBeDefined()
            const { actual, expected, age } = judge(c, table.headers, row as string[])
            expect(actual, `${kind}/${c.name}`).toEqual(expected)
            expect([...agesBetween(created.get(`${kind}/${c.name}`) ?? '', from, to)], `AGE of ${kind}/${c.name}`).toContain(age)
          }
        })
      }
    }
  })
}

describe("the app shows the cells of kubectl's printer rules", () => {
  for (const kind of KINDS) {
    it(`${kind}: rows from the local server, as the table formats them`, async () => {
      // The registry's columns are the ones kubectl prints with -o wide, in order.
      expect(['NAME', ...kindDef(kind).columns.map((col) => col.title)]).toEqual(PRINTED_HEADERS[kind].wide)
      const query = kind === 'nodes' ? '' : `?namespace=${EXACT_NS}`
      const r = await getJson(stack.server.origin, `/api/clusters/${CLUSTER}/${kind}${query}`, { headers: { Authorization: `Bearer ${TOKEN}` } })
      expect(r.status, r.text).toBe(200)
      const rows = new Map<string, RowDto>((r.body as RowList).items.map((row) => [row.name, row]))
      const nowMs = Date.now()
      for (const c of PRINTER_CASES.filter((x) => x.kind === kind)) {
        const row = rows.get(c.name)
        expect(row, `${kind}/${c.name} in the app's rows`).toBeDefined()
        const cells = [formatRowName(row as RowDto), ...formatRowCells(kindDef(kind), row as RowDto, nowMs, true)]
        const { actual, expected, age } = judge(c, PRINTED_HEADERS[kind].wide, cells)
        expect(actual, `${kind}/${c.name}`).toEqual(expected)
        expect(age, `AGE of ${kind}/${c.name}`).toBe(humanDuration(nowMs - Date.parse(created.get(`${kind}/${c.name}`) ?? '')))
      }
    })
  }
})
