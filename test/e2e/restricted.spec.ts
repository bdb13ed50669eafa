// A namespace-restricted user (the demo cluster's dev-team-a: reads team-a and team-b only, may
// not list namespaces): the all-namespaces pods view shows the pods of the namespaces the app
// knows they may read (the context's namespace; team-b once named in Settings → Access), a kind
// they may not read says `no access` with the reason and is dimmed in the sidebar (no error badge),
// and the namespace picker takes a typed namespace. Screenshots in light and dark.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startServe, startSim } from '../support/e2e/server.ts'
import { SHOTS, health, listView, openKind } from '../support/e2e/page.ts'

const DEV = 'periscope-sim-dev-team-a'

test('dev-team-a: all namespaces = the readable ones, no access said plainly, namespaces to watch applied at once', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-restricted-'))
  const kc = join(dir, 'sim.yaml')
  const sim = await startSim(kc, ['--demo-users'])
  const server = await startServe(['--kubeconfig', kc]).catch(async (e) => {
    await sim.stop()
    throw e
  })
  try {
    await page.emulateMedia({ colorScheme: 'light' })
    await page.goto(`${server.signIn}#/c/${DEV}/pods`)
    const pods = listView(page, 'pods')
    // The context's namespace (team-a) is known at once: its two pods, live.
    await expect(pods.getByText('web-0')).toBeVisible({ timeout: 15_000 })
    await expect(pods.getByText('web-1')).toBeVisible()
    await expect(health(page, 'pods')).toHaveText('live')
    await expect(pods.getByText('api-0')).toHaveCount(0)
    // Settings → Access: name team-b; the view gains its pods without a restart.
    await page.locator('[data-nav="settings"]').click()
    const card = page.getByTestId('cluster-access')
    await card.getByLabel('Namespaces to watch').fill('team-b, Bad_Name')
    await expect(card.getByTestId('access-error')).toContainText('invalid namespace name "Bad_Name"')
    await card.getByLabel('Namespaces to watch').fill('team-b')
    await card.getByRole('button', { name: 'Save access settings' }).click()
    await page.screenshot({ path: `${SHOTS}/restricted-settings-light.png` })
    await openKind(page, 'pods')
    for (const p of ['web-0', 'web-1', 'api-0', 'api-1', 'api-2']) await expect(pods.getByText(p)).toBeVisible({ timeout: 10_000 })
    await expect(pods.getByTestId('scope-note')).toHaveText(/showing the 2 namespaces you may read \(team-a, team-b\)/)
    await page.screenshot({ path: `${SHOTS}/restricted-pods-light.png` })
    // Nodes: no access, said plainly with the apiserver's reason; dimmed in the sidebar; the cluster stays ok.
    await openKind(page, 'nodes')
    const nodes = listView(page, 'nodes')
    await expect(nodes.getByTestId('state-empty')).toContainText('No access to nodes', { timeout: 10_000 })
    await expect(nodes.getByTestId('state-empty')).toContainText('cannot list resource "nodes" in API group "" at the cluster scope')
    await expect(health(page, 'nodes')).toHaveText('no access')
    await expect(page.locator('[data-nav="nodes"]')).toHaveClass(/no-access/, { timeout: 15_000 })
    await expect(page.getByTestId(`cluster-${DEV}`)).toHaveAttribute('data-status', 'ok')
    await expect(page.getByTestId(`cluster-${DEV}`).getByTestId('cluster-problems')).toHaveCount(0)
    await page.screenshot({ path: `${SHOTS}/restricted-noaccess-light.png` })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: `${SHOTS}/restricted-noaccess-dark.png` })
    // The namespace picker lists the namespaces this user can use and takes a typed one.
    await openKind(page, 'pods')
    const picker = page.locator('select[aria-label="Namespace"]')
    await expect(picker.locator('option')).toContainText(['All namespaces', 'team-a', 'team-b', 'Type a namespace…'])
    await picker.selectOption({ label: 'Type a namespace…' })
    await page.getByTestId('typed-namespace').fill('team-b')
    await page.getByTestId('typed-namespace').press('Enter')
    await expect(pods.getByText('api-1')).toBeVisible()
    await expect(pods.getByText('web-0')).toHaveCount(0)
    await page.screenshot({ path: `${SHOTS}/restricted-typed-dark.png` })
  } finally {
    await server.stop()
    await sim.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})
