// Honest views: a kind the user may not list says `no access` with the reason within seconds (not
// "Connecting…" forever, not an error), the cluster stays usable and dims that kind; and a view
// whose apiserver goes away mid-stream says `reconnecting` with the time of its last good rows,
// never `live`. Both states are screenshot in light and dark.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startServe, startSim } from '../support/e2e/server.ts'
import { SHOTS, health, listView, openKind } from '../support/e2e/page.ts'

/** The apiserver's RBAC wording as an access review gives it (a review does not name the user). */
const FORBIDDEN = 'cannot list resource "pods" in API group "" at the cluster scope'

test('a user who may not list pods: the pods view says no access with the reason within seconds', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-rbac-'))
  const kc = join(dir, 'viewer.yaml')
  const sim = await startSim(kc, ['--user', 'viewer', '--deny', 'pods'])
  const server = await startServe(['--kubeconfig', kc]).catch(async (e) => {
    await sim.stop()
    throw e
  })
  try {
    await page.emulateMedia({ colorScheme: 'light' })
    const t0 = Date.now()
    await page.goto(`${server.signIn}#/`)
    const view = listView(page, 'pods')
    await expect(view.getByTestId('state-empty')).toContainText('No access to pods', { timeout: 10_000 })
    await expect(view.getByTestId('state-empty')).toContainText(FORBIDDEN)
    expect(Date.now() - t0, 'the reason shows within seconds').toBeLessThan(10_000)
    await expect(view.getByTestId('state-empty')).toContainText('auth can-i list pods')
    await expect(health(page, 'pods')).toHaveText('no access')
    // The cluster is reachable and authenticates: ok, pods dimmed as no access, no problem badge.
    const cluster = page.getByTestId('cluster-periscope-sim')
    await expect(cluster).toHaveAttribute('data-status', 'ok')
    await expect(page.locator('[data-nav="pods"]')).toHaveClass(/no-access/, { timeout: 15_000 })
    await expect(cluster.getByTestId('cluster-problems')).toHaveCount(0)
    await page.screenshot({ path: `${SHOTS}/pods-forbidden-light.png` })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: `${SHOTS}/pods-forbidden-dark.png` })
    // Every other kind works for this user.
    await openKind(page, 'nodes')
    await expect(health(page, 'nodes')).toHaveText('live')
  } finally {
    await server.stop()
    await sim.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the apiserver goes away mid-stream: the view says reconnecting with its last good time, not live', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-outage-'))
  const kc = join(dir, 'sim.yaml')
  const sim = await startSim(kc)
  const server = await startServe(['--kubeconfig', kc]).catch(async (e) => {
    await sim.stop()
    throw e
  })
  try {
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.goto(`${server.signIn}#/`)
    await expect(health(page, 'pods')).toHaveText('live')
    // Record every health the badge shows from now on.
    await listView(page, 'pods').evaluate((el) => {
      const w = globalThis as unknown as { healths: string[]; MutationObserver: new (cb: () => void) => { observe(n: unknown, o: unknown): void } }
      w.healths = []
      new w.MutationObserver(() => {
        w.healths.push((el as unknown as { dataset: Record<string, string> }).dataset.health)
      }).observe(el, { attributes: true, attributeFilter: ['data-health'] })
    })
    // Stop the apiserver just after a cluster-list refresh, so the next one (10 s later, which
    // turns the whole cluster offline) leaves time to see the stream's own report first.
    await page.waitForResponse((r) => r.url().includes('/api/clusters'), { timeout: 15_000 })
    await sim.stop()
    const view = listView(page, 'pods')
    await expect(health(page, 'pods')).toHaveText('reconnecting', { timeout: 5_000 })
    await expect(view.getByTestId('upstream-banner')).toContainText('Reconnecting to the cluster')
    await expect(view.getByTestId('upstream-banner')).toContainText('Showing rows last known good at')
    await page.screenshot({ path: `${SHOTS}/pods-reconnecting-dark.png` })
    await page.emulateMedia({ colorScheme: 'light' })
    await page.screenshot({ path: `${SHOTS}/pods-reconnecting-light.png` })
    // Later the cluster is marked offline (its probe fails); at no point did the view say live.
    await expect(health(page, 'pods')).toHaveText('offline', { timeout: 20_000 })
    const seen = await page.evaluate(() => (globalThis as unknown as { healths: string[] }).healths)
    expect(seen).not.toContain('live')
    expect(seen[0]).toBe('reconnecting')
  } finally {
    await server.stop()
    await sim.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})
