/**
 * Custom resources on BOTH backends (the simulator and a real kube-apiserver 1.34), driven by
 * kubectl as a user would: `kubectl apply -f` a CRD with printer columns, then instances. The
 * engine must discover the kind, and its rows must carry exactly the columns and cells of
 * `kubectl get <plural>.<group> -o wide` (AGE aside: the app ticks it from createdAt), live; a
 * CRD applied while the engine runs appears without a restart; deleting the CRD removes the kind
 * and its rows; a user who may not list CRDs, with a Role on the custom resource in one
 * namespace, still gets the kind from discovery and that namespace's rows.
 * Lifecycle: per backend one server; each test makes its own engine and closes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadClusters } from '../../src/main/kube/clusterSet.ts'
import { createWatchEngine } from '../../src/main/watch/engine.ts'
import { recorder, waitFor } from '../../src/main/watch/testing/recorder.ts'
import type { WatchEngine } from '../../src/main/watch/types.ts'
import type { RowDto } from '../../src/shared/dto/row.ts'
import { BACKENDS, startBackend } from '../support/backends.ts'
import type { Backend } from '../support/backends.ts'
import { apiRequest } from '../support/kubeApi.ts'
import { kubectl, pollUntil } from './helpers.ts'

const TOKEN = 'widgets.example.periscope.dev'
const FIX = join(import.meta.dirname, '../fixtures/crd')
const RBAC = 'rbac.authorization.k8s.io'

async function must(b: Backend, method: string, path: string, body?: unknown): Promise<void> {
  const r = await apiRequest(b, method, path, body === undefined ? {} : { body })
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`)
}

/** `kubectl get -o wide` as rows of cells by column title (values here never contain spaces). */
function parseWide(stdout: string): Record<string, string>[] {
  const lines = stdout.trim().split('\n')
  const titles = lines[0].trim().split(/\s+/)
  return lines.slice(1).map((l) =>
    Object.fromEntries(
      l
        .trim()
        .split(/\s+/)
        .map((v, i) => [titles[i], v])
    )
  )
}

/** The app's row as kubectl would print it, by title (AGE left out: it ticks). */
function asPrinted(e: WatchEngine, cluster: string, row: RowDto): Record<string, string> {
  const cols = e.columnsOf?.(cluster, TOKEN) ?? []
  const out: Record<string, string> = { NAMESPACE: row.namespace, NAME: row.name }
  for (const c of cols) if (c.type !== 'age') out[c.title] = row.cells[c.id] === null || row.cells[c.id] === undefined ? '' : String(row.cells[c.id])
  return out
}

describe.each(BACKENDS)('custom resources on the %s backend', (kind) => {
  let b: Backend
  let dir: string
  let admin: string
  const engines: WatchEngine[] = []
  const k = async (args: string[]): Promise<string> => {
    const r = await kubectl(admin, args)
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`)
    return r.stdout
  }

  beforeAll(async () => {
    b = await startBackend(kind, { rbacUsers: ['dev'], nodes: 1 })
    dir = mkdtempSync(join(tmpdir(), 'periscope-custom-'))
    admin = join(dir, 'admin.yaml')
    writeFileSync(admin, b.kubeconfig(), { mode: 0o600 })
    for (const ns of ['team-a', 'team-b']) await must(b, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })
    await k(['apply', '-f', join(FIX, 'widgets.yaml')])
    await k(['wait', '--for', 'condition=established', '--timeout=30s', `crd/${TOKEN}`])
    await k(['apply', '-f', join(FIX, 'widget-instances.yaml')])
    for (const [ns, name, ready] of [
      ['team-a', 'small', 'True'],
      ['team-a', 'medium', 'False'],
      ['team-b', 'large', 'True']
    ])
      await k([
        'patch',
        TOKEN,
        name,
        '-n',
        ns,
        '--subresource=status',
        '--type=merge',
        '-p',
        JSON.stringify({ status: { conditions: [{ type: 'Ready', status: ready }] } })
      ])
  }, 240_000)
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.close()))
    await b?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const engineFor = (yaml: string): WatchEngine => {
    const e = createWatchEngine({ clusters: loadClusters({ yaml }), lingerMs: 0, probe: false, accessTtlMs: 300 })
    engines.push(e)
    return e
  }

  it("discovers the kind; its rows are kubectl get -o wide's columns and cells, live", async () => {
    const e = engineFor(b.kubeconfig())
    const found = await e.customKinds!(b.context)
    const def = found.kinds.find((d) => d.id === TOKEN)
    expect(def).toMatchObject({
      apiGroup: 'example.periscope.dev',
      version: 'v1',
      resource: 'widgets',
      kind: 'Widget',
      namespaced: true,
      shortNames: ['wd'],
      status: true
    })
    expect(await e.resolveKind!(b.context, TOKEN)).toBeDefined()
    const rec = recorder()
    e.subscribe({ cluster: b.context, kind: TOKEN, namespace: '' }, rec)
    await waitFor(() => rec.count('snapshot') === 1, 'the snapshot', 30_000)
    // The header kubectl prints, then the cells.
    const wide = parseWide(await k(['get', TOKEN, '-A', '-o', 'wide']))
    expect(['NAMESPACE', 'NAME', ...(e.columnsOf!(b.context, TOKEN) ?? []).map((c) => c.title)]).toEqual(Object.keys(wide[0]))
    const printed = (): Record<string, string>[] =>
      [...rec.rows.values()].map((r) => asPrinted(e, b.context, r)).sort((x, y) => `${x.NAMESPACE}/${x.NAME}`.localeCompare(`${y.NAMESPACE}/${y.NAME}`))
    const strip = (rows: Record<string, string>[]): Record<string, string>[] => rows.map(({ AGE: _age, ...r }) => r)
    expect(printed()).toEqual(strip(wide))
    // Independent of kubectl's parse: the instances as applied and patched.
    expect(printed().map((r) => [r.NAME, r.READY, r.SIZE, r.COLOR])).toEqual([
      ['medium', 'False', '5', 'green'],
      ['small', 'True', '1', 'red'],
      ['large', 'True', '42', 'blue']
    ])
    // Live: a status change through the status subresource, and a new instance.
    await k([
      'patch',
      TOKEN,
      'medium',
      '-n',
      'team-a',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"conditions":[{"type":"Ready","status":"True"}]}}'
    ])
    await waitFor(() => [...rec.rows.values()].some((r) => r.name === 'medium' && r.cells.c1 === 'True'), 'medium Ready', 15_000)
    expect(strip(parseWide(await k(['get', TOKEN, '-A', '-o', 'wide'])))).toEqual(printed())
    // The CRD gains a printer column: the view relists and shows kubectl's new columns.
    const snapshots = rec.count('snapshot')
    const column = { op: 'add', path: '/spec/versions/0/additionalPrinterColumns/1', value: { name: 'Colour2', type: 'string', jsonPath: '.spec.color' } }
    await k(['patch', 'crd', TOKEN, '--type=json', '-p', JSON.stringify([column])])
    await waitFor(
      () => rec.count('snapshot') > snapshots && (e.columnsOf!(b.context, TOKEN) ?? []).some((c) => c.title === 'COLOUR2'),
      'relisted with the new column',
      20_000
    )
    const after = parseWide(await k(['get', TOKEN, '-A', '-o', 'wide']))
    expect(['NAMESPACE', 'NAME', ...(e.columnsOf!(b.context, TOKEN) ?? []).map((c) => c.title)]).toEqual(Object.keys(after[0]))
    expect(printed()).toEqual(strip(after))
  }, 120_000)

  it('a CRD applied while the engine runs appears without a restart; deleting it removes the kind and its rows', async () => {
    const e = engineFor(b.kubeconfig())
    expect((await e.customKinds!(b.context)).kinds.map((d) => d.id)).not.toContain('gadgets.example.periscope.dev')
    const gadgets = readFileSync(join(FIX, 'widgets.yaml'), 'utf8').replaceAll('widget', 'gadget').replaceAll('Widget', 'Gadget').replace('[wd]', '[gd]')
    const file = join(dir, 'gadgets.yaml')
    writeFileSync(file, gadgets)
    await k(['apply', '-f', file])
    const started = Date.now()
    await pollUntil(
      async () => (await e.customKinds!(b.context)).kinds.map((d) => d.id),
      (ids) => ids.includes('gadgets.example.periscope.dev'),
      10_000,
      100
    )
    // A CRD watch drives re-discovery: well under the timer's period.
    expect(Date.now() - started).toBeLessThan(5_000)
    await k(['wait', '--for', 'condition=established', '--timeout=30s', 'crd/gadgets.example.periscope.dev'])
    writeFileSync(
      join(dir, 'g1.yaml'),
      'apiVersion: example.periscope.dev/v1\nkind: Gadget\nmetadata: {name: g1, namespace: team-a}\nspec: {size: 2, color: pink}\n'
    )
    await k(['apply', '-f', join(dir, 'g1.yaml')])
    const rec = recorder()
    e.subscribe({ cluster: b.context, kind: 'gadgets.example.periscope.dev', namespace: '' }, rec)
    await waitFor(() => rec.rows.size === 1, 'the gadget row', 30_000)
    await k(['delete', 'crd', 'gadgets.example.periscope.dev', '--wait=true'])
    await waitFor(() => rec.rows.size === 0, 'the gadget rows removed', 30_000)
    await pollUntil(
      async () => (await e.customKinds!(b.context)).kinds.map((d) => d.id),
      (ids) => !ids.includes('gadgets.example.periscope.dev'),
      10_000,
      100
    )
    expect((await e.customKinds!(b.context)).kinds.map((d) => d.id)).not.toContain('gadgets.example.periscope.dev')
    expect(await e.resolveKind!(b.context, 'gadgets.example.periscope.dev')).toBeUndefined()
    // The stream left on it says why, not the apiserver's bare 404.
    await waitFor(() => rec.states.at(-1)?.state === 'error', 'the gone state', 10_000)
    expect(rec.states.at(-1)?.reason).toBe(
      'gadgets.example.periscope.dev is no longer served by cluster "' + b.context + '" (its CustomResourceDefinition was deleted)'
    )
  }, 120_000)

  it('a user who may not list CRDs still gets the kind, and the rows of the namespace a Role grants', async () => {
    await must(b, 'POST', `/apis/${RBAC}/v1/namespaces/team-a/roles`, {
      apiVersion: `${RBAC}/v1`,
      kind: 'Role',
      metadata: { name: 'widget-reader', namespace: 'team-a' },
      rules: [{ apiGroups: ['example.periscope.dev'], resources: ['widgets'], verbs: ['get', 'list', 'watch'] }]
    })
    await must(b, 'POST', `/apis/${RBAC}/v1/namespaces/team-a/rolebindings`, {
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: { name: 'dev-widgets', namespace: 'team-a' },
      roleRef: { apiGroup: RBAC, kind: 'Role', name: 'widget-reader' },
      subjects: [{ apiGroup: RBAC, kind: 'User', name: 'dev' }]
    })
    const dev = join(dir, 'dev.yaml')
    writeFileSync(dev, b.kubeconfig({ user: 'dev', namespace: 'team-a' }), { mode: 0o600 })
    // kubectl agrees: no CRDs for dev.
    expect((await kubectl(dev, ['get', 'crds'])).stderr).toContain('forbidden')
    const e = engineFor(b.kubeconfig({ user: 'dev', namespace: 'team-a' }))
    expect((await e.customKinds!(b.context)).kinds.map((d) => d.id)).toContain(TOKEN)
    const rec = recorder()
    e.subscribe({ cluster: b.context, kind: TOKEN, namespace: '' }, rec)
    await waitFor(() => rec.count('snapshot') >= 1, "team-a's widgets", 30_000)
    expect([...rec.rows.values()].map((r) => `${r.namespace}/${r.name}`).sort()).toEqual(['team-a/medium', 'team-a/small'])
  }, 120_000)
})
