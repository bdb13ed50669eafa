// Several clusters in one table: two simulated clusters and one that nothing answers, merged into
// one pods table with a CLUSTER column, each cluster over its own stream with its own health
// (live, live, offline — a normal state, not an error), `cluster:` in the filter, status chips and
// sort over the merged rows, the selection made with the sidebar's checkboxes, and each
// cluster's stream counted by the server. Screenshots light and dark.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { startServe, startSim } from '../support/e2e/server.ts'
import type { Started } from '../support/e2e/server.ts'
import { SHOTS, listView } from '../support/e2e/page.ts'

let dir = ''
let sims: { stop(): Promise<void> }[] = []
let server: Started | undefined

/** A kubeconfig written by the simulator, with its names (context, cluster, user) renamed. */
function renamed(from: string, to: string, name: string): void {
  writeFileSync(to, readFileSync(from, 'utf8').replaceAll('periscope-sim', name))
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-multi-'))
  for (const [name, seed] of [
    ['sim-a', '1'],
    ['sim-b', '2']
  ]) {
    const raw = join(dir, `${name}.raw.yaml`)
    sims.push(await startSim(raw, ['--seed', seed]))
    renamed(raw, join(dir, `${name}.yaml`), name)
  }
  // A context whose server nothing listens on: unreachable, so offline.
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const port = (srv.address() as { port: number }).port
  await new Promise<void>((r) => srv.close(() => r()))
  writeFileSync(
    join(dir, 'gone.yaml'),
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: gone, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: gone, user: {token: not-a-real-token}}]',
      'contexts: [{name: gone, context: {cluster: gone, user: gone}}]',
      'current-context: gone',
      ''
    ].join('\n')
  )
  server = await startServe(['--kubeconfig', ['sim-a', 'sim-b', 'gone'].map((n) => join(dir, `${n}.yaml`)).join(delimiter)]).catch(async (e) => {
    for (const s of sims) await s.stop()
    throw e
  })
})
test.afterAll(async () => {
  await server?.stop()
  for (const s of sims) await s.stop()
  sims = []
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The CLUSTER cells of the rows on screen. */
function clusterCells(page: Page): Promise<string[]> {
  return listView(page, 'pods').locator('[role="row"][data-name] [data-col="cluster"]').allTextContents()
}

for (const theme of ['dark', 'light'] as const) {
  test(`three clusters in one pods table: a CLUSTER column and each cluster's health (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme })
    await page.goto(`${server!.signIn}#/c/sim-a/pods`)
    const view = listView(page, 'pods')
    await expect(view.locator('[role="row"][data-name]').first()).toBeVisible({ timeout: 30_000 })
    // The selection, from the sidebar: check the two other clusters.
    await page.getByTestId('select-cluster-sim-b').check()
    await page.getByTestId('select-cluster-gone').check()
    await expect(page.getByTestId('multi-note')).toHaveText('3 clusters in one table')
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe('#/c/sim-a,sim-b,gone/pods')

    await expect(view.locator('[role="columnheader"][data-col="cluster"]')).toBeVisible()
    const chip = (c: string) => view.locator(`[data-testid="strip-health"][data-cluster="${c}"]`)
    await expect(chip('sim-a')).toHaveAttribute('data-health', 'live', { timeout: 30_000 })
    await expect(chip('sim-b')).toHaveAttribute('data-health', 'live', { timeout: 30_000 })
    await expect(chip('gone')).toHaveAttribute('data-health', /^(offline|error)$/, { timeout: 45_000 })
    await expect(chip('gone')).toHaveAttribute('title', /127\.0\.0\.1/)
    // Rows of both live clusters, keyed by (cluster, uid): the count is the sum of both.
    await expect.poll(async () => new Set(await clusterCells(page)).size).toBe(2)
    const total = Number(await view.getByTestId('count').getAttribute('data-count'))
    const a = Number((await chip('sim-a').locator('.cluster-chip-count').textContent())?.replace(/\D/g, ''))
    const b = Number((await chip('sim-b').locator('.cluster-chip-count').textContent())?.replace(/\D/g, ''))
    expect(Math.abs(total - (a + b))).toBeLessThanOrEqual(4) // churn between the reads
    expect(a).toBeGreaterThan(50)
    // Status chips count the merged rows.
    await expect(view.getByRole('toolbar', { name: 'Statuses' })).toBeVisible()
    await page.screenshot({ path: `${SHOTS}/multicluster-${theme}.png` })

    // `cluster:` narrows the merged table; sorting by CLUSTER orders it.
    await view.getByLabel('Filter rows').fill('cluster:sim-b')
    await expect.poll(async () => [...new Set(await clusterCells(page))]).toEqual(['sim-b'])
    await view.getByLabel('Filter rows').fill('')
    await view.locator('[role="columnheader"][data-col="cluster"] button').click()
    await expect.poll(async () => (await clusterCells(page))[0]).toBe('sim-a')
    await view.locator('[role="columnheader"][data-col="cluster"] button').click()
    await expect.poll(async () => (await clusterCells(page))[0]).toBe('sim-b')

    // A row opens its own cluster's object.
    const row = view.locator('[role="row"][data-name]').first()
    await row.dblclick()
    await expect(page.getByTestId('drawer').locator('.drawer-kind')).toContainText('sim-b')
    await expect(page.getByTestId('drawer').getByTestId('why-ok').or(page.getByTestId('drawer').getByTestId('why'))).toBeVisible({ timeout: 20_000 })

    // The server counts one stream per cluster (the per-user cap counts each).
    const streams = (await (await fetch(`${server!.origin}/debug/streams`, { headers: { Authorization: `Bearer ${server!.token}` } })).json()) as {
      type: string
      cluster: string
      kind: string
    }[]
    const podStreams = streams
      .filter((s) => s.type === 'rows' && s.kind === 'pods')
      .map((s) => s.cluster)
      .sort()
    expect(podStreams).toEqual(expect.arrayContaining(['sim-a', 'sim-b']))
  })
}
