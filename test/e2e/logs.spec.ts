// Pod and workload logs in the window, against the demo cluster driven by the real kubectl:
// follow a crashing pod (its stack trace, the end of the run), read its previous run after a
// restart, filter, and a deployment's merged logs following a scale from 2 to 5 replicas, ending
// (saying why) when the deployment is deleted.
// Screenshots in dark and light. Skipped, saying why, where kubectl is absent.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { startServe, startSim } from '../support/e2e/server.ts'
import { SHOTS, health, listView } from '../support/e2e/page.ts'

const KUBECTL = '/usr/bin/kubectl'
const run = promisify(execFile)

/** Select the first row named `prefix…` and open its logs: with `l`, or from the drawer (Enter). */
async function openLogsOf(page: Page, kind: string, prefix: string, via: 'key' | 'drawer'): Promise<void> {
  const view = listView(page, kind)
  // Only the test's namespace: the demo world has workloads of the same names elsewhere.
  await view.getByLabel('Filter rows').fill(`ns:try ${prefix}`)
  const row = view.locator(`[role="row"][data-ns="try"][data-name^="${prefix}"]`).first()
  await expect(row).toBeVisible({ timeout: 20_000 })
  await row.click()
  if (via === 'key') await page.keyboard.press('l')
  else {
    await page.keyboard.press('Enter')
    await page.getByTestId('drawer').getByTestId('drawer-logs').click()
  }
  await expect(page.getByTestId('log-viewer')).toBeVisible()
}

test("a crashing pod's logs live, its previous run after a restart, a filter, and a deployment's logs through a scale from 2 to 5", async ({ page }) => {
  test.skip(!existsSync(KUBECTL), `${KUBECTL} is absent: this check needs the real kubectl`)
  test.setTimeout(120_000)
  const dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-logs-'))
  const kc = join(dir, 'sim.yaml')
  const kubectl = (...args: string[]) => run(KUBECTL, ['--kubeconfig', kc, '--cache-dir', join(dir, 'cache'), ...args], { timeout: 30_000 })
  const sim = await startSim(kc, ['--log-rate', '4'])
  const server = await startServe(['--kubeconfig', kc]).catch(async (e) => {
    await sim.stop()
    throw e
  })
  try {
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.goto(server.signIn)
    await expect(health(page, 'pods')).toHaveText('live', { timeout: 30_000 })
    await kubectl('create', 'namespace', 'try')
    await kubectl('-n', 'try', 'create', 'deployment', 'x', '--image=crash')

    // Follow the crashing pod: lines arrive, the run ends with its stack trace.
    await openLogsOf(page, 'pods', 'x-', 'key')
    const viewer = page.getByTestId('log-viewer')
    await expect(viewer.getByTestId('log-line').first()).toBeVisible({ timeout: 20_000 })
    await expect(viewer.getByTestId('log-end')).toContainText('exit code 1', { timeout: 20_000 })
    await expect(viewer.getByTestId('log-health')).toHaveText('ended')
    await expect(viewer.getByTestId('log-lines')).toContainText('panic: runtime error')
    await page.screenshot({ path: `${SHOTS}/logs-crash-dark.png` })

    // After the restart its previous run is offered, and holds the crash.
    await expect(viewer.getByTestId('log-previous')).toBeVisible({ timeout: 30_000 })
    await viewer.getByTestId('log-previous').click()
    await expect(viewer.getByTestId('log-lines')).toContainText('goroutine 1 [running]:', { timeout: 20_000 })
    await expect(viewer.getByRole('heading')).toContainText('(previous run)')

    // Filter: only matching lines, highlighted; invert shows the others.
    await viewer.getByTestId('log-filter').fill('panic:')
    await expect(viewer.getByTestId('log-line')).toHaveCount(1)
    await expect(viewer.locator('mark.log-match')).toHaveText('panic:')
    await expect(viewer.getByTestId('log-count')).toContainText('1 of')
    await page.emulateMedia({ colorScheme: 'light' })
    await page.screenshot({ path: `${SHOTS}/logs-filter-light.png` })
    await viewer.getByRole('button', { name: 'Invert' }).click()
    await expect(viewer.getByTestId('log-lines')).not.toContainText('panic:')
    await page.keyboard.press('Escape')
    await expect(viewer).toHaveCount(0)

    // A deployment's logs follow its pods as it scales from 2 to 5.
    await kubectl('-n', 'try', 'create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2')
    await page.getByRole('button', { name: 'Deployments', exact: true }).click()
    await openLogsOf(page, 'deployments', 'web', 'drawer')
    const pods = async (): Promise<number> =>
      new Set(await viewer.locator('.log-src').evaluateAll((els) => els.map((e) => (e.textContent ?? '').split('/')[0]))).size
    await expect.poll(pods, { timeout: 30_000 }).toBe(2)
    await kubectl('-n', 'try', 'scale', 'deployment', 'web', '--replicas=5')
    await expect.poll(pods, { timeout: 40_000 }).toBe(5)
    await expect(viewer.getByTestId('log-health')).toHaveText('live')
    // Follow keeps the newest line in view; scrolling up pauses it and counts what arrives.
    const lines = viewer.getByTestId('log-lines')
    const atBottom = (): Promise<boolean> => lines.evaluate((el) => el.scrollHeight > el.clientHeight && el.scrollTop + el.clientHeight >= el.scrollHeight - 20)
    await expect.poll(atBottom, { timeout: 10_000 }).toBe(true)
    await lines.hover()
    await page.mouse.wheel(0, -3000)
    await expect(viewer.getByTestId('log-new')).toContainText(/\d+ new lines? ↓/, { timeout: 10_000 })
    await expect(viewer.getByRole('button', { name: 'Follow' })).toHaveAttribute('aria-pressed', 'false')
    await viewer.getByTestId('log-new').click()
    await expect.poll(atBottom, { timeout: 10_000 }).toBe(true)
    await expect(viewer.getByTestId('log-new')).toHaveCount(0)
    // The keyboard too: PageUp pauses, End goes back down and follows again.
    await lines.focus()
    await page.keyboard.press('PageUp')
    await expect(viewer.getByRole('button', { name: 'Follow' })).toHaveAttribute('aria-pressed', 'false')
    // A page up, and lines keep coming: the view stays where the user put it.
    const scrollTop = (): Promise<number> => lines.evaluate((el) => el.scrollTop)
    await expect.poll(atBottom, { timeout: 5_000 }).toBe(false)
    let settled = -1
    await expect.poll(async () => settled === (settled = await scrollTop()), { intervals: [300], timeout: 5_000 }).toBe(true)
    await page.waitForTimeout(1_000)
    expect(await scrollTop()).toBe(settled)
    await page.keyboard.press('End')
    await expect(viewer.getByRole('button', { name: 'Follow' })).toHaveAttribute('aria-pressed', 'true', { timeout: 5_000 })
    await expect.poll(atBottom, { timeout: 10_000 }).toBe(true)
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: `${SHOTS}/logs-workload-dark.png` })
    await page.emulateMedia({ colorScheme: 'light' })
    await viewer.getByRole('button', { name: 'Timestamps' }).click()
    await page.screenshot({ path: `${SHOTS}/logs-workload-light.png` })

    // Deleting the deployment ends its stream once its pods' last lines are in, and says why.
    await kubectl('-n', 'try', 'delete', 'deployment', 'web', '--wait=false')
    await expect(viewer.getByTestId('log-end')).toHaveText('Deployment web was deleted; the logs of its pods are complete', { timeout: 60_000 })
    await expect(viewer.getByTestId('log-health')).toHaveText('ended')
    await expect(viewer.getByTestId('log-lines')).toContainText('gracefully shutting down')
    // The end banner took room: the view still shows the very last line.
    await expect.poll(atBottom, { timeout: 5_000 }).toBe(true)
    await page.screenshot({ path: `${SHOTS}/logs-workload-deleted-light.png` })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: `${SHOTS}/logs-workload-deleted-dark.png` })
  } finally {
    await server.stop()
    await sim.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})
