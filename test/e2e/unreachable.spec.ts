// Failure is per cluster: a context pointing at a closed port shows its reason; the other works.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startServe, startSim } from '../support/e2e/server.ts'
import { SHOTS, health, listView } from '../support/e2e/page.ts'

/** A port that was free a moment ago: nothing listens there, so connections are refused. */
async function closedPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const port = (srv.address() as { port: number }).port
  await new Promise<void>((r) => srv.close(() => r()))
  return port
}

test('an unreachable cluster shows its reason in the sidebar and its views; the demo still works', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-kc-'))
  const simKc = join(dir, 'sim.yaml')
  const brokenKc = join(dir, 'broken.yaml')
  const port = await closedPort()
  writeFileSync(
    brokenKc,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: broken, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: broken, user: {token: not-a-real-token}}]',
      'contexts: [{name: broken, context: {cluster: broken, user: broken}}]',
      'current-context: broken',
      ''
    ].join('\n')
  )
  const sim = await startSim(simKc)
  const server = await startServe(['--kubeconfig', `${simKc}${delimiter}${brokenKc}`]).catch(async (e) => {
    await sim.stop()
    throw e
  })
  try {
    await page.goto(`${server.signIn}#/`)
    const broken = page.getByTestId('cluster-broken')
    await expect(broken).toHaveAttribute('data-status', /error|offline/, { timeout: 30_000 })
    await expect(broken.getByTestId('cluster-reason')).toContainText(String(port))
    await expect(page.getByTestId('cluster-periscope-sim')).toHaveAttribute('data-status', 'ok')

    await broken.click()
    await expect(listView(page, 'pods').getByTestId('state-error')).toContainText(String(port))
    await expect(health(page, 'pods')).toHaveText('offline')
    await page.screenshot({ path: `${SHOTS}/cluster-unreachable.png` })

    await page.getByTestId('cluster-periscope-sim').click()
    await expect(health(page, 'pods')).toHaveText('live')
  } finally {
    await server.stop()
    await sim.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})
