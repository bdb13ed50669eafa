// Offline browsing: the sim dies, the pods view keeps its rows marked "offline, last seen <time>";
// a fresh serve with only the cache folder shows them too; the kubeconfig browser works with
// every cluster unreachable and shows no credential.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { parse } from 'yaml'
import { CACHE_SUBDIR } from '../../src/main/cache/cacheFolder.ts'
import { startServe, startSim } from '../support/e2e/server.ts'
import type { Started } from '../support/e2e/server.ts'
import { SHOTS, health, listView, scanRows } from '../support/e2e/page.ts'

/** Offline detection goes through the cluster status refresh (10 s) and a reconnect or two. */
const OFFLINE_TIMEOUT_MS = 45_000

/** Names of the rows shown now (non-empty, or the scan failed). */
async function names(page: Page): Promise<string[]> {
  return Object.keys(await scanRows(page, 'pods')).sort()
}

async function expectOffline(page: Page): Promise<void> {
  await expect(health(page, 'pods')).toHaveText('offline', { timeout: OFFLINE_TIMEOUT_MS })
  await expect(listView(page, 'pods').getByTestId('offline-banner')).toContainText(/Offline, last seen \S+/, { timeout: OFFLINE_TIMEOUT_MS })
}

test('an unreachable cluster shows its cached rows marked offline; the kubeconfig browser works offline', async ({ page }) => {
  test.setTimeout(240_000)
  const dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-offline-'))
  const kc = join(dir, 'sim.yaml')
  const cacheDir = join(dir, 'cache')
  const sim = await startSim(kc)
  const token = String((parse(readFileSync(kc, 'utf8')) as { users: { user: { token: string } }[] }).users[0].user.token)
  let server: Started | undefined
  try {
    server = await startServe(['--kubeconfig', kc, '--cache-dir', cacheDir])
    await page.goto(`${server.signIn}#/`)
    await expect(page.getByTestId('cluster-periscope-sim')).toHaveAttribute('data-status', 'ok', { timeout: 30_000 })
    await expect(health(page, 'pods')).toHaveText('live', { timeout: 30_000 })
    const before = await names(page)
    expect(before.length).toBeGreaterThan(10)
    await expect
      .poll(() => (existsSync(join(cacheDir, CACHE_SUBDIR)) ? readdirSync(join(cacheDir, CACHE_SUBDIR)).filter((f) => f.endsWith('.json')).length : 0), {
        timeout: 20_000
      })
      .toBeGreaterThan(0)

    // The apiserver dies: same view, same rows, marked offline with the time they were last seen.
    await sim.stop()
    await expectOffline(page)
    await expect(page.getByTestId('cluster-periscope-sim')).toHaveAttribute('data-status', 'offline')
    const offline = await names(page)
    expect(offline.length).toBeGreaterThan(10)
    expect(offline.filter((n) => before.includes(n)).length).toBeGreaterThan(before.length * 0.8)
    await page.screenshot({ path: `${SHOTS}/offline.png` })

    // A fresh launch with only the cache folder: the rows come from disk.
    await server.stop()
    server = await startServe(['--kubeconfig', kc, '--cache-dir', cacheDir])
    await page.goto(`${server.signIn}#/`)
    await expectOffline(page)
    expect(await names(page)).toEqual(offline)
    await page.screenshot({ path: `${SHOTS}/offline-restarted.png` })

    // The kubeconfig browser: from the files alone, no credential on the page.
    await page.locator('[data-nav="kubeconfig"]').click()
    const browser = page.getByTestId('kubeconfig-browser')
    await expect(browser.getByRole('table', { name: 'Contexts' })).toContainText('periscope-sim')
    await expect(browser.getByRole('table', { name: 'Users' })).toContainText('token')
    await expect(browser.getByRole('table', { name: 'Clusters' })).toContainText('own CA')
    await expect(browser.getByRole('table', { name: 'Namespaces' })).toContainText('default')
    const text = await browser.innerText()
    expect(text).not.toContain(token)
    expect(text).toContain(kc)
    await page.screenshot({ path: `${SHOTS}/kubeconfig-offline.png`, fullPage: true })

    // Back to the list from the browser.
    await browser.getByRole('button', { name: 'Open' }).first().click()
    await expect(health(page, 'pods')).toHaveText('offline')
  } finally {
    await server?.stop()
    await sim.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})
