// Connection budget: the per-user cap makes a second view poll; 20 views are all live over TLS/HTTP2.
import { expect, test } from '@playwright/test'
import { startServe } from '../support/e2e/server.ts'
import { SHOTS, health } from '../support/e2e/page.ts'
import { KIND_IDS } from '../../src/shared/kinds/registry.ts'

test('with the cap at 1, one view is live and the second polls; the pane shows the pin', async ({ page }) => {
  const server = await startServe(['--demo'], { PERISCOPE_WATCH_PER_USER_LIMIT: '1' })
  try {
    await page.goto(`${server.signIn}&multi=2`)
    const badges = page.getByTestId('health')
    await expect(badges).toHaveCount(2)
    await expect.poll(async () => (await badges.allTextContents()).sort().join(','), { timeout: 20_000 }).toBe('live,polling')
    // The polling view still shows rows (polled list).
    const polling = page.locator('section.list-view[data-health="polling"]')
    await expect(polling.getByRole('grid').or(polling.getByTestId('state-empty'))).toBeVisible()

    await page.goto(`${server.origin}/`)
    await page.locator('[data-nav="settings"]').click()
    await expect(page.getByText('Set by the environment')).toContainText('PERISCOPE_WATCH_PER_USER_LIMIT=1')
    await expect(page.getByLabel('Live connections per user')).toBeDisabled()
    await page.screenshot({ path: `${SHOTS}/settings-pinned.png` })
  } finally {
    await server.stop()
  }
})

test('20 list views in one page are all live (HTTP/2 over TLS)', async ({ page }) => {
  const server = await startServe(['--demo', '--tls'])
  try {
    expect(server.origin.startsWith('https://')).toBe(true)
    await page.goto(`${server.signIn}&multi=20`)
    const badges = page.getByTestId('health')
    await expect(badges).toHaveCount(20)
    for (const kind of KIND_IDS.slice(0, 20)) await expect(health(page, kind)).toHaveText('live', { timeout: 20_000 })
    const protocol = await page.evaluate(() => {
      const perf = (globalThis as unknown as { performance: { getEntriesByType(t: string): { nextHopProtocol: string }[] } }).performance
      return perf.getEntriesByType('navigation')[0].nextHopProtocol
    })
    expect(protocol).toBe('h2')
    await page.screenshot({ path: `${SHOTS}/multi-20.png` })
  } finally {
    await server.stop()
  }
})
