/**
 * Regenerates `packages/kube-sim/src/http/printerColumns.json`: the Table column definitions the
 * real kube-apiserver's printers send for each kind the simulator serves (the app's and the extra ones) (name, type, format, description,
 * priority) and the JSON type of each column's cells, read from a real control plane.
 *
 * Why: the simulator's `as=Table` answers must carry the same column definitions as the real
 * server (the differential suite compares them); they are Go constants of kubernetes'
 * pkg/printers/internalversion with swagger descriptions, so they are read from the source of
 * truth rather than typed by hand. Cell JSON types follow the Go value each printer appends
 * (`int32` → number, `fmt.Sprintf` → string), which the column `type` does not always say.
 * Run: `node scripts/gen-printer-columns.ts [--kubeconfig <file of a running real cluster>]`
 * (without a kubeconfig it starts one with realcluster/, creates the differential manifests in it
 * so every column has cells to type, and stops it).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { parse, parseAllDocuments } from 'yaml'
import { startRealCluster } from '../realcluster/launch.ts'
import type { RealCluster } from '../realcluster/launch.ts'
import { KINDS } from '../packages/kube-sim/src/kinds.ts'
import { apiGet, apiRequest } from '../test/support/kubeApi.ts'
import type { ApiTarget } from '../test/support/kubeApi.ts'

const OUT = new URL('../packages/kube-sim/src/http/printerColumns.json', import.meta.url)
const MANIFESTS = ['cluster.yaml', 'namespaced.yaml'].map((f) => new URL(`../test/differential/manifests/${f}`, import.meta.url))
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io'

interface Column {
  name: string
  type: string
  format: string
  description: string
  priority: number
}
interface Table {
  columnDefinitions: Column[]
  rows: { cells: unknown[] }[]
}

function targetFromKubeconfig(file: string): ApiTarget {
  const kc = parse(readFileSync(file, 'utf8')) as { clusters: { cluster: Record<string, string> }[]; users: { user: { token: string } }[] }
  const c = kc.clusters[0].cluster
  return { url: c.server, caPem: Buffer.from(c['certificate-authority-data'], 'base64').toString('utf8'), token: kc.users[0].user.token }
}

async function createManifests(t: ApiTarget): Promise<void> {
  for (const url of MANIFESTS) {
    for (const doc of parseAllDocuments(readFileSync(url, 'utf8'))) {
      const m = doc.toJS() as { apiVersion: string; kind: string; metadata: { namespace?: string } }
      const k = KINDS.find((x) => x.kind === m.kind)
      if (!k) continue
      const base = m.apiVersion.includes('/') ? `/apis/${m.apiVersion}` : `/api/${m.apiVersion}`
      const path = `${base}${m.metadata.namespace ? `/namespaces/${m.metadata.namespace}` : ''}/${k.resource}`
      for (let i = 0; i < 40; i++) {
        const r = await apiRequest(t, 'POST', path, { body: m })
        if (r.status !== 403 && r.status < 500) break // 403: the namespace's ServiceAccount is not there yet
        await new Promise((res) => setTimeout(res, 250))
      }
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { kubeconfig: { type: 'string' } } })
  let cluster: RealCluster | undefined
  try {
    let t: ApiTarget
    if (values.kubeconfig) {
      t = targetFromKubeconfig(values.kubeconfig)
    } else {
      cluster = await startRealCluster({ nodes: 1, log: (l) => console.error(l) })
      t = { url: cluster.url, caPem: cluster.caPem, token: cluster.adminToken }
      await createManifests(t)
      // Controllers fill statuses (and their cells) within seconds.
      await new Promise((res) => setTimeout(res, 20_000))
    }
    const out: Record<string, (Column & { cell: string })[]> = {}
    for (const k of KINDS) {
      const path = `${k.apiGroup ? `/apis/${k.apiGroup}` : '/api'}/${k.version}/${k.resource}`
      const table = await apiGet<Table>(t, path, { accept: TABLE })
      out[k.id] = table.columnDefinitions.map((c, i) => {
        const kinds = new Set(table.rows.map((r) => typeof r.cells[i]))
        const cell = kinds.has('number') ? 'integer' : kinds.has('boolean') ? 'boolean' : 'string'
        return { name: c.name, type: c.type, format: c.format, description: c.description, priority: c.priority, cell }
      })
      if (table.rows.length === 0) console.error(`warning: no ${k.resource} to read cell types from; they default to string`)
    }
    writeFileSync(OUT, JSON.stringify(out, null, 1) + '\n')
    console.log(`wrote ${OUT.pathname} (${KINDS.length} kinds)`)
  } finally {
    await cluster?.stop()
  }
}

await main()
