// The demo cluster driven by the real kubectl, as a user would in the README's "try it" session:
// each change shows up live in the window (no reload). Skipped, saying why, where kubectl is absent.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import { startServe, startSim } from '../support/e2e/server.ts'
import { SHOTS, health, listView } from '../support/e2e/page.ts'

const KUBECTL = '/usr/bin/kubectl'
const run = promisify(execFile)

test('kubectl create/scale/set image/delete on the demo cluster show up live in the pods view', async ({ page }) => {
  test.skip(!existsSync(KUBECTL), `${KUBECTL} is absent: this check needs the real kubectl`)
  const dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-kubectl-'))
  const kc = join(dir, 'sim.yaml')
  const kubectl = (...args: string[]) => run(KUBECTL, ['--kubeconfig', kc, '--cache-dir', join(dir, 'cache'), ...args], { timeout: 30_000 })
  const sim = await startSim(kc)
  const server = await startServe(['--kubeconfig', kc]).catch(async (e) => {
    await sim.stop()
    throw e
  })
  try {
    await page.goto(`${server.signIn}#/`)
    await expect(health(page, 'pods')).toHaveText('live', { timeout: 30_000 })
    const view = listView(page, 'pods')
    await view.getByLabel('Filter rows').fill('shop-')
    const rows = view.locator('[role="row"][data-name^="shop-"]')

    await kubectl('create', 'namespace', 'try')
    await kubectl('-n', 'try', 'create', 'deployment', 'shop', '--image=crash', '--replicas=2')
    await expect(rows).toHaveCount(2, { timeout: 20_000 })
    await expect(rows.first().getByRole('gridcell').filter({ hasText: 'CrashLoopBackOff' })).toBeVisible({ timeout: 20_000 })

    await kubectl('-n', 'try', 'set', 'image', 'deployment/shop', 'crash=nginx:1.27')
    await kubectl('-n', 'try', 'rollout', 'status', 'deployment/shop', '--timeout=30s')
    await kubectl('-n', 'try', 'scale', 'deployment', 'shop', '--replicas=4')
    await expect(view.locator('[role="row"][data-name^="shop-"]').filter({ hasText: 'Running' })).toHaveCount(4, { timeout: 20_000 })
    await page.screenshot({ path: `${SHOTS}/kubectl-driven.png` })

    await kubectl('-n', 'try', 'delete', 'deployment', 'shop', '--wait=false')
    await expect(rows).toHaveCount(0, { timeout: 30_000 })
    await expect(health(page, 'pods')).toHaveText('live')
  } finally {
    await server.stop()
    await sim.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})
