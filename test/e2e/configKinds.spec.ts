// The config and access kinds on the demo cluster: the sidebar has the `Config` and `Access`
// groups; Secrets list TYPE, DATA (the number of keys) and AGE; a Secret's drawer shows its keys
// with `<redacted: N bytes>` and never a value, in YAML and in Describe. Screenshots light and
// dark, 1024 and 1440 wide, land in test-results/screenshots.
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { startServe } from '../support/e2e/server.ts'
import type { Started } from '../support/e2e/server.ts'
import { SHOTS, health, listView, openKind } from '../support/e2e/page.ts'

let server: Started | undefined

test.beforeAll(async () => {
  server = await startServe(['--demo'])
})
test.afterAll(async () => {
  await server?.stop()
})

async function open(page: Page, width: number, theme: 'light' | 'dark'): Promise<void> {
  await page.setViewportSize({ width, height: width === 1024 ? 700 : 900 })
  await page.emulateMedia({ colorScheme: theme })
  await page.goto(`${server!.signIn}#/c/demo`)
}

for (const [width, theme] of [
  [1024, 'light'],
  [1440, 'dark'],
  [1440, 'light'],
  [1024, 'dark']
] as const) {
  test(`secrets list and a secret's drawer, redacted (${width}, ${theme})`, async ({ page }) => {
    await open(page, width, theme)
    await openKind(page, 'secrets')
    const view = listView(page, 'secrets')
    await expect(health(page, 'secrets')).toHaveText('live', { timeout: 30_000 })
    // kubectl's headers for secrets: NAMESPACE (all namespaces), NAME, TYPE, DATA, AGE.
    const headers = await view.locator('[role="columnheader"]').allInnerTexts()
    expect(headers.map((h) => h.trim().split('\n')[0].trim()).filter((h) => /^[A-Z]/.test(h))).toEqual(
      expect.arrayContaining(['NAMESPACE', 'NAME', 'TYPE', 'DATA', 'AGE'])
    )
    await expect(page.locator('[data-nav="configmaps"]')).toBeVisible()
    await expect(page.locator('button.group-btn', { hasText: 'Access control' })).toHaveCount(1)
    const first = view.locator('[role="row"][data-name]').first()
    await expect(first).toBeVisible()
    await first.dblclick()
    const drawer = page.getByTestId('drawer')
    await expect(drawer).toBeVisible()
    // kubectl describe secret: each key with its size, never its value.
    await expect(drawer.getByTestId('describe-data')).toContainText(/\d+ bytes/)
    await page.screenshot({ path: `${SHOTS}/secret-describe-${width}-${theme}.png` })
    await drawer.locator('[data-tab="yaml"]').click()
    await expect(drawer).toContainText('<redacted: ', { timeout: 10_000 })
    const text = await drawer.innerText()
    // No base64 value of 12+ characters anywhere under data: (keys stay, values are replaced).
    const dataBlock = text.split(/\ndata:\n/)[1]?.split(/\n\S/)[0] ?? ''
    expect(dataBlock).not.toMatch(/:\s+[A-Za-z0-9+/]{12,}={0,2}\s*$/m)
    await page.screenshot({ path: `${SHOTS}/secret-yaml-${width}-${theme}.png` })
  })
}
