// Settings apply without a restart: pods drop to polling (rows keep updating) and come back live.
import { expect, test } from '@playwright/test'
import { startServe } from '../support/e2e/server.ts'
import type { Started } from '../support/e2e/server.ts'
import { SHOTS, health, listView, scanRows, waitForRowChange } from '../support/e2e/page.ts'

let server: Started

test.beforeAll(async () => {
  server = await startServe(['--demo'])
})
test.afterAll(async () => {
  await server?.stop()
})

test('disabling pods turns its view to polling, still updating; re-enabling returns it to live', async ({ page }) => {
  await page.goto(`${server.signIn}#/`)
  await expect(health(page, 'pods')).toHaveText('live')

  await page.locator('[data-nav="settings"]').click()
  // The raw kinds text lives under "Advanced", in plain words.
  await page.getByText('Advanced: the live lists as text').click()
  const grammar = page.getByLabel('Live lists as text')
  await expect(grammar).toHaveValue('')
  // Live validation with the server's own parser: the bad token is named, Apply is refused.
  await grammar.fill('banana,pods')
  await expect(page.getByTestId('grammar-error')).toContainText('banana')
  await expect(page.getByRole('button', { name: 'Apply' })).toBeDisabled()
  await grammar.fill('')
  await page.getByLabel('kind pods').uncheck()
  await expect(grammar).toHaveValue(/events/)
  await expect(grammar).not.toHaveValue(/pods/)
  await page.screenshot({ path: `${SHOTS}/settings.png` })
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page.getByText('Applied.')).toBeVisible()

  await page.locator('[data-nav="pods"]').click()
  await expect(health(page, 'pods')).toHaveText('polling')
  const features = await page.evaluate(
    async (token) => (await fetch('/api/features', { headers: { Authorization: `Bearer ${token}` } })).json() as Promise<{ watchStreams: string[] }>,
    server.token
  )
  expect(features.watchStreams).not.toContain('pods')
  const before = await scanRows(page, 'pods')
  const changed = await waitForRowChange(page, 'pods', before, 25_000)
  expect(changed.length, 'rows keep updating while polling').toBeGreaterThan(0)
  await expect(health(page, 'pods')).toHaveText('polling')
  await expect(listView(page, 'pods').getByRole('grid')).toBeVisible()

  await page.locator('[data-nav="settings"]').click()
  await page.getByLabel('kind pods').check()
  await expect(page.getByLabel('Live lists as text')).toHaveValue('')
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page.getByText('Applied.')).toBeVisible()
  await page.locator('[data-nav="pods"]').click()
  await expect(health(page, 'pods')).toHaveText('live')
})

test('a view open while its kind is disabled switches in place, without navigation', async ({ page }) => {
  await page.goto(`${server.signIn}&multi=2`)
  await expect(health(page, 'pods')).toHaveText('live')
  await expect(health(page, 'events')).toHaveText('live')
  const put = (watchStreams: string): Promise<number> =>
    page.evaluate(
      async ([token, ws]) =>
        (
          await fetch('/api/settings', {
            method: 'PUT',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ watchStreams: ws })
          })
        ).status,
      [server.token, watchStreams] as const
    )
  expect(await put('events')).toBe(200)
  // The server closes the pods stream; the browser's reconnect gets 404; the view re-checks features.
  await expect(health(page, 'pods')).toHaveText('polling')
  await expect(health(page, 'events')).toHaveText('live')
  expect(await put('')).toBe(200)
})
