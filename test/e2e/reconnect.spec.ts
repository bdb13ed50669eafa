// Reconnect you can trust, in browser mode (`serve --kubeconfig`): the demo cluster restarts with a
// new certificate and rewrites its kubeconfig → the view goes offline (rows dimmed, ages frozen,
// "last seen"), then live again without a page reload; a bad token is an `error` naming the 401,
// not "offline", and the Kubeconfig page's Reload brings it back; a server that never answers
// does not leave the view "connecting".
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { startServe, startSim } from '../support/e2e/server.ts'
import type { Started } from '../support/e2e/server.ts'
import { SHOTS, health, listView } from '../support/e2e/page.ts'

/** The cluster status refresh (10 s), a probe and a reconnect or two. */
const RECOVER_MS = 60_000

let dir: string
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-reconnect-'))
})
test.afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** Text of the AGE cells on screen, by row. */
function ages(page: Page): Promise<Record<string, string>> {
  return listView(page, 'pods')
    .locator('[role="row"][data-uid]')
    .evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((r) => {
          const el = r as unknown as { dataset: Record<string, string>; querySelector(s: string): { textContent: string | null } | null }
          return [el.dataset.uid, el.querySelector('[data-col="age"]')?.textContent ?? '']
        })
      )
    )
}

for (const [width, height, theme] of [
  [1024, 700, 'light'],
  [1440, 900, 'dark']
] as const) {
  test(`the cluster restarts with a new certificate: offline with frozen ages, then live again, no reload (${width}×${height} ${theme})`, async ({ page }) => {
    test.setTimeout(180_000)
    const kc = join(dir, 'sim.yaml')
    let sim = await startSim(kc)
    let server: Started | undefined
    try {
      server = await startServe(['--kubeconfig', kc, '--cache-dir', join(dir, 'cache')])
      await page.setViewportSize({ width, height })
      await page.emulateMedia({ colorScheme: theme })
      await page.goto(`${server.signIn}#/`)
      await expect(health(page, 'pods')).toHaveText('live', { timeout: 30_000 })
      const firstCa = readFileSync(kc, 'utf8')
      const navigations: string[] = []
      page.on('framenavigated', (f) => {
        if (f === page.mainFrame()) navigations.push(f.url())
      })

      await sim.stop()
      await expect(health(page, 'pods')).toHaveText('offline', { timeout: RECOVER_MS })
      const view = listView(page, 'pods')
      await expect(view.getByTestId('offline-banner')).toContainText(/Offline, last seen .*ago\)/)
      await expect(view.locator('.grid-scroll.stale')).toBeVisible()
      const before = await ages(page)
      await page.waitForTimeout(2_500)
      expect(await ages(page), 'ages are frozen while offline').toEqual(before)
      await page.screenshot({ path: `${SHOTS}/offline-stale-${width}-${theme}.png` })

      // The same cluster comes back on another port with another certificate and token.
      sim = await startSim(kc)
      expect(readFileSync(kc, 'utf8')).not.toBe(firstCa)
      await expect(health(page, 'pods')).toHaveText('live', { timeout: RECOVER_MS })
      await expect(page.getByTestId('cluster-periscope-sim')).toHaveAttribute('data-status', 'ok')
      await expect(view.locator('.grid-scroll.stale')).toHaveCount(0)
      await expect(view.getByTestId('offline-banner')).toBeHidden()
      expect(navigations).toEqual([])
    } finally {
      await server?.stop()
      await sim.stop()
    }
  })
}

test('a rejected token is an error that says 401, not "offline"; the Kubeconfig page\'s Reload recovers it', async ({ page }) => {
  test.setTimeout(180_000)
  const kc = join(dir, 'sim.yaml')
  const sim = await startSim(kc)
  let server: Started | undefined
  try {
    server = await startServe(['--kubeconfig', kc, '--cache-dir', join(dir, 'cache')])
    await page.goto(`${server.signIn}#/`)
    await expect(health(page, 'pods')).toHaveText('live', { timeout: 30_000 })
    const good = readFileSync(kc, 'utf8')
    const token = /token: *"?([^"\n]+)"?/.exec(good)![1]
    writeFileSync(kc, good.replace(token, 'expired-token-0000'))
    await expect(page.getByTestId('cluster-periscope-sim')).toHaveAttribute('data-status', 'error', { timeout: RECOVER_MS })
    await expect(health(page, 'pods')).toHaveText('error', { timeout: RECOVER_MS })
    await health(page, 'pods').click()
    const pop = page.getByTestId('health-popover')
    await expect(pop).toContainText('401')
    await expect(pop.getByTestId('retry-now')).toBeVisible()
    await page.screenshot({ path: `${SHOTS}/token-rejected.png` })
    await page.keyboard.press('Escape')

    writeFileSync(kc, good)
    await page.locator('[data-nav="kubeconfig"]').click()
    await page.getByRole('button', { name: 'Reload' }).click()
    await expect(page.getByTestId('cluster-periscope-sim')).toHaveAttribute('data-status', 'ok', { timeout: RECOVER_MS })
    await page.locator('[data-nav="pods"]').click()
    await expect(health(page, 'pods')).toHaveText('live', { timeout: RECOVER_MS })
  } finally {
    await server?.stop()
    await sim.stop()
  }
})

test('a server that accepts and never answers does not leave the view connecting: it names what did not answer', async ({ page }) => {
  test.setTimeout(120_000)
  const sockets: Socket[] = []
  const hole = createServer((s) => {
    sockets.push(s)
  })
  await new Promise<void>((r) => hole.listen(0, '127.0.0.1', () => r()))
  const port = (hole.address() as AddressInfo).port
  const kc = join(dir, 'hole.yaml')
  writeFileSync(
    kc,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: hole\n  cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}\n` +
      'users:\n- name: u\n  user: {token: abc}\ncontexts:\n- name: silent\n  context: {cluster: hole, user: u}\ncurrent-context: silent\n'
  )
  let server: Started | undefined
  try {
    server = await startServe(['--kubeconfig', kc, '--cache-dir', join(dir, 'cache')])
    await page.goto(`${server.signIn}#/`)
    const started = Date.now()
    await expect(health(page, 'pods')).not.toHaveText('connecting', { timeout: 45_000 })
    expect(Date.now() - started).toBeLessThan(45_000)
    await expect(health(page, 'pods')).toHaveAttribute('data-health', /^(offline|error)$/)
    await expect(listView(page, 'pods').getByTestId('state-error')).toContainText(`127.0.0.1:${port}`)
    await expect(listView(page, 'pods').getByTestId('state-error')).toContainText(/timed out/)
    await page.screenshot({ path: `${SHOTS}/no-answer.png` })
  } finally {
    await server?.stop()
    for (const s of sockets) s.destroy()
    hole.close()
  }
})
